/** Encoding into a given buffer, apart from utf8.ts: what hashes strings (toBytes) does not carry it. */
import { CustodiaError } from '../errors/index.js';
import { bytesArg } from './_arg.js';
import { _writeUtf8 } from './utf8.js';

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
  return _writeUtf8(s, 0, dest, at);
}
