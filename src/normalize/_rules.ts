import { CustodiaError } from '../errors/index.js';
import { label, optObject } from '../errors/_args.js';
import { _idCheckChar, _idShape15, _idShape18 } from './_checks.js';

const CANONICAL_MOBILE = /^1[3-9]\d{9}$/;

function str(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new CustodiaError('INVALID_ARGUMENT', `normalize: value of ${field} expected a string`, { field });
  return v;
}

// NFKC folds full-width digits, letters and punctuation (１３８, ＠, Ｘ) to ASCII.
const nfkc = (s: string): string => s.normalize('NFKC');

/**
 * A mainland mobile number as its 11 ASCII digits: drops `+86`, `0086` or `86` prefixes,
 * spaces, dashes, dots and parentheses, folds full-width digits. Throws `INVALID_FORMAT`
 * (naming the field, never the number) when the result is not `1[3-9]` + 9 digits. Only the
 * format is checked: a stored number, or a format-preserving token of one, normalizes whatever
 * its segment (custodia/detect reports only the segments the number plan allocates to mobiles).
 *
 * @example
 * ```ts
 * normalizeMobile('+86 138-1234-5678') // '13812345678'
 * normalizeMobile('１３８ １２３４ ５６７８') // '13812345678'
 * ```
 */
export function normalizeMobile(value: string, field = 'mobile'): string {
  field = label(field, 'mobile');
  // Most stored numbers are already canonical: skip NFKC and the rewrites for them.
  if (typeof value === 'string' && value.length === 11 && CANONICAL_MOBILE.test(value)) return value;
  let s = nfkc(str(value, field)).replace(/[\s\-.()\u00a0]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.length === 13 && s.startsWith('86')) s = s.slice(2);
  if (!CANONICAL_MOBILE.test(s))
    throw new CustodiaError('INVALID_FORMAT', `value of field ${field} is not a valid mainland mobile number`, { field });
  return s;
}

/**
 * An email address with full-width characters folded, surrounding space trimmed and the whole
 * address in lower case (mail providers in China treat local parts case-insensitively).
 * Throws `INVALID_FORMAT` unless it has one `@` with text on both sides and no spaces.
 *
 * @example
 * ```ts
 * normalizeEmail(' Zhang.San＠Example.COM ') // 'zhang.san@example.com'
 * ```
 */
export function normalizeEmail(value: string, field = 'email'): string {
  field = label(field, 'email');
  const s = nfkc(str(value, field)).trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s))
    throw new CustodiaError('INVALID_FORMAT', `value of field ${field} is not a valid email address`, { field });
  return s;
}


/**
 * The GB 11643-1999 MOD 11-2 check character of the first 17 digits of a resident ID.
 *
 * @example
 * ```ts
 * residentIdCheckChar('11010519491231002') // 'X'
 * ```
 */
export function residentIdCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !/^\d{17}$/.test(first17)) throw new CustodiaError('INVALID_FORMAT', 'residentIdCheckChar expected 17 digits', { field: 'first17' });
  return _idCheckChar(first17);
}

// Normalizing checks a real calendar date up to 2099 (what the number can encode), not "born by
// now": pseudonymous tokens of IDs (custodia/tokenize) carry dates up to 2099 and must normalize.
const LAST_ENCODABLE_YEAR = 2099;

/**
 * Options of {@link normalizeIdNumber}.
 * @example
 * ```ts
 * const opts: IdNumberOptions = { legacy: 'keep', field: 'guardian_id' };
 * normalizeIdNumber('110105491231002', opts) // '110105491231002'
 * ```
 */
export interface IdNumberOptions {
  /** Verify the MOD 11-2 check character of 18-character numbers (default true). */
  verifyCheck?: boolean;
  /**
   * What to do with a legacy 15-digit number: `'upgrade'` (default) gives its 18-character form
   * (GB 11643: '19' inserted before the year, check character added), so a person's old and new
   * numbers normalize, and therefore tokenize, alike; `'keep'` returns the 15 digits.
   */
  legacy?: 'upgrade' | 'keep';
  /** Field name used in error messages. */
  field?: string;
}

/**
 * A resident ID number in canonical form: full-width characters folded, spaces and dashes
 * removed, a lower-case check character `x` made `X`. Accepts 18-character numbers (check
 * character verified by default) and legacy 15-digit ones (upgraded to 18 characters unless
 * `legacy: 'keep'`) whose address code is in GB/T 2260 (current or historic; 81/82/83 for the
 * residence permits) and whose birth date is a real calendar date from 1900 to 2099; else
 * `INVALID_FORMAT`.
 *
 * @example
 * ```ts
 * normalizeIdNumber('110105 19491231 002x') // '11010519491231002X'
 * ```
 */
export function normalizeIdNumber(value: string, opts: IdNumberOptions = {}): string {
  optObject(opts, 'opts');
  const field = label(opts.field, 'id_number');
  const s = nfkc(str(value, field)).replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{15}$/.test(s)) {
    // Only a real legacy number is upgraded: GB/T 2260 address code and a real 19YYMMDD date.
    if (!_idShape15(s, LAST_ENCODABLE_YEAR))
      throw new CustodiaError('INVALID_FORMAT', `value of field ${field} has no GB/T 2260 address code or no real birth date`, { field });
    if (opts.legacy === 'keep') return s;
    const body = s.slice(0, 6) + '19' + s.slice(6);
    return body + residentIdCheckChar(body);
  }
  if (!/^\d{17}[\dX]$/.test(s))
    throw new CustodiaError('INVALID_FORMAT', `value of field ${field} is not an 18-character resident ID number`, { field });
  if (!_idShape18(s, LAST_ENCODABLE_YEAR))
    throw new CustodiaError('INVALID_FORMAT', `value of field ${field} has no GB/T 2260 address code or no real birth date`, { field });
  if (opts.verifyCheck !== false && residentIdCheckChar(s.slice(0, 17)) !== s[17])
    throw new CustodiaError('INVALID_FORMAT', `value of field ${field} fails the MOD 11-2 check character`, { field });
  return s;
}

/**
 * A personal name for matching: NFKC (full-width letters and spaces to half-width), trimmed,
 * inner runs of space collapsed to one, and the middle-dot variants of transliterated names
 * (`•`, `・`, `．`, `.`) unified to `·` (U+00B7). Throws `INVALID_FORMAT` for an empty name.
 *
 * @example
 * ```ts
 * normalizeName('\u3000张三 ') // '张三'
 * normalizeName('阿依古丽•买买提') // '阿依古丽·买买提'
 * ```
 */
export function normalizeName(value: string, field = 'name'): string {
  field = label(field, 'name');
  const s = nfkc(str(value, field))
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*[·•・.\u2027\u30fb\uff65]\s*/g, '·');
  if (s.length === 0) throw new CustodiaError('INVALID_FORMAT', `value of field ${field} is empty`, { field });
  return s;
}

/**
 * Digits only: full-width digits folded, every non-digit removed (for bank cards and other
 * numbers written with spaces or dashes). Throws `INVALID_FORMAT` if nothing is left.
 *
 * @example
 * ```ts
 * normalizeDigits('6222 0212 3456 7890') // '6222021234567890'
 * ```
 */
export function normalizeDigits(value: string, field = 'digits'): string {
  field = label(field, 'digits');
  const s = nfkc(str(value, field)).replace(/[\s\-.]/g, '');
  if (!/^\d+$/.test(s)) throw new CustodiaError('INVALID_FORMAT', `value of field ${field} must be digits`, { field });
  return s;
}
