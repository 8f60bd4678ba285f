/** Default schemas for categories whose format is fixed in mainland China. */
import { _isoDateSchema } from './_iso.js';
import { _refine, _regex, _string, type _Rule } from './_rules.js';
import { _idCheckChar } from '../normalize/_checkChars.js';


/**
 * True when an 18-character resident ID has a valid GB 11643 check character.
 *
 * @example
 * ```ts
 * isValidResidentId('11010519491231002X') // true (GB 11643 example)
 * ```
 */
export function isValidResidentId(id: string): boolean {
  if (typeof id !== 'string' || !/^\d{17}[\dX]$/.test(id)) return false;
  // GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character.
  return _idCheckChar(id) === id[17];
}

/** The default schema of a category, or undefined when any JSON value is accepted. @internal */
export function _defaultSchema(category: string): _Rule<string> | undefined {
  switch (category) {
    case 'contact.mobile':
      return _string(_regex(/^1[3-9]\d{9}$/));
    case 'contact.email':
      // zod 4's `z.email()` pattern (zod/v4/core/regexes.js `email`).
      return _string(_regex(/^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/));
    case 'identity.birthDate':
      return _isoDateSchema();
    case 'identity.residentId':
      return _string(_refine(isValidResidentId, 'invalid_resident_id'));
    default:
      return undefined;
  }
}
