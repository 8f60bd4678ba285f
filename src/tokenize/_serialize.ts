import { argon2idAsync } from '@noble/hashes/argon2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { equalBytes, fromBase64, toBase64, utf8Encode } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import { isBytes } from '../errors/_args.js';
import { hmac } from '../hash/_hashing.js';
import { _webAssembly } from '../runtime/capabilities.js';
import { randomBytes } from '../runtime/index.js';
import { bad, checkKdfCost, checkPins, checkPinsShape, checkStructure, KDF_LIMITS, type KdfLimits, type KeyFile, resolveLimits } from './_keyfile.js';
import { KeyRing, type _KeyEntry } from './_keyring.js';

/**
 * Options of {@link importKeyRing}: pins that refuse a rolled-back or foreign key file, and the
 * most argon2id cost a file may ask for.
 * @example
 * ```ts
 * const opts: ImportKeyRingOptions = { expectFingerprint: saved.fingerprint, minGeneration: saved.generation };
 * const ring = await importKeyRing(json, { passphrase }, opts);
 * ```
 */
export interface ImportKeyRingOptions {
  /** The ring's `fingerprint()` the app pinned: a file of any other ring fails with `KEYFILE_WRONG_RING`. */
  expectFingerprint?: string;
  /** The lowest `generation()` accepted: an older copy fails with `KEYFILE_ROLLBACK`. */
  minGeneration?: number;
  /** Bounds on the file's argon2id cost (`KEYFILE_KDF_LIMIT` above them). */
  kdfLimits?: KdfLimits;
}

/**
 * How {@link exportKeyRing} protects the secrets: a caller key, a passphrase, or (only on request) nothing.
 * @example
 * ```ts
 * const wrap: KeyRingWrap = { passphrase, argon2: { memoryCost: 65536 } };
 * const json = await exportKeyRing(ring, wrap);
 * ```
 */
export type KeyRingWrap =
  | { kek: Uint8Array }
  | { passphrase: string; argon2?: { memoryCost?: number; timeCost?: number; parallelism?: number } }
  | { insecurePlaintext: true };

/**
 * How {@link importKeyRing} unwraps: the same KEK or passphrase given to {@link exportKeyRing}.
 * @example
 * ```ts
 * const unwrap: KeyRingUnwrap = { passphrase };
 * const ring = await importKeyRing(json, unwrap);
 * ```
 */
export type KeyRingUnwrap = { kek: Uint8Array } | { passphrase: string } | { insecurePlaintext: true };

const b64 = (b: Uint8Array) => toBase64(b, true);

// hash-wasm (250 KB that runs code at module load) loads when a passphrase is used, as in
// hash/_password.ts: a program that imports custodia/tokenize (the CLI's mask and scan too) and
// never opens a passphrase file does not pay for it at start-up.
async function argon(pass: string, salt: Uint8Array, m: number, t: number, p: number): Promise<Uint8Array> {
  const pw = utf8Encode(pass);
  if (_webAssembly()) {
    const { argon2id: wasmArgon2id } = await import('hash-wasm');
    return wasmArgon2id({ password: pw, salt, iterations: t, parallelism: p, memorySize: m, hashLength: 32, outputType: 'binary' });
  }
  return argon2idAsync(pw, salt, { t, m, p, dkLen: 32 });
}

function keys(kek: Uint8Array): { wk: Uint8Array; mk: Uint8Array } {
  if (!isBytes(kek) || kek.length !== 32) throw new CustodiaError('INVALID_KEY', 'key ring KEK expected 32 bytes', { field: 'kek' });
  const salt = utf8Encode('custodia.keyring.wrap');
  return { wk: hkdf(sha256, kek, salt, utf8Encode('wrap'), 32), mk: hkdf(sha256, kek, salt, utf8Encode('mac'), 32) };
}

// The MAC covers everything but itself, so a changed status, primary flag, id, ring id or
// generation is detected. Format 1 had neither ring id nor generation.
const macOf = (mk: Uint8Array, d: KeyFile) =>
  hmac('sha256', mk, JSON.stringify(d.format === 'custodia.keyring/1' ? [d.format, d.wrap, d.keys] : [d.format, d.ring, d.generation, d.wrap, d.keys]));

