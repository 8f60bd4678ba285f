// Everything importKeyRing checks BEFORE it runs the KDF: the structure of the key file, the
// argon2id cost against fixed bounds, and the pins the app gave. Nothing here is authenticated yet
// (the MAC key comes out of the KDF), so these checks only refuse; acceptance waits for the MAC.
import { fromBase64 } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';

/**
 * Upper bounds on the argon2id cost a key file may ask for; {@link importKeyRing} refuses a
 * file above them with `KEYFILE_KDF_LIMIT` before running the KDF. `memoryCost` is in KiB.
 * The defaults admit RFC 9106's recommendations (2 GiB t=1, 64 MiB t=3) and OWASP's.
 * @example
 * ```ts
 * const limits: KdfLimits = { memoryCost: 262144, timeCost: 4 }; // refuse anything above 256 MiB or t=4
 * await importKeyRing(json, { passphrase }, { kdfLimits: limits });
 * ```
 */
export interface KdfLimits {
  /** Most memory in KiB; default 2097152 (2 GiB). */
  memoryCost?: number;
  /** Most passes; default 10. */
  timeCost?: number;
  /** Most lanes; default 16. */
  parallelism?: number;
  /** Most memoryCost × timeCost (the work); default 4194304 (4 GiB of passes). */
  work?: number;
}

/** @internal The defaults of {@link KdfLimits}. */
export const KDF_LIMITS: Required<KdfLimits> = { memoryCost: 2 ** 21, timeCost: 10, parallelism: 16, work: 2 ** 22 };

/** @internal The argon2id parameters as stored in a key file. */
export interface Kdf {
  alg: 'argon2id';
  m: number;
  t: number;
  p: number;
  salt: string;
}

/** @internal One key as stored in a key file. */
export interface StoredKey {
  id: string;
  createdAt: number;
  status: 'active' | 'retired' | 'destroyed';
  primary: boolean;
  secret?: string;
}

/** @internal A key file: format 1 (no ring id or generation) or 2. */
export interface KeyFile {
  format: 'custodia.keyring/1' | 'custodia.keyring/2';
  ring?: string;
  generation?: number;
  wrap: { alg: 'xchacha20poly1305' | 'none'; kdf?: Kdf };
  keys: StoredKey[];
  mac?: string;
}

