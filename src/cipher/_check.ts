import { CustodiaError } from '../errors/index.js';
import { isBytes } from '../errors/_args.js';

/** Throws INVALID_ARGUMENT unless `b` is a Uint8Array (also from another realm). Internal. */
export function _bytes(b: unknown, name: string, len?: number): Uint8Array {
  const ok = isBytes(b);
  if (!ok) throw new CustodiaError('INVALID_ARGUMENT', `"${name}" expected a Uint8Array`, { field: name });
  const u = b as Uint8Array;
  if (len !== undefined && u.length !== len)
    throw new CustodiaError('INVALID_ARGUMENT', `"${name}" expected ${len} bytes, got ${u.length}`, { field: name });
  return u;
}

/** Throws INVALID_KEY unless `key` is an AES key (16, 24 or 32 bytes). Internal. */
export function _aesKey(key: unknown, who: string, lengths: readonly number[] = [16, 24, 32]): Uint8Array {
  const ok = isBytes(key);
  if (!ok || !lengths.includes((key as Uint8Array).length))
    throw new CustodiaError('INVALID_KEY', `${who}: key expected a Uint8Array of ${lengths.join('/')} bytes`, { field: 'key' });
  return key as Uint8Array;
}
