/** UTF-8 decoding, apart from utf8.ts: what hashes strings (toBytes) does not carry it (esbuild splits by file). */
import { CustodiaError } from '../errors/index.js';
import { bytesArg } from './_arg.js';

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
