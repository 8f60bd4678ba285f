import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { fromBase64, toBase64, utf8Decode, utf8Encode } from '../bytes/index.js';
import { CustodiaError, isCustodiaError } from '../errors/index.js';
import { needObject, optObject } from '../errors/_args.js';
import { hmac, sha256 } from '../hash/_hashing.js';
import { normalizeAs, type NormalizeKind } from '../normalize/index.js';
import { randomBytes } from '../runtime/index.js';
import { memoryStore, type Store } from '../store/index.js';
import { _createEpochs, _epochAad } from './_epochs.js';
import type { KeyRing } from './_keyring.js';

/**
 * Options of {@link createVault}.
 * @example
 * ```ts
 * const opts: VaultOptions = { keyring, store: sqliteStore({ path: 'vault.db' }), fields: { phone: { normalize: 'mobile' } } };
 * const vault = createVault(opts);
 * ```
 */
export interface VaultOptions {
  keyring: KeyRing;
  /** Where tokens, index and subject keys live (default: a new in-memory store). */
  store?: Store;
  /** Purpose label mixed into every subkey (default `'default'`). */
  purpose?: string;
  /** Record namespace prefix in the store (default `'custodia.vault'`). */
  namespace?: string;
  /**
   * Where the epoch keys (which wrap every subject key) live, in namespace `<namespace>.epochs`.
   * Default: `store`. Give a separate small store (its own file) and back it up apart from the
   * vault store, kept for less time: then {@link Vault.rotateEpoch} makes every older backup of the
   * vault store unreadable (docs/tokenize.md, "Forgetting for good").
   */
  epochStore?: Store;
  /** Per-field normalizers (so one person's number written two ways gets one token) and key domains. */
  fields?: Record<string, { normalize?: NormalizeKind | ((v: string) => string); domain?: string }>;
  /** Default time to live of new tokens, ms (default: none). */
  ttlMs?: number;
  /** Clock (tests); default `Date.now`. */
  now?: () => number;
}

/**
 * Options of {@link Vault.tokenize}.
 * @example
 * ```ts
 * const opts: VaultTokenizeOptions = { subject: 'customer-42', ttlMs: 3_600_000 };
 * const token = await vault.tokenize('phone', '13812345678', opts);
 * ```
 */
export interface VaultTokenizeOptions {
  /** The data subject (customer id) the value belongs to: its data key encrypts the value. */
  subject: string;
  /** Time to live of this token, ms (overrides the vault default). */
  ttlMs?: number;
}

/**
 * A token vault from {@link createVault}.
 * @example
 * ```ts
 * const vault: Vault = createVault({ keyring });
 * const token = await vault.tokenize('phone', '13812345678', { subject: 'customer-42' });
 * await vault.forgetSubject('customer-42'); // detokenize(token) now throws SUBJECT_FORGOTTEN
 * ```
 */
export interface Vault {
  /** A random token for `value`; the same (subject, field, value) gives the same live token. */
  tokenize(field: string, value: string, opts: VaultTokenizeOptions): Promise<string>;
  /** The value behind a token: `INVALID_TOKEN`, `TOKEN_EXPIRED` or `SUBJECT_FORGOTTEN` otherwise. */
  detokenize(token: string): Promise<string>;
  /**
   * Destroys the subject's data key (first: every token of that subject is unrecoverable at once),
   * then deletes the subject's token records, index entries and member entries. Idempotent: a
   * call that failed half-way is completed by calling it again.
   */
  forgetSubject(subject: string): Promise<void>;
  /** Deletes expired token records; returns how many. */
  purgeExpired(): Promise<number>;
  /**
   * Starts a new epoch key, re-wraps every live subject key under it and destroys the older
   * epoch keys: copies of the vault store taken before (backups, replicas, old WAL bytes) then
   * hold subject keys nothing can unwrap. Run it from one maintenance job after forgets; a
   * subject created meanwhile by another process moves its own key to the new epoch.
   * @example
   * ```ts
   * await vault.forgetSubject('cust-42');
   * await vault.rotateEpoch(); // { epoch: '0000000002', rewrapped: 1200, destroyed: 1 }
   * ```
   */
  rotateEpoch(): Promise<{ epoch: string; rewrapped: number; destroyed: number }>;
}

