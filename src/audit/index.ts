/**
 * The tamper-evident access and processing log (T/CCAGM 002-2021 §5.2, 5.4, 5.5): who did
 * what to which fields, for which purpose, and whether it was allowed, on the same hash
 * chain as the consent ledger; plus the register of collected data sets and their
 * responsible persons.
 * @module
 */
import { parseWith } from '../catalog/_parse.js';
import { canonicalJson, type ChainRecord, type Checkpoint, type VerifyOptions, type VerifyResult } from '../consent/index.js';
// The audit log runs on the consent ledger's chain engine: one implementation to prove.
import { _algOf, _createChain, _verify, _verifyLog } from '../consent/_chain.js';
import { _registerLog } from '../consent/_registry.js';
import { toHex } from '../bytes/index.js';
import { sha256, sm3 } from '../hash/_hashing.js';
import type { HashAlg } from '../hash/index.js';
import type { Store } from '../store/index.js';
import { auditEntrySchema, dataSetSchema, type AuditEntry, type AuditEntryInput, type DataSet, type DataSetInput } from './_entry.js';
import { needObject, optObject, readingCaller } from '../errors/_args.js';

export { AUDIT_ACTIONS, auditEntrySchema, dataSetSchema, type AuditEntry, type AuditEntryInput, type DataSet, type DataSetInput } from './_entry.js';

/**
 * A record of the audit log.
 * @example
 * ```ts
 * const denied: AuditRecord[] = (await audit.query()).filter((r) => r.data.decision === 'deny');
 * for (const r of denied) console.log(r.seq, r.data.operator, r.data.reasons);
 * ```
 */
export type AuditRecord = ChainRecord<AuditEntry>;

/**
 * Options of {@link createAuditLog}.
 * @example
 * ```ts
 * const opts: AuditLogOptions = { store, hash: 'sm3', key: auditKey, log: 'audit-cn' };
 * const audit = createAuditLog(opts);
 * ```
 */
export interface AuditLogOptions {
  store: Store;
  hash?: HashAlg;
  /** HMAC key (≥ 16 bytes) so an insider with write access to the store cannot recompute the chain. */
  key?: Uint8Array;
  /** Log name (default `'audit'`); data sets live in namespace `${log}.datasets`. */
  log?: string;
}

/**
 * Filter of {@link AuditLog.query}.
 * @example
 * ```ts
 * const q: AuditQuery = { subject: 'u_8f3a', from: '2025-01-01T00:00:00Z' };
 * const accesses = await audit.query(q);
 * ```
 */
export interface AuditQuery {
  subject?: string;
  operator?: string;
  purpose?: string;
  dataSet?: string;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
}

/**
 * The audit log.
 * @example
 * ```ts
 * const audit: AuditLog = createAuditLog({ store: sqliteStore({ path: 'audit.db' }) });
 * const r = await audit.verify(); // { ok: true } unless a record or data set was changed
 * ```
 */
export interface AuditLog {
  /** Validates and appends an entry. */
  append(entry: AuditEntryInput): Promise<AuditRecord>;
  /** Registers (or re-registers) a data set with its responsible person, and logs it with the registration's hash. */
  registerDataSet(reg: DataSetInput): Promise<AuditRecord>;
  /** The registered data sets, each as last registered. */
  dataSets(): Promise<DataSet[]>;
  /** Entries matching the filter, in log order. */
  query(q?: AuditQuery): Promise<AuditRecord[]>;
  export(): Promise<AuditRecord[]>;
  checkpoint(): Promise<Checkpoint>;
  /**
   * Re-reads the log and checks every data set against its logged registration hash (T/CCAGM 5.4):
   * `DATASET_MISMATCH` for an edited or unlogged registry entry (also one not stored as its exact
   * canonical JSON under its own id), `DATASET_MISSING` for a logged data set removed from the
   * registry. Stored entries are read strictly (`NON_CANONICAL`, `SEQ_GAP`); an empty log throws
   * `LOG_EMPTY`. Against a signed Merkle checkpoint: `verifyCheckpointOf` (custodia/consent).
   */
  verify(opts?: { checkpoint?: Checkpoint }): Promise<VerifyResult>;
}

/**
 * Creates an audit log over `store`.
 *
 * @example
 * ```ts
 * const audit = createAuditLog({ store, key: auditKey });
 * const r = checkPurpose({ purpose, fields, subjectState, catalog, now });
 * await audit.append({ operator: 'staff_17', role: 'crm', purpose: purpose.id, action: 'read', fields,
 *   subject: subjectState.subject, decision: r.allowed ? 'allow' : 'deny', reasons: r.reasons.map((x) => x.code),
 *   at: new Date().toISOString() });
 * ```
 */
