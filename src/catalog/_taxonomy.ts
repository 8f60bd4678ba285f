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

type Row = [id: string, zh: string, sensitivity: Sensitivity, role: IdentifierRole, source: string, publicSecurityOnly?: true];

const G: Sensitivity = 'general';
const S: Sensitivity = 'sensitive';

// [id, zh, sensitivity, role, source, publicSecurityOnly]
const ROWS: readonly Row[] = [
  ['identity', '身份信息', G, 'direct', 'policy 5(1)'],
  ['identity.name', '姓名', G, 'direct', 'policy 5(1)'],
  ['identity.gender', '性别', G, 'quasi', 'policy 5(1)'],
  ['identity.birthDate', '出生日期', G, 'quasi', 'policy 5(1)'],
  ['identity.residentId', '身份证号码', S, 'direct', 'policy 5(1); T/CCAGM 3.1', true],
  ['identity.passport', '护照信息', S, 'direct', 'policy 5(1)', true],
  ['identity.image', '个人图像', S, 'direct', 'T/CCAGM 6.2', true],
  ['contact', '联系信息', G, 'direct', 'policy 5(2)'],
  ['contact.mobile', '手机号码', G, 'direct', 'policy 5(2)'],
  ['contact.email', '电子邮箱', G, 'direct', 'policy 5(2)'],
  ['contact.address', '通讯地址', G, 'quasi', 'policy 5(2)'],
  ['contact.landline', '固定电话', G, 'direct', 'policy 5(2)'],
  ['account', '账户信息', G, 'other', 'policy 5(3)'],
  ['account.username', '用户名', G, 'direct', 'policy 5(3)'],
  ['account.passwordHash', '密码(加密存储)', G, 'other', 'policy 5(3)'],
  ['account.securityQa', '安全问题及答案', G, 'other', 'policy 5(3)'],
  ['account.status', '账户状态', G, 'other', 'policy 5(3)'],
  ['transaction', '交易信息', G, 'other', 'policy 5(4)'],
  ['transaction.orders', '订单记录', G, 'other', 'policy 5(4)'],
  ['transaction.payments', '支付记录', G, 'quasi', 'policy 5(4); T/CCAGM 4.2.1.4'],
  ['transaction.logistics', '物流信息', G, 'quasi', 'policy 5(4)'],
  ['transaction.preferences', '商品偏好', G, 'other', 'policy 5(4)'],
  ['transaction.history', '购买历史', G, 'other', 'policy 5(4)'],
  ['behaviour', '行为信息', G, 'other', 'policy 5(5)'],
  ['behaviour.browsing', '浏览记录', G, 'other', 'policy 5(5)'],
  ['behaviour.search', '搜索记录', G, 'other', 'policy 5(5)'],
  ['behaviour.clicks', '点击行为', G, 'other', 'policy 5(5)'],
  ['behaviour.dwellTime', '停留时长', G, 'other', 'policy 5(5)'],
  ['behaviour.ip', 'IP地址', G, 'quasi', 'policy 5(5)'],
  ['behaviour.device', '设备信息', G, 'quasi', 'policy 5(5); T/CCAGM 3.1'],
  ['feedback', '评价与反馈信息', G, 'other', 'policy 5(6)'],
  ['feedback.reviews', '评价', G, 'other', 'policy 5(6)'],
  ['feedback.complaints', '投诉与建议', G, 'other', 'policy 5(6)'],
  ['biometric', '生物识别信息', S, 'direct', 'T/CCAGM 3.3; PIPL 28', true],
  ['biometric.face', '面部识别特征', S, 'direct', 'T/CCAGM 3.3', true],
  ['biometric.fingerprint', '指纹', S, 'direct', 'T/CCAGM 3.3', true],
  ['biometric.voiceprint', '声纹', S, 'direct', 'T/CCAGM 3.3', true],
  ['biometric.iris', '虹膜', S, 'direct', 'T/CCAGM 3.3', true],
  ['tags', '顾客标签', G, 'quasi', 'T/CCAGM 3.4'],
  ['trafficFlow', '客流数据', G, 'other', 'T/CCAGM 3.5-3.7'],
  ['vehicle', '车辆信息', G, 'quasi', 'T/CCAGM 4.2.2.6'],
  ['vehicle.plate', '车牌号码', G, 'direct', 'T/CCAGM 4.2.2.6'],
  ['location', '位置信息', G, 'quasi', 'T/CCAGM 3.1'],
  ['location.precise', '精确位置/行踪轨迹', S, 'quasi', 'T/CCAGM 3.1; PIPL 28'],
  ['financial', '财产信息', S, 'quasi', 'T/CCAGM 3.1; PIPL 28'],
  ['financial.account', '金融账户', S, 'direct', 'PIPL 28'],
  ['minor', '不满十四周岁未成年人信息', S, 'other', 'PIPL 28, 31'],
  ['other', '其他依法收集的信息', G, 'other', 'policy 5(7)'],
];

let table: Map<string, Category> | undefined;

/** The category table, built on first use so importing the module does no work. @internal */
export function _categories(): ReadonlyMap<string, Category> {
  table ??= new Map(
    ROWS.map(([id, zh, sensitivity, role, source, pso]) => [id, Object.freeze({ id, zh, sensitivity, role, source, publicSecurityOnly: pso === true })]),
  );
  return table;
}