/**
 * Serializes a key ring to JSON with every secret wrapped by XChaCha20-Poly1305 under a
 * 32-byte key-encryption key, or under a key derived from a passphrase with argon2id (RFC 9106;
 * OWASP minimum m=19 MiB, t=2, p=1 by default). The whole document is authenticated (HMAC-SHA256),
 * so a changed status or primary flag fails to import. It carries the ring's `fingerprint()` and
 * `generation()` so an importer can pin them. Writing secrets in the clear needs
 * `{ insecurePlaintext: true }`. Destroyed keys are written without a secret.
 *
 * @example
 * ```ts
 * const json = await exportKeyRing(ring, { passphrase: process.env.KEYRING_PASSPHRASE! });
 * const again = await importKeyRing(json, { passphrase: process.env.KEYRING_PASSPHRASE! });
 * ```
 */
export async function exportKeyRing(ring: KeyRing, wrap: KeyRingWrap): Promise<string> {
  if (typeof ring !== 'object' || ring === null || !(ring instanceof KeyRing)) throw new CustodiaError('INVALID_ARGUMENT', 'exportKeyRing expected a KeyRing', { field: 'ring' });
  if (typeof wrap !== 'object' || wrap === null)
    throw new CustodiaError('INVALID_ARGUMENT', 'exportKeyRing needs { kek }, { passphrase } or { insecurePlaintext: true }', { field: 'wrap' });
  const entries = ring.list().map((k) => ring._entry(k.id));
  const head = { format: 'custodia.keyring/2' as const, ring: ring.fingerprint(), generation: ring.generation() };
  if ('insecurePlaintext' in wrap && wrap.insecurePlaintext === true) {
    const doc: KeyFile = { ...head, wrap: { alg: 'none' }, keys: entries.map((e) => ({ ...meta(e), ...(e.secret ? { secret: b64(e.secret) } : {}) })) };
    return JSON.stringify(doc);
  }
  let kek: Uint8Array;
  const doc: KeyFile = { ...head, wrap: { alg: 'xchacha20poly1305' }, keys: [] };
  if ('passphrase' in wrap) {
    if (typeof wrap.passphrase !== 'string' || wrap.passphrase.length === 0)
      throw new CustodiaError('INVALID_ARGUMENT', 'passphrase expected a non-empty string', { field: 'passphrase' });
    const a = wrap.argon2 ?? {};
    if (typeof a !== 'object' || a === null) throw new CustodiaError('INVALID_ARGUMENT', 'argon2 expected an object', { field: 'argon2' });
    const m = a.memoryCost ?? 19456;
    const t = a.timeCost ?? 2;
    const p = a.parallelism ?? 1;
    // The importer's default bounds apply here too: never write a file it would refuse.
    checkKdfCost(m, t, p, KDF_LIMITS);
    const salt = randomBytes(16);
    doc.wrap.kdf = { alg: 'argon2id', m, t, p, salt: b64(salt) };
    kek = await argon(wrap.passphrase, salt, m, t, p);
  } else if ('kek' in wrap) kek = wrap.kek;
  else throw new CustodiaError('INVALID_ARGUMENT', 'exportKeyRing needs { kek }, { passphrase } or { insecurePlaintext: true }', { field: 'wrap' });
  const { wk, mk } = keys(kek);
  doc.keys = entries.map((e) => {
    if (!e.secret) return meta(e);
    const nonce = randomBytes(24);
    const ct = xchacha20poly1305(wk, nonce, utf8Encode(e.id)).encrypt(e.secret);
    const sealed = new Uint8Array(24 + ct.length);
    sealed.set(nonce);
    sealed.set(ct, 24);
    return { ...meta(e), secret: b64(sealed) };
  });
  doc.mac = b64(macOf(mk, doc));
  return JSON.stringify(doc);
}

function meta(e: _KeyEntry) {
  return { id: e.id, createdAt: e.createdAt, status: e.status, primary: e.primary };
}

