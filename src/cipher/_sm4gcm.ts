import { ghash } from '@noble/ciphers/_polyval.js';
import { equalBytes } from '@noble/ciphers/utils.js';
import { CustodiaError } from '../errors/index.js';
import { _nodeCrypto } from '../runtime/capabilities.js';
import { _aesKey, _bytes } from './_check.js';
import { _sm4Backend, _sm4Block, _sm4RoundKeys } from './_sm4.js';

// SM4-GCM: NIST SP 800-38D GCM with SM4 as the block cipher, as RFC 8998 (TLS 1.3 SM suites)
// and GB/T 36624 use it. GHASH comes from @noble/ciphers; counters follow SP 800-38D inc32.

/**
 * An SM4-GCM cipher bound to one key, nonce and AAD, from {@link sm4gcm}.
 * @example
 * ```ts
 * const c: SM4GCMCipher = sm4gcm(key16, randomBytes(12));
 * const sealed = c.encrypt(utf8Encode('13812345678')); // 11 bytes + 16-byte tag
 * ```
 */
export interface SM4GCMCipher {
  /** Ciphertext followed by the 16-byte tag. */
  encrypt(pt: Uint8Array): Uint8Array;
  /** Plaintext, or `DECRYPT_FAILED` when the tag does not verify. */
  decrypt(ct: Uint8Array): Uint8Array;
}

function inc32(ctr: Uint8Array): void {
  for (let i = 15; i >= 12; i--) if (++ctr[i]! <= 255) return;
  // wrapped: inc32 stays within the low 32 bits
  for (let i = 12; i < 16; i++) ctr[i] = 0;
}

function gctr(rk: Uint32Array, key: Uint8Array, icb: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  const blocks = Math.ceil(data.length / 16);
  const low = new DataView(icb.buffer, icb.byteOffset + 12, 4).getUint32(0);
  const nc = _sm4Backend() === 'node' ? _nodeCrypto() : undefined;
  // node's sm4-ctr increments all 128 bits; it equals inc32 while the low word does not wrap.
  if (nc && nc.getCiphers().includes('sm4-ctr') && low + blocks <= 2 ** 32) {
    const c = nc.createCipheriv('sm4-ctr', key, icb);
    out.set(c.update(data));
    return out;
  }
  const ctr = icb.slice();
  const ks = new Uint8Array(16);
  for (let off = 0; off < data.length; off += 16) {
    _sm4Block(rk, ctr, ks, false);
    const end = Math.min(16, data.length - off);
    for (let k = 0; k < end; k++) out[off + k] = data[off + k]! ^ ks[k]!;
    inc32(ctr);
  }
  return out;
}

/** [len(x)]64 of GCM: a byte count as a 64-bit big-endian bit count, without BigInt (WeChat's ES5 compile). */
function bitLength64(dv: DataView, at: number, bytes: number): void {
  dv.setUint32(at, Math.floor(bytes / 0x20000000), false);
  dv.setUint32(at + 4, (bytes * 8) >>> 0, false);
}

/**
 * SM4-GCM authenticated encryption (RFC 8998; GCM per NIST SP 800-38D with SM4): 16-byte key,
 * a nonce (12 bytes recommended, never reused with one key) and optional associated data.
 * Output is ciphertext || 16-byte tag; a wrong key, nonce, AAD or any changed byte makes
 * `decrypt` throw `DECRYPT_FAILED`.
 *
 * @example
 * ```ts
 * const c = sm4gcm(key, randomBytes(12), utf8Encode('customer:42'));
 * const sealed = c.encrypt(utf8Encode('13812345678'));
 * c.decrypt(sealed); // the phone bytes
 * ```
 */
export function sm4gcm(key: Uint8Array, nonce: Uint8Array, aad?: Uint8Array): SM4GCMCipher {
  const k = _aesKey(key, 'sm4gcm', [16]).slice();
  const iv = _bytes(nonce, 'nonce').slice();
  if (iv.length < 1) throw new CustodiaError('INVALID_ARGUMENT', 'sm4gcm: "nonce" must not be empty', { field: 'nonce' });
  const a = aad === undefined ? new Uint8Array(0) : _bytes(aad, 'aad').slice();
  const rk = _sm4RoundKeys(k);
  const h = new Uint8Array(16);
  _sm4Block(rk, new Uint8Array(16), h, false);
  let j0: Uint8Array;
  if (iv.length === 12) {
    j0 = new Uint8Array(16);
    j0.set(iv);
    j0[15] = 1;
  } else {
    const lens = new Uint8Array(16);
    bitLength64(new DataView(lens.buffer), 8, iv.length);
    j0 = ghash.create(h).update(iv).update(lens).digest();
  }
  const tagOf = (ct: Uint8Array): Uint8Array => {
    const lens = new Uint8Array(16);
    const dv = new DataView(lens.buffer);
    bitLength64(dv, 0, a.length);
    bitLength64(dv, 8, ct.length);
    const g = ghash.create(h);
    if (a.length) g.update(a);
    if (ct.length) g.update(ct);
    const s = g.update(lens).digest();
    const mask = new Uint8Array(16);
    _sm4Block(rk, j0, mask, false);
    for (let i = 0; i < 16; i++) s[i]! ^= mask[i]!;
    return s;
  };
  const icb = j0.slice();
  inc32(icb);
  return {
    encrypt(pt) {
      const ct = gctr(rk, k, icb, _bytes(pt, 'plaintext'));
      const out = new Uint8Array(ct.length + 16);
      out.set(ct);
      out.set(tagOf(ct), ct.length);
      return out;
    },
    decrypt(sealed) {
      const s = _bytes(sealed, 'ciphertext');
      if (s.length < 16) throw new CustodiaError('DECRYPT_FAILED', 'sm4gcm: ciphertext shorter than the 16-byte tag', { field: 'ciphertext' });
      const ct = s.subarray(0, s.length - 16);
      if (!equalBytes(tagOf(ct), s.subarray(s.length - 16)))
        throw new CustodiaError('DECRYPT_FAILED', 'sm4gcm: authentication failed (wrong key, nonce or AAD, or modified ciphertext)', { field: 'ciphertext' });
      return gctr(rk, k, icb, ct);
    },
  };
}
