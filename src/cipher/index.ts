/**
 * Cipher primitives: FF1 format-preserving encryption (NIST SP 800-38G Rev. 1) over any
 * alphabet, AES-SIV (RFC 5297), the SM4 block cipher (GB/T 32907-2016) and SM4-GCM (RFC 8998).
 * AES comes from @noble/ciphers; SM4 runs on node:crypto where available and in TypeScript
 * elsewhere with identical results. Most applications want `custodia/tokenize`, built on these.
 * @module
 */
export { ff1, FF1_MIN_DOMAIN } from './_ff1.js';
export type { FF1Cipher, FF1Options } from './_ff1.js';
export { siv } from './_siv.js';
export type { SIVCipher } from './_siv.js';
export { sm4 } from './_sm4.js';
export type { SM4Cipher } from './_sm4.js';
export { sm4gcm } from './_sm4gcm.js';
export type { SM4GCMCipher } from './_sm4gcm.js';
