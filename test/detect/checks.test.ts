// Check characters against the standards' own examples and published numbers, and the
// generated surname table against its source.
import fc from 'fast-check';
import Surnames from 'pinyin-pro/dist/esm/data/surname.mjs';
import { describe, expect, it } from 'vitest';
import { idCheckChar, idShape15, idShape18, isBirthDate, luhn, usccCheckChar, usccShape } from '../../src/detect/_checks.js';
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from '../../src/detect/_names.generated.js';
import { idCheck, luhnDigit, usccCheck } from './corpus.js';

describe('GB 11643-1999 resident ID check character', () => {
  it('matches the examples of the standard (11010519491231002X, 440524188001010014)', () => {
    // GB 11643-1999 Appendix A examples.
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
  });
  it('agrees with an independent implementation of the formula on random bodies', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{17}$/), (s) => idCheckChar(s) === idCheck(s)));
  });
  it('any single-digit change of the body changes the check character (MOD 11-2 detects it)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), fc.nat(16), fc.integer({ min: 1, max: 9 }), (s, i, d) => {
        const t = s.slice(0, i) + String((Number(s[i]) + d) % 10) + s.slice(i + 1);
        return idCheckChar(t) !== idCheckChar(s);
      }),
    );
  });
  it('checks the birth date and region of 18- and 15-digit IDs', () => {
    expect(idShape18('11010519491231002X')).toBe(true);
    expect(idShape18('11010519491332002X')).toBe(false); // month 13
    expect(idShape18('99010519491231002X')).toBe(false); // no region 99
    expect(idShape18('11010519000229002X')).toBe(false); // 1900 is not a leap year
    expect(idShape15('110105491231002')).toBe(true);
    expect(idShape15('110105491331002')).toBe(false);
    expect(isBirthDate(2000, 2, 29)).toBe(true);
    expect(isBirthDate(1899, 12, 31)).toBe(false);
    expect(isBirthDate(new Date().getUTCFullYear() + 1, 1, 1)).toBe(false);
  });
});

describe('GB 32100-2015 unified social credit code check character', () => {
  it('verifies published codes', () => {
    // Codes shown on the National Enterprise Credit Information Publicity System.
    for (const code of ['914403001922038216', '9144030071526726XG', '91330100716105852F', '91350100M000100Y43']) {
      expect(usccShape(code), code).toBe(true);
      expect(usccCheckChar(code), code).toBe(code[17]);
    }
  });
  it('agrees with an independent implementation of the formula', () => {
    fc.assert(fc.property(fc.stringMatching(/^[1-9A-GY][1-9]\d{6}[0-9A-HJ-NP-RTUWXY]{9}$/), (s) => usccCheckChar(s) === usccCheck(s)));
  });
  it('rejects letters the standard excludes (I, O, S, V, Z)', () => {
    expect(usccShape('91350100M000100I43')).toBe(false);
    expect(usccShape('91350100M000100O43')).toBe(false);
  });
});

describe('Luhn (ISO/IEC 7812-1)', () => {
  it('accepts the classic vectors and rejects a changed digit', () => {
    // 79927398713: the worked example of the Luhn algorithm; 4111111111111111: the Visa test card.
    expect(luhn('79927398713')).toBe(true);
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
  });
  it('accepts any body with its computed check digit', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{15,18}$/), (b) => luhn(b + luhnDigit(b))));
  });
});

describe('surname table', () => {
  it('holds every surname of pinyin-pro\'s dictionary and of the 2020 national top 100 (付, 闫 included; regenerate with node test/detect/gen-names.mjs)', () => {
    const keys = Object.keys(Surnames);
    for (const k of keys.filter((x) => x.length === 1)) expect(SINGLE_SURNAMES).toContain(k);
    expect(COMPOUND_SURNAMES).toBe(keys.filter((k) => k.length === 2).join(''));
    for (const c of '付闫覃') expect(SINGLE_SURNAMES).toContain(c);
    expect(SINGLE_SURNAMES).toContain('王');
    expect(COMPOUND_SURNAMES).toContain('欧阳');
  });
});
