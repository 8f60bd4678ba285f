/**
 * The hash-chain engine under the consent ledger and the audit log. Each record holds its
 * sequence number, the previous record's hash and its own hash (or HMAC) over the canonical
 * JSON of everything else in it, so any edit, removal, insertion or reordering breaks the
 * chain at the first bad record.
 */
import { equalStrings } from '../bytes/_core.js';
import { toHex } from '../bytes/encoding.js';
import { CustodiaError, isCustodiaError } from '../errors/index.js';
import { hmac, sha256, sm3 } from '../hash/_hashing.js';
import type { HashAlg } from '../hash/index.js';
import type { Store } from '../store/index.js';
import { canonicalJson } from './_canonical.js';
import { _parseStored, _StoredFinding } from './_stored.js';

/**
 * How a chain's record hashes are made.
 * @example
 * ```ts
 * const ledger = createLedger({ store, hash: 'sm3', key: chainKey });
 * const alg: ChainAlg = (await ledger.checkpoint()).alg; // 'hmac-sm3'
 * ```
 */
export type ChainAlg = 'sha256' | 'sm3' | 'hmac-sha256' | 'hmac-sm3';

/**
 * One record of a chain. `data` is the consent event or audit entry.
 * @example
 * ```ts
 * const records: ChainRecord<ConsentEvent>[] = await ledger.export();
 * writeFileSync('ledger-backup.json', JSON.stringify(records));
 * ```
 */
export interface ChainRecord<T = unknown> {
  /** Format version. */
  v: 1;
  /** `'consent'` or `'audit'`: a record of one chain never verifies in the other. */
  kind: string;
  /** Position from 0. */
  seq: number;
  /** Hash of the record before (64 zeros for the first). */
  prev: string;
  alg: ChainAlg;
  data: T;
  /** Hex hash (or HMAC) of the canonical JSON of all other members. */
  hash: string;
}

/**
 * The head of a chain: publish or sign it elsewhere, and a later truncation is caught.
 * @example
 * ```ts
 * const cp: Checkpoint = await ledger.checkpoint(); // { length, hash, alg }
 * (await ledger.verify({ checkpoint: cp })).ok // later: false if records it covers were removed
 * ```
 */
export interface Checkpoint {
  length: number;
  hash: string;
  alg: ChainAlg;
}

/**
 * Verification result: `index` is the first bad record, `code` says what is wrong with it.
 * @example
 * ```ts
 * const r: VerifyResult = await ledger.verify();
 * if (!r.ok) console.error(`ledger broken at record ${r.index}: ${r.code}`);
 * ```
 */
export type VerifyResult = { ok: true } | { ok: false; index: number; code: string };

/**
 * Options of chain verification.
 * @example
 * ```ts
 * const opts: VerifyOptions = { key: chainKey, checkpoint: publishedCheckpoint };
 * verifyLedger(JSON.parse(backup), opts).ok
 * ```
 */
export interface VerifyOptions {
  /** HMAC key, needed for `hmac-*` chains. */
  key?: Uint8Array;
  /** A checkpoint taken earlier: the records must still reach it and end in the same hash. */
  checkpoint?: Checkpoint;
}

/** @internal */
export const _GENESIS = '0'.repeat(64);

/** @internal */
export function _algOf(hash: HashAlg, key: Uint8Array | undefined): ChainAlg {
  if (key !== undefined && key.length < 16) throw new CustodiaError('INVALID_KEY', 'chain HMAC key must be at least 16 bytes', { field: 'key' });
  return key ? (`hmac-${hash}` as ChainAlg) : hash;
}

/** @internal */
export function _digest(alg: ChainAlg, key: Uint8Array | undefined, text: string): string {
  switch (alg) {
    case 'sha256':
      return toHex(sha256(text));
    case 'sm3':
      return toHex(sm3(text));
    default:
      if (!key) throw new CustodiaError('INVALID_KEY', 'an HMAC chain needs its key', { field: 'key' });
      return toHex(hmac(alg === 'hmac-sha256' ? 'sha256' : 'sm3', key, text));
  }
}

/** @internal */
export function _seal<T>(kind: string, seq: number, prev: string, alg: ChainAlg, key: Uint8Array | undefined, data: T): ChainRecord<T> {
  const body = { v: 1 as const, kind, seq, prev, alg, data };
  return { ...body, hash: _digest(alg, key, canonicalJson(body)) };
}

const ALGS = new Set<unknown>(['sha256', 'sm3', 'hmac-sha256', 'hmac-sm3']);
const HEX64 = /^[0-9a-f]{64}$/;

