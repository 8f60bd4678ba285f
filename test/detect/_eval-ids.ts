// The five types with no outside generator (plates, passports, 回乡证/台胞证, QQ, WeChat IDs) for
// the evaluation corpus. Candidates are drawn from faker's seeded primitives, valid-looking and
// not; the label comes from validators published by others, as libphonenumber-js labels phones:
// util-helpers' isVehicle, isHMCard, isTWCard, isQQ and isWX, and validator.js' CN passport rule.
// A candidate they reject is still placed, unlabelled: it must not be reported.
import { fakerZH_CN as faker } from '@faker-js/faker';
import { isHMCard, isQQ, isTWCard, isVehicle, isWX } from 'util-helpers';
import isPassportNumber from 'validator/lib/isPassportNumber.js';
import type { PiiType } from '../../src/detect/index.js';

export type Gen = () => [string, PiiType | null, readonly string[]];

const pick = <T>(xs: readonly T[]): T => xs[faker.number.int(xs.length - 1)]!;
const digits = (n: number): string => faker.string.numeric({ length: n, allowLeadingZeros: true });
const letter = (): string => faker.string.alpha({ casing: 'upper' });
const alnum = (): string => (faker.datatype.boolean(0.7) ? digits(1) : letter());

// The 31 province-level abbreviations a plate starts with, and a few characters that are not one.
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const NOT_PROVINCES = '中港台东';

function plate(): string {
  const head = (faker.datatype.boolean(0.95) ? pick([...PROVINCES]) : pick([...NOT_PROVINCES])) + letter();
  const k = faker.number.int(9);
  if (k === 0) return head + `${pick(['D', 'F'])}${alnum()}${digits(4)}`; // new-energy car
  if (k === 1) return head + `${digits(5)}${pick(['D', 'F'])}`; // new-energy bus
  if (k === 2) return head + Array.from({ length: 4 }, alnum).join('') + pick(['挂', '学', '警']);
  return head + Array.from({ length: 5 }, alnum).join('');
}

/**
 * isVehicle's label, less plates with I or O after the province: GA 36-2018 uses neither letter
 * (an intended disagreement, docs/detect.md); util-helpers' pattern allows them.
 */
const plateGold = (p: string): PiiType | null => (isVehicle(p) && !/[IO]/.test(p.slice(1)) ? 'cn_plate' : null);

function passport(): string {
  const k = faker.number.int(5);
  if (k === 0) return `G${digits(8)}`;
  if (k === 1) return `E${digits(8)}`;
  if (k === 2) return `E${letter()}${digits(7)}`;
  if (k === 3) return `${pick(['G', 'E'])}${digits(pick([7, 9]))}`;
  return `${pick(['K', 'T', 'A'])}${digits(8)}`;
}

const QQ_FRAMES = ['QQ号：{}', '加我QQ {}', 'qq{}，', '扣扣{}', 'QQ：{} 备注订单号'];
const WECHAT_FRAMES = ['微信号：{}', '加微信{}，', '微信 {} 备注订单号', '微信ID: {}。'];

export const ID_GENERATORS: Gen[] = [
  () => {
    const p = plate();
    return [p, plateGold(p), ['车牌号{}', '车牌：{}，', '{}的车主请挪车', '停车场拍到{}。', '我的车是{}，']];
  },
  () => {
    const p = passport();
    return [p, isPassportNumber(p, 'CN') ? 'cn_passport' : null, ['护照号码：{}', '护照号{}，', 'passport no. {}']];
  },
  () => {
    const p = `${pick(['H', 'M', 'K'])}${digits(pick([8, 8, 8, 7]))}`;
    return [p, isHMCard(p) ? 'hk_macau_permit' : null, ['回乡证号码：{}', '港澳居民来往内地通行证{}，', '回乡证{}']];
  },
  () => {
    const p = digits(pick([8, 8, 8, 7, 9]));
    return [p, isTWCard(p) ? 'tw_permit' : null, ['台胞证号码：{}', '台胞证{}，', '台湾居民来往大陆通行证{}']];
  },
  () => {
    const p = faker.string.numeric({ length: { min: 4, max: 12 }, allowLeadingZeros: faker.datatype.boolean(0.1) });
    return [p, isQQ(p) ? 'qq' : null, QQ_FRAMES];
  },
  () => {
    const p = faker.internet.username();
    return [p, isWX(p) ? 'wechat_id' : null, WECHAT_FRAMES];
  },
];
