/**
 * `custodia/store/indexeddb`: the {@link Store} interface on IndexedDB, through `idb` (an
 * optional peer dependency), for web pages that keep a consent ledger or a token vault on the
 * device. Three object stores: `records` keyed `[ns, key]`, `logs` keyed `[log, seq]`, and
 * `heads` with each log's length. Every write is one readwrite transaction: an append over `heads`
 * and `logs`, and the batch writes (`appendMany`, `putMany`, `appendManyAndPut`) over all the
 * stores they touch, so a batch is written all or none. IndexedDB never runs two readwrite
 * transactions on the same stores at once, even from two tabs, so appends with `ifLength` keep
 * one chain.
 * @module
 */
import { openDB, type DBSchema } from 'idb';
import { CustodiaError, isCustodiaError } from '../../errors/index.js';
import { storeConflict } from '../_conflict.js';
import { needObject, needString } from '../../errors/_args.js';
import type { LogEntry, ScanOptions, Store, StoredRecord } from '../index.js';
import { needPuts, needValues, type Put } from '../_batch.js';
import type { IndexedDbDatabase } from './_peer.js';

export type { IndexedDbDatabase } from './_peer.js';

interface Schema extends DBSchema {
  records: { key: [string, string]; value: { ns: string; key: string; value: string; version: number } };
  logs: { key: [string, number]; value: { log: string; seq: number; value: string } };
  heads: { key: string; value: { log: string; length: number } };
}

/**
 * Options of {@link indexedDbStore}.
 * @example
 * ```ts
 * const opts: IndexedDbStoreOptions = { name: 'shop-consent', pageSize: 200 };
 * const store = await indexedDbStore(opts);
 * ```
 */
export interface IndexedDbStoreOptions {
  /** Database name (default `custodia`). One database per store. */
  name?: string;
  /** Rows fetched per transaction by `scan` and `read` (default 500). */
  pageSize?: number;
}

/**
 * A {@link Store} on IndexedDB, with its open `idb` database.
 * @example
 * ```ts
 * const store: IndexedDbStore = await indexedDbStore({ name: 'shop-consent' });
 * console.info(store.name, store.db.version); // 'shop-consent' 1
 * ```
 */
export interface IndexedDbStore extends Store {
  readonly db: IndexedDbDatabase;
  readonly name: string;
}

// Aborts a transaction that read a mismatch (nothing it wrote stays) and rejects with `e`.
const refuse = async (tx: { abort(): void; done: Promise<void> }, e: CustodiaError): Promise<never> => {
  tx.abort();
  await tx.done.catch(() => undefined);
  throw e;
};
// DOMException names (QuotaExceededError, InvalidStateError, ...) carry no stored data.
const unavailable = (op: string, e: unknown) =>
  new CustodiaError('STORE_UNAVAILABLE', `indexeddb store: ${op} failed (${(e as { name?: string } | null)?.name ?? 'error'})`, { field: op });

// Array keys sort after every string key, so [ns, []] bounds all string keys of ns.
const END: [] = [];

/**
 * Opens (creating on first use) an IndexedDB-backed store. Needs `indexedDB` in the runtime:
 * browsers, web workers, or `fake-indexeddb/auto` in Node tests.
 *
 * @example
 * ```ts
 * import { indexedDbStore } from 'custodia/store/indexeddb';
 * const store = await indexedDbStore({ name: 'shop-consent' });
 * await store.append('consent-ledger', JSON.stringify(event), { ifLength: 0 });
 * ```
 */
