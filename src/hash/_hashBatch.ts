/**
 * hmacBatch and the merkle leaves' batch hashing, apart from _hashing.ts: a page that hashes one
 * value at a time (consent) does not carry them (esbuild puts a whole file in every chunk set that reaches it).
 */
import { toBytes } from '../bytes/_core.js';
import { CustodiaError } from '../errors/index.js';
import { _alg as alg, _input as input, _key as key } from './_hashing.js';
import { _jsSha256, _jsSm3 } from './_js.js';
import { _jsHmacBatch } from './_jsBatch.js';
import { _leavesBackend } from './_choice.js';
import { _backendFor } from './_select.js';
import type { HashAlg } from './_types.js';

/**
 * HMAC of every field under one key, in one call: digest `i` is bytes `[32*i, 32*i+32)` of
 * the result. On the WASM core the key's inner/outer states are computed once and a field of
 * up to 55 bytes costs two compressions, with no JS↔WASM crossing per field.
 * @example
 * ```ts
 * import { hmacBatch } from 'custodia/hash';
 * const macs = hmacBatch('sha256', key, phones);
 * const first = macs.subarray(0, 32);
 * ```
 */
export function hmacBatch(a: HashAlg, k: Uint8Array, fields: readonly (Uint8Array | string)[]): Uint8Array {
  const al = alg(a);
  const kk = key(k);
  if (!Array.isArray(fields)) throw new CustodiaError('INVALID_ARGUMENT', '"fields" expected an array', { field: 'fields' });
  for (let i = 0; i < fields.length; i++) input(fields[i], 'fields');
  return (_backendFor('batch', al) ?? _jsHmacBatch).hmacBatch(al, kk, fields);
}

const prefixed = (p: number | undefined, d: Uint8Array | string): Uint8Array | string => {
  if (p === undefined) return d;
  if (typeof d === 'string' && p < 0x80) return String.fromCharCode(p) + d; // one UTF-8 byte
  const b = typeof d === 'string' ? toBytes(d) : d;
  const out = new Uint8Array(b.length + 1);
  out[0] = p;
  out.set(b, 1);
  return out;
};

/**
 * The hash of `prefix ‖ field` for every field (strings as UTF-8), digest i at bytes
 * [32 i, 32 i + 32): the Merkle log's leaf hashes (prefix 0x00) in one call. The WASM core hashes
 * a batch in one crossing, four messages at a time in its SIMD build; node:crypto (SHA-NI) is
 * called per field where it is the faster one (`_leavesBackend`). Inputs are not checked:
 * internal callers pass strings or Uint8Arrays. @internal
 */
export function _hashMany(a: HashAlg, fields: readonly (Uint8Array | string)[], prefix?: number): Uint8Array {
  const b = _leavesBackend(a);
  if (b?.hashBatch) return b.hashBatch(a, fields, prefix);
  const one = b ?? (a === 'sm3' ? _jsSm3 : _jsSha256);
  const out = new Uint8Array(32 * fields.length);
  for (let i = 0; i < fields.length; i++) out.set(one.hash(a, prefixed(prefix, fields[i]!)), 32 * i);
  return out;
}
