/**
 * The one-value hashing functions of custodia/hash (SHA-256, SM3, HMAC), apart from password
 * hashing and the WASM loader: consent, audit and tokenize import them from here, so a
 * mini-program chunk of theirs (split by file) carries neither argon2id nor the WASM glue.
 * Batches (_hashBatch.ts) and streaming (_stream.ts) are files of their own for the same reason.
 */
import { toBytes } from '../bytes/_core.js';
import { CustodiaError } from '../errors/index.js';
import { isBytes } from '../errors/_args.js';
import { _jsHmac, _jsSha256, _jsSm3 } from './_js.js';
import { _backendFor } from './_select.js';
import type { HashAlg } from './_types.js';

function alg(a: unknown): HashAlg {
  if (a !== 'sha256' && a !== 'sm3') throw new CustodiaError('INVALID_ARGUMENT', '"alg" expected sha256 or sm3', { field: 'alg' });
  return a;
}

function input(d: unknown, name: string): Uint8Array | string {
  if (typeof d === 'string') return d;
  return toBytes(d as Uint8Array, name);
}

function key(k: unknown): Uint8Array {
  if (!isBytes(k))
    throw new CustodiaError('INVALID_KEY', '"key" expected Uint8Array', { field: 'key' });
  return k as Uint8Array;
}

/**
 * SHA-256 (FIPS 180-4) of `data`; strings are hashed as UTF-8.
 * @example
 * ```ts
 * import { sha256 } from 'custodia/hash';
 * toHex(sha256('abc')) // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 */
export function sha256(data: Uint8Array | string): Uint8Array {
  const d = input(data, 'data');
  return (_backendFor('bulk', 'sha256', d.length) ?? _jsSha256).hash('sha256', d);
}

/**
 * SM3 (GB/T 32905-2016) of `data`; strings are hashed as UTF-8.
 * @example
 * ```ts
 * import { sm3 } from 'custodia/hash';
 * toHex(sm3('abc')) // '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'
 * ```
 */
export function sm3(data: Uint8Array | string): Uint8Array {
  const d = input(data, 'data');
  return (_backendFor('bulk', 'sm3', d.length) ?? _jsSm3).hash('sm3', d);
}

/**
 * HMAC (RFC 2104) with SHA-256 or SM3. Keys longer than 64 bytes are hashed first.
 * @example
 * ```ts
 * import { hmac } from 'custodia/hash';
 * const tag = hmac('sm3', key, '13812345678');
 * ```
 */
export function hmac(a: HashAlg, k: Uint8Array, data: Uint8Array | string): Uint8Array {
  const al = alg(a);
  const d = input(data, 'data');
  return (_backendFor('short', al, d.length) ?? _jsHmac).hmac(al, key(k), d);
}

/** The argument checks, for _hashBatch.ts and _stream.ts. @internal */
export { alg as _alg, input as _input, key as _key };
