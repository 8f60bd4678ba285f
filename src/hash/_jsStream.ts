/** The js backend's streaming hash and the whole backend object, apart from _js.ts: a page that hashes whole values does not carry them. */
import { _SHA256 } from '@noble/hashes/sha2.js';
import { _asBytes as bytes, _jsHmac, _jsSha256, _jsSm3 } from './_js.js';
import { _jsHmacBatch } from './_jsBatch.js';
import { _Sm3 } from './_sm3.js';
import type { _Backend, _Streaming, HashAlg } from './_types.js';

function create(alg: HashAlg): _Streaming {
  const h = alg === 'sha256' ? new _SHA256() : new _Sm3();
  return {
    update(d) {
      h.update(bytes(d));
      return this;
    },
    digest: () => h.digest(),
  };
}

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
