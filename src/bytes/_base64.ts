/** Base64 without `Buffer`/`btoa`, apart from encoding.ts: pages that only write hex do not carry it (esbuild splits by file). */
import { CustodiaError } from '../errors/index.js';
import { bytesArg } from './_arg.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Base64 (RFC 4648 §4, padded) or base64url (§5, unpadded) of `b`, without `btoa` or `Buffer`.
 * @example
 * ```ts
 * toBase64(new Uint8Array([0xfb, 0xff]), true) // '-_8'
 * ```
 */
export function toBase64(b: Uint8Array, url = false): string {
  bytesArg(b, 'bytes');
  const abc = url ? B64URL : B64;
  let s = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    s += abc[n >> 18]! + abc[(n >> 12) & 63]! + abc[(n >> 6) & 63]! + abc[n & 63]!;
  }
  const rest = b.length - i;
  if (rest > 0) {
    const n = (b[i]! << 16) | (rest === 2 ? b[i + 1]! << 8 : 0);
    s += abc[n >> 18]! + abc[(n >> 12) & 63]!;
    if (rest === 2) s += abc[(n >> 6) & 63]!;
    if (!url) s += rest === 1 ? '==' : '=';
  }
  return s;
}

/**
 * Decodes base64 or base64url, padded or not.
 * @example
 * ```ts
 * fromBase64('-_8') // Uint8Array [251, 255]
 * ```
 */
export function fromBase64(s: string): Uint8Array {
  if (typeof s !== 'string') throw new CustodiaError('INVALID_ARGUMENT', '"base64" expected string');
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let p = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    let v: number;
    if (c >= 65 && c <= 90) v = c - 65;
    else if (c >= 97 && c <= 122) v = c - 71;
    else if (c >= 48 && c <= 57) v = c + 4;
    else if (c === 43 || c === 45) v = 62;
    else if (c === 47 || c === 95) v = 63;
    else throw new CustodiaError('INVALID_ARGUMENT', `"base64" has an invalid character at position ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[p++] = (acc >> bits) & 255;
    }
  }
  if (clean.length % 4 === 1) throw new CustodiaError('INVALID_ARGUMENT', '"base64" has an invalid length');
  return out.subarray(0, p);
}