/** Checks record `r` at position `i` after a record whose hash is `prev`; returns an error code or undefined. @internal */
export function _check(r: unknown, i: number, prev: string, alg: ChainAlg | undefined, kind: string, key: Uint8Array | undefined): string | undefined {
  if (r instanceof _StoredFinding) return r.code;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'BAD_RECORD';
  const rec = r as Record<string, unknown>;
  if (rec['v'] !== 1 || rec['kind'] !== kind || typeof rec['hash'] !== 'string' || typeof rec['prev'] !== 'string' || !('data' in rec)) return 'BAD_RECORD';
  if (rec['seq'] !== i) return 'BAD_SEQUENCE';
  if (!ALGS.has(rec['alg']) || (alg !== undefined && rec['alg'] !== alg)) return 'BAD_ALGORITHM';
  if (!equalStrings(rec['prev'], prev)) return 'BAD_PREVIOUS';
  if (!HEX64.test(rec['hash'])) return 'BAD_HASH';
  const ralg = rec['alg'] as ChainAlg;
  if (ralg.startsWith('hmac-') && !key) return 'KEY_REQUIRED';
  // Exactly the seven members: anything added is tampering too.
  if (Object.keys(rec).length !== 7) return 'BAD_RECORD';
  const hash = rec['hash'];
  const body = { v: 1, kind, seq: i, prev, alg: ralg, data: rec['data'] };
  let expect: string;
  try {
    expect = _digest(ralg, key, canonicalJson(body));
  } catch (e) {
    if (isCustodiaError(e)) return 'BAD_RECORD';
    throw e;
  }
  return equalStrings(expect, hash as string) ? undefined : 'BAD_HASH';
}

/** Verifies a whole exported chain of `kind`, with `validate` checking each record's data. @internal */
export function _verify(records: readonly unknown[], kind: string, opts: VerifyOptions, validate?: (data: unknown) => boolean): VerifyResult {
  if (!Array.isArray(records)) return { ok: false, index: 0, code: 'BAD_RECORD' };
  const cp = opts.checkpoint;
  // No verdict about nothing: an empty chain proves no record, unless a checkpoint says records were there.
  if (records.length === 0 && !(cp && cp.length > 0))
    throw new CustodiaError('LOG_EMPTY', `${kind} chain holds no record: nothing to verify (wrong log name or store?)`, { field: 'records' });
  let prev = _GENESIS;
  let alg: ChainAlg | undefined;
  for (let i = 0; i < records.length; i++) {
    // With a key the caller expects an HMAC chain: a plain-hash chain (anyone can recompute it) is a downgrade.
    // Checking the first record is enough: the others must share its algorithm.
    if (i === 0 && opts.key !== undefined && !String((records[0] as Partial<ChainRecord> | null)?.alg).startsWith('hmac-')) return { ok: false, index: 0, code: 'BAD_ALGORITHM' };
    const code = _check(records[i], i, prev, alg, kind, opts.key);
    if (code) return { ok: false, index: i, code };
    const r = records[i] as ChainRecord;
    if (validate && !validate(r.data)) return { ok: false, index: i, code: 'BAD_DATA' };
    alg = r.alg;
    prev = r.hash;
  }
  if (cp) {
    if (records.length < cp.length) return { ok: false, index: records.length, code: 'TRUNCATED' };
    const at = cp.length - 1;
    const h = at < 0 ? _GENESIS : (records[at] as ChainRecord).hash;
    if (!equalStrings(h, cp.hash) || (at >= 0 && alg !== cp.alg)) return { ok: false, index: Math.max(at, 0), code: 'CHECKPOINT_MISMATCH' };
  }
  return { ok: true };
}

function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]); // not Object.values: WeChat adds a helper for it
}

/** A writer/reader of one chain in a store, serialising its own calls and retrying on concurrent appends. @internal */
export interface _Chain<T> {
  append(data: T): Promise<ChainRecord<T>>;
  /** Appends in order, as one store write where the store has `appendMany`. */
  appendMany(datas: readonly T[]): Promise<ChainRecord<T>[]>;
  /** Reads records appended since the last call (by anyone), verifying each; returns the new ones. */
  sync(): Promise<ChainRecord<T>[]>;
  all(): ChainRecord<T>[];
  head(): Checkpoint;
}

