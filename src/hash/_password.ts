/**
 * Argon2id password hashing (RFC 9106) as PHC strings: hash-wasm where WebAssembly exists,
 * @noble/hashes (pure JS) elsewhere. Both give the same bytes, so either verifies the other.
 */
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { equalBytes, fromBase64, toBase64, toBytes } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import { needObject } from '../errors/_args.js';
import { _webAssembly } from '../runtime/capabilities.js';
import { randomBytes } from '../runtime/index.js';

/**
 * Cost parameters of {@link hashPassword}. Defaults follow OWASP's argon2id minimum (m=19 MiB, t=2, p=1).
 * @example
 * ```ts
 * const cost: PasswordOptions = { memoryCost: 65536, timeCost: 3 };
 * const stored = await hashPassword(form.password, cost);
 * ```
 */
export interface PasswordOptions {
  /** Memory in KiB (8·p to 1,048,576). Default 19456. */
  memoryCost?: number;
  /** Passes over memory (1 to 1000). Default 2. */
  timeCost?: number;
  /** Lanes (1 to 64). Default 1. */
  parallelism?: number;
  /** Output bytes (16 to 64). Default 32. */
  hashLength?: number;
  /** Random salt bytes (16 to 64). Default 16. */
  saltLength?: number;
}

interface Params {
  m: number;
  t: number;
  p: number;
}

const b64 = (b: Uint8Array): string => toBase64(b).replace(/=+$/, '');

function int(v: unknown, name: string, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new CustodiaError('INVALID_ARGUMENT', `"${name}" expected an integer from ${min} to ${max}`, { field: name });
  return v;
}

// hash-wasm loads on first use: it runs code at module load, which would otherwise stay in every
// bundle that imports custodia/hash, password hashing or not. @noble's argon2 is tree-shakeable
// and stays a static import (a dynamic one would make bundlers wrap the @noble utils it shares
// with SHA-256 in a lazy initializer, which then cannot be tree-shaken).
async function derive(pw: Uint8Array, salt: Uint8Array, { m, t, p }: Params, len: number): Promise<Uint8Array> {
  if (_webAssembly()) {
    const { argon2id: wasmArgon2id } = await import('hash-wasm');
    return wasmArgon2id({ password: pw, salt, iterations: t, parallelism: p, memorySize: m, hashLength: len, outputType: 'binary' });
  }
  return argon2idAsync(pw, salt, { t, m, p, dkLen: len, maxmem: 2 ** 31 });
}

function password(pw: unknown): Uint8Array {
  if (typeof pw !== 'string' || pw.length === 0) throw new CustodiaError('INVALID_ARGUMENT', '"password" expected a non-empty string', { field: 'password' });
  return toBytes(pw);
}

/** @internal */
export async function _hashPassword(pw: string, opts: PasswordOptions = {}): Promise<string> {
  needObject(opts, 'opts');
  const bytes = password(pw);
  const p = int(opts.parallelism, 'parallelism', 1, 1, 64);
  const params = { m: int(opts.memoryCost, 'memoryCost', 19456, 8 * p, 1048576), t: int(opts.timeCost, 'timeCost', 2, 1, 1000), p };
  if (params.m * params.t > MAX_WORK) throw new CustodiaError('INVALID_ARGUMENT', `"memoryCost" * "timeCost" expected at most ${MAX_WORK}`, { field: 'timeCost' });
  const len = int(opts.hashLength, 'hashLength', 32, 16, 64);
  const salt = randomBytes(int(opts.saltLength, 'saltLength', 16, 16, 64));
  const out = await derive(bytes, salt, params, len);
  return `$argon2id$v=19$m=${params.m},t=${params.t},p=${params.p}$${b64(salt)}$${b64(out)}`;
}

// memoryCost × timeCost at most 4 GiB of passes (1 GiB × 4, 64 MiB × 64): a cost a wrong or
// hostile parameter cannot turn into minutes of CPU.
const MAX_WORK = 2 ** 22;

// $argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>, base64 without padding (PHC string format).
const PHC = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,4}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,86})\$([A-Za-z0-9+/]{16,86})$/;

/** @internal */
export async function _verifyPassword(pw: string, phc: string): Promise<boolean> {
  const bytes = password(pw);
  const m = typeof phc === 'string' ? PHC.exec(phc) : null;
  if (!m) throw new CustodiaError('INVALID_PHC', '"phc" expected an argon2id v=19 PHC string', { field: 'phc' });
  const p = Number(m[3]);
  const params = { m: Number(m[1]), t: Number(m[2]), p };
  const salt = fromBase64(m[4]!);
  const expected = fromBase64(m[5]!);
  // A stored hash is data: its cost is bounded before the KDF runs, like a key file's.
  if (p < 1 || p > 64 || params.t < 1 || params.m < 8 * p || params.m > 1048576 || params.m * params.t > MAX_WORK || salt.length < 8 || expected.length < 16 || expected.length > 64)
    throw new CustodiaError('INVALID_PHC', '"phc" has argon2id parameters out of range', { field: 'phc' });
  return equalBytes(await derive(bytes, salt, params, expected.length), expected);
}
