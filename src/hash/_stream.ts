/** Streaming hashes (createHash), apart from _hashing.ts: a page that hashes whole values (consent) does not carry them. */
import { CustodiaError } from '../errors/index.js';
import { _alg as alg, _input as input } from './_hashing.js';
import { _jsCreate } from './_jsStream.js';
import { _backendFor } from './_select.js';
import type { _Streaming, HashAlg } from './_types.js';

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
