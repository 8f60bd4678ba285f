import type { QueryConfig } from 'pg';
import { CustodiaError } from '../../errors/index.js';

// Keys are stored as UTF-16BE bytes: bytea compares bytewise, which is then exactly the
// code-unit order the Store contract promises (COLLATE "C" on UTF-8 text is not: it sorts
// astral characters after U+E000..U+FFFF), and NUL, which text columns refuse, is kept.
export function keyBytes(key: string): Uint8Array {
  const out = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

export function keyString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
  return s;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Values are UTF-8 bytea: a lone surrogate would silently become U+FFFD, so refuse it.
export function valueBytes(value: string, field: string): Uint8Array {
  if (LONE_SURROGATE.test(value))
    throw new CustodiaError('INVALID_UTF8', `value of ${field} has a lone surrogate and cannot be stored as UTF-8`, { field });
  return new TextEncoder().encode(value);
}

export function valueString(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

// Names of namespaces and logs are text columns, which cannot hold NUL.
export function checkName(name: string, field: string): string {
  if (name.includes('\u0000'))
    throw new CustodiaError('INVALID_ARGUMENT', `${field} name must not contain NUL`, { field });
  return name;
}

const IDENT = /^[a-z_][a-z0-9_]{0,40}$/;

export function checkIdent(id: string, field: string): string {
  if (!IDENT.test(id))
    throw new CustodiaError('INVALID_ARGUMENT', `${field} must be a lower-case SQL identifier ([a-z_][a-z0-9_]*)`, { field });
  return id;
}

// FNV-1a, 32 bits, twice with different offsets: a statement name, not a security boundary.
export function fnv1a(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ s.charCodeAt(i), 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * Many byte strings as ONE binary parameter and their offsets and lengths: node-pg sends a byte
 * array as raw bytes, where a bytea[] parameter goes as hex text (twice the bytes, escaped, and
 * parsed again by the server). SQL takes them apart with `substring($n FROM off FOR len)` over
 * `unnest(offsets, lengths)`.
 */
export interface Packed { bytes: Uint8Array; offsets: number[]; lengths: number[] }

export function packBytes(parts: readonly Uint8Array[]): Packed {
  let size = 0;
  for (const p of parts) size += p.length;
  const bytes = new Uint8Array(size);
  const offsets: number[] = [];
  const lengths: number[] = [];
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    offsets.push(at + 1); // SQL substring counts from 1
    lengths.push(p.length);
    at += p.length;
  }
  return { bytes, offsets, lengths };
}

/** {@link packBytes} of strings as UTF-8, encoded straight into one buffer (each checked as {@link valueBytes} does). */
export function packStrings(values: readonly string[], field: string): Packed {
  let max = 0;
  for (const v of values) max += v.length * 3;
  const bytes = new Uint8Array(max);
  const enc = new TextEncoder();
  const offsets: number[] = [];
  const lengths: number[] = [];
  let at = 0;
  for (const v of values) {
    if (LONE_SURROGATE.test(v)) throw new CustodiaError('INVALID_UTF8', `value of ${field} has a lone surrogate and cannot be stored as UTF-8`, { field });
    const { written } = enc.encodeInto(v, bytes.subarray(at));
    offsets.push(at + 1);
    lengths.push(written);
    at += written;
  }
  return { bytes: bytes.subarray(0, at), offsets, lengths };
}

/**
 * A named statement whose results come in binary format: a bytea arrives as its bytes, which pg
 * (no binary parser for bytea) decodes as UTF-8, so a stored value costs no hex text either way.
 * Select only text and bytea columns (cast numbers `::text`): pg's binary int8 parser gave every
 * row of a result the same id here.
 */
export function binaryQuery(text: string, values: unknown[]): QueryConfig {
  const config = { name: `custodia_${fnv1a(text)}b`, text, values, binary: true };
  return config;
}
