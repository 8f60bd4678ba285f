// Check characters of Chinese identifiers, in one place for normalize, catalog, detect and
// tokenize. Proven by the standards' own examples in test/detect/checks.test.ts and
// test/normalize/normalize.test.ts.
import { REGION_CODES } from './_regions.generated.js';
import { CN_FIXED_LINE, CN_MOBILE } from './_phone.generated.js';

export { _idCheckChar, _luhnValid } from './_checkChars.js';

// Resident ID structure (GB 11643-1999 §6): a GB/T 2260 address code, a real birth date, a sequence code.

let regions: Set<string> | undefined;
function regionSet(): Set<string> {
  if (regions) return regions;
  regions = new Set();
  for (const g of REGION_CODES.split(',')) {
    regions.add(g.slice(0, 2));
    for (let k = 4; k < g.length; k += 2) regions.add(g.slice(0, 4) + g.slice(k, k + 2));
  }
  return regions;
}
/** Whether `six` is a GB/T 2260 address code, current or historic (generated table). Internal. */
export const _regionCode = (six: string): boolean => six.length === 6 && regionSet().has(six);
/** Whether `two` begins some GB/T 2260 code (a province, 71 Taiwan, 81/82 Hong Kong/Macao, 83 permits). Internal. */
export const _provinceCode = (two: string): boolean => two.length === 2 && regionSet().has(two);

let thisYear = 0;
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** A real calendar date from 1900-01-01 to the end of `lastYear` (default: this year, a birth date). Internal. */
export function _birthDate(y: number, m: number, d: number, lastYear?: number): boolean {
  thisYear ||= new Date().getUTCFullYear();
  if (y < 1900 || y > (lastYear ?? thisYear) || m < 1 || m > 12 || d < 1) return false;
  if (m === 2 && d === 29) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= MONTH_DAYS[m - 1]!;
}

// detect runs the shape checks on every 15-19 digit run of a text: digits are read as numbers in
// place and the date (arithmetic) is checked before the region (a slice and a set lookup).

/** The number written by the `n` ASCII digits of `s` from `at`. Internal. */
export function _digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let k = at; k < at + n; k++) v = v * 10 + s.charCodeAt(k) - 48;
  return v;
}

/** Whether s[0, n) is ASCII digits. */
function digitsTo(s: string, n: number): boolean {
  for (let k = 0; k < n; k++) if (s.charCodeAt(k) < 48 || s.charCodeAt(k) > 57) return false;
  return true;
}

/** Structure of an 18-char ID: address code, birth date, 3 digits, then digit or X. Check char not tested. Internal. */
export function _idShape18(s: string, lastYear?: number): boolean {
  if (s.length !== 18 || !digitsTo(s, 17)) return false;
  const x = s.charCodeAt(17);
  if (!((x >= 48 && x <= 57) || x === 88 || x === 120)) return false;
  return _birthDate(_digitsAt(s, 6, 4), _digitsAt(s, 10, 2), _digitsAt(s, 12, 2), lastYear) && _regionCode(s.slice(0, 6));
}

/** Legacy 15-digit ID (GB 11643's predecessor, before 1999): address code, YYMMDD in the 1900s, sequence. Internal. */
export function _idShape15(s: string, lastYear?: number): boolean {
  if (s.length !== 15 || !digitsTo(s, 15)) return false;
  return _birthDate(1900 + _digitsAt(s, 6, 2), _digitsAt(s, 8, 2), _digitsAt(s, 10, 2), lastYear) && _regionCode(s.slice(0, 6));
}

let mobile: RegExp | undefined;
/** An 11-digit mainland mobile in an allocated segment (libphonenumber's CN mobile pattern). Internal. */
export function _mobileValid(s: string): boolean {
  mobile ??= new RegExp(`^(?:${CN_MOBILE})$`);
  return mobile.test(s);
}

let fixed: RegExp | undefined;
/**
 * A landline written with its trunk 0 (`0` + area code + subscriber number): the area code and the
 * subscriber length for that area as libphonenumber's CN fixed-line pattern has them, and a
 * subscriber number starting 2-9 (YD/T 2148 / the MIIT plan: 0 and 1 start trunk and service codes,
 * which libphonenumber's pattern also admits). Internal.
 */
export function _landlineValid(s: string): boolean {
  if (s.charCodeAt(0) !== 48) return false;
  fixed ??= new RegExp(`^(?:${CN_FIXED_LINE})$`);
  const area = s.charCodeAt(1) === 49 || s.charCodeAt(1) === 50 ? 2 : 3;
  const first = s.charCodeAt(1 + area);
  return first >= 50 && first <= 57 && fixed.test(s.slice(1));
}