export function createAuditLog(opts: AuditLogOptions): AuditLog {
  needObject(opts, 'opts');
  const log = opts.log ?? 'audit';
  const ns = `${log}.datasets`;
  const alg = opts.hash ?? 'sha256';
  const chain = _createChain<AuditEntry>({ store: opts.store, log, kind: 'audit', alg: _algOf(alg, opts.key), key: opts.key });
  const refOf = (d: DataSet) => toHex((alg === 'sm3' ? sm3 : sha256)(canonicalJson(d)));
  const all = async () => {
    await chain.sync();
    return [...chain.all()];
  };
  const keyOpt = opts.key ? { key: opts.key } : {};

  const auditLog: AuditLog = {
    append: async (entry) => chain.append(parseWith(auditEntrySchema(), entry, 'audit entry')),
    async registerDataSet(reg) {
      const d = parseWith(dataSetSchema(), reg, 'data set');
      await opts.store.put(ns, d.id, canonicalJson(d));
      return chain.append(
        parseWith(auditEntrySchema(), { operator: d.registeredBy, role: 'registrar', purpose: 'registration', action: 'register', fields: d.categories, dataSet: d.id, decision: 'allow', ref: refOf(d), at: d.registeredAt }, 'audit entry'),
      );
    },
    async dataSets() {
      const out: DataSet[] = [];
      for await (const r of opts.store.scan(ns)) out.push(parseWith(dataSetSchema(), JSON.parse(r.value), 'data set'));
      return out;
    },
    async query(q = {}) {
      return (await all()).filter(({ data: e }) =>
        (q.subject === undefined || e.subject === q.subject) &&
        (q.operator === undefined || e.operator === q.operator) &&
        (q.purpose === undefined || e.purpose === q.purpose) &&
        (q.dataSet === undefined || e.dataSet === q.dataSet) &&
        (q.from === undefined || Date.parse(e.at) >= Date.parse(q.from)) &&
        (q.to === undefined || Date.parse(e.at) <= Date.parse(q.to)));
    },
    export: all,
    async checkpoint() {
      await chain.sync();
      return chain.head();
    },
    async verify(given = {}) {
      optObject(given, 'opts');
      const v = readingCaller('opts', () => ({ ...given }));
      const { result: r, records } = await _verifyLog(opts.store, log, (recs) => verifyAuditLog(recs, { ...keyOpt, ...v }));
      if (!r.ok) return r;
      // The registry lives outside the chain: each data set must match its latest logged registration.
      const latest = new Map<string, { ref: string; index: number }>();
      (records as AuditRecord[]).forEach((x, index) => {
        if (x.data.action === 'register' && x.data.dataSet && x.data.ref) latest.set(x.data.dataSet, { ref: x.data.ref, index });
      });
      const seen = new Set<string>();
      for await (const s of opts.store.scan(ns)) {
        seen.add(s.key);
        const logged = latest.get(s.key);
        let json: unknown;
        try {
          json = JSON.parse(s.value);
        } catch {
          json = undefined;
        }
        const parsed = dataSetSchema().safeParse(json);
        // Stored exactly as registered: canonical JSON (no duplicate or extra keys) under its own id.
        const exact = parsed.success && parsed.data.id === s.key && canonicalJson(parsed.data) === s.value;
        if (!logged || !parsed.success || !exact || refOf(parsed.data) !== logged.ref) return { ok: false, index: logged?.index ?? records.length, code: 'DATASET_MISMATCH' };
      }
      // There is no deregistration: a data set the log registered must still be in the registry.
      for (const [id, logged] of latest) if (!seen.has(id)) return { ok: false, index: logged.index, code: 'DATASET_MISSING' };
      return { ok: true };
    },
  };
  return _registerLog(auditLog, { store: opts.store, log });
}

/**
 * Verifies exported audit records, with the same codes as `verifyLedger`.
 *
 * @example
 * ```ts
 * verifyAuditLog(await audit.export(), { key: auditKey }) // { ok: true }
 * ```
 */
export function verifyAuditLog(records: readonly unknown[], opts: VerifyOptions = {}): VerifyResult {
  return _verify(records, 'audit', opts, (d) => auditEntrySchema().safeParse(d).success);
}
