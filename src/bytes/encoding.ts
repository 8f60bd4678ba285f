import { bytesToHex } from '@noble/hashes/utils.js';
import { bytesArg } from './_arg.js';

// fromHex and base64 live in _fromHex.ts and _base64.ts: a page that only writes hex (the consent
// chain) does not carry them (esbuild puts a whole file in the chunks of every entry that reaches it).
/**
 * Lower-case hex of `b`. @noble/hashes' own encoder, which every hashing bundle carries anyway.
 * @example
 * ```ts
 * toHex(new Uint8Array([1, 171])) // '01ab'
 * ```
 */
export function toHex(b: Uint8Array): string {
  bytesArg(b, 'bytes');
  return bytesToHex(b);
}
