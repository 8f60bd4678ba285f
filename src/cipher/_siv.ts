import { aessiv } from '@noble/ciphers/aes.js';
import { CustodiaError } from '../errors/index.js';
import { _aesKey, _bytes } from './_check.js';

/**
 * A deterministic AEAD from {@link siv}.
 * @example
 * ```ts
 * const s: SIVCipher = siv(key32);
 * const ct = s.encrypt(utf8Encode('11010519491231002X'), utf8Encode('id_card')); // 16 + 18 bytes
 * ```
 */
export interface SIVCipher {
  /** Synthetic IV (16 bytes) || ciphertext, for `pt` and associated data `ad` (up to 126 items). */
  encrypt(pt: Uint8Array, ...ad: Uint8Array[]): Uint8Array;
  /** Plaintext, or `DECRYPT_FAILED` when the SIV does not verify for these associated data. */
  decrypt(ct: Uint8Array, ...ad: Uint8Array[]): Uint8Array;
}

/**
 * AES-SIV (RFC 5297): deterministic authenticated encryption. The same plaintext and
 * associated data always give the same ciphertext, so it can serve as a reversible,
 * searchable token; it reveals equality and nothing else. Key of 32, 48 or 64 bytes
 * (AES-128/192/256-SIV). For nonce-based use pass the nonce as the last `ad` item.
 *
 * @example
 * ```ts
 * const s = siv(key32);
 * const ct = s.encrypt(utf8Encode('11010519491231002X'), utf8Encode('id_card'));
 * utf8Decode(s.decrypt(ct, utf8Encode('id_card')));
 * ```
 */
export function siv(key: Uint8Array): SIVCipher {
  const k = _aesKey(key, 'siv', [32, 48, 64]).slice();
  const check = (ad: Uint8Array[]) => {
    if (ad.length > 126) throw new CustodiaError('INVALID_ARGUMENT', 'siv: at most 126 associated data items', { field: 'ad' });
    return ad.map((a, i) => _bytes(a, `ad[${i}]`));
  };
  return {
    encrypt(pt, ...ad) {
      return aessiv(k, ...check(ad)).encrypt(_bytes(pt, 'plaintext'));
    },
    decrypt(ct, ...ad) {
      const c = _bytes(ct, 'ciphertext');
      if (c.length < 16) throw new CustodiaError('DECRYPT_FAILED', 'siv: ciphertext shorter than the 16-byte SIV', { field: 'ciphertext' });
      try {
        return aessiv(k, ...check(ad)).decrypt(c);
      } catch (e) {
        if (e instanceof CustodiaError) throw e;
        throw new CustodiaError('DECRYPT_FAILED', 'siv: authentication failed (wrong key or associated data, or modified ciphertext)', { field: 'ciphertext' });
      }
    },
  };
}