/**
 * Reads a key ring written by {@link exportKeyRing}. Before any expensive work it checks the
 * document's structure (`VALIDATION_FAILED`), the argon2id cost against `kdfLimits`
 * (`KEYFILE_KDF_LIMIT`) and the pins: `expectFingerprint` (`KEYFILE_WRONG_RING`) and
 * `minGeneration` (`KEYFILE_ROLLBACK`). A wrong KEK or passphrase, or any change to the
 * document, then throws `DECRYPT_FAILED`. Files of format 1 (no fingerprint, generation 0) still read.
 *
 * @example
 * ```ts
 * const ring = await importKeyRing(json, { passphrase }, { expectFingerprint: pinned, minGeneration: 7 });
 * ```
 */
export async function importKeyRing(json: string, unwrap: KeyRingUnwrap, options: ImportKeyRingOptions = {}): Promise<KeyRing> {
  if (typeof json !== 'string') throw new CustodiaError('INVALID_ARGUMENT', 'importKeyRing expected the key file as a string', { field: 'json' });
  if (typeof unwrap !== 'object' || unwrap === null)
    throw new CustodiaError('INVALID_ARGUMENT', 'importKeyRing needs { kek }, { passphrase } or { insecurePlaintext: true }', { field: 'unwrap' });
  if (typeof options !== 'object' || options === null) throw new CustodiaError('INVALID_ARGUMENT', 'importKeyRing options expected an object', { field: 'options' });
  checkPinsShape(options);
  const limits = resolveLimits(options.kdfLimits);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return bad('not JSON');
  }
  // Cheap refusals first: nothing below runs the KDF on a malformed, too costly, foreign or old file.
  const doc = checkStructure(parsed, limits);
  checkPins(doc, options);
  const plain = doc.wrap.alg === 'none';
  if (plain && !('insecurePlaintext' in unwrap && unwrap.insecurePlaintext === true))
    throw new CustodiaError('INVALID_ARGUMENT', 'this key ring was exported in the clear: pass { insecurePlaintext: true } to read it', { field: 'wrap' });
  let wk: Uint8Array | undefined;
  if (!plain) {
    let kek: Uint8Array;
    if (doc.wrap.kdf) {
      if (!('passphrase' in unwrap) || typeof unwrap.passphrase !== 'string')
        throw new CustodiaError('INVALID_ARGUMENT', 'this key ring is wrapped with a passphrase: pass { passphrase } as a string', { field: 'passphrase' });
      const { m, t, p, salt } = doc.wrap.kdf;
      kek = await argon(unwrap.passphrase, fromBase64(salt), m, t, p);
    } else {
      if (!('kek' in unwrap)) throw new CustodiaError('INVALID_ARGUMENT', 'this key ring is wrapped with a KEK', { field: 'kek' });
      kek = unwrap.kek;
    }
    const k = keys(kek);
    wk = k.wk;
    if (!equalBytes(fromBase64(doc.mac!), macOf(k.mk, doc)))
      throw new CustodiaError('DECRYPT_FAILED', 'key ring JSON: wrong KEK or passphrase, or the document was modified', { field: 'keyring' });
  }
  const ring = new KeyRing();
  for (const k of doc.keys) {
    let secret: Uint8Array | undefined;
    if (k.status !== 'destroyed') {
      const raw = fromBase64(k.secret!);
      if (wk) {
        try {
          secret = xchacha20poly1305(wk, raw.subarray(0, 24), utf8Encode(k.id)).decrypt(raw.subarray(24));
        } catch {
          throw new CustodiaError('DECRYPT_FAILED', 'key ring JSON: the secret of a key does not unwrap', { field: 'keyring' });
        }
      } else secret = raw;
      if (secret.length !== 32) bad('a key secret is not 32 bytes');
    }
    ring._restore({ id: k.id, createdAt: k.createdAt, status: k.status, primary: k.primary === true, secret });
  }
  ring._restoreIdentity(doc.ring, doc.generation ?? 0);
  return ring;
}
