import { CustodiaError } from '../errors/index.js';
import { storeConflict } from './_conflict.js';
import { needObject, needString, optObject, readingCaller } from '../errors/_args.js';
import type { LogEntry, ScanOptions, Store, StoredRecord } from './index.js';
import { needPuts, needValues, type Put } from './_batch.js';


/**
 * An in-memory {@link Store}: the default for ledgers, vaults and logs, and the reference
 * the other stores are tested against. Data lives as long as the object.
 *
 * @example
 * ```ts
 * const store = memoryStore();
 * await store.put('notices', 'n1', '{}');
 * (await store.get('notices', 'n1'))?.version // 1
 * ```
 */
export function memoryStore(): Store {
  const records = new Map<string, Map<string, StoredRecord>>();
  // Entries keep their seq beside the value, in seq order (as a database row does), so raw
  // edits in tests can renumber or remove them; `heads` counts appends, like PostgreSQL's.
  const logs = new Map<string, LogEntry[]>();
  const heads = new Map<string, number>();
  let closed = false;
  const open = () => {
    if (closed) throw new CustodiaError('STORE_UNAVAILABLE', 'store is closed');
  };
  // Names and keys are strings, as every engine stores them: a Symbol or object key kept here would
  // break the key order scan promises (and fail on any real store).
  const names = (ns: unknown, key: unknown) => {
    needString(ns, 'ns');
    needString(key, 'key');
  };
  const table = (ns: string) => {
    let t = records.get(ns);
    if (!t) records.set(ns, (t = new Map()));
    return t;
  };
  const check = (ns: string, current: StoredRecord | undefined, opts?: { ifVersion?: number | undefined }) => {
    if (opts?.ifVersion !== undefined && (current?.version ?? 0) !== opts.ifVersion) throw storeConflict(ns);
  };
  // The batch writes: every check before the first write, so a refused batch changes nothing. One
  // synchronous call, so no other write runs between them. Returns the first seq (the log's length).
  const batch = (log: string | undefined, values: readonly string[], ns: string, list: readonly Put[], ifLength?: number): number => {
    if (log !== undefined) needString(log, 'log');
    open();
    const n = log === undefined ? 0 : (heads.get(log) ?? 0);
    if (log !== undefined && ifLength !== undefined && n !== ifLength) throw storeConflict(log);
    // A key twice in one batch: the second write sees the first's version, as in SQLite.
    const next = new Map<string, StoredRecord>();
    for (const r of list) {
      const cur = next.get(r.key) ?? records.get(ns)?.get(r.key);
      check(ns, cur, r);
      next.set(r.key, { key: r.key, value: r.value, version: (cur?.version ?? 0) + 1 });
    }
    for (const [k, r] of next) table(ns).set(k, r);
    if (log !== undefined && values.length) {
      let l = logs.get(log);
      if (!l) logs.set(log, (l = []));
      for (let i = 0; i < values.length; i++) l.push({ seq: n + i, value: values[i]! });
      heads.set(log, n + values.length);
    }
    return n;
  };
  const store: Store = {
    async get(ns, key) {
      names(ns, key);
      open();
      const r = records.get(ns)?.get(key);
      return r && { ...r };
    },
    async put(ns, key, value, opts) {
      names(ns, key);
      optObject(opts, 'opts');
      open();
      const t = table(ns);
      const cur = t.get(key);
      check(ns, cur, opts);
      const version = (cur?.version ?? 0) + 1;
      t.set(key, { key, value, version });
      return version;
    },
    async delete(ns, key, opts) {
      names(ns, key);
      optObject(opts, 'opts');
      open();
      const t = table(ns);
      check(ns, t.get(key), opts);
      return t.delete(key);
    },
    async *scan(ns: string, opts: ScanOptions = {}): AsyncIterable<StoredRecord> {
      needString(ns, 'ns');
      needObject(opts, 'opts');
      // Each option is read once: a getter (or proxy) may answer differently on a second read.
      const o = readingCaller('opts', () => ({ limit: opts.limit, prefix: opts.prefix, after: opts.after }));
      for (const [k, type] of [['limit', 'number'], ['prefix', 'string'], ['after', 'string']] as const)
        if (o[k] !== undefined && typeof o[k] !== type) throw new CustodiaError('INVALID_ARGUMENT', `opts.${k} expected a ${type}`, { field: k });
      open();
      const keys = [...(records.get(ns)?.keys() ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      let n = 0;
      for (const key of keys) {
        if (o.prefix !== undefined && !key.startsWith(o.prefix)) continue;
        if (o.after !== undefined && key <= o.after) continue;
        if (o.limit !== undefined && n++ >= o.limit) return;
        const r = records.get(ns)?.get(key);
        if (r) yield { ...r };
      }
    },
    async append(log, value, opts) {
      needString(log, 'log');
      optObject(opts, 'opts');
      open();
      let l = logs.get(log);
      if (!l) logs.set(log, (l = []));
      const n = heads.get(log) ?? 0;
      if (opts?.ifLength !== undefined && n !== opts.ifLength) throw storeConflict(log);
      l.push({ seq: n, value });
      heads.set(log, n + 1);
      return n;
    },
    async appendMany(log, values, opts) {
      optObject(opts, 'opts');
      return batch(log, needValues(values), '', [], opts?.ifLength);
    },
    async putMany(ns, list) {
      needString(ns, 'ns');
      batch(undefined, [], ns, needPuts(list));
    },
    async appendManyAndPut(log, values, ns, list, opts) {
      needString(ns, 'ns');
      optObject(opts, 'opts');
      return batch(log, needValues(values), ns, needPuts(list), opts?.ifLength);
    },
    async *read(log: string, opts: { from?: number; limit?: number } = {}): AsyncIterable<LogEntry> {
      needString(log, 'log');
      needObject(opts, 'opts');
      const o = readingCaller('opts', () => ({ from: opts.from, limit: opts.limit }));
      for (const k of ['from', 'limit'] as const)
        if (o[k] !== undefined && typeof o[k] !== 'number') throw new CustodiaError('INVALID_ARGUMENT', `opts.${k} expected a number`, { field: k });
      open();
      const from = o.from ?? 0;
      const l = logs.get(log) ?? [];
      // Entries are in seq order: binary search for the first at or after `from`.
      let lo = 0;
      for (let hi = l.length; lo < hi; ) {
        const mid = (lo + hi) >>> 1;
        if (l[mid]!.seq < from) lo = mid + 1;
        else hi = mid;
      }
      const end = o.limit === undefined ? l.length : Math.min(l.length, lo + o.limit);
      for (let i = lo; i < end; i++) yield { ...l[i]! };
    },
    async length(log) {
      needString(log, 'log');
      open();
      return heads.get(log) ?? 0;
    },
    async close() {
      closed = true;
    },
  };
  // The live maps, for the storage-level tamper suite (custodia/store/testing): whoever holds a
  // process's memory can edit them anyway. Non-enumerable, under a registered symbol.
  Object.defineProperty(store, Symbol.for('custodia.memoryStore.raw'), { value: { records, logs } });
  return store;
}