interface SubjectRec {
  kid: string;
  gen: number;
  w?: string;
  forgotten?: boolean;
  /** Epoch whose key wraps `w`; absent: `w` is wrapped directly under the key ring (older layout). */
  ep?: string;
  /** 2: every token of this subject was written in layout 2 (below). Absent: layout-1 tokens may exist. */
  v?: 2;
}
interface TokenRec {
  f: string;
  s: string;
  g: number;
  c: string;
  i: string;
  e?: number;
}

const b64 = (b: Uint8Array) => toBase64(b, true);
const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

/*
 * Store layout 2 (`ns` = the namespace option; `ref` = keyed HMAC of the subject id, `gen` = the
 * subject's data-key generation, both free of '.' like every base64url part):
 *
 *   ns.subjects   ref                   -> SubjectRec: wrapped data key, or a tombstone without one
 *   ns.tokens     vt_…                  -> TokenRec: ciphertext, ref, gen, its index key, expiry
 *   ns.index      ref.gen.HMAC(…value)  -> token (makes tokenize idempotent; no value in it)
 *   ns.members    ref.gen.vt_…          -> '1' (which token records belong to the subject)
 *   ns.forgotten  SHA-256(token)        -> '1' (a shredded token still answers SUBJECT_FORGOTTEN)
 *
 * forgetSubject must find everything of a subject without the values, and the Store has no
 * transactions. A token list inside the subject record would need a compare-and-set of that one
 * record on every tokenize (contention, a record growing without bound) and still could not be
 * written atomically with the token record. Per-record keys under the prefix `ref.` need no
 * coordination: each put is atomic, and the order of writes keeps the invariant "every token
 * record of a subject has a member entry": tokenize writes the member entry before the token
 * record, and every delete path removes the token record (and its index entry) before the member
 * entry. So after a crash anywhere, `scan(members, { prefix: ref + '.' })` still finds every token
 * record, and `scan(index, { prefix })` every index entry, and a retried forgetSubject completes.
 *
 * Layout 1 (before this change) keyed index entries by the bare HMAC and had no member entries or
 * `v` in subject records. Its token records are the same, so its tokens detokenize unchanged;
 * tokenize also looks up the bare index key for subjects without `v: 2`, and forgetSubject of such
 * a subject scans all token records once for the subject's ref (no migration step needed).
 */

/**
 * A token vault: random tokens (`vt_…`, 144 bits from the runtime's CSPRNG) for values that must
 * not be derivable from any key, resolved only through the vault (T/CCAGM 002-2021 3.9, 5.1).
 * Idempotent through a keyed index (HMAC of subject, field and normalized value), so the
 * index holds no value. Each subject's values are encrypted (XChaCha20-Poly1305) under their own
 * random data key, wrapped by the key ring: `forgetSubject` destroys that data key, so every
 * token of the subject stops resolving (`SUBJECT_FORGOTTEN`), also in backups of the token
 * records, and then deletes the subject's token records and index entries, so the store keeps
 * nothing to test guessed values against (standard 7, policy 9.2).
 *
 * @example
 * ```ts
 * const vault = createVault({ keyring, store: memoryStore(), fields: { phone: { normalize: 'mobile' } } });
 * const t = await vault.tokenize('phone', '13812345678', { subject: 'cust-42' });
 * await vault.detokenize(t);        // '13812345678'
 * await vault.forgetSubject('cust-42');
 * await vault.detokenize(t);        // throws SUBJECT_FORGOTTEN
 * ```
 */
