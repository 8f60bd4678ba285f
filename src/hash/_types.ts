/** Shapes shared by the hash backends. Internal. */

/**
 * A hash algorithm custodia offers: SHA-256 (FIPS 180-4) or SM3 (GB/T 32905).
 * @example
 * ```ts
 * const alg: HashAlg = gmCompliant ? 'sm3' : 'sha256';
 * const tag = hmac(alg, key, '13812345678');
 * ```
 */
export type HashAlg = 'sha256' | 'sm3';

/**
 * A backend's name as {@link getBackend} reports it.
 * @example
 * ```ts
 * const name: BackendName = getBackend(); // 'native' on Node, 'wasm' or 'js' elsewhere
 * ```
 */
export type BackendName = 'native' | 'wasm' | 'js';

/** A running hash: feed with update, finish once with digest. */
export interface _Streaming {
  update(d: Uint8Array | string): unknown;
  digest(): Uint8Array;
}

/** What each backend implements; inputs were validated by index.ts. */
export interface _Backend {
  readonly name: BackendName;
  hash(alg: HashAlg, data: Uint8Array | string): Uint8Array;
  create(alg: HashAlg): _Streaming;
  hmac(alg: HashAlg, key: Uint8Array, data: Uint8Array | string): Uint8Array;
  hmacBatch(alg: HashAlg, key: Uint8Array, fields: readonly (Uint8Array | string)[]): Uint8Array;
  /** Hash of `prefix ‖ field` for every field in one go (digest i at bytes [32i, 32i + 32)); where the backend has a batch path. */
  hashBatch?(alg: HashAlg, fields: readonly (Uint8Array | string)[], prefix: number | undefined): Uint8Array;
}
