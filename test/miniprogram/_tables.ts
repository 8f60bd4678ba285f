// The text a compiled mini-program file carries, its packed tables included: the mini-program
// build ships data tables deflated (tsup.miniprogram-data.ts: a flag, then base-93 pairs of 13
// bits, raw deflate of the strings joined by U+0000, one byte per character after flag '1', UTF-16LE
// after '2'). Read here with Node's own zlib, not the fflate decoder that ships, so a test that
// looks for a place name finds it wherever it really is.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const digit = (c: number): number => c - 32 - (c > 34 ? 1 : 0) - (c > 92 ? 1 : 0);

/** The strings of one packed literal, or undefined when `s` is not one. */
export function unpackTables(s: string): string[] | undefined {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  const wide = s[0] === '2';
  if (!wide && s[0] !== '1') return undefined;
  for (let i = 1; i + 1 < s.length; i += 2) {
    acc |= (digit(s.charCodeAt(i)) + 93 * digit(s.charCodeAt(i + 1))) << bits;
    for (bits += 13; bits >= 8; bits -= 8, acc >>>= 8) bytes.push(acc & 255);
  }
  try {
    return inflateRawSync(Buffer.from(bytes), { finishFlush: 2 /* Z_SYNC_FLUSH: a padding byte may follow */ }).toString(wide ? 'utf16le' : 'latin1').split('\u0000');
  } catch {
    return undefined;
  }
}

/** A file's text followed by the strings of every packed table in it. */
export function textWithTables(path: string): string {
  const code = readFileSync(path, 'utf8');
  const tables = [...code.matchAll(/"([ !#-[\]-~]{256,})"/g)].flatMap((m) => unpackTables(m[1]!) ?? []);
  return [code, ...tables].join('\n');
}
