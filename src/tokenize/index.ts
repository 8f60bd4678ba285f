/**
 * What applications call to de-identify customer data right after collection (T/CCAGM
 * 002-2021 5.1) and to store it encrypted (policy art. 9.1): a {@link KeyRing} with rotation
 * and wrapped serialization, a {@link createTokenizer | tokenizer} (keyed pseudonyms,
 * format-preserving tokens, AEAD envelopes) and a {@link createVault | vault} of random tokens
 * with per-subject crypto-shredding.
 * @module
 */
export { KeyRing } from './_keyring.js';
export type { KeyInfo, KeyStatus, KeyRingOptions } from './_keyring.js';
export { exportKeyRing, importKeyRing } from './_serialize.js';
export type { KeyRingWrap, KeyRingUnwrap, ImportKeyRingOptions } from './_serialize.js';
export type { KdfLimits } from './_keyfile.js';
export { createTokenizer } from './_tokenizer.js';
export type { Tokenizer, TokenizerOptions, FieldConfig, SealAlg } from './_tokenizer.js';
export type { FpeFormat, FpeOptions } from './_fpe.js';
export { createVault } from './_vault.js';
export type { Vault, VaultOptions, VaultTokenizeOptions } from './_vault.js';