export async function indexedDbStore(opts: IndexedDbStoreOptions = {}): Promise<IndexedDbStore> {
  needObject(opts, 'opts');
  const name = opts.name ?? 'custodia';
  const page = Math.max(1, opts.pageSize ?? 500);
  if (typeof (globalThis as { indexedDB?: unknown }).indexedDB === 'undefined')
    throw new CustodiaError('STORE_UNAVAILABLE', 'indexeddb store: this runtime has no indexedDB', { field: 'indexedDB' });
  let closed = false;
  const db = await openDB<Schema>(name, 1, {
    upgrade(d) {
      d.createObjectStore('records', { keyPath: ['ns', 'key'] });
      d.createObjectStore('logs', { keyPath: ['log', 'seq'] });
      d.createObjectStore('heads', { keyPath: 'log' });
    },
    // Another tab wants a newer schema: let it, this handle stops working.
    blocking() {
      closed = true;
      db.close();
    },
  }).catch((e: unknown) => {
    throw unavailable('open', e);
  });
  const run = async <T>(op: string, fn: () => Promise<T>): Promise<T> => {
    if (closed) throw new CustodiaError('STORE_UNAVAILABLE', 'store is closed');
    try {
      return await fn();
    } catch (e) {
      throw isCustodiaError(e) ? e : unavailable(op, e);
    }
  };
  // Entries of `log` and records of `ns` as ONE readwrite transaction over the stores involved: the
  // ifLength and ifVersion checks read inside it and abort it on a mismatch, and a failed request
  // aborts it as well, so a batch is written all or none. put and append are its one-item cases.
  const write = (op: string, log: string | undefined, values: readonly string[], ns: string, list: readonly Put[], ifLength?: number) =>
    run(op, async () => {
      const names: ('heads' | 'logs' | 'records')[] = log === undefined ? [] : ['heads', 'logs'];
      if (list.length) names.push('records');
      if (!names.length) return { first: 0, versions: [] };
      const tx = db.transaction(names, 'readwrite');
      const [head, cur] = await Promise.all([log === undefined ? undefined : tx.objectStore('heads').get(log), Promise.all(list.map((r) => tx.objectStore('records').get([ns, r.key])))]);
      const n = head?.length ?? 0;
      if (log !== undefined && ifLength !== undefined && ifLength !== n) return refuse(tx, storeConflict(log, 'ifLength'));
      // A key twice in one batch: the second write sees the first's version, as in SQLite.
      const seen = new Map<string, number>();
      const rows = [];
      for (const [i, r] of list.entries()) {
        const version = seen.get(r.key) ?? cur[i]?.version ?? 0;
        if (r.ifVersion !== undefined && version !== r.ifVersion) return refuse(tx, storeConflict(ns, 'ifVersion'));
        seen.set(r.key, version + 1);
        rows.push({ ns, key: r.key, value: r.value, version: version + 1 });
      }
      const writes: Promise<unknown>[] = rows.map((r) => tx.objectStore('records').put(r));
      if (log !== undefined && values.length) {
        for (const [i, value] of values.entries()) writes.push(tx.objectStore('logs').add({ log, seq: n + i, value }));
        writes.push(tx.objectStore('heads').put({ log, length: n + values.length }));
      }
      await Promise.all([...writes, tx.done]);
      return { first: n, versions: rows.map((r) => r.version) };
    });
  const range = (lower: unknown, upper: unknown, lowerOpen = false) => IDBKeyRange.bound(lower, upper, lowerOpen, false);

  return {
    db,
    name,
    get: (ns, key) =>
      run('get', async () => {
        const r = await db.get('records', [ns, key]);
        return r && { key: r.key, value: r.value, version: r.version };
      }),
    put: async (ns, key, value, o) => (await write('put', undefined, [], ns, [{ key, value, ifVersion: o?.ifVersion }])).versions[0]!,
    delete: (ns, key, o) =>
      run('delete', async () => {
        const tx = db.transaction('records', 'readwrite');
        const cur = await tx.store.get([ns, key]);
        if (o?.ifVersion !== undefined && (cur?.version ?? 0) !== o.ifVersion) await refuse(tx, storeConflict(ns, 'ifVersion'));
        if (cur) await tx.store.delete([ns, key]);
        await tx.done;
        return cur !== undefined;
      }),
    async *scan(ns: string, o: ScanOptions = {}): AsyncIterable<StoredRecord> {
      const prefix = o.prefix ?? '';
      // Start at the prefix, or just after `after` when that is further on.
      let from = o.after !== undefined && o.after >= prefix ? o.after : prefix;
      let open = o.after !== undefined && o.after >= prefix;
      let left = o.limit ?? Infinity;
      while (left > 0) {
        const n = Math.min(page, left);
        const rows = await run('scan', () => db.getAll('records', range([ns, from], [ns, END], open), n));
        for (const r of rows) {
          if (!r.key.startsWith(prefix)) return;
          yield { key: r.key, value: r.value, version: r.version };
        }
        if (rows.length < n) return;
        left -= rows.length;
        from = rows[rows.length - 1]!.key;
        open = true;
      }
    },
    append: async (log, value, o) => (await write('append', log, [value], '', [], o?.ifLength)).first,
    appendMany: async (log, values, o) => (await write('appendMany', log, needValues(values), '', [], o?.ifLength)).first,
    putMany: async (ns, records) => {
      await write('putMany', undefined, [], ns, needPuts(records));
    },
    appendManyAndPut: async (log, values, ns, records, o) => (await write('appendManyAndPut', log, needValues(values), ns, needPuts(records), o?.ifLength)).first,
    async *read(log: string, o: { from?: number; limit?: number } = {}): AsyncIterable<LogEntry> {
      let from = o.from ?? 0;
      let left = o.limit ?? Infinity;
      while (left > 0) {
        const n = Math.min(page, left);
        const rows = await run('read', () => db.getAll('logs', range([log, from], [log, Infinity]), n));
        for (const r of rows) yield { seq: r.seq, value: r.value };
        if (rows.length < n) return;
        left -= rows.length;
        from = Number(rows[rows.length - 1]!.seq) + 1; // past the last row read, also across a gap
      }
    },
    length: (log) => run('length', async () => (await db.get('heads', log))?.length ?? 0),
    async close() {
      if (!closed) db.close();
      closed = true;
    },
  };
}

/**
 * Deletes a store's database (all its records and logs), e.g. after a subject's data is
 * erased from the device or in tests. Close the store first.
 *
 * @example
 * ```ts
 * await store.close();
 * await deleteIndexedDbStore('shop-consent');
 * ```
 */
export async function deleteIndexedDbStore(name = 'custodia'): Promise<void> {
  needString(name, 'name');
  if (typeof (globalThis as { indexedDB?: unknown }).indexedDB === 'undefined')
    throw new CustodiaError('STORE_UNAVAILABLE', 'indexedDB store: no indexedDB in this runtime', { field: 'indexedDB' });
  const { deleteDB } = await import('idb');
  await deleteDB(name);
}