/** @internal */
export function _createChain<T>(opts: { store: Store; log: string; kind: string; alg: ChainAlg; key: Uint8Array | undefined; retries?: number; onRecord?: (r: ChainRecord<T>) => void }): _Chain<T> {
  const { store, log, kind, alg, key, onRecord } = opts;
  const records: ChainRecord<T>[] = [];
  let head = _GENESIS;
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <R>(fn: () => Promise<R>): Promise<R> => {
    const p = queue.then(fn);
    queue = p.catch(() => undefined);
    return p;
  };
  const accept = (r: ChainRecord<T>) => {
    // Callers get these very objects from export/history: frozen, so nobody edits the cache in place.
    deepFreeze(r);
    records.push(r);
    head = r.hash;
    onRecord?.(r);
  };
  const pull = async (): Promise<ChainRecord<T>[]> => {
    const fresh: ChainRecord<T>[] = [];
    for await (const e of store.read(log, { from: records.length })) {
      const r = _parseStored(e, records.length);
      const code = _check(r, records.length, head, alg, kind, key);
      if (code) throw new CustodiaError('LEDGER_CORRUPT', `${kind} chain record ${records.length} fails verification: ${code}`, { field: `seq ${records.length}` });
      accept(r as ChainRecord<T>);
      fresh.push(r as ChainRecord<T>);
    }
    return fresh;
  };
  /** Seals `datas` after the records read and writes them as one store write: `appendMany`, or `append` for one. */
  const write = async (datas: readonly T[]): Promise<ChainRecord<T>[]> => {
    const max = opts.retries ?? 10_000;
    for (let attempt = 0; attempt < max; attempt++) {
      const recs: ChainRecord<T>[] = [];
      for (const d of datas) recs.push(_seal(kind, records.length + recs.length, recs.length ? recs[recs.length - 1]!.hash : head, alg, key, d));
      // The stored text need not be canonical: verification re-canonicalises the parsed record.
      const texts = recs.map((r) => JSON.stringify(r));
      try {
        await (store.appendMany ? store.appendMany(log, texts, { ifLength: records.length }) : store.append(log, texts[0]!, { ifLength: records.length }));
        recs.forEach(accept);
        return recs;
      } catch (e) {
        if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e;
        // Nothing new to read yet a conflict: the store holds fewer records than this process
        // saw (tail removed) or counts past them (seq gap). Retrying can never succeed.
        if ((await pull()).length === 0 && (await store.length(log)) !== records.length)
          throw new CustodiaError('LEDGER_CORRUPT', `${kind} chain in the store no longer matches the ${records.length} record(s) read: truncated or renumbered`, { field: `seq ${records.length}` });
        // Back off a little under heavy contention so one writer can get through.
        if (attempt > 3) await new Promise((r) => setTimeout(r, attempt % 7));
      }
    }
    throw new CustodiaError('LEDGER_CONFLICT', `${kind} chain append kept losing to concurrent writers`, { field: log });
  };
  // A sequencing store (Store.sequence) seals records itself, in batches across writers. The chain
  // is read and checked before the first item is queued (an empty cache: re-read while it stays
  // empty, which costs nothing); the record comes back sealed, a fresh parse (the cache, frozen,
  // fills in order on reads).
  const sequenced = async (data: T): Promise<ChainRecord<T>> => {
    if (!records.length) await exclusive(pull);
    return JSON.parse((await store.sequence!(log, JSON.stringify(data), opts)).value) as ChainRecord<T>;
  };
  return {
    sync: () => exclusive(pull),
    append: (data) => (store.sequence ? sequenced(data) : exclusive(async () => (await write([data]))[0]!)),
    // A sequencing store batches across writers itself: queue them all, in order, and wait for their seqs.
    // A store without appendMany takes the batch one record at a time (a conflict mid-batch must not reseal written ones).
    appendMany: (datas) =>
      store.sequence ? Promise.all(datas.map(sequenced)) : exclusive(async () => {
        if (store.appendMany) return datas.length ? write(datas) : [];
        const out: ChainRecord<T>[] = [];
        for (const d of datas) out.push(...(await write([d])));
        return out;
      }),
    all: () => records,
    head: () => ({ length: records.length, hash: head, alg }),
  };
}

/** Every record of `log`, parsed afresh and strictly from the store (see {@link _parseStored}). @internal */
export async function _readAll(store: Store, log: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const e of store.read(log)) out.push(_parseStored(e, out.length));
  return out;
}

/**
 * Reads `log` strictly and verifies it with `verify`. A store whose length counts entries that
 * cannot be read (a head past a removed or renumbered last entry) is `SEQ_GAP` where they are
 * missing; entries appended while verifying are readable, and do not count against the chain.
 * @internal
 */
export async function _verifyLog(store: Store, log: string, verify: (records: unknown[]) => VerifyResult): Promise<{ result: VerifyResult; records: unknown[] }> {
  const records = await _readAll(store, log);
  const gap = async () => {
    if ((await store.length(log)) <= records.length) return false;
    for await (const _ of store.read(log, { from: records.length, limit: 1 })) return false;
    return true;
  };
  // Rows removed under a head that still counts them: tampering, not an empty log.
  if (records.length === 0 && (await gap())) return { result: { ok: false, index: 0, code: 'SEQ_GAP' }, records };
  const result = verify(records);
  if (result.ok && (await gap())) return { result: { ok: false, index: records.length, code: 'SEQ_GAP' }, records };
  return { result, records };
}
