/** Joining and comparing byte arrays, apart from _core.ts: what hashes strings (toBytes) does not carry them. */
import { bytesArg } from './_arg.js';

/**
 * Concatenation of byte arrays.
 * @example
 * ```ts
 * concatBytes(new Uint8Array([1]), new Uint8Array([2, 3])) // Uint8Array [1, 2, 3]
 * ```
 */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += bytesArg(p, 'parts').length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * Compares two byte arrays in time that depends only on their lengths, for MACs and tokens.
 * @example
 * ```ts
 * equalBytes(mac, expected) // true or false, without an early exit
 * ```
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  bytesArg(a, 'a');
  bytesArg(b, 'b');
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
