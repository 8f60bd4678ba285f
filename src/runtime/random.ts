import { CustodiaError } from '../errors/index.js';
import { _getRandomValues, _nodeCrypto } from './capabilities.js';

let custom: ((n: number) => Uint8Array) | undefined;

/**
 * Sets where random bytes come from on runtimes that have neither
 * `crypto.getRandomValues` nor `node:crypto`, e.g. a mini-program passing bytes it got from
 * `wx.getRandomValues`. Pass `undefined` to go back to the built-in sources.
 *
 * @example
 * ```ts
 * // prefetch in app.js, since wx.getRandomValues is asynchronous
 * let pool = new Uint8Array(0);
 * wx.getRandomValues({ length: 4096, success: (r) => (pool = new Uint8Array(r.randomValues)) });
 * setRandomSource((n) => { const out = pool.slice(0, n); pool = pool.slice(n); return out; });
 * ```
 */
export function setRandomSource(source: ((n: number) => Uint8Array) | undefined): void {
  if (source !== undefined && typeof source !== 'function')
    throw new CustodiaError('INVALID_ARGUMENT', '"source" expected a function (n) => Uint8Array');
  custom = source;
}

/** True when {@link setRandomSource} installed a source. Internal. */
export function _hasCustomRandom(): boolean {
  return custom !== undefined;
}

/**
 * `n` cryptographically secure random bytes: from the source set with {@link setRandomSource},
 * else `crypto.getRandomValues`, else `node:crypto`. Never a non-cryptographic generator: with no source it
 * throws `NO_RANDOMNESS`.
 *
 * @example
 * ```ts
 * const dataKey = randomBytes(32);
 * ```
 */
export function randomBytes(n: number): Uint8Array {
  // 64 MiB is far above any key or nonce; the bound keeps a wrong length from allocating gigabytes.
  if (!Number.isSafeInteger(n) || n < 0 || n > 2 ** 26) throw new CustodiaError('INVALID_ARGUMENT', '"n" expected an integer from 0 to 67108864', { field: 'n' });
  if (custom) {
    const out = custom(n);
    // A tag check, not instanceof: a mini-program or vm realm hands in its own Uint8Array.
    const isBytes = Object.prototype.toString.call(out) === '[object Uint8Array]';
    if (!isBytes || out.length !== n)
      throw new CustodiaError('NO_RANDOMNESS', `random source returned ${isBytes ? out.length : 'no'} bytes, expected ${n}`);
    return out;
  }
  const out = new Uint8Array(n);
  const grv = _getRandomValues();
  if (grv) {
    // getRandomValues refuses more than 65,536 bytes per call.
    for (let off = 0; off < n; off += 65536) grv(out.subarray(off, Math.min(n, off + 65536)));
    return out;
  }
  const nc = _nodeCrypto();
  if (nc) {
    nc.randomFillSync(out);
    return out;
  }
  throw new CustodiaError(
    'NO_RANDOMNESS',
    'no secure randomness on this runtime: call setRandomSource() with bytes from wx.getRandomValues or similar',
  );
}
