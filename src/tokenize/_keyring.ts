import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8Encode } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import { randomBytes } from '../runtime/index.js';

/**
 * Lifecycle of a key: `active` keys may become primary; `retired` keys only resolve old tokens; `destroyed` keys have no secret left.
 * @example
 * ```ts
 * const status: KeyStatus = ring.info(keyId).status;
 * if (status === 'destroyed') console.warn(`tokens of ${keyId} are unrecoverable`);
 * ```
 */
export type KeyStatus = 'active' | 'retired' | 'destroyed';

/**
 * Public facts about one key of a {@link KeyRing} (never the secret).
 * @example
 * ```ts
 * const { id, createdAt }: KeyInfo = ring.rotate();
 * ring.list().filter((k) => k.status === 'retired'); // the keys rotation left behind
 * ```
 */
export interface KeyInfo {
  /** Stable id carried in tokens and envelopes, e.g. `k1a2b3c4d`. */
  id: string;
  /** Creation time, ms since the epoch. */
  createdAt: number;
  status: KeyStatus;
  /** True for the one key that makes new tokens. */
  primary: boolean;
}

/** @internal One key with its secret (undefined once destroyed). */
export interface _KeyEntry extends KeyInfo {
  secret: Uint8Array | undefined;
}

/**
 * Options of {@link KeyRing.generate}.
 * @example
 * ```ts
 * const opts: KeyRingOptions = { now: () => Date.UTC(2025, 0, 1) }; // a fixed clock in tests
 * KeyRing.generate(opts).primary().createdAt // 1735689600000
 * ```
 */
export interface KeyRingOptions {
  /** Clock for creation times (tests); default `Date.now`. */
  now?: () => number;
}

const SALT = /* @__PURE__ */ utf8Encode('custodia.keyring.v1');

/**
 * The keys tokenizers and vaults derive their subkeys from: each with an id, creation time,
 * status (active / retired / destroyed) and exactly one primary key that makes new tokens.
 * Rotation adds a new primary and retires the old one, which keeps resolving the tokens it
 * made until it is destroyed. Subkeys are HKDF-SHA256 (RFC 5869) of the key's 32-byte secret,
 * with the use, purpose and field domain in `info`, so the same value under two fields or two
 * purposes gives unrelated tokens. Serialize with `exportKeyRing` (secrets wrapped, never in
 * the clear by default).
 *
 * @example
 * ```ts
 * const ring = KeyRing.generate();
 * const next = ring.rotate();        // new primary; the old key is retired
 * ring.destroy(ring.list()[0]!.id);  // its tokens become unrecoverable
 * ```
 */
export class KeyRing {
  private readonly keys = new Map<string, _KeyEntry>();
  private readonly now: () => number;
  private readonly subkeys = new Map<string, Uint8Array>();
  private ringId: string | undefined;
  private changes = 0;

  /** An empty ring; most callers want {@link KeyRing.generate}. */
  constructor(opts: KeyRingOptions = {}) {
    if (typeof opts !== 'object' || opts === null) throw new CustodiaError('INVALID_ARGUMENT', 'KeyRing options expected an object', { field: 'opts' });
    const now = opts.now ?? Date.now;
    if (typeof now !== 'function') throw new CustodiaError('INVALID_ARGUMENT', 'now expected a function returning ms since the epoch', { field: 'now' });
    this.now = now;
  }

  /** A ring with one fresh random primary key. */
  static generate(opts: KeyRingOptions = {}): KeyRing {
    const r = new KeyRing(opts);
    r.add();
    return r;
  }

  /** Adds a fresh random active key; it becomes primary if the ring had none. */
  add(): KeyInfo {
    let id: string;
    do id = 'k' + toHex(randomBytes(4));
    while (this.keys.has(id));
    const hasPrimary = [...this.keys.values()].some((k) => k.primary);
    const createdAt = this.now();
    if (!Number.isFinite(createdAt)) throw new CustodiaError('INVALID_ARGUMENT', 'now() expected to return a finite number of ms', { field: 'now' });
    const e: _KeyEntry = { id, createdAt, status: 'active', primary: !hasPrimary, secret: randomBytes(32) };
    this.keys.set(id, e);
    this.changes++;
    return info(e);
  }

  /** Adds a new key, makes it primary and retires the previous primary. Returns the new key. */
  rotate(): KeyInfo {
    const old = this.primaryEntry(false);
    const k = this.add();
    this.setPrimary(k.id);
    if (old) old.status = 'retired';
    return this.info(k.id);
  }

  /** Makes an active key the primary. */
  setPrimary(id: string): void {
    const e = this.entry(id);
    if (e.status !== 'active') throw new CustodiaError('KEY_RETIRED', `the key is ${e.status} and cannot become primary`, { field: 'keyId' });
    for (const k of this.keys.values()) k.primary = false;
    e.primary = true;
    this.changes++;
  }

