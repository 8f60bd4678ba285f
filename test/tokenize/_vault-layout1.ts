// The vault as released before layout 2 (git show 94de163:src/tokenize/_vault.ts), kept verbatim but for
// import paths: test/tokenize/vault-forget.test.ts writes real layout-1 data with it and checks that
// the current vault still reads it and forgets it completely. Do not edit.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { fromBase64, toBase64, utf8Decode, utf8Encode } from '../../src/bytes/index.js';
import { CustodiaError, isCustodiaError } from '../../src/errors/index.js';
import { hmac } from '../../src/hash/index.js';
import { normalizeAs, type NormalizeKind } from '../../src/normalize/index.js';
import { randomBytes } from '../../src/runtime/index.js';
import { memoryStore, type Store } from '../../src/store/index.js';
import type { KeyRing } from '../../src/tokenize/_keyring.js';

/** Options of {@link createVault}. */
export interface VaultOptions {
  keyring: KeyRing;
  /** Where tokens, index and subject keys live (default: a new in-memory store). */
  store?: Store;
  /** Purpose label mixed into every subkey (default `'default'`). */
  purpose?: string;
  /** Record namespace prefix in the store (default `'custodia.vault'`). */
  namespace?: string;
  /** Per-field normalizers (so one person's number written two ways gets one token) and key domains. */
  fields?: Record<string, { normalize?: NormalizeKind | ((v: string) => string); domain?: string }>;
  /** Default time to live of new tokens, ms (default: none). */
  ttlMs?: number;
  /** Clock (tests); default `Date.now`. */
  now?: () => number;
}

/** Options of {@link Vault.tokenize}. */
export interface VaultTokenizeOptions {
  /** The data subject (customer id) the value belongs to: its data key encrypts the value. */
  subject: string;
  /** Time to live of this token, ms (overrides the vault default). */
  ttlMs?: number;
}

/** A token vault from {@link createVault}. */
export interface Vault {
  /** A random token for `value`; the same (subject, field, value) gives the same live token. */
  tokenize(field: string, value: string, opts: VaultTokenizeOptions): Promise<string>;
  /** The value behind a token: `INVALID_TOKEN`, `TOKEN_EXPIRED` or `SUBJECT_FORGOTTEN` otherwise. */
  detokenize(token: string): Promise<string>;
  /** Destroys the subject's data key: every token of that subject becomes unrecoverable. */
  forgetSubject(subject: string): Promise<void>;
  /** Deletes expired token records; returns how many. */
  purgeExpired(): Promise<number>;
}

