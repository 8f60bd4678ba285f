/** Default zod schemas for categories whose format is fixed in mainland China. */
import { z } from 'zod';

// GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * True when an 18-character resident ID has a valid GB 11643 check character.
 *
 * @example
 * ```ts
 * isValidResidentId('11010519491231002X') // true (GB 11643 example)
 * ```
 */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let s = 0;
  for (let i = 0; i < 17; i++) s += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[s % 11] === id[17];
}

/** The default schema of a category, or undefined when any JSON value is accepted. @internal */
export function _defaultSchema(category: string): z.ZodType | undefined {
  switch (category) {
    case 'contact.mobile':
      return z.string().regex(/^1[3-9]\d{9}$/);
    case 'contact.email':
      return z.email();
    case 'identity.birthDate':
      return z.iso.date();
    case 'identity.residentId':
      return z.string().refine(isValidResidentId, { params: { code: 'invalid_resident_id' } });
    default:
      return undefined;
  }
}
