import { CustodiaError } from '../errors/index.js';

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
  return out.subarray(0, i + _writeUtf8(s, i, out, i));
}

/** Encodes `s` from UTF-16 index `i` into `out` from `p`; returns the bytes written. */
/** Writes `s` from index `i` as UTF-8 into `out` at `p`; returns the bytes written. @internal */
export function _writeUtf8(s: string, i: number, out: Uint8Array, p: number): number {
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
