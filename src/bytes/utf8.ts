import { CustodiaError } from '../errors/index.js';
import { bytesArg } from './_arg.js';

/**
 * UTF-8 bytes of `s`, exactly as `new TextEncoder().encode(s)` gives them (lone
 * surrogates become U+FFFD), on runtimes that have no TextEncoder (mini-programs).
 *
 * @example
 * ```ts
 * utf8Encode('手机') // Uint8Array [230, 137, 139, 230, 156, 186]
 * ```
 */
export function utf8Encode(s: string): Uint8Array {
  if (typeof s !== 'string') throw new CustodiaError('INVALID_ARGUMENT', '"data" expected string');
  const n = s.length;
  // ASCII fast path: most identifiers (phones, IDs, emails) are pure ASCII.
  let i = 0;
  while (i < n && s.charCodeAt(i) < 0x80) i++;
  const out = new Uint8Array(i === n ? n : i + (n - i) * 3);
  for (let j = 0; j < i; j++) out[j] = s.charCodeAt(j);
  if (i === n) return out;
  return out.subarray(0, i + writeFrom(s, i, out, i));
}

/**
 * Writes the UTF-8 bytes of `s` into `dest` at `at` and returns how many it wrote, like
 * `TextEncoder.prototype.encodeInto` on runtimes without it. `dest` needs room for
 * `3 * s.length` bytes from `at` (the worst case), else `INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const buf = new Uint8Array(16);
 * utf8EncodeInto('手机', buf, 2) // 6; buf[2..8] holds the bytes
 * ```
 */
export function utf8EncodeInto(s: string, dest: Uint8Array, at = 0): number {
  if (typeof s !== 'string') throw new CustodiaError('INVALID_ARGUMENT', '"data" expected string');
  bytesArg(dest, 'dest');
  if (!Number.isInteger(at) || at < 0 || dest.length - at < 3 * s.length)
    throw new CustodiaError('INVALID_ARGUMENT', `"dest" expected room for ${3 * s.length} bytes from offset ${at}, got ${Math.max(0, dest.length - at)}`);
  return writeFrom(s, 0, dest, at);
}

/** Encodes `s` from UTF-16 index `i` into `out` from `p`; returns the bytes written. */
function writeFrom(s: string, i: number, out: Uint8Array, p: number): number {
  const start = p;
  const n = s.length;
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[p++] = 0xf0 | (c >> 18);
          out[p++] = 0x80 | ((c >> 12) & 63);
          out[p++] = 0x80 | ((c >> 6) & 63);
          out[p++] = 0x80 | (c & 63);
          continue;
        }
        c = 0xfffd;
      }
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 63);
      out[p++] = 0x80 | (c & 63);
    }
  }
  return p - start;
}

/**
 * Decodes UTF-8 like `new TextDecoder('utf-8', { fatal: true })`: malformed input throws
 * `INVALID_UTF8` (naming the byte offset, not the bytes).
 *
 * @example
 * ```ts
 * utf8Decode(utf8Encode('张三')) // '张三'
 * ```
 */
export function utf8Decode(b: Uint8Array): string {
  bytesArg(b, 'bytes');
  let out = '';
  let chunk: number[] = [];
  const bad = (at: number): never => {
    throw new CustodiaError('INVALID_UTF8', `"bytes" is not valid UTF-8 at offset ${at}`);
  };
  for (let i = 0; i < b.length; ) {
    const b0 = b[i]!;
    let cp: number;
    let len: number;
    if (b0 < 0x80) { cp = b0; len = 1; }
    else if (b0 >= 0xc2 && b0 <= 0xdf) { cp = b0 & 31; len = 2; }
    else if (b0 >= 0xe0 && b0 <= 0xef) { cp = b0 & 15; len = 3; }
    else if (b0 >= 0xf0 && b0 <= 0xf4) { cp = b0 & 7; len = 4; }
    else return bad(i);
    if (i + len > b.length) bad(i);
    for (let k = 1; k < len; k++) {
      const bk = b[i + k]!;
      if ((bk & 0xc0) !== 0x80) bad(i);
      cp = (cp << 6) | (bk & 63);
    }
    // Overlong forms, surrogates and values past U+10FFFF are malformed.
    if ((len === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (len === 4 && (cp < 0x10000 || cp > 0x10ffff))) bad(i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      chunk.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023));
    } else chunk.push(cp);
    if (chunk.length > 4096) { out += String.fromCharCode(...chunk); chunk = []; }
    i += len;
  }
  return out + String.fromCharCode(...chunk);
}
