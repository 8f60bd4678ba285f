/**
 * Normalizers that put personal data in one canonical form before it is hashed, tokenized or
 * compared, so that one person gets one token however a form wrote their number
 * (`+86 138-1234-5678`, `１３８１２３４５６７８`, `13812345678`). Errors name the field and the
 * rule, never the value.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { label, oneOf } from '../errors/_args.js';
import { normalizeDigits, normalizeEmail, normalizeIdNumber, normalizeMobile, normalizeName } from './_rules.js';

export { normalizeDigits, normalizeEmail, normalizeIdNumber, normalizeMobile, normalizeName, residentIdCheckChar } from './_rules.js';
export type { IdNumberOptions } from './_rules.js';

/**
 * The kinds {@link normalizeAs} knows.
 * @example
 * ```ts
 * const kinds: Record<string, NormalizeKind> = { phone: 'mobile', id_card: 'id_number' };
 * normalizeAs(kinds['phone']!, '138-1234-5678', 'phone') // '13812345678'
 * ```
 */
export type NormalizeKind = 'mobile' | 'email' | 'id_number' | 'name' | 'digits' | 'none';
const KINDS: readonly NormalizeKind[] = ['mobile', 'email', 'id_number', 'name', 'digits', 'none'];

/**
 * Normalizes `value` as `kind`; `'none'` returns it unchanged. `field` is only used in errors.
 *
 * @example
 * ```ts
 * normalizeAs('mobile', '0086 13812345678') // '13812345678'
 * ```
 */
export function normalizeAs(kind: NormalizeKind, value: string, field: string = kind): string {
  oneOf(kind, KINDS, 'kind');
  field = label(field, kind);
  switch (kind) {
    case 'mobile':
      return normalizeMobile(value, field);
    case 'email':
      return normalizeEmail(value, field);
    case 'id_number':
      return normalizeIdNumber(value, { field });
    case 'name':
      return normalizeName(value, field);
    case 'digits':
      return normalizeDigits(value, field);
    case 'none':
      if (typeof value !== 'string') throw new CustodiaError('INVALID_ARGUMENT', `value of field ${field} expected a string`, { field });
      return value;
    default:
      throw new CustodiaError('INVALID_ARGUMENT', 'normalizeAs: unknown kind', { field: 'kind' });
  }
}

/**
 * All normalizers in one object.
 *
 * @example
 * ```ts
 * import { normalize } from 'custodia/normalize';
 * normalize.idNumber('11010519491231002x') // '11010519491231002X'
 * ```
 */
export const normalize = {
  mobile: normalizeMobile,
  email: normalizeEmail,
  idNumber: normalizeIdNumber,
  name: normalizeName,
  digits: normalizeDigits,
  as: normalizeAs,
} as const;
