// Validators against the standards' tables: cards by issuer range and length, IDs by GB/T 2260
// address code and birth date, USCC by GB 32100 authority and type, phones by the number plan.
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/detect/index.js';
import { cardScheme, idShape18, landline, mobileValid, usccShape } from '../../src/detect/_checks.js';
import { idCheck, luhnDigit, usccCheck } from './corpus.js';

const card = (body: string): string => body + luhnDigit(body);
const types = (t: string) => scan(t).map((f) => `${f.type}:${t.slice(f.start, f.end)}`);

describe('standards tables', () => {
  it('S3.1: cards of every scheme are found at the lengths their issuer ranges allow (13-19 digits)', () => {
    const cases: Array<[string, string]> = [
      [card('810012345678901'), 'unionpay'], // 16 digits, UnionPay 81
      [card('6212345678901'), 'unionpay'], // 14 digits
      [card('65123456789012'), 'discover'], // 15 digits: Discover issues 16 and 19 only
      [card('378282246310005'.slice(0, 14)), 'american-express'],
      [card('3056930902590'), 'diners-club'],
      [card('353011133330000'), 'jcb'],
      [card('675912345678901'), 'maestro'],
    ];
    expect(cardScheme(cases[0]![0])).toBe('unionpay');
    expect(cardScheme(cases[1]![0])).toBe('unionpay');
    expect(cardScheme(cases[2]![0])).toBeUndefined(); // Discover takes 16 and 19 digits only
    expect(cardScheme(card('651234567890123'))).toBe('discover');
    expect(cardScheme(card('644123456789012'))).toBe('discover');
    expect(cardScheme(cases[3]![0])).toBe('american-express');
    expect(cardScheme(cases[4]![0])).toBe('diners-club');
    expect(cardScheme(cases[5]![0])).toBe('jcb');
    expect(cardScheme(cases[6]![0])).toBe('maestro');
    for (const [c] of [cases[0]!, cases[1]!, cases[3]!, cases[4]!]) expect(types(`请转账至${c}，谢谢`)).toEqual([`bank_card:${c}`]);
  });

  it('S3.1: a 19-digit order number that passes Luhn is a card only in an issuer range or after a card word', () => {
    const order = card('202311231356789012');
    expect(cardScheme(order)).toBeUndefined();
    expect(types(`订单号${order}已签收`)).toEqual([]);
    expect(types(`卡号${order}`)).toEqual([`bank_card:${order}`]);
  });

  it('S3.1: an ID with a wrong check digit is never reported as a bank card', () => {
    for (let seq = 100; seq < 400; seq++) {
      const s17 = `41010219850312${seq}`;
      const wrong = s17 + (idCheck(s17) === '0' ? '1' : '0');
      const f = scan(wrong, { minConfidence: 0 });
      expect(f.map((x) => x.type)).toEqual(['cn_resident_id']);
      expect(f[0]!.valid).toBe(false);
    }
  });

  it('S3.1: resident IDs need a GB/T 2260 address code (historic ones too) and a real birth date', () => {
    const id = (s17: string) => s17 + idCheck(s17);
    expect(idShape18(id('11010519491231002'))).toBe(true);
    expect(idShape18(id('11010419800101001'))).toBe(true); // 宣武区, merged 2010
    expect(idShape18(id('11019919800101001'))).toBe(false); // no such county
    expect(idShape18(id('44190019800101001'))).toBe(true); // 东莞: a prefecture with no counties
    expect(idShape18(id('11010519990230001'))).toBe(false);
    expect(types(`身份证${id('11019919800101001')}`)).toEqual([]);
  });

  it('S3.1: USCC registration authority and organization type come from GB 32100 Table 1', () => {
    const code = (s17: string) => s17 + usccCheck(s17);
    expect(usccShape(code('91350100M000100Y4'))).toBe(true);
    expect(usccShape(code('Y1350100M000100Y4'))).toBe(true); // authority Y, type 1
    expect(usccShape(code('Y2350100M000100Y4'))).toBe(false); // Y has no type 2
    expect(usccShape(code('94350100M000100Y4'))).toBe(false); // 工商 has types 1-3 only
    expect(usccShape(code('B1350100M000100Y4'))).toBe(false); // no authority B
    expect(usccShape(code('91990100M000100Y4'))).toBe(false); // no region 99
  });

  it('S3.1: mobiles and landlines follow the number plan (allocated segments; area codes and their subscriber lengths)', () => {
    expect(mobileValid('13812345678')).toBe(true);
    expect(mobileValid('14012345678')).toBe(false);
    expect(landline('075523456789')).toBe(true);
    expect(landline('07552345678')).toBe(false); // Shenzhen numbers have 8 digits
    expect(landline('031076058029')).toBe(false); // 0310 (Handan) has 7
    expect(landline('03107605802')).toBe(true);
    expect(landline('01012345678')).toBe(false); // subscriber numbers start 2-9
    expect(landline('03002345678')).toBe(false); // no area code 0300
    expect(landline('09992345678')).toBe(true); // 0999 Yili
  });
});
