/**
 * What this runtime offers, looked up on each call (never at module load) so that a
 * mini-program, a browser and Node all import the same files safely.
 */

/**
 * The capabilities custodia uses, as found right now.
 * @example
 * ```ts
 * const caps: Capabilities = detectCapabilities();
 * if (!caps.getRandomValues && !caps.nodeCrypto && !caps.customRandom) setRandomSource(wxRandom);
 * ```
 */
export interface Capabilities {
  /** `WebAssembly` global (browsers, Node, Workers). */
  webAssembly: boolean;
  /** `WXWebAssembly` global (WeChat mini-program, base library ≥ 2.13). */
  wxWebAssembly: boolean;
  /** `TextEncoder` global. */
  textEncoder: boolean;
  /** `crypto.getRandomValues`. */
  getRandomValues: boolean;
  /** `node:crypto`, reached through `process.getBuiltinModule` (Node ≥ 20.16). */
  nodeCrypto: boolean;
  /** A randomness source set with `setRandomSource`. */
  customRandom: boolean;
}

const g = (): Record<string, unknown> => globalThis as unknown as Record<string, unknown>;

/** The part of `node:crypto` custodia uses, typed here so no Node types leak into .d.ts files. */
export interface NodeCryptoLike {
  randomFillSync(b: Uint8Array): Uint8Array;
  createHash(alg: string): NodeHashLike;
  createHmac(alg: string, key: Uint8Array): NodeHashLike;
  getHashes(): string[];
  getCiphers(): string[];
  createCipheriv(alg: string, key: Uint8Array, iv: Uint8Array | null, opts?: object): NodeCipherLike;
  createDecipheriv(alg: string, key: Uint8Array, iv: Uint8Array | null, opts?: object): NodeCipherLike;
}
/** A `node:crypto` Hash or Hmac. */
export interface NodeHashLike {
  update(d: Uint8Array): NodeHashLike;
  digest(): Uint8Array;
}
/** A `node:crypto` Cipher or Decipher. */
export interface NodeCipherLike {
  update(d: Uint8Array): Uint8Array;
  final(): Uint8Array;
  setAutoPadding(on: boolean): NodeCipherLike;
  setAAD?(aad: Uint8Array): NodeCipherLike;
  getAuthTag?(): Uint8Array;
  setAuthTag?(tag: Uint8Array): NodeCipherLike;
}

/**
 * `node:crypto` when running on Node, else undefined. Reached through
 * `process.getBuiltinModule` (Node ≥ 20.16) so that no file imports `node:` and one module
 * instance serves ESM, CJS and bundlers alike. Internal.
 */
export function _nodeCrypto(): NodeCryptoLike | undefined {
  const proc = g()['process'] as { getBuiltinModule?: (id: string) => unknown; versions?: { node?: string } } | undefined;
  if (!proc || typeof proc.getBuiltinModule !== 'function' || !proc.versions?.node) return undefined;
  try {
    return proc.getBuiltinModule('node:crypto') as NodeCryptoLike | undefined;
  } catch {
    return undefined;
  }
}

/** `crypto.getRandomValues` bound to its object, or undefined. Internal. */
export function _getRandomValues(): ((b: Uint8Array) => Uint8Array) | undefined {
  const c = g()['crypto'] as { getRandomValues?: (b: Uint8Array) => Uint8Array } | undefined;
  return c && typeof c.getRandomValues === 'function' ? (b) => c.getRandomValues!(b) : undefined;
}

/** The `WebAssembly` namespace when this runtime has one. Internal. */
export function _webAssembly(): typeof WebAssembly | undefined {
  const w = g()['WebAssembly'] as typeof WebAssembly | undefined;
  return w && typeof w.Instance === 'function' ? w : undefined;
}
