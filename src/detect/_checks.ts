// Check characters and structural rules of Chinese identifiers. Each is proven by the
// standard's own examples in test/detect/checks.test.ts.
import { _birthDate, _digitsAt, _idShape15, _idShape18, _provinceCode, _regionCode } from '../normalize/_checks.js';
import { CARD_RANGES } from './_cards.generated.js';

// GB 11643 MOD 11-2 and Luhn live in normalize, shared with catalog and tokenize.
export { _idCheckChar as idCheckChar, _landlineValid as landline, _luhnValid as luhn, _mobileValid as mobileValid } from '../normalize/_checks.js';
export { _birthDate as isBirthDate, _idShape15 as idShape15, _idShape18 as idShape18, _provinceCode as isRegionPrefix };

/** 18 digits that read as an ID (province, birth date) whatever their check digit: never a card. */
export function idLike(s: string): boolean {
  return _birthDate(_digitsAt(s, 6, 4), _digitsAt(s, 10, 2), _digitsAt(s, 12, 2)) && _provinceCode(s.slice(0, 2));
}

/** The card scheme whose issuer range (credit-card-type's table) holds `s` at its length, or undefined. */
let ranges: Array<{ digits: number; lo: number; hi: number; lengths: number; scheme: string }> | undefined;
export function cardScheme(s: string): string | undefined {
  // Prefixes as numbers and lengths as a bit set, parsed once: the check runs for every Luhn-valid
  // run of 13-19 digits, and comparing numbers allocates nothing.
  ranges ??= CARD_RANGES.map(([lo, hi, l, scheme]) => ({ digits: lo.length, lo: Number(lo), hi: Number(hi), scheme, lengths: l.split('/').reduce((m, x) => m | (1 << Number(x)), 0) }));
  const bit = 1 << s.length;
  for (const r of ranges) {
    if (!(r.lengths & bit)) continue;
    let p = 0;
    for (let k = 0; k < r.digits; k++) p = p * 10 + s.charCodeAt(k) - 48;
    if (p >= r.lo && p <= r.hi) return r.scheme;
  }
  return undefined;
}

// GB 32100-2015 §4.4: 31 code chars (no I, O, S, V, Z), weights 3^(i) mod 31, check = 31 - Σ mod 31.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// GB 32100-2015 Table 1 (登记管理部门码 and 机构类别码), with the codes added since: A for the Central
// Military Commission's establishment office and N for agriculture (rural collective economic
// organizations, 2018). Y (other authorities) has only type 1.
const USCC_TYPES: Record<string, string> = {
  '1': '1239', '2': '19', '3': '123459', '4': '19', '5': '1239', '6': '129', '7': '129', '8': '19', '9': '123',
  A: '19', N: '1239', Y: '1',
};

/** Structure of a unified social credit code: assigned authority and type, GB/T 2260 region, 9-char org code, check char. */
export function usccShape(s: string): boolean {
  if (!/^[1-9ANY][1-9]\d{6}[0-9A-HJ-NP-RTUWXY]{10}$/.test(s)) return false;
  if (USCC_TYPES[s[0]!]!.indexOf(s[1]!) < 0) return false;
  // The registering authority's region: a GB/T 2260 code, a province (xx0000) or the nation (100000).
  const r = s.slice(2, 8);
  return _regionCode(r) || (r.endsWith('0000') && (_provinceCode(r.slice(0, 2)) || r === '100000'));
}

/** Expected check character of the first 17 characters of a unified social credit code. */
export function usccCheckChar(s: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(s[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}
