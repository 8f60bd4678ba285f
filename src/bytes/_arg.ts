import { CustodiaError } from '../errors/index.js';
import { isBytes, kindOf } from '../errors/_args.js';

/** `b` as a Uint8Array (also one from another realm, where instanceof fails), or INVALID_ARGUMENT on `field`. */
export function bytesArg(b: unknown, field: string): Uint8Array {
  if (isBytes(b)) return b;
  throw new CustodiaError('INVALID_ARGUMENT', `"${field}" expected a Uint8Array (got ${kindOf(b)})`, { field });
}
