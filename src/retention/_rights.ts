/**
 * The subject rights of policy art. 4(6) and PIPL art. 44-47 as functions over a store:
 * query (everything held about a person), correct, delete, withdraw. Every call is logged
 * to the audit log when one is given; records hold a pseudonymous subject id.
 */
import type { AuditLog, AuditRecord } from '../audit/index.js';
import { canonicalJson, type Channel, type Ledger, type LedgerRecord, type SubjectState } from '../consent/index.js';
import { parseWith, type Catalog } from '../catalog/index.js';
import { _isoDateTimeSchema } from '../catalog/_iso.js';
import { _array, _min, _object, _optional, _string, type _Rule } from '../catalog/_rules.js';
import { CustodiaError, isCustodiaError } from '../errors/index.js';
import { needArray, needIterable, needObject, needString, optObject } from '../errors/_args.js';
import type { Store } from '../store/index.js';
import { toHex } from '../bytes/index.js';
import { randomBytes } from '../runtime/index.js';
import type { RetentionDecision, RetentionRecord } from './_plan.js';

/**
 * Where and why a record was collected (policy 8.5: traceable source).
 * @example
 * ```ts
 * const meta: RecordMeta = { purposes: ['orders'], collectedAt: new Date().toISOString(), channel: 'mini-program' };
 * await data.put('u_8f3a', 'profile', { name: '张三' }, meta, staff);
 * ```
 */
export interface RecordMeta {
  purposes: string[];
  collectedAt: string;
  channel?: Channel;
  dataSet?: string;
  lastActivityAt?: string;
}

/**
 * A stored customer record.
 * @example
 * ```ts
 * const rec: SubjectRecord | undefined = await data.get('u_8f3a', 'profile');
 * rec?.meta.purposes // ['orders']
 * ```
 */
export interface SubjectRecord {
  id: string;
  subject: string;
  data: Record<string, unknown>;
  meta: RecordMeta;
}

/**
 * Who acts, for the audit log.
 * @example
 * ```ts
 * const staff: Actor = { operator: 'emp-1024', role: 'customer-service' };
 * await data.erase('u_8f3a', staff);
 * ```
 */
export interface Actor {
  operator: string;
  role: string;
  /** ISO time; default now. */
  at?: string;
}

/**
 * Everything about one subject (policy 4(6) query; PIPL art. 45 copy).
 * @example
 * ```ts
 * const copy: SubjectExport = await data.query('u_8f3a', staff);
 * res.json(copy); // records, consent state and history, access log
 * ```
 */
export interface SubjectExport {
  subject: string;
  records: SubjectRecord[];
  consent: SubjectState;
  consentHistory: LedgerRecord[];
  /** Accesses and processing logged about the subject, when an audit log is attached. */
  accessLog: AuditRecord[];
}

/**
 * Options of {@link createSubjectData}.
 * @example
 * ```ts
 * const opts: SubjectDataOptions = { store, catalog, ledger, audit, ns: 'customers' };
 * const data = createSubjectData(opts);
 * ```
 */
export interface SubjectDataOptions {
  store: Store;
  catalog: Catalog;
  ledger: Ledger;
  audit?: AuditLog;
  /** Store namespace of the records (default `'subjects'`). */
  ns?: string;
}

/**
 * Customer records with the subject-rights functions over them.
 * @example
 * ```ts
 * const data: SubjectData = createSubjectData({ store, catalog, ledger });
 * await data.correct('u_8f3a', 'profile', { phone: '13900139000' }, staff);
 * ```
 */