interface SubjectRec {
  kid: string;
  gen: number;
  w?: string;
  forgotten?: boolean;
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

/**
 * A token vault: random tokens (`vt_…`, 144 bits from the runtime's CSPRNG) for values that must
 * not be derivable from any key, resolved only through the vault (T/CCAGM 002-2021 3.9, 5.1).
 * Idempotent through a keyed index (HMAC of subject, field and normalized value), so the
 * index holds no value. Each subject's values are encrypted (XChaCha20-Poly1305) under their own
 * random data key, wrapped by the key ring: `forgetSubject` destroys that data key and every
 * token of the subject stops resolving (`SUBJECT_FORGOTTEN`), i.e. crypto-shredding for
 * deletion requests (standard 7), also in backups of the store.
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
  const ring = opts.keyring;
  if (!ring || typeof ring._subkey !== 'function') throw new CustodiaError('INVALID_ARGUMENT', 'createVault needs { keyring }', { field: 'keyring' });
  const store = opts.store ?? memoryStore();
  const purpose = opts.purpose ?? 'default';
  const ns = opts.namespace ?? 'custodia.vault';
  const NS_T = `${ns}.tokens`;
  const NS_I = `${ns}.index`;
  const NS_S = `${ns}.subjects`;
  const now = opts.now ?? Date.now;
  const fields = opts.fields ?? {};
  const cfg = (f: string) => (Object.prototype.hasOwnProperty.call(fields, f) ? fields[f]! : {});
  const live = () => ring.list().filter((k) => k.status !== 'destroyed');

  const norm = (field: string, v: string): string => {
    if (typeof field !== 'string' || field.length === 0) throw new CustodiaError('INVALID_ARGUMENT', '"field" expected a non-empty string', { field: 'field' });
    if (typeof v !== 'string') throw new CustodiaError('INVALID_ARGUMENT', `value of field ${field} expected a string`, { field });
    const n = cfg(field).normalize;
    return n === undefined ? v : typeof n === 'function' ? n(v) : normalizeAs(n, v, field);
  };
  const sref = (kid: string, subject: string) => b64(hmac('sha256', ring._subkey(kid, ['vault-subject', purpose]), subject)).slice(0, 32);
  const idxKey = (kid: string, field: string, s: string, gen: number, value: string) =>
    b64(hmac('sha256', ring._subkey(kid, ['vault-index', purpose, cfg(field).domain ?? field]), `${s}\u0000${gen}\u0000${field}\u0000${value}`));
  const kekFor = (kid: string) => ring._subkey(kid, ['vault-kek', purpose]);

  async function findSubject(subject: string): Promise<{ ref: string; rec: SubjectRec; version: number } | undefined> {
    for (const k of live()) {
      const ref = sref(k.id, subject);
      const r = await store.get(NS_S, ref);
      if (r) return { ref, rec: JSON.parse(r.value) as SubjectRec, version: r.version };
    }
    return undefined;
  }

  function unwrap(ref: string, rec: SubjectRec): Uint8Array {
    if (rec.forgotten || !rec.w) throw new CustodiaError('SUBJECT_FORGOTTEN', 'the data subject of this token was forgotten: its data key is destroyed', { field: 'subject' });
    const raw = fromBase64(rec.w);
    try {
      return xchacha20poly1305(kekFor(rec.kid), raw.subarray(0, 24), utf8Encode(`${ref}\u0000${rec.gen}`)).decrypt(raw.subarray(24));
    } catch (e) {
      if (isCustodiaError(e)) throw e;
      throw new CustodiaError('DECRYPT_FAILED', 'vault subject key does not unwrap: the store was modified', { field: 'subject' });
    }
  }

  /** The subject's live data key, creating it (or its next generation after a forget). */
  async function dataKey(subject: string): Promise<{ ref: string; gen: number; dek: Uint8Array }> {
    for (;;) {
      const found = await findSubject(subject);
      if (found && !found.rec.forgotten) return { ref: found.ref, gen: found.rec.gen, dek: unwrap(found.ref, found.rec) };
      const kid = found?.rec.kid && ring.info(found.rec.kid).status !== 'destroyed' ? found.rec.kid : ring.primary().id;
      const ref = found?.ref ?? sref(kid, subject);
      const gen = (found?.rec.gen ?? 0) + 1;
      const dek = randomBytes(32);
      const nonce = randomBytes(24);
      const w = xchacha20poly1305(kekFor(kid), nonce, utf8Encode(`${ref}\u0000${gen}`)).encrypt(dek);
      const raw = new Uint8Array(24 + w.length);
      raw.set(nonce);
      raw.set(w, 24);
      try {
        await store.put(NS_S, ref, JSON.stringify({ kid, gen, w: b64(raw) } satisfies SubjectRec), { ifVersion: found?.version ?? 0 });
        return { ref, gen, dek };
      } catch (e) {
        if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e; // another writer created it: read theirs
      }
    }
  }

  async function readToken(token: string): Promise<{ rec: TokenRec; version: number } | undefined> {
    if (typeof token !== 'string' || !token.startsWith('vt_')) return undefined;
    const r = await store.get(NS_T, token);
    return r && { rec: JSON.parse(r.value) as TokenRec, version: r.version };
  }

