/**
 * Fast, identical SHA-256, SM3 and HMAC on every runtime, plus argon2id password hashing.
 *
 * Three backends give byte-identical results: `native` (node:crypto), `wasm` (custodia's own
 * core, loaded with {@link initWasm}) and `js` (@noble/hashes, own SM3). `auto` picks the
 * fastest available one per operation. Sync calls never wait on a promise: the `wasm` backend
 * serves them only once {@link initWasm} resolved (on Node it may also compile synchronously).
 * @module
 */
import { _hashPassword, _verifyPassword, type PasswordOptions } from './_password.js';
import { _primaryBackend, _setChoice } from './_choice.js';
import type { BackendChoice } from './_select.js';
import type { BackendName } from './_types.js';
import { _initWasm, type WasmSource } from './_wasm.js';

export { hmac, sha256, sm3 } from './_hashing.js';
export { hmacBatch } from './_hashBatch.js';
export { createHash, type Hash } from './_stream.js';
export type { HashAlg, BackendName } from './_types.js';
export type { BackendChoice } from './_select.js';
export type { PasswordOptions } from './_password.js';
export type { WasmSource } from './_wasm.js';

/**
 * Forces a backend, or `'auto'` (the default) to pick the fastest per operation. Throws
 * `BACKEND_UNAVAILABLE` where the backend cannot run (`native` off Node; `wasm` before
 * {@link initWasm} resolved, except on Node, which compiles the inlined core on the spot).
 * @example
 * ```ts
 * import { setBackend } from 'custodia/hash';
 * setBackend('js'); // e.g. to compare against a reference in a test
 * ```
 */
export function setBackend(b: BackendChoice): void {
  _setChoice(b);
}

/**
 * The backend that runs plain hashing right now (under `auto`, batches may still use the
 * WASM core while this reports `native`).
 * @example
 * ```ts
 * import { getBackend } from 'custodia/hash';
 * console.info(`custodia hashing on ${getBackend()}`);
 * ```
 */
export function getBackend(): BackendName {
  return _primaryBackend();
}

/**
 * Loads the WASM core once, however many callers wait. No argument: the core inlined in the
 * package (Node, browsers, bundlers). In a mini-program pass what
 * `WXWebAssembly.instantiate('/miniprogram_npm/custodia/custodia.wasm')` resolved to.
 * Rejects with `WASM_LOAD_FAILED` (then a later call may retry).
 * @example
 * ```ts
 * import { initWasm, hmacBatch } from 'custodia/hash';
 * await initWasm();
 * const macs = hmacBatch('sm3', key, ids);
 * ```
 */
export function initWasm(source?: WasmSource): Promise<void> {
  return _initWasm(source);
}

/**
 * Argon2id (RFC 9106) of a password as a PHC string
 * (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), with a fresh random salt.
 * @example
 * ```ts
 * import { hashPassword } from 'custodia/hash';
 * const stored = await hashPassword(form.password);
 * ```
 */
export function hashPassword(password: string, opts?: PasswordOptions): Promise<string> {
  return _hashPassword(password, opts);
}

/**
 * Checks a password against a PHC string from {@link hashPassword}, comparing in constant
 * time. A malformed PHC string rejects with `INVALID_PHC`.
 * @example
 * ```ts
 * import { verifyPassword } from 'custodia/hash';
 * if (!(await verifyPassword(form.password, user.passwordHash))) throw new Error('wrong password');
 * ```
 */
export function verifyPassword(password: string, phc: string): Promise<boolean> {
  return _verifyPassword(password, phc);
}
