/** The consent ledger: consent events on a hash chain in any {@link Store}. */
import { parseWith } from '../catalog/_parse.js';
import type { HashAlg } from '../hash/index.js';
import type { Store } from '../store/index.js';
import { _algOf, _createChain, _verify, _verifyLog, type ChainRecord, type Checkpoint, type VerifyOptions, type VerifyResult } from './_chain.js';
import { consentEventSchema, type ConsentEvent, type ConsentEventInput } from './_events.js';
import { consentState, type SubjectState } from './_state.js';
import { needArray, needObject, optObject, readingCaller } from '../errors/_args.js';
import { _registerLog } from './_registry.js';

/**
 * A record of the consent ledger.
 * @example
 * ```ts
 * const records: LedgerRecord[] = await ledger.history('u_8f3a');
 * for (const r of records) console.log(r.seq, r.data.event, r.data.at);
 * ```
 */
export type LedgerRecord = ChainRecord<ConsentEvent>;

/**
 * Options of {@link createLedger}.
 * @example
 * ```ts
 * const opts: LedgerOptions = { store: sqliteStore({ path: 'consent.db' }), hash: 'sm3', key: chainKey };
 * const ledger = createLedger(opts);
 * ```
 */
export interface LedgerOptions {
  store: Store;
  /** Chain hash (default `'sha256'`; `'sm3'` for GM/T-only deployments). */
  hash?: HashAlg;
  /** HMAC key (≥ 16 bytes): the chain then cannot be recomputed by someone who can write the store but lacks the key. */
  key?: Uint8Array;
  /** Log name in the store (default `'consent'`). */
  log?: string;
}

/**
 * The consent ledger.
 * @example
 * ```ts
 * const ledger: Ledger = createLedger({ store: memoryStore() });
 * const state = await ledger.stateOf('u_8f3a');
 * ```
 */
export interface Ledger {
  /** Validates `event` (throws `VALIDATION_FAILED` with paths and codes) and appends it; retries on concurrent writers. */
  append(event: ConsentEventInput): Promise<LedgerRecord>;
  /** Validates every event first (none is written if one fails), then appends them in order: one store write where the store has `appendMany`. */
  appendMany(events: readonly ConsentEventInput[]): Promise<LedgerRecord[]>;
  /** The subject's current consents, from every record in the store (also ones other processes appended). */
  stateOf(subject: string): Promise<SubjectState>;
  /** The subject's records in ledger order. */
  history(subject: string): Promise<LedgerRecord[]>;
  /** Every record, for verification elsewhere or backup. */
  export(): Promise<LedgerRecord[]>;
  /** Length and head hash: publish or sign it so a later truncation is detectable. */
  checkpoint(): Promise<Checkpoint>;
  /**
   * Re-reads the whole log from the store, strictly (stored text must round-trip exactly, the
   * store's seq must match), and verifies it (T/CCAGM 5.4). Throws `LOG_EMPTY` when the log holds
   * no record: no verdict about nothing.
   */
  verify(opts?: { checkpoint?: Checkpoint }): Promise<VerifyResult>;
}

/**
 * Creates a consent ledger over `store`. Reading verifies every record against the chain and
 * throws `LEDGER_CORRUPT` on the first bad one.
 *
 * @example
 * ```ts
 * const ledger = createLedger({ store: memoryStore(), hash: 'sm3' });
 * await ledger.append({ subject: 'u_8f3a', event: 'given', purposes: ['marketing'], notice: noticeRef(notice),
 *   method: 'checkbox', channel: 'mini-program', collector: 'mp-signup', responsible: 'crm-owner',
 *   evidence: uiStateHash, at: new Date().toISOString() });
 * (await ledger.stateOf('u_8f3a')).purposes.marketing?.status // 'given'
 * ```
 */
export function createLedger(opts: LedgerOptions): Ledger {
  needObject(opts, 'opts');
  const bySubject = new Map<string, LedgerRecord[]>();
  const log = opts.log ?? 'consent';
  const chain = _createChain<ConsentEvent>({
    store: opts.store,
    log,
    kind: 'consent',
    alg: _algOf(opts.hash ?? 'sha256', opts.key),
    key: opts.key,
    onRecord(r) {
      let l = bySubject.get(r.data.subject);
      if (!l) bySubject.set(r.data.subject, (l = []));
      l.push(r);
    },
  });
  const sync = () => chain.sync();

  const history = async (subject: string) => {
    await sync();
    return [...(bySubject.get(subject) ?? [])];
  };
  const ledger: Ledger = {
    async append(event) {
      const e = parseWith(consentEventSchema(), event, 'consent event');
      return chain.append(e);
    },
    async appendMany(events) {
      needArray(events, 'events');
      return chain.appendMany(events.map((e, i) => parseWith(consentEventSchema(), e, `events.${i}`)));
    },
    stateOf: async (subject) => consentState(subject, await history(subject)),
    history,
    async export() {
      await sync();
      return [...chain.all()];
    },
    async checkpoint() {
      await sync();
      return chain.head();
    },
    async verify(given = {}) {
      optObject(given, 'opts');
      const v = readingCaller('opts', () => ({ ...given }));
      const { result } = await _verifyLog(opts.store, log, (records) => verifyLedger(records, { ...(opts.key ? { key: opts.key } : {}), ...v }));
      return result;
    },
  };
  return _registerLog(ledger, { store: opts.store, log });
}

/**
 * Verifies exported ledger records: any changed field, removed, inserted or reordered record
 * is reported with the first bad `index` and a `code` (`BAD_SEQUENCE`, `BAD_PREVIOUS`,
 * `BAD_HASH`, `BAD_ALGORITHM`, `BAD_RECORD`, `BAD_DATA`, `KEY_REQUIRED`, and with a
 * checkpoint `TRUNCATED` or `CHECKPOINT_MISMATCH`; `ledger.verify()`, which reads the store,
 * also `NON_CANONICAL` and `SEQ_GAP`). Removing the last records is only detectable against a
 * checkpoint taken before. An empty array proves nothing: it throws `LOG_EMPTY` (unless a
 * checkpoint counts records: then `TRUNCATED`). See docs/verification.md.
 *
 * @example
 * ```ts
 * const r = verifyLedger(JSON.parse(backup));
 * if (!r.ok) alert(`ledger broken at record ${r.index}: ${r.code}`);
 * ```
 */
export function verifyLedger(records: readonly unknown[], opts: VerifyOptions = {}): VerifyResult {
  return _verify(records, 'consent', opts, (d) => consentEventSchema().safeParse(d).success);
}