export function createVault(opts: VaultOptions): Vault {
  needObject(opts, 'opts');
  const ring = opts.keyring;
  if (!ring || typeof ring._subkey !== 'function') throw new CustodiaError('INVALID_ARGUMENT', 'createVault needs { keyring }', { field: 'keyring' });
  const store = opts.store ?? memoryStore();
  const purpose = opts.purpose ?? 'default';
  const ns = opts.namespace ?? 'custodia.vault';
  const NS_T = `${ns}.tokens`;
  const NS_I = `${ns}.index`;
  const NS_S = `${ns}.subjects`;
  const NS_M = `${ns}.members`;
  const NS_F = `${ns}.forgotten`;
  const now = opts.now ?? Date.now;
  const fields = opts.fields ?? {};
  const cfg = (f: string) => (Object.prototype.hasOwnProperty.call(fields, f) ? fields[f]! : {});
  const live = () => ring.list().filter((k) => k.status !== 'destroyed');

  const norm = (field: string, v: string): string => {
    if (typeof field !== 'string' || field.length === 0) throw new CustodiaError('INVALID_ARGUMENT', '"field" expected a non-empty string', { field: 'field' });
    if (typeof v !== 'string') throw new CustodiaError('INVALID_ARGUMENT', 'the value expected a string (error.field names the field)', { field });
    const n = cfg(field).normalize;
    return n === undefined ? v : typeof n === 'function' ? n(v) : normalizeAs(n, v, field);
  };
  const sref = (kid: string, subject: string) => b64(hmac('sha256', ring._subkey(kid, ['vault-subject', purpose]), subject)).slice(0, 32);
  /** The layout-1 index key; layout 2 prefixes it with `ref.gen.` ({@link idxKey}). */
  const idxHash = (kid: string, field: string, s: string, gen: number, value: string) =>
    b64(hmac('sha256', ring._subkey(kid, ['vault-index', purpose, cfg(field).domain ?? field]), `${s}\u0000${gen}\u0000${field}\u0000${value}`));
  const idxKey = (kid: string, field: string, s: string, gen: number, value: string) => `${s}.${gen}.${idxHash(kid, field, s, gen, value)}`;
  const memberKey = (s: string, gen: number, token: string) => `${s}.${gen}.${token}`;
  const forgottenKey = (token: string) => b64(sha256(token));
  const forgottenError = (field: string) =>
    new CustodiaError('SUBJECT_FORGOTTEN', 'the data subject of this token was forgotten: its data key is destroyed', { field });
  const kekFor = (kid: string) => ring._subkey(kid, ['vault-kek', purpose]);
  const epochs = _createEpochs(ring, opts.epochStore ?? store, `${ns}.epochs`, kekFor);
  const seal = (key: Uint8Array, aad: Uint8Array, plain: Uint8Array) => {
    const nonce = randomBytes(24);
    const ct = xchacha20poly1305(key, nonce, aad).encrypt(plain);
    const raw = new Uint8Array(24 + ct.length);
    raw.set(nonce);
    raw.set(ct, 24);
    return b64(raw);
  };

  async function findSubject(subject: string): Promise<{ ref: string; rec: SubjectRec; version: number } | undefined> {
    for (const k of live()) {
      const ref = sref(k.id, subject);
      const r = await store.get(NS_S, ref);
      if (r) return { ref, rec: JSON.parse(r.value) as SubjectRec, version: r.version };
    }
    return undefined;
  }

  async function unwrap(ref: string, rec: SubjectRec): Promise<Uint8Array> {
    if (rec.forgotten || !rec.w) throw new CustodiaError('SUBJECT_FORGOTTEN', 'the data subject of this token was forgotten: its data key is destroyed', { field: 'subject' });
    const raw = fromBase64(rec.w);
    const [kek, aad] = rec.ep === undefined ? [kekFor(rec.kid), utf8Encode(`${ref}\u0000${rec.gen}`)] : [await epochs.key(rec.ep), _epochAad(ref, rec.gen, rec.ep)];
    try {
      return xchacha20poly1305(kek, raw.subarray(0, 24), aad).decrypt(raw.subarray(24));
    } catch (e) {
      if (isCustodiaError(e)) throw e;
      throw new CustodiaError('DECRYPT_FAILED', 'vault subject key does not unwrap: the store was modified', { field: 'subject' });
    }
  }

  /** The subject's live data key, creating it (or its next generation after a forget). */
  async function dataKey(subject: string): Promise<{ ref: string; gen: number; dek: Uint8Array; legacy: boolean }> {
    for (;;) {
      const found = await findSubject(subject);
      const legacy = found !== undefined && found.rec.v !== 2;
      if (found && !found.rec.forgotten) return { ref: found.ref, gen: found.rec.gen, dek: await unwrap(found.ref, found.rec), legacy };
      const kid = found?.rec.kid && ring.info(found.rec.kid).status !== 'destroyed' ? found.rec.kid : ring.primary().id;
      const ref = found?.ref ?? sref(kid, subject);
      const gen = (found?.rec.gen ?? 0) + 1;
      const dek = randomBytes(32);
      const epoch = await epochs.current();
      try {
        const rec: SubjectRec = { kid, gen, w: seal(epoch.key, _epochAad(ref, gen, epoch.id), dek), ep: epoch.id, ...(legacy ? {} : { v: 2 as const }) };
        const version = await store.put(NS_S, ref, JSON.stringify(rec), { ifVersion: found?.version ?? 0 });
        // A rotation that started after current() was read may not see this record in its pass
        // and will destroy this epoch: move the key to the new epoch ourselves, from memory.
        const now = await epochs.current();
        if (now.id !== epoch.id) await rewrapTo(ref, { value: JSON.stringify(rec), version }, now, dek);
        return { ref, gen, dek, legacy };
      } catch (e) {
        if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e; // another writer created it: read theirs
      }
    }
  }

  /**
   * Re-wraps subject `ref`'s data key under `epoch` (with `dek` when the caller holds it, else by
   * unwrapping); on a concurrent change re-reads and stops once the record is on `epoch`,
   * forgotten or gone. Returns whether this call wrote.
   */
  async function rewrapTo(ref: string, first: { value: string; version: number }, epoch: { id: string; key: Uint8Array }, dek?: Uint8Array): Promise<boolean> {
    for (let r: { value: string; version: number } | undefined = first; r; r = await store.get(NS_S, ref)) {
      const rec = JSON.parse(r.value) as SubjectRec;
      if (rec.forgotten || !rec.w || rec.ep === epoch.id) return false;
      const key = dek && r === first ? dek : await unwrap(ref, rec);
      const w = seal(epoch.key, _epochAad(ref, rec.gen, epoch.id), key);
      try {
        await store.put(NS_S, ref, JSON.stringify({ ...rec, w, ep: epoch.id } satisfies SubjectRec), { ifVersion: r.version });
        return true;
      } catch (e) {
        if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e;
      }
    }
    return false;
  }

  /** Deletes a token record, then its member entry (that order keeps every token record listed). */
  async function dropToken(token: string, rec: TokenRec): Promise<void> {
    await store.delete(NS_T, token);
    await store.delete(NS_M, memberKey(rec.s, rec.g, token));
  }

  /** Removes a token with its index entry (if the entry still points at it: another may have replaced it). */
  async function retireToken(token: string, rec: TokenRec): Promise<void> {
    const i = await store.get(NS_I, rec.i);
    if (i?.value === token) await store.delete(NS_I, rec.i);
    await dropToken(token, rec);
  }

  /**
   * Removes everything of subject `ref` up to generation `maxGen` once its data key is destroyed:
   * token records (leaving an unkeyed SHA-256 of each token so detokenize still tells
   * SUBJECT_FORGOTTEN), index entries, member entries; with `legacy`, also layout-1 token records
   * found by a full scan. Later generations (the subject came back meanwhile) are left alone.
   */
  async function shred(ref: string, maxGen: number, legacy: boolean): Promise<void> {
    const prefix = `${ref}.`;
    const genOf = (key: string) => Number(key.slice(prefix.length, key.indexOf('.', prefix.length)));
    const shredToken = async (token: string, mk: string) => {
      await store.put(NS_F, forgottenKey(token), '1');
      const t = await readToken(token);
      // retireToken drops the member entry `mk` too (it is memberKey(rec.s, rec.g, token)).
      if (t) await retireToken(token, t.rec);
      else await store.delete(NS_M, mk);
    };
    for (const m of await collect(store.scan(NS_M, { prefix }))) if (genOf(m.key) <= maxGen) await shredToken(m.key.slice(m.key.indexOf('.', prefix.length) + 1), m.key);
    for (const i of await collect(store.scan(NS_I, { prefix }))) if (genOf(i.key) <= maxGen) await store.delete(NS_I, i.key);
    if (!legacy) return;
    const old: { token: string; g: number }[] = [];
    for await (const r of store.scan(NS_T)) {
      const rec = JSON.parse(r.value) as TokenRec;
      if (rec.s === ref && rec.g <= maxGen) old.push({ token: r.key, g: rec.g });
    }
    for (const o of old) await shredToken(o.token, memberKey(ref, o.g, o.token));
  }

  async function readToken(token: string): Promise<{ rec: TokenRec; version: number } | undefined> {
    if (typeof token !== 'string' || !token.startsWith('vt_')) return undefined;
    const r = await store.get(NS_T, token);
    return r && { rec: JSON.parse(r.value) as TokenRec, version: r.version };
  }

  return {
    async tokenize(field, value, o) {
      optObject(o, 'opts');
      if (!o || typeof o.subject !== 'string' || o.subject.length === 0)
        throw new CustodiaError('INVALID_ARGUMENT', 'vault.tokenize needs { subject }', { field: 'subject' });
      const v = norm(field, value);
      const ttl = o.ttlMs ?? opts.ttlMs;
      if (ttl !== undefined && (!Number.isFinite(ttl) || ttl <= 0)) throw new CustodiaError('INVALID_ARGUMENT', '"ttlMs" expected a positive number', { field: 'ttlMs' });
      for (;;) {
        const { ref, gen, dek, legacy } = await dataKey(o.subject);
        // Idempotent under any live key, so a rotation does not mint second tokens.
        for (const k of live()) {
          const h = idxHash(k.id, field, ref, gen, v);
          for (const ik of legacy ? [`${ref}.${gen}.${h}`, h] : [`${ref}.${gen}.${h}`]) {
            const hit = await store.get(NS_I, ik);
            if (!hit) continue;
            const t = await readToken(hit.value);
            if (t && (t.rec.e === undefined || now() < t.rec.e)) return hit.value;
            await store.delete(NS_I, ik);
            if (t) await dropToken(hit.value, t.rec);
          }
        }
        const ik = idxKey(ring.primary().id, field, ref, gen, v);
        const token = 'vt_' + b64(randomBytes(18));
        const nonce = randomBytes(24);
        const ct = xchacha20poly1305(dek, nonce, utf8Encode(`${token}\u0000${field}`)).encrypt(utf8Encode(v));
        const raw = new Uint8Array(24 + ct.length);
        raw.set(nonce);
        raw.set(ct, 24);
        const rec: TokenRec = { f: field, s: ref, g: gen, c: b64(raw), i: ik, ...(ttl !== undefined ? { e: now() + ttl } : {}) };
        // Member entry first: a token record is never unlisted, whatever crashes after this.
        await store.put(NS_M, memberKey(ref, gen, token), '1', { ifVersion: 0 });
        await store.put(NS_T, token, JSON.stringify(rec), { ifVersion: 0 });
        try {
          await store.put(NS_I, ik, token, { ifVersion: 0 });
        } catch (e) {
          if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e;
          await dropToken(token, rec); // a concurrent call won: return its token
          const won = await store.get(NS_I, ik);
          if (won) return won.value;
          continue; // ... which a forget has removed meanwhile: start over
        }
        // A forgetSubject that tombstoned the subject after dataKey() read it may have listed the
        // subject's records before ours existed. Then it is ours to remove them (a concurrent call
        // may have got this token from the index: it answers SUBJECT_FORGOTTEN like the others);
        // this call goes on as one made after the forget (a returning subject, next generation).
        const s = await store.get(NS_S, ref);
        const srec = s && (JSON.parse(s.value) as SubjectRec);
        if (srec && !srec.forgotten && srec.gen === gen) return token;
        await store.put(NS_F, forgottenKey(token), '1');
        await retireToken(token, rec);
      }
    },

    async detokenize(token) {
      const t = await readToken(token);
      if (!t) {
        if (typeof token === 'string' && token.startsWith('vt_') && (await store.get(NS_F, forgottenKey(token)))) throw forgottenError('token');
        throw new CustodiaError('INVALID_TOKEN', 'token is not in this vault', { field: 'token' });
      }
      const { rec } = t;
      if (rec.e !== undefined && now() >= rec.e) throw new CustodiaError('TOKEN_EXPIRED', `token of field ${rec.f} has expired`, { field: rec.f });
      const s = await store.get(NS_S, rec.s);
      if (!s) throw new CustodiaError('SUBJECT_FORGOTTEN', 'the data subject of this token has no data key', { field: rec.f });
      const srec = JSON.parse(s.value) as SubjectRec;
      if (srec.gen !== rec.g || srec.forgotten) throw forgottenError(rec.f);
      const dek = await unwrap(rec.s, srec);
      const raw = fromBase64(rec.c);
      try {
        return utf8Decode(xchacha20poly1305(dek, raw.subarray(0, 24), utf8Encode(`${token}\u0000${rec.f}`)).decrypt(raw.subarray(24)));
      } catch {
        throw new CustodiaError('DECRYPT_FAILED', `vault record of field ${rec.f} does not decrypt: the store was modified`, { field: rec.f });
      }
    },

    async forgetSubject(subject) {
      if (typeof subject !== 'string' || subject.length === 0) throw new CustodiaError('INVALID_ARGUMENT', '"subject" expected a non-empty string', { field: 'subject' });
      // 1. The tombstone replaces the wrapped data key: from here on no token of the subject resolves.
      let tomb: { ref: string; rec: SubjectRec; version: number };
      for (;;) {
        const found = await findSubject(subject);
        if (found?.rec.forgotten) {
          tomb = found; // forgotten before (maybe by a call that failed during step 2)
          break;
        }
        const kid = found?.rec.kid ?? ring.primary().id;
        const ref = found?.ref ?? sref(kid, subject);
        const rec: SubjectRec = { kid, gen: found?.rec.gen ?? 0, forgotten: true, ...(found && found.rec.v !== 2 ? {} : { v: 2 as const }) };
        try {
          tomb = { ref, rec, version: await store.put(NS_S, ref, JSON.stringify(rec), { ifVersion: found?.version ?? 0 }) };
          break;
        } catch (e) {
          if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e;
        }
      }
      // 2. Delete what is derived from the values or links tokens to the subject.
      const legacy = tomb.rec.v !== 2;
      await shred(tomb.ref, tomb.rec.gen, legacy);
      if (legacy) {
        // Layout-1 leftovers are gone: later forgets need no full scan (unless the record changed meanwhile).
        try {
          await store.put(NS_S, tomb.ref, JSON.stringify({ ...tomb.rec, v: 2 } satisfies SubjectRec), { ifVersion: tomb.version });
        } catch (e) {
          if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e;
        }
      }
    },

    async purgeExpired() {
      const t = now();
      const dead: { token: string; rec: TokenRec }[] = [];
      for await (const r of store.scan(NS_T)) {
        const rec = JSON.parse(r.value) as TokenRec;
        if (rec.e !== undefined && t >= rec.e) dead.push({ token: r.key, rec });
      }
      for (const d of dead) await retireToken(d.token, d.rec);
      return dead.length;
    },

    async rotateEpoch() {
      const { id, older } = await epochs.next();
      const epoch = { id, key: await epochs.key(id) };
      let rewrapped = 0;
      // A subject created meanwhile under an older epoch moves itself (see dataKey).
      for (const r of await collect(store.scan(NS_S))) if (await rewrapTo(r.key, r, epoch)) rewrapped++;
      for (const old of older) await epochs.destroy(old);
      return { epoch: id, rewrapped, destroyed: older.length };
    },
  };
}