  return {
    async tokenize(field, value, o) {
      if (!o || typeof o.subject !== 'string' || o.subject.length === 0)
        throw new CustodiaError('INVALID_ARGUMENT', 'vault.tokenize needs { subject }', { field: 'subject' });
      const v = norm(field, value);
      const { ref, gen, dek } = await dataKey(o.subject);
      // Idempotent under any live key, so a rotation does not mint second tokens.
      for (const k of live()) {
        const ik = idxKey(k.id, field, ref, gen, v);
        const hit = await store.get(NS_I, ik);
        if (!hit) continue;
        const t = await readToken(hit.value);
        if (t && (t.rec.e === undefined || now() < t.rec.e)) return hit.value;
        if (t) await store.delete(NS_T, hit.value);
        await store.delete(NS_I, ik);
      }
      const ik = idxKey(ring.primary().id, field, ref, gen, v);
      const token = 'vt_' + b64(randomBytes(18));
      const nonce = randomBytes(24);
      const ct = xchacha20poly1305(dek, nonce, utf8Encode(`${token}\u0000${field}`)).encrypt(utf8Encode(v));
      const raw = new Uint8Array(24 + ct.length);
      raw.set(nonce);
      raw.set(ct, 24);
      const ttl = o.ttlMs ?? opts.ttlMs;
      if (ttl !== undefined && (!Number.isFinite(ttl) || ttl <= 0)) throw new CustodiaError('INVALID_ARGUMENT', '"ttlMs" expected a positive number', { field: 'ttlMs' });
      const rec: TokenRec = { f: field, s: ref, g: gen, c: b64(raw), i: ik, ...(ttl !== undefined ? { e: now() + ttl } : {}) };
      await store.put(NS_T, token, JSON.stringify(rec), { ifVersion: 0 });
      try {
        await store.put(NS_I, ik, token, { ifVersion: 0 });
        return token;
      } catch (e) {
        if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e;
        await store.delete(NS_T, token); // a concurrent call won: return its token
        const won = await store.get(NS_I, ik);
        if (!won) throw e;
        return won.value;
      }
    },

    async detokenize(token) {
      const t = await readToken(token);
      if (!t) throw new CustodiaError('INVALID_TOKEN', 'token is not in this vault', { field: 'token' });
      const { rec } = t;
      if (rec.e !== undefined && now() >= rec.e) throw new CustodiaError('TOKEN_EXPIRED', `token of field ${rec.f} has expired`, { field: rec.f });
      const s = await store.get(NS_S, rec.s);
      if (!s) throw new CustodiaError('SUBJECT_FORGOTTEN', 'the data subject of this token has no data key', { field: rec.f });
      const srec = JSON.parse(s.value) as SubjectRec;
      if (srec.gen !== rec.g || srec.forgotten) throw new CustodiaError('SUBJECT_FORGOTTEN', 'the data subject of this token was forgotten: its data key is destroyed', { field: rec.f });
      const dek = unwrap(rec.s, srec);
      const raw = fromBase64(rec.c);
      try {
        return utf8Decode(xchacha20poly1305(dek, raw.subarray(0, 24), utf8Encode(`${token}\u0000${rec.f}`)).decrypt(raw.subarray(24)));
      } catch {
        throw new CustodiaError('DECRYPT_FAILED', `vault record of field ${rec.f} does not decrypt: the store was modified`, { field: rec.f });
      }
    },

    async forgetSubject(subject) {
      if (typeof subject !== 'string' || subject.length === 0) throw new CustodiaError('INVALID_ARGUMENT', '"subject" expected a non-empty string', { field: 'subject' });
      for (;;) {
        const found = await findSubject(subject);
        const kid = found?.rec.kid ?? ring.primary().id;
        const ref = found?.ref ?? sref(kid, subject);
        const tomb: SubjectRec = { kid, gen: found?.rec.gen ?? 0, forgotten: true };
        try {
          await store.put(NS_S, ref, JSON.stringify(tomb), { ifVersion: found?.version ?? 0 });
          return;
        } catch (e) {
          if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e;
        }
      }
    },

    async purgeExpired() {
      const t = now();
      const dead: { token: string; idx: string }[] = [];
      for await (const r of store.scan(NS_T)) {
        const rec = JSON.parse(r.value) as TokenRec;
        if (rec.e !== undefined && t >= rec.e) dead.push({ token: r.key, idx: rec.i });
      }
      for (const d of dead) {
        await store.delete(NS_T, d.token);
        const i = await store.get(NS_I, d.idx);
        if (i?.value === d.token) await store.delete(NS_I, d.idx);
      }
      return dead.length;
    },
  };
}
