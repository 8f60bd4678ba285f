/**
 * The `js` backend: @noble/hashes' SHA-256 class, our own SM3, and one HMAC (RFC 2104) over
 * both. Runs everywhere, including mini-programs and Hermes. SHA-256 is used through its class
 * (`_SHA256`, what noble's `sha256.create()` returns), not the callable wrapper: the wrapper and
 * noble's HMAC module cost 0.3 KiB gzip in a sha256-only page and 0.7 KiB in a consent page.
 * HMAC-SHA256 is proven by RFC 4231 cases 1-7 and HMAC-SM3 against OpenSSL, both in
 * test/hash/vectors.test.ts.
 */
import { _SHA256 } from '@noble/hashes/sha2.js';
import { toBytes } from '../bytes/_core.js';
import { _Sm3 } from './_sm3.js';
import type { _Backend, HashAlg } from './_types.js';

const bytes = (d: Uint8Array | string): Uint8Array => (typeof d === 'string' ? toBytes(d) : d);

type Hasher = _SHA256 | _Sm3;

/**
 * Keyed inner and outer states of HMAC (RFC 2104 §2; both hashes have 64-byte blocks), computed
 * once per key: a key longer than a block is hashed first, then padded with zeros; the key
 * copies are wiped afterwards.
 */
function keyStates(alg: HashAlg, key: Uint8Array): [Hasher, Hasher] {
  const make = (): Hasher => (alg === 'sm3' ? new _Sm3() : new _SHA256());
  const k = new Uint8Array(64);
  k.set(key.length > 64 ? make().update(key).digest() : key);
  const pad = new Uint8Array(64);
  for (let i = 0; i < 64; i++) pad[i] = k[i]! ^ 0x36;
  const inner = make().update(pad);
  for (let i = 0; i < 64; i++) pad[i] = k[i]! ^ 0x5c;
  const outer = make().update(pad);
  k.fill(0);
  pad.fill(0);
  return [inner, outer];
}

/** One-shot SHA-256 alone, so a bundle that only calls sha256() carries no SM3 or HMAC. @internal */
export const _jsSha256: Pick<_Backend, 'name' | 'hash'> = { name: 'js', hash: (_alg, data) => new _SHA256().update(bytes(data)).digest() };

/** One-shot SM3 alone. @internal */
export const _jsSm3: Pick<_Backend, 'name' | 'hash'> = { name: 'js', hash: (_alg, data) => new _Sm3().update(bytes(data)).digest() };

// One object per operation: an object literal keeps all its methods in a bundle, so a page
// that only calls hmac() should not carry the batch or streaming code.

/** @internal */
export const _jsHmac: Pick<_Backend, 'name' | 'hmac'> = {
  name: 'js',
  hmac(alg, key, data) {
    // One use of the key: its states are consumed, not cloned.
    const [inner, outer] = keyStates(alg, key);
    return outer.update(inner.update(bytes(data)).digest()).digest();
  },
};

/** For _jsBatch.ts and _jsStream.ts (batches and streaming live apart, see there). @internal */
export { bytes as _asBytes, keyStates as _keyStates, type Hasher as _Hasher };
