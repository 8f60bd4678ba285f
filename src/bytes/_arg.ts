import { CustodiaError } from '../errors/index.js';
import { kindOf, readingCaller } from '../errors/_args.js';

/** `b` as a Uint8Array (also one from another realm, where instanceof fails), or INVALID_ARGUMENT on `field`. */
export function bytesArg(b: unknown, field: string): Uint8Array {
  if (b instanceof Uint8Array) return b;
  if (typeof b === 'object' && b !== null && readingCaller(field, () => Object.prototype.toString.call(b)) === '[object Uint8Array]') return b as Uint8Array;
  throw new CustodiaError('INVALID_ARGUMENT', `"${field}" expected a Uint8Array (got ${kindOf(b)})`, { field });
}
