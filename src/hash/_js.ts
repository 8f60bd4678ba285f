/**
 * The `js` backend: @noble/hashes SHA-256 and HMAC, our own SM3. Runs everywhere, including
 * mini-programs and Hermes.
 */
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { toBytes } from '../bytes/index.js';
import { _Sm3 } from './_sm3.js';
import type { _Backend, _Streaming, HashAlg } from './_types.js';

const bytes = (d: Uint8Array | string): Uint8Array => (typeof d === 'string' ? toBytes(d) : d);

function create(alg: HashAlg): _Streaming {
  const h = alg === 'sha256' ? nobleSha256.create() : new _Sm3();
  return {
    update(d) {
      h.update(bytes(d));
      return this;
    },
    digest: () => h.digest(),
  };
}

/** Keyed inner and outer states of HMAC-SM3 (RFC 2104), computed once per key. */
function sm3KeyStates(key: Uint8Array): [_Sm3, _Sm3] {
  const k = new Uint8Array(64);
  k.set(key.length > 64 ? new _Sm3().update(key).digest() : key);
  const pad = new Uint8Array(64);
  for (let i = 0; i < 64; i++) pad[i] = k[i]! ^ 0x36;
  const inner = new _Sm3().update(pad);
  for (let i = 0; i < 64; i++) pad[i] = k[i]! ^ 0x5c;
  const outer = new _Sm3().update(pad);
  return [inner, outer];
}

function hmacSm3With([inner, outer]: [_Sm3, _Sm3], data: Uint8Array): Uint8Array {
  return outer.clone().update(inner.clone().update(data).digest()).digest();
}

/** One-shot SHA-256 alone, so a bundle that only calls sha256() carries no SM3 or HMAC. @internal */
export const _jsSha256: Pick<_Backend, 'name' | 'hash'> = { name: 'js', hash: (_alg, data) => nobleSha256(bytes(data)) };

/** One-shot SM3 alone. @internal */
export const _jsSm3: Pick<_Backend, 'name' | 'hash'> = { name: 'js', hash: (_alg, data) => new _Sm3().update(bytes(data)).digest() };

// One object per operation: an object literal keeps all its methods in a bundle, so a page
// that only calls hmac() should not carry the batch or streaming code.

/** @internal */
export const _jsHmac: Pick<_Backend, 'name' | 'hmac'> = {
  name: 'js',
  hmac(alg, key, data) {
    if (alg === 'sha256') return nobleHmac(nobleSha256, key, bytes(data));
    return hmacSm3With(sm3KeyStates(key), bytes(data));
  },
};

/** @internal */
export const _jsHmacBatch: Pick<_Backend, 'name' | 'hmacBatch'> = {
  name: 'js',
  hmacBatch(alg, key, fields) {
    const out = new Uint8Array(32 * fields.length);
    if (alg === 'sha256') {
      const base = nobleHmac.create(nobleSha256, key);
      for (let i = 0; i < fields.length; i++) out.set(base.clone().update(bytes(fields[i]!)).digest(), 32 * i);
    } else {
      const states = sm3KeyStates(key);
      for (let i = 0; i < fields.length; i++) out.set(hmacSm3With(states, bytes(fields[i]!)), 32 * i);
    }
    return out;
  },
};

/** @internal */
export const _jsCreate: Pick<_Backend, 'name' | 'create'> = { name: 'js', create };

/** The whole js backend (tests compare it with the others). @internal */
export const _jsBackend: _Backend = {
  name: 'js',
  hash: (alg, data) => (alg === 'sha256' ? _jsSha256 : _jsSm3).hash(alg, data),
  create,
  // Wrapped, not read at load: a property read would keep this object in every bundle.
  hmac: (alg, key, data) => _jsHmac.hmac(alg, key, data),
  hmacBatch: (alg, key, fields) => _jsHmacBatch.hmacBatch(alg, key, fields),
};
