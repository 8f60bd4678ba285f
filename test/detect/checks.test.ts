// Check characters against the standards' own examples and published numbers, and the
// generated surname table against its source.
import fc from 'fast-check';
import Surnames from 'pinyin-pro/dist/esm/data/surname.mjs';
import { describe, expect, it } from 'vitest';
import { idCheckChar, idLike, idShape15, idShape18, isBirthDate, isRegionPrefix, luhn, usccCheckChar, usccShape } from '../../src/detect/_checks.js';
import { _regionCode } from '../../src/normalize/_checks.js';
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
  it('the slice-free ID shape checks give the answers of their regex-and-slice form (seeded: real regions, dates near the edges, X/x, other characters)', () => {
    const dateOk = (s: string, a: number, l: number, base = 0): boolean => isBirthDate(base + Number(s.slice(a, a + l)), Number(s.slice(a + l, a + l + 2)), Number(s.slice(a + l + 2, a + l + 4)));
    const ref18 = (s: string): boolean => /^\d{17}[\dXx]$/.test(s) && _regionCode(s.slice(0, 6)) && dateOk(s, 6, 4);
    const ref15 = (s: string): boolean => /^\d{15}$/.test(s) && _regionCode(s.slice(0, 6)) && dateOk(s, 6, 2, 1900);
    const region = fc.constantFrom('110105', '440305', '310115', '110103', '441900', '810000', '990105', '110199', '000000');
    const date8 = fc.tuple(fc.integer({ min: 1890, max: 2031 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }));
    const p2 = (n: number): string => String(n).padStart(2, '0');
    const last = fc.constantFrom('0', '5', '9', 'X', 'x', 'Y', ' ', '１');
    fc.assert(
      fc.property(region, date8, fc.stringMatching(/^[0-9]{3}$/), last, fc.boolean(), (r, [y, m, d], seq, x, glitch) => {
        let s18 = `${r}${y}${p2(m)}${p2(d)}${seq}${x}`;
        if (glitch) s18 = s18.slice(0, 9) + 'a' + s18.slice(10);
        const s15 = `${r}${String(y).slice(2)}${p2(m)}${p2(d)}${seq}`;
        const digits18 = s18.replace(/\D/g, '0'); // idLike reads all-digit runs only
        return (
          idShape18(s18) === ref18(s18) &&
          idShape15(s15) === ref15(s15) &&
          idShape15(s18.slice(0, 15)) === ref15(s18.slice(0, 15)) &&
          idLike(digits18) === (isRegionPrefix(digits18.slice(0, 2)) && isBirthDate(Number(digits18.slice(6, 10)), Number(digits18.slice(10, 12)), Number(digits18.slice(12, 14))))
        );
      }),
      { seed: 17, numRuns: 20000 },
    );
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
