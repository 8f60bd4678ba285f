import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalize, normalizeAs, normalizeEmail, normalizeIdNumber, normalizeMobile, normalizeName, residentIdCheckChar } from '../../src/normalize/index.js';
import { isCustodiaError } from '../../src/errors/index.js';

const toFullWidth = (s: string) => s.replace(/[0-9A-Za-z@.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('normalize', () => {
  it('S5.1: every written form of one mobile number gives the same canonical number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.constantFrom('', '+86', '+86 ', '0086', '86', '+86-'), fc.boolean(), fc.boolean(), (p, prefix, full, spaced) => {
        let s = spaced ? `${p.slice(0, 3)} ${p.slice(3, 7)}-${p.slice(7)}` : p;
        if (full) s = toFullWidth(s);
        expect(normalizeMobile(prefix + s)).toBe(p);
      }),
    );
  });

  it('ID numbers: lower-case x, full-width and separators fold; the check character is verified', () => {
    // GB 11643-1999 example number 11010519491231002X
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(normalizeIdNumber('110105 19491231 002x')).toBe('11010519491231002X');
    expect(normalizeIdNumber(toFullWidth('11010519491231002x'))).toBe('11010519491231002X');
    // A legacy 15-digit number and its 18-character form are one person: one normalized form.
    expect(normalizeIdNumber('110105491231002')).toBe('11010519491231002X');
    expect(normalizeIdNumber('110105491231002', { legacy: 'keep' })).toBe('110105491231002');
    expect(normalizeIdNumber('110105194912310021', { verifyCheck: false })).toBe('110105194912310021');
  });

  it('emails and names fold to one form', () => {
    expect(normalizeEmail(' Zhang.San＠Example.COM ')).toBe('zhang.san@example.com');
    expect(normalizeName('　张三 ')).toBe('张三');
    expect(normalizeName('ＪＯＨＮ   Ｓｍｉｔｈ')).toBe('JOHN Smith');
    expect(normalizeName('阿依古丽 • 买买提')).toBe('阿依古丽·买买提');
    expect(normalize.digits('6222 0212-3456 7890')).toBe('6222021234567890');
    expect(normalizeAs('none', ' x ')).toBe(' x ');
  });

  it('S5.1: normalizeIdNumber checks the GB/T 2260 address code and a real calendar date before it upgrades (GB 11643 §6)', () => {
    const rejects = (v: string): boolean => {
      try {
        normalizeIdNumber(v);
        return false;
      } catch (e) {
        return isCustodiaError(e, 'INVALID_FORMAT');
      }
    };
    expect(rejects('110105199902300011')).toBe(true); // 1999-02-30
    expect(rejects('990105194912310021')).toBe(true); // region 99
    expect(rejects('110199194912310021')).toBe(true); // 110199 is no county of Beijing
    expect(rejects('110105990230002')).toBe(true); // legacy, 1999-02-30
    expect(rejects('990105491231002')).toBe(true); // legacy, region 99
    const past2099 = '11010521000101001';
    expect(rejects(past2099 + residentIdCheckChar(past2099))).toBe(true); // 2100: not encodable
    // Up to 2099 a real date normalizes: pseudonymous tokens of IDs (custodia/tokenize) carry such dates.
    const token = '11010520800101001';
    expect(rejects(token + residentIdCheckChar(token))).toBe(false);
    const valid = '11010519491231002';
    expect(rejects(valid + 'X')).toBe(false);
    // Historic codes stay valid: 110103 (崇文区, merged into 东城区 in 2010) kept its old numbers.
    const old = '11010319800101001';
    expect(normalizeIdNumber(old + residentIdCheckChar(old))).toBe(old + residentIdCheckChar(old));
    // Residence permits for Hong Kong, Macao and Taiwan residents: address code 810000/820000/830000.
    const permit = '83000019900101001';
    expect(normalizeIdNumber(permit + residentIdCheckChar(permit))).toBe(permit + residentIdCheckChar(permit));
  });

  it('normalizing is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        for (const k of ['mobile', 'email', 'id_number', 'name', 'digits'] as const) {
          let once: string;
          try {
            once = normalizeAs(k, s);
          } catch (e) {
            expect(isCustodiaError(e)).toBe(true);
            continue;
          }
          expect(normalizeAs(k, once)).toBe(once);
        }
      }),
    );
  });

  it('errors name the field and rule, never the value', () => {
    const bad: [() => unknown, string][] = [
      [() => normalizeMobile('1381234567', 'contact_phone'), '1381234567'],
      [() => normalizeMobile('23812345678'), '23812345678'],
      [() => normalizeIdNumber('110105194912310021', { field: 'id_card' }), '110105194912310021'],
      [() => normalizeIdNumber('11010519491231002Y'), '11010519491231002Y'],
      [() => normalizeEmail('zhangsan.example.com'), 'zhangsan'],
      [() => normalizeName('   ', 'name'), '   '],
      [() => normalize.digits('6222abc', 'card'), '6222'],
    ];
    for (const [f, secret] of bad) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isCustodiaError(err, 'INVALID_FORMAT')).toBe(true);
      if (secret.trim()) expect((err as Error).message).not.toContain(secret);
    }
    let e2: unknown;
    try {
      normalizeMobile('1381234567', 'contact_phone');
    } catch (e) {
      e2 = e;
    }
    expect((e2 as { field: string }).field).toBe('contact_phone');
  });
});
