/**
 * The `native` backend: node:crypto (OpenSSL, SHA-NI), reached through `_nodeCrypto()` so
 * no file imports `node:`. SM3 only when this OpenSSL lists it.
 */
import { _nodeCrypto, type NodeCryptoLike, type NodeHashLike } from '../runtime/capabilities.js';
import type { _Backend, _Streaming, HashAlg } from './_types.js';

/** node:crypto's update also takes a string as UTF-8 (lone surrogates → U+FFFD, like TextEncoder). */
type Updatable = { update(d: Uint8Array | string, enc?: string): Updatable; digest(): Uint8Array };

// Buffer is a Uint8Array subclass; hand back plain Uint8Arrays so every backend looks the same.
const plain = (b: Uint8Array): Uint8Array => new Uint8Array(b);

function feed(hash: NodeHashLike, d: Uint8Array | string): Updatable {
  const h = hash as unknown as Updatable;
  return typeof d === 'string' ? h.update(d, 'utf8') : h.update(d);
}

/**
 * The native backend, or undefined off Node. `sm3` tells whether OpenSSL has SM3. Looked up on
 * first use and then kept: a runtime does not lose node:crypto, and hashing is a hot path.
 */
export function _nativeBackend(): { backend: _Backend; sm3: boolean } | undefined {
  if (cached === undefined) {
    const nc = _nodeCrypto();
    cached = nc ? { backend: make(nc), sm3: nc.getHashes().indexOf('sm3') >= 0 } : null;
  }
  return cached ?? undefined;
}
let cached: { backend: _Backend; sm3: boolean } | null | undefined;

function make(nc: NodeCryptoLike): _Backend {
  return {
    name: 'native',
    hash: (alg, data) => plain(feed(nc.createHash(alg), data).digest()),
    create(alg: HashAlg): _Streaming {
      const h = nc.createHash(alg);
      return {
        update(d) {
          feed(h, d);
          return this;
        },
        digest: () => plain(h.digest()),
      };
    },
    hmac: (alg, key, data) => plain(feed(nc.createHmac(alg, key), data).digest()),
    hmacBatch(alg, key, fields) {
      const out = new Uint8Array(32 * fields.length);
      for (let i = 0; i < fields.length; i++) out.set(feed(nc.createHmac(alg, key), fields[i]!).digest(), 32 * i);
      return out;
    },
  };
}