export interface SubjectData {
  /** Validates `data` with the catalog and stores it. */
  put(subject: string, id: string, data: unknown, meta: RecordMeta, by: Actor): Promise<void>;
  get(subject: string, id: string): Promise<SubjectRecord | undefined>;
  /** Query: every record, the consent state and history, and the access log about the subject. */
  query(subject: string, by: Actor): Promise<SubjectExport>;
  /** Correct: applies a catalog-validated patch (`null` removes a field), retrying on concurrent writers. */
  correct(subject: string, id: string, patch: Record<string, unknown>, by: Actor): Promise<SubjectRecord>;
  /** Delete: removes all (or the listed) records of the subject; the consent ledger keeps its proof. Returns how many. */
  erase(subject: string, by: Actor, ids?: readonly string[]): Promise<number>;
  /** Withdraw: records the withdrawal in the ledger (easy withdrawal, T/CCAGM 4.1.2). */
  withdraw(subject: string, purposes: string[], how: Actor & { channel: Channel; responsible: string; method?: 'click' | 'toggle' | 'unsubscribe' | 'verbal-recorded' | 'paper-form' }): Promise<LedgerRecord>;
  /** All records, in the shape planRetention takes. */
  retentionRecords(): Promise<RetentionRecord[]>;
  /** Carries out a plan: deletes, or anonymizes by dropping direct and quasi identifiers and the subject link. */
  apply(plan: readonly RetentionDecision[], by: Actor): Promise<{ deleted: number; anonymized: number }>;
}

const SEP = '/';

let meta: _Rule | undefined;
// z.object (unknown keys dropped), as test/consent/_oracle.ts writes it in zod.
const metaSchema = () =>
  (meta ??= _object(
    {
      purposes: _array(_string(_min(1))),
      collectedAt: _isoDateTimeSchema(),
      lastActivityAt: _optional(_isoDateTimeSchema()),
      channel: _optional(_string()),
      dataSet: _optional(_string()),
    },
    1,
  ));

/**
 * Customer records in a store, with query, correct, delete and withdraw for the person
 * they are about (policy 4(6)).
 *
 * @example
 * ```ts
 * const data = createSubjectData({ store, catalog, ledger, audit });
 * await data.put('u_8f3a', 'profile', { name: '张三', phone: '13800138000' }, { purposes: ['membership'], collectedAt: now }, staff);
 * const copy = await data.query('u_8f3a', staff); // records + consents + access log
 * await data.erase('u_8f3a', staff);
 * ```
 */
