/** The js backend's HMAC batch (key states cloned per field), apart from _js.ts: a page that makes one HMAC at a time does not carry it. */
import { _asBytes as bytes, _keyStates as keyStates, type _Hasher as Hasher } from './_js.js';
import type { _Backend } from './_types.js';

function hmacWith([inner, outer]: [Hasher, Hasher], data: Uint8Array): Uint8Array {
  return outer.clone().update(inner.clone().update(data).digest()).digest();
}

/** @internal */
export const _jsHmacBatch: Pick<_Backend, 'name' | 'hmacBatch'> = {
  name: 'js',
  hmacBatch(alg, key, fields) {
    const out = new Uint8Array(32 * fields.length);
    const states = keyStates(alg, key);
    for (let i = 0; i < fields.length; i++) out.set(hmacWith(states, bytes(fields[i]!)), 32 * i);
    return out;
  },
};
