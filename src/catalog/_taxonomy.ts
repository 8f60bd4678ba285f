/**
 * The customer-data taxonomy of company policy art. 5 and T/CCAGM 002-2021 §3, with PIPL
 * art. 28 sensitivity. Internal: read it through {@link getCategory} and {@link CATEGORY_IDS}.
 */

/**
 * PIPL art. 28: sensitive personal information needs separate consent and stronger protection.
 * @example
 * ```ts
 * const s: Sensitivity = getCategory('biometric.face').sensitivity; // 'sensitive'
 * ```
 */
export type Sensitivity = 'general' | 'sensitive';

/**
 * How a value identifies a person: alone (direct), combined with others (quasi), or not by itself.
 * @example
 * ```ts
 * const role: IdentifierRole = getCategory('contact.address').role; // 'quasi'
 * const quasi = listCategories().filter((c) => c.role === 'quasi').map((c) => c.id);
 * ```
 */
export type IdentifierRole = 'direct' | 'quasi' | 'other';

/**
 * One category of customer data.
 * @example
 * ```ts
 * const c: Category = getCategory('identity.residentId');
 * [c.zh, c.sensitivity, c.role, c.publicSecurityOnly] // ['身份证号码', 'sensitive', 'direct', true]
 * ```
 */
export interface Category {
  /** Dotted id; an ancestor covers its descendants (`contact` covers `contact.mobile`). */
  readonly id: string;
  /** Chinese name as the seeds use it. */
  readonly zh: string;
  readonly sensitivity: Sensitivity;
  readonly role: IdentifierRole;
  /** T/CCAGM 6.2: images of people and identity-recognition data serve public security only, unless separately consented. */
  readonly publicSecurityOnly: boolean;
  /** The seed clause that names it. */
  readonly source: string;
}

// One row per line, `id|zh|flags|source`: flags are sensitivity (g general, s sensitive), role
// (d direct, q quasi, o other) and p for publicSecurityOnly; an id starting with `.` is a child of
// the last top-level id. A string, not 60 array literals: a third of the bytes in a mini-program.
const ROWS = `
identity|身份信息|gd|policy 5(1)
.name|姓名|gd|policy 5(1)
.gender|性别|gq|policy 5(1)
.birthDate|出生日期|gq|policy 5(1)
.residentId|身份证号码|sdp|policy 5(1); T/CCAGM 3.1
.passport|护照信息|sdp|policy 5(1)
.image|个人图像|sdp|T/CCAGM 6.2
contact|联系信息|gd|policy 5(2)
.mobile|手机号码|gd|policy 5(2)
.email|电子邮箱|gd|policy 5(2)
.address|通讯地址|gq|policy 5(2)
.landline|固定电话|gd|policy 5(2)
account|账户信息|go|policy 5(3)
.username|用户名|gd|policy 5(3)
.passwordHash|密码(加密存储)|go|policy 5(3)
.securityQa|安全问题及答案|go|policy 5(3)
.status|账户状态|go|policy 5(3)
transaction|交易信息|go|policy 5(4)
.orders|订单记录|go|policy 5(4)
.payments|支付记录|gq|policy 5(4); T/CCAGM 4.2.1.4
.logistics|物流信息|gq|policy 5(4)
.preferences|商品偏好|go|policy 5(4)
.history|购买历史|go|policy 5(4)
behaviour|行为信息|go|policy 5(5)
.browsing|浏览记录|go|policy 5(5)
.search|搜索记录|go|policy 5(5)
.clicks|点击行为|go|policy 5(5)
.dwellTime|停留时长|go|policy 5(5)
.ip|IP地址|gq|policy 5(5)
.device|设备信息|gq|policy 5(5); T/CCAGM 3.1
feedback|评价与反馈信息|go|policy 5(6)
.reviews|评价|go|policy 5(6)
.complaints|投诉与建议|go|policy 5(6)
biometric|生物识别信息|sdp|T/CCAGM 3.3; PIPL 28
.face|面部识别特征|sdp|T/CCAGM 3.3
.fingerprint|指纹|sdp|T/CCAGM 3.3
.voiceprint|声纹|sdp|T/CCAGM 3.3
.iris|虹膜|sdp|T/CCAGM 3.3
tags|顾客标签|gq|T/CCAGM 3.4
trafficFlow|客流数据|go|T/CCAGM 3.5-3.7
vehicle|车辆信息|gq|T/CCAGM 4.2.2.6
.plate|车牌号码|gd|T/CCAGM 4.2.2.6
location|位置信息|gq|T/CCAGM 3.1
.precise|精确位置/行踪轨迹|sq|T/CCAGM 3.1; PIPL 28
financial|财产信息|sq|T/CCAGM 3.1; PIPL 28
.account|金融账户|sd|PIPL 28
minor|不满十四周岁未成年人信息|so|PIPL 28, 31
other|其他依法收集的信息|go|policy 5(7)`;

let table: Map<string, Category> | undefined;

/** The category table, built on first use so importing the module does no work. @internal */
export function _categories(): ReadonlyMap<string, Category> {
  if (!table) {
    table = new Map();
    let top = '';
    for (const row of ROWS.slice(1).split('\n')) {
      const [name, zh, flags, source] = row.split('|') as [string, string, string, string];
      const id = name[0] === '.' ? top + name : (top = name);
      const role: IdentifierRole = flags[1] === 'd' ? 'direct' : flags[1] === 'q' ? 'quasi' : 'other';
      table.set(id, Object.freeze({ id, zh, sensitivity: flags[0] === 's' ? 'sensitive' : 'general', role, source, publicSecurityOnly: flags[2] === 'p' }));
    }
  }
  return table;
}
