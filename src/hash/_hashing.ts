/**
 * The hashing functions of custodia/hash (SHA-256, SM3, HMAC, batches, streaming), apart from
 * password hashing and the WASM loader: consent, audit and tokenize import them from here, so
 * a mini-program chunk of theirs (split by file) carries neither argon2id nor the WASM glue.
 */
import { toBytes } from '../bytes/_core.js';
import { CustodiaError } from '../errors/index.js';
import { isBytes } from '../errors/_args.js';
import { _jsCreate, _jsHmac, _jsHmacBatch, _jsSha256, _jsSm3 } from './_js.js';
import { _backendFor, _leavesBackend } from './_select.js';
import type { _Streaming, HashAlg } from './_types.js';

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

/**
 * A running hash from {@link createHash}.
 * @example
 * ```ts
 * const h: Hash = createHash('sha256');
 * const digest = h.update('abc').update('def').digest(); // = sha256('abcdef')
 * ```
 */
export interface Hash {
  /** Feeds more data (strings as UTF-8). */
  update(d: Uint8Array | string): this;
  /** Finishes and returns the 32-byte digest; the hash cannot be used afterwards. */
  digest(): Uint8Array;
}

class HashStream implements Hash {
  private done = false;
  constructor(private readonly inner: _Streaming) {}
  update(d: Uint8Array | string): this {
    if (this.done) throw new CustodiaError('INVALID_ARGUMENT', 'hash already finished: update() after digest()');
    this.inner.update(input(d, 'data'));
    return this;
  }
  digest(): Uint8Array {
    if (this.done) throw new CustodiaError('INVALID_ARGUMENT', 'hash already finished: digest() called twice');
    this.done = true;
    return this.inner.digest();
  }
}

/**
 * A streaming SHA-256 or SM3, for data that arrives in pieces.
 * @example
 * ```ts
 * import { createHash } from 'custodia/hash';
 * const h = createHash('sm3');
 * for await (const chunk of file) h.update(chunk);
 * const digest = h.digest();
 * ```
 */
export function createHash(a: HashAlg): Hash {
  const al = alg(a);
  return new HashStream((_backendFor('bulk', al) ?? _jsCreate).create(al));
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