export function createSubjectData(opts: SubjectDataOptions): SubjectData {
  needObject(opts, 'opts');
  const { store, catalog, ledger, audit } = opts;
  needObject(store as unknown, 'store');
  needObject(catalog as unknown, 'catalog');
  needObject(ledger as unknown, 'ledger');
  optObject(audit as unknown, 'audit');
  const ns = opts.ns ?? 'subjects';
  const key = (subject: string, id: string) => {
    needString(subject, 'subject');
    needString(id, 'id');
    if (!subject || subject.includes(SEP)) throw new CustodiaError('INVALID_ARGUMENT', 'subject id must be non-empty and contain no "/"', { field: 'subject' });
    return `${subject}${SEP}${id}`;
  };
  const at = (by: Actor) => (needObject(by, 'by'), by.at ?? new Date().toISOString());
  const log = async (by: Actor, action: 'write' | 'query' | 'correct' | 'delete' | 'withdraw' | 'anonymize', purpose: string, fields: string[], subject?: string) => {
    await audit?.append({ operator: by.operator, role: by.role, purpose, action, fields, ...(subject === undefined ? {} : { subject }), decision: 'allow', at: at(by) });
  };
  const parseStored = (subject: string, id: string, value: string): SubjectRecord => {
    const v = JSON.parse(value) as { data: Record<string, unknown>; meta: RecordMeta };
    return { id, subject, data: v.data, meta: v.meta };
  };
  const list = async (subject: string) => {
    const out: SubjectRecord[] = [];
    for await (const r of store.scan(ns, { prefix: key(subject, '') })) out.push(parseStored(subject, r.key.slice(subject.length + 1), r.value));
    return out;
  };
  return {
    async put(subject, id, data, meta, by) {
      const parsed = catalog.parse(data) as Record<string, unknown>;
      parseWith(metaSchema(), meta, 'record meta');
      await store.put(ns, key(subject, id), canonicalJson({ data: parsed, meta }));
      await log(by, 'write', meta.purposes.join(',') || 'collection', Object.keys(parsed), subject);
    },
    async get(subject, id) {
      const r = await store.get(ns, key(subject, id));
      return r && parseStored(subject, id, r.value);
    },
    async query(subject, by) {
      key(subject, '');
      needObject(by, 'by');
      const records = await list(subject);
      const consentHistory = await ledger.history(subject);
      const consent = await ledger.stateOf(subject);
      const accessLog = audit ? await audit.query({ subject }) : [];
      await log(by, 'query', 'subject-rights', [...new Set(records.flatMap((r) => Object.keys(r.data)))], subject);
      return { subject, records, consent, consentHistory, accessLog };
    },
    async correct(subject, id, patch, by) {
      key(subject, id);
      needObject(patch, 'patch');
      needObject(by, 'by');
      const removals = Object.keys(patch).filter((k) => patch[k] === null);
      for (const k of removals) catalog.field(k); // throws UNKNOWN_FIELD
      const sets = catalog.parsePatch(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null))) as Record<string, unknown>;
      for (let attempt = 0; ; attempt++) {
        const cur = await store.get(ns, key(subject, id));
        if (!cur) throw new CustodiaError('INVALID_ARGUMENT', 'no such record for this subject', { field: 'id' });
        const rec = parseStored(subject, id, cur.value);
        const data = { ...rec.data, ...sets };
        for (const k of removals) delete data[k];
        const full = catalog.parse(data) as Record<string, unknown>;
        try {
          await store.put(ns, cur.key, canonicalJson({ data: full, meta: rec.meta }), { ifVersion: cur.version });
          await log(by, 'correct', 'subject-rights', Object.keys(patch), subject);
          return { ...rec, data: full };
        } catch (e) {
          if (!isCustodiaError(e, 'STORE_CONFLICT') || attempt > 100) throw e;
        }
      }
    },
    async erase(subject, by, ids) {
      key(subject, '');
      needObject(by, 'by');
      if (ids !== undefined) needArray(ids, 'ids');
      let n = 0;
      const fields = new Set<string>();
      for (const r of await list(subject)) {
        if (ids && !ids.includes(r.id)) continue;
        if (await store.delete(ns, key(subject, r.id))) n++;
        for (const f of Object.keys(r.data)) fields.add(f);
      }
      await log(by, 'delete', 'subject-rights', [...fields], subject);
      return n;
    },
    async withdraw(subject, purposes, how) {
      needArray(purposes, 'purposes');
      needObject(how, 'how');
      const r = await ledger.append({
        subject, event: 'withdrawn', purposes, method: how.method ?? 'click', channel: how.channel, collector: how.operator, responsible: how.responsible, at: at(how),
      });
      await log(how, 'withdraw', purposes.join(','), [], subject);
      return r;
    },
    async retentionRecords() {
      const out: RetentionRecord[] = [];
      for await (const r of store.scan(ns)) {
        const i = r.key.indexOf(SEP);
        const rec = parseStored(r.key.slice(0, i), r.key.slice(i + 1), r.value);
        out.push({ id: r.key, subject: rec.subject, purposes: rec.meta.purposes, collectedAt: rec.meta.collectedAt, ...(rec.meta.lastActivityAt ? { lastActivityAt: rec.meta.lastActivityAt } : {}) });
      }
      return out;
    },
    async apply(plan, by) {
      needIterable(plan, 'plan');
      needObject(by, 'by');
      let deleted = 0;
      let anonymized = 0;
      for (const d of plan) {
        if (d.action === 'keep') continue;
        const cur = await store.get(ns, d.id);
        if (!cur) continue;
        if (d.action === 'anonymize') {
          const i = d.id.indexOf(SEP);
          const rec = parseStored(d.id.slice(0, i), d.id.slice(i + 1), cur.value);
          const kept = Object.fromEntries(Object.entries(rec.data).filter(([k]) => catalog.has(k) && catalog.field(k).role === 'other'));
          // The anonymized copy keeps no link to the person: a random key, no subject, no identifiers.
          await store.put(`${ns}.anonymized`, toHex(randomBytes(16)), canonicalJson({ data: kept, purposes: rec.meta.purposes }));
          anonymized++;
        } else deleted++;
        await store.delete(ns, d.id, { ifVersion: cur.version });
        await log(by, d.action === 'delete' ? 'delete' : 'anonymize', `retention:${d.rule}`, []);
      }
      return { deleted, anonymized };
    },
  };
}
