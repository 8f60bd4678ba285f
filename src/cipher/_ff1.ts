import { CustodiaError } from '../errors/index.js';
import { needArray } from '../errors/_args.js';
import { toBytes } from '../bytes/index.js';
import { _FF1Core } from './_ff1core.js';
import { _aesKey } from './_check.js';

/**
 * Options of {@link ff1}.
 * @example
 * ```ts
 * const opts: FF1Options = { alphabet: '0123456789', tweak: 'phone' };
 * const f = ff1(key, opts);
 * ```
 */
export interface FF1Options {
  /** The characters values are written in: distinct code points, 2 to 65,536 of them. */
  alphabet: string;
  /** Public tweak (e.g. the field name), bytes or a UTF-8 string; default empty. */
  tweak?: Uint8Array | string;
}

/**
 * A format-preserving cipher over one alphabet, from {@link ff1}.
 * @example
 * ```ts
 * const f: FF1Cipher = ff1(key, { alphabet: '0123456789' });
 * const tokens = f.encryptMany(['13812345678', '13987654321']); // 11 digits each
 * f.decryptMany(tokens); // ['13812345678', '13987654321']
 * ```
 */
export interface FF1Cipher {
  /** Encrypts a string of alphabet characters into another of the same length. */
  encrypt(s: string): string;
  /** Inverse of `encrypt`. */
  decrypt(s: string): string;
  /** `encrypt` over many values, sharing every cache (the fast way to tokenize a column). */
  encryptMany(values: readonly string[]): string[];
  /** `decrypt` over many values. */
  decryptMany(values: readonly string[]): string[];
  /** The alphabet size. */
  readonly radix: number;
}

/**
 * The smallest domain FF1 accepts: SP 800-38G Rev. 1 requires radix^length >= 1,000,000.
 * @example
 * ```ts
 * Math.ceil(Math.log(FF1_MIN_DOMAIN) / Math.log(36)) // 4: base-36 values need 4 characters
 * ```
 */
export const FF1_MIN_DOMAIN = 1_000_000;

/** Code points of an alphabet with a reverse index, or FPE_INVALID_ALPHABET. Internal. */
export function _alphabet(alphabet: string): { chars: string[]; index: Map<string, number> } {
  if (typeof alphabet !== 'string') throw new CustodiaError('FPE_INVALID_ALPHABET', 'ff1: "alphabet" expected a string', { field: 'alphabet' });
  const chars = Array.from(alphabet);
  const index = new Map<string, number>();
  for (let i = 0; i < chars.length; i++) {
    if (index.has(chars[i]!))
      throw new CustodiaError('FPE_INVALID_ALPHABET', `ff1: alphabet character at position ${i} repeats an earlier one`, { field: 'alphabet' });
    index.set(chars[i]!, i);
  }
  if (chars.length < 2 || chars.length > 65536)
    throw new CustodiaError('FPE_INVALID_ALPHABET', `ff1: alphabet must have 2 to 65536 distinct characters, has ${chars.length}`, { field: 'alphabet' });
  return { chars, index };
}

/** Smallest length whose domain radix^len reaches 1,000,000. Internal. */
export function _minLength(radix: number): number {
  let len = 0;
  for (let d = 1; d < FF1_MIN_DOMAIN; d *= radix) len++;
  return len;
}

/**
 * FF1 format-preserving encryption (NIST SP 800-38G Rev. 1) over any alphabet of distinct code
 * points: digits, base-36, or Chinese characters. The output has the same length and alphabet
 * as the input. AES-128/192/256 by key length. Refuses domains below 1,000,000 values
 * (`FPE_DOMAIN_TOO_SMALL`) and characters outside the alphabet (`FPE_INVALID_CHARACTER`, with
 * the position, never the character).
 *
 * @example
 * ```ts
 * const f = ff1(key, { alphabet: '0123456789', tweak: 'phone' });
 * const t = f.encrypt('13812345678'); // 11 digits
 * f.decrypt(t) === '13812345678';
 * ```
 */
export function ff1(key: Uint8Array, opts: FF1Options): FF1Cipher {
  _aesKey(key, 'ff1');
  if (typeof opts !== 'object' || opts === null) throw new CustodiaError('INVALID_ARGUMENT', 'ff1: "opts" expected { alphabet }', { field: 'opts' });
  const { chars, index } = _alphabet(opts.alphabet);
  const tweak = opts.tweak === undefined ? new Uint8Array(0) : toBytes(opts.tweak, 'tweak').slice();
  const radix = chars.length;
  const minLen = _minLength(radix);
  const core = new _FF1Core(key.slice(), radix, tweak);
  let buf = new Uint32Array(64);
  const run = (s: string, decrypt: boolean): string => {
    if (typeof s !== 'string') throw new CustodiaError('INVALID_ARGUMENT', 'ff1: value expected a string', { field: 'value' });
    let n = 0;
    for (const c of s) {
      const d = index.get(c);
      if (d === undefined)
        throw new CustodiaError('FPE_INVALID_CHARACTER', `ff1: character at position ${n} is not in the alphabet`, { field: 'value' });
      if (n === buf.length) {
        const bigger = new Uint32Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      buf[n++] = d;
    }
    if (n < minLen)
      throw new CustodiaError(
        'FPE_DOMAIN_TOO_SMALL',
        `ff1: a value of ${n} characters over an alphabet of ${radix} has fewer than 1,000,000 possible values; at least ${minLen} characters are needed`,
        { field: 'value' },
      );
    const x = buf.subarray(0, n);
    core.crypt(x, decrypt);
    let out = '';
    for (let k = 0; k < n; k++) out += chars[x[k]!]!;
    return out;
  };
  return {
    radix,
    encrypt: (s) => run(s, false),
    decrypt: (s) => run(s, true),
    encryptMany: (values) => (needArray(values, 'values'), values.map((s) => run(s, false))),
    decryptMany: (values) => (needArray(values, 'values'), values.map((s) => run(s, true))),
  };
}
