/**
 * Display masking of personal data, following common Chinese practice
 * (`138****5678`, `张*`, `110***********002X`). Masking is for showing data to people who
 * need to recognise, not read, it (T/CCAGM 002-2021 5.1, 6.x); it is not de-identification:
 * use `custodia/tokenize` for that. Every function is code-point aware (no broken surrogate
 * pairs) and never throws on an unexpected shape: what it does not recognise it masks more,
 * not less.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { address } from './_address.js';
import { bankCard, email, idCard, landline, passport, phone, plate } from './_kinds.js';
import { name } from './_name.js';
import { maskWith } from './_core.js';

export type { MaskOptions } from './_core.js';
export type { KeepOptions } from './_kinds.js';
export type { NameMaskOptions } from './_name.js';
export type { AddressMaskOptions } from './_address.js';
export { maskWith, address, bankCard, email, idCard, landline, passport, phone, plate, name };

/**
 * The kinds {@link maskAs} knows, one per function of {@link mask}.
 * @example
 * ```ts
 * const columns: Record<string, MaskKind> = { phone: 'phone', id_no: 'idCard' };
 * maskAs(columns['id_no']!, '11010519491231002X') // '110***********002X'
 * ```
 */
export type MaskKind = 'phone' | 'landline' | 'name' | 'idCard' | 'bankCard' | 'email' | 'address' | 'plate' | 'passport';

/**
 * All display masks in one object.
 *
 * @example
 * ```ts
 * import { mask } from 'custodia/mask';
 * mask.phone('13812345678') // '138****5678'
 * mask.name('欧阳娜娜')      // '欧阳**'
 * ```
 */
export const mask = {
  phone,
  landline,
  name,
  idCard,
  bankCard,
  email,
  address,
  plate,
  passport,
  with: maskWith,
} as const;

const KINDS: Record<MaskKind, (v: string) => string> = { phone, landline, name, idCard, bankCard, email, address, plate, passport };

/**
 * Masks `value` with the default mask of `kind`; for callers that know the kind only at run
 * time (a detector's findings, a catalog's field spec).
 *
 * @example
 * ```ts
 * maskAs('idCard', '11010519491231002X') // '110***********002X'
 * ```
 */
export function maskAs(kind: MaskKind, value: string): string {
  const f = typeof kind === 'string' && Object.prototype.hasOwnProperty.call(KINDS, kind) ? KINDS[kind] : undefined;
  if (!f) throw new CustodiaError('INVALID_ARGUMENT', `maskAs: unknown mask kind; expected one of ${Object.keys(KINDS).join(', ')}`, { field: 'kind' });
  return f(value);
}
