/** toBytes and the comparisons, apart from index.ts (which also re-exports the decoders): what hashing needs. */
import { CustodiaError } from '../errors/index.js';
import { isBytes } from '../errors/_args.js';
import { utf8Encode } from './utf8.js';

/**
 * Input accepted wherever custodia hashes or encrypts: bytes, or a string taken as UTF-8.
 * @example
 * ```ts
 * const inputs: Input[] = ['13812345678', utf8Encode('13812345678')];
 * inputs.map((d) => toHex(toBytes(d))); // the same hex twice
 * ```
 */
export type Input = Uint8Array | string;

/**
 * Bytes of `data`: strings as UTF-8, Uint8Arrays as they are (not copied).
 * @example
 * ```ts
 * toBytes('abc') // Uint8Array [97, 98, 99]
 * ```
 */
export function toBytes(data: Input, name = 'data'): Uint8Array {
  if (typeof data === 'string') return utf8Encode(data);
  // instanceof fails across realms (vm contexts, iframes); check the tag as well.
  if (isBytes(data)) return data;
  const field = typeof name === 'string' ? name : 'data';
  throw new CustodiaError('INVALID_ARGUMENT', `"${field}" expected Uint8Array or string`, { field });
}

/**
 * Compares two strings (tokens, hex MACs) in time that depends only on their lengths.
 * @example
 * ```ts
 * equalStrings(tokenFromRequest, storedToken)
 * ```
 */
export function equalStrings(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') throw new CustodiaError('INVALID_ARGUMENT', 'equalStrings expected two strings', { field: typeof a !== 'string' ? 'a' : 'b' });
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