  /** Retires a key: it resolves old tokens but makes no new ones. Not the primary: rotate first. */
  retire(id: string): void {
    const e = this.entry(id);
    if (e.primary) throw new CustodiaError('INVALID_ARGUMENT', 'the key is the primary key: rotate before retiring it', { field: 'keyId' });
    if (e.status === 'active') e.status = 'retired';
    this.changes++;
  }

  /**
   * Destroys a key's secret (crypto-shredding): every token, envelope and vault entry that
   * depends on it becomes unrecoverable (`KEY_DESTROYED`). Not the primary: rotate first.
   */
  destroy(id: string): void {
    const e = this.entry(id);
    if (e.primary) throw new CustodiaError('INVALID_ARGUMENT', 'the key is the primary key: rotate before destroying it', { field: 'keyId' });
    e.secret?.fill(0);
    e.secret = undefined;
    e.status = 'destroyed';
    this.changes++;
    for (const [k, v] of this.subkeys)
      if (k.startsWith(id + '\u0000')) {
        v.fill(0);
        this.subkeys.delete(k);
      }
  }

  /** Facts about every key, oldest first. */
  list(): KeyInfo[] {
    return [...this.keys.values()].map(info);
  }

  /** Facts about key `id`, or `KEY_NOT_FOUND`. */
  info(id: string): KeyInfo {
    return info(this.entry(id));
  }

  /** The primary key's facts. */
  primary(): KeyInfo {
    return info(this.primaryEntry(true)!);
  }

  /**
   * A subkey of key `id` (default: the primary) for one use, e.g. `['fpe', purpose, field]`:
   * HKDF-SHA256(secret, salt 'custodia.keyring.v1', info = the parts joined by NUL). Cached.
   * Throws `KEY_DESTROYED` for a destroyed key. Internal to custodia's modules.
   */
  _subkey(id: string, parts: readonly string[], length = 32): Uint8Array {
    const cacheKey = `${id}\u0000${length}\u0000${parts.join('\u0000')}`;
    const hit = this.subkeys.get(cacheKey);
    if (hit) return hit;
    const e = this.entry(id);
    if (!e.secret) throw new CustodiaError('KEY_DESTROYED', 'the key was destroyed: data that depends on it is unrecoverable', { field: 'keyId' });
    for (const p of parts)
      if (p.includes('\u0000')) throw new CustodiaError('INVALID_ARGUMENT', 'subkey labels must not contain NUL', { field: 'field' });
    const k = hkdf(sha256, e.secret, SALT, utf8Encode(parts.join('\u0000')), length);
    this.subkeys.set(cacheKey, k);
    return k;
  }

  /**
   * A stable identity of this ring, kept across rotations and exports: 32 hex digits, random when
   * the ring is made. Pin it (`importKeyRing(file, unwrap, { expectFingerprint })`) so another
   * ring wrapped under the same passphrase is refused.
   */
  fingerprint(): string {
    this.ringId ??= toHex(randomBytes(16));
    return this.ringId;
  }

  /**
   * How many changes (add, rotate, setPrimary, retire, destroy) the ring has seen since it was
   * made; written into every export. Pin the last one you saw (`{ minGeneration }`) so an older
   * copy of the key file (from before a rotation or destruction) is refused.
   */
  generation(): number {
    return this.changes;
  }

  /** @internal Restores identity and generation (deserialization). */
  _restoreIdentity(ringId: string | undefined, generation: number): void {
    this.ringId = ringId;
    this.changes = generation;
  }

  /** JSON.stringify(ring) gives the public facts only; use `exportKeyRing` to persist keys. */
  toJSON(): { keys: KeyInfo[] } {
    return { keys: this.list() };
  }

  /** Keeps secrets out of console.log / util.inspect on Node. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `KeyRing ${JSON.stringify(this.list())}`;
  }

  /** @internal The entry with its secret. */
  _entry(id: string): _KeyEntry {
    return this.entry(id);
  }

  /** @internal Restores an entry (deserialization). */
  _restore(e: _KeyEntry): void {
    if (this.keys.has(e.id)) throw new CustodiaError('VALIDATION_FAILED', 'key ring has the same key id twice', { field: 'keys' });
    this.keys.set(e.id, { ...e });
  }

  private entry(id: string): _KeyEntry {
    const e = typeof id === 'string' ? this.keys.get(id) : undefined;
    // The id is not echoed: it may be parsed out of a token or envelope (data), not chosen by the caller.
    if (!e) throw new CustodiaError('KEY_NOT_FOUND', `no key with this id in the key ring (${typeof id === 'string' ? 'a string' : typeof id} was given)`, { field: 'keyId' });
    return e;
  }

  private primaryEntry(required: boolean): _KeyEntry | undefined {
    for (const e of this.keys.values()) if (e.primary) return e;
    if (required) throw new CustodiaError('KEY_NOT_FOUND', 'the key ring has no primary key: call add() or generate()', { field: 'keyId' });
    return undefined;
  }
}

function info(e: _KeyEntry): KeyInfo {
  return { id: e.id, createdAt: e.createdAt, status: e.status, primary: e.primary };
}
