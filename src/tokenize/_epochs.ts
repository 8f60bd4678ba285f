/**
 * Epoch keys of a vault: the random keys that wrap subject data keys. They live in their own
 * small store (the vault's `epochStore`), each wrapped under the key ring. Rotating moves every
 * live subject key to a new epoch and destroys the old epoch keys, so a backup of the vault
 * store taken before a forget holds subject keys nobody can unwrap any more (the backup of the
 * epoch store is kept apart, for less time: see docs/tokenize.md).
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { fromBase64, toBase64, utf8Encode } from '../bytes/index.js';
import { CustodiaError, isCustodiaError } from '../errors/index.js';
import { randomBytes } from '../runtime/index.js';
import type { Store } from '../store/index.js';
import type { KeyRing } from './_keyring.js';

interface EpochRec {
  kid: string;
  w: string;
}

/** The epochs of one vault: ids are zero-padded counters, so the newest sorts last. @internal */
export interface _Epochs {
  /** The newest epoch, created on first use. */
  current(): Promise<{ id: string; key: Uint8Array }>;
  /** Epoch `id`'s key; `KEY_DESTROYED` once the epoch was retired. */
  key(id: string): Promise<Uint8Array>;
  /** Starts a new epoch and returns its id with the ids of the older ones. */
  next(): Promise<{ id: string; older: string[] }>;
  /** Deletes an epoch key record: every subject key still wrapped under it is lost. */
  destroy(id: string): Promise<void>;
}

export const _epochAad = (ref: string, gen: number, epoch: string) => utf8Encode(`${ref}\u0000${gen}\u0000${epoch}`);

/** @internal */
export function _createEpochs(ring: KeyRing, store: Store, ns: string, kekFor: (kid: string) => Uint8Array): _Epochs {
  // Unwrapped keys with the ring key that wraps them: destroying that ring key must still shred.
  const cache = new Map<string, { kid: string; key: Uint8Array }>();
  const aad = (id: string) => utf8Encode(`custodia.vault.epoch\u0000${id}`);
  const idOf = (n: number) => String(n).padStart(10, '0');

  const ids = async (): Promise<string[]> => {
    const out: string[] = [];
    for await (const r of store.scan(ns)) out.push(r.key);
    return out;
  };
  const load = async (id: string): Promise<Uint8Array | undefined> => {
    const hit = cache.get(id);
    if (hit) {
      if (ring.info(hit.kid).status === 'destroyed')
        throw new CustodiaError('KEY_DESTROYED', 'the key ring key that wraps this vault epoch key was destroyed', { field: 'keyId' });
      return hit.key;
    }
    const r = await store.get(ns, id);
    if (!r) return undefined;
    const rec = JSON.parse(r.value) as EpochRec;
    const raw = fromBase64(rec.w);
    let key: Uint8Array;
    try {
      key = xchacha20poly1305(kekFor(rec.kid), raw.subarray(0, 24), aad(id)).decrypt(raw.subarray(24));
    } catch (e) {
      if (isCustodiaError(e)) throw e;
      throw new CustodiaError('DECRYPT_FAILED', 'vault epoch key does not unwrap: the epoch store was modified', { field: 'epoch' });
    }
    cache.set(id, { kid: rec.kid, key });
    return key;
  };
  /** Creates epoch `id` unless another writer did; returns whether this call made it. */
  const create = async (id: string): Promise<boolean> => {
    const key = randomBytes(32);
    const nonce = randomBytes(24);
    const kid = ring.primary().id;
    const ct = xchacha20poly1305(kekFor(kid), nonce, aad(id)).encrypt(key);
    const raw = new Uint8Array(24 + ct.length);
    raw.set(nonce);
    raw.set(ct, 24);
    try {
      await store.put(ns, id, JSON.stringify({ kid, w: toBase64(raw, true) } satisfies EpochRec), { ifVersion: 0 });
      return true;
    } catch (e) {
      if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e;
      return false;
    }
  };

  return {
    async current() {
      for (;;) {
        const all = await ids();
        const id = all[all.length - 1] ?? idOf(1);
        if (all.length === 0) await create(id);
        const key = await load(id);
        if (key) return { id, key };
      }
    },
    async key(id) {
      const key = await load(id);
      if (!key) throw new CustodiaError('KEY_DESTROYED', 'the vault epoch key of this subject key was destroyed (a backup from before a rotation?)', { field: 'epoch' });
      return key;
    },
    async next() {
      for (;;) {
        const all = await ids();
        const id = idOf(all.length ? Number(all[all.length - 1]) + 1 : 1);
        if (await create(id)) return { id, older: all };
      }
    },
    async destroy(id) {
      cache.delete(id);
      await store.delete(ns, id);
    },
  };
}