export function bad(what: string): never {
  throw new CustodiaError('VALIDATION_FAILED', `key ring JSON: ${what}`, { field: 'keyring' });
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const MAX_KEYS = 100_000;

/** The cost is checked against the limits; a stored cost that is not a positive integer is malformed. */
export function checkKdfCost(m: unknown, t: unknown, p: unknown, limits: Required<KdfLimits>): void {
  if (![m, t, p].every((x) => isCount(x) && x >= 1) || (m as number) < 8 * (p as number))
    throw new CustodiaError('INVALID_ARGUMENT', 'argon2 costs expected positive integers with memoryCost >= 8 * parallelism', { field: 'argon2' });
  const [mm, tt, pp] = [m, t, p] as [number, number, number];
  if (mm > limits.memoryCost || tt > limits.timeCost || pp > limits.parallelism || mm * tt > limits.work)
    throw new CustodiaError(
      'KEYFILE_KDF_LIMIT',
      `argon2id cost is above the limits (memoryCost <= ${limits.memoryCost} KiB, timeCost <= ${limits.timeCost}, parallelism <= ${limits.parallelism}, memoryCost * timeCost <= ${limits.work}); raise kdfLimits only for a file you trust`,
      { field: 'kdf' },
    );
}

export function resolveLimits(x: unknown): Required<KdfLimits> {
  if (x === undefined) return KDF_LIMITS;
  if (!isObj(x)) throw new CustodiaError('INVALID_ARGUMENT', 'kdfLimits expected an object', { field: 'kdfLimits' });
  const out = { ...KDF_LIMITS };
  for (const k of Object.keys(KDF_LIMITS) as (keyof KdfLimits)[]) {
    const v = x[k];
    if (v === undefined) continue;
    if (!isCount(v) || v < 1) throw new CustodiaError('INVALID_ARGUMENT', `kdfLimits.${k} expected a positive integer`, { field: 'kdfLimits' });
    out[k] = v;
  }
  return out;
}

/** Checks every field's type and shape, and the KDF cost, without running anything expensive. */
export function checkStructure(doc: unknown, limits: Required<KdfLimits>): KeyFile {
  if (!isObj(doc) || (doc['format'] !== 'custodia.keyring/1' && doc['format'] !== 'custodia.keyring/2')) bad('not a custodia.keyring document');
  const v2 = doc['format'] === 'custodia.keyring/2';
  if (v2 && (typeof doc['ring'] !== 'string' || !/^[0-9a-f]{32}$/.test(doc['ring']))) bad('ring id expected 32 hex digits');
  if (v2 && !isCount(doc['generation'])) bad('generation expected a non-negative integer');
  const wrap = doc['wrap'];
  if (!isObj(wrap) || (wrap['alg'] !== 'xchacha20poly1305' && wrap['alg'] !== 'none')) bad('wrap.alg must be one of xchacha20poly1305, none');
  if (wrap['kdf'] !== undefined) {
    const kdf = wrap['kdf'];
    if (wrap['alg'] === 'none' || !isObj(kdf) || kdf['alg'] !== 'argon2id') bad('wrap.kdf.alg must be argon2id');
    checkKdfCost(kdf['m'], kdf['t'], kdf['p'], limits);
    const salt = typeof kdf['salt'] === 'string' ? safeB64(kdf['salt']) : undefined;
    if (!salt || salt.length < 8 || salt.length > 64) bad('wrap.kdf.salt expected 8 to 64 bytes of base64');
  }
  if (wrap['alg'] !== 'none' && (typeof doc['mac'] !== 'string' || safeB64(doc['mac'])?.length !== 32)) bad('mac expected 32 bytes of base64');
  const keys = doc['keys'];
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_KEYS) bad(`keys expected an array of 1 to ${MAX_KEYS} entries`);
  const ids = new Set<string>();
  let primaries = 0;
  for (const k of keys as unknown[]) {
    if (!isObj(k) || typeof k['id'] !== 'string' || k['id'].length === 0 || k['id'].length > 64 || !Number.isFinite(k['createdAt'])) bad('malformed key entry');
    if (k['status'] !== 'active' && k['status'] !== 'retired' && k['status'] !== 'destroyed') bad('key status must be one of active, retired, destroyed');
    if (k['primary'] !== true && k['primary'] !== false && k['primary'] !== undefined) bad('key primary flag expected a boolean');
    if (k['status'] !== 'destroyed' && typeof k['secret'] !== 'string') bad('a key that is not destroyed has no secret');
    if (ids.has(k['id'])) bad('the same key id appears twice');
    ids.add(k['id']);
    if (k['primary'] === true) primaries++;
  }
  if (primaries !== 1) bad('expected exactly one primary key');
  return doc as unknown as KeyFile;
}

export function safeB64(s: string): Uint8Array | undefined {
  try {
    return fromBase64(s);
  } catch {
    return undefined;
  }
}

/** @internal What the app pins: see {@link ImportKeyRingOptions}. */
export interface Pins {
  expectFingerprint?: string;
  minGeneration?: number;
}

export function checkPinsShape(o: Pins): void {
  if (o.expectFingerprint !== undefined && (typeof o.expectFingerprint !== 'string' || !/^[0-9a-f]{32}$/.test(o.expectFingerprint)))
    throw new CustodiaError('INVALID_ARGUMENT', 'expectFingerprint expected 32 hex digits (ring.fingerprint())', { field: 'expectFingerprint' });
  if (o.minGeneration !== undefined && !isCount(o.minGeneration))
    throw new CustodiaError('INVALID_ARGUMENT', 'minGeneration expected a non-negative integer (ring.generation())', { field: 'minGeneration' });
}

/** Refuses a file of another ring or an older generation. Run before the KDF and the MAC check. */
export function checkPins(doc: KeyFile, o: Pins): void {
  if (o.expectFingerprint !== undefined && doc.ring !== o.expectFingerprint)
    throw new CustodiaError(
      'KEYFILE_WRONG_RING',
      doc.ring === undefined ? 'key file predates fingerprints (format 1): import it without expectFingerprint and export it again' : 'key file belongs to another key ring than the pinned fingerprint',
      { field: 'expectFingerprint' },
    );
  if (o.minGeneration !== undefined && (doc.generation ?? 0) < o.minGeneration)
    throw new CustodiaError('KEYFILE_ROLLBACK', 'key file is older than the pinned generation (a copy from before a rotation or destruction?)', { field: 'minGeneration' });
}
