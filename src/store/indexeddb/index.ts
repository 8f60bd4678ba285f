/**
 * `custodia/store/indexeddb`: the {@link Store} interface on IndexedDB, through `idb` (an
 * optional peer dependency), for web pages that keep a consent ledger or a token vault on the
 * device. Three object stores: `records` keyed `[ns, key]`, `logs` keyed `[log, seq]`, and
 * `heads` with each log's length. An append is one readwrite transaction over `heads` and
 * `logs`; IndexedDB never runs two readwrite transactions on the same stores at once, even
 * from two tabs, so appends with `ifLength` keep one chain.
 * @module
 */
import { openDB, type DBSchema } from 'idb';
import { CustodiaError, isCustodiaError } from '../../errors/index.js';
import { needObject, needString } from '../../errors/_args.js';
import type { LogEntry, ScanOptions, Store, StoredRecord } from '../index.js';
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

const conflict = (what: string) => new CustodiaError('STORE_CONFLICT', `${what} changed concurrently: re-read and retry`, { field: what });
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
  // Reads the current record inside a write transaction and aborts it on a version mismatch, so
  // the check and the write are one atomic step.
  const checkedWrite = async (ns: string, key: string, ifVersion: number | undefined) => {
    const tx = db.transaction('records', 'readwrite');
    const cur = await tx.store.get([ns, key]);
    if (ifVersion !== undefined && (cur?.version ?? 0) !== ifVersion) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw conflict(ns);
    }
    return { tx, cur };
  };
  const range = (lower: unknown, upper: unknown, lowerOpen = false) => IDBKeyRange.bound(lower, upper, lowerOpen, false);

  return {
    db,
    name,
    get: (ns, key) =>
      run('get', async () => {
        const r = await db.get('records', [ns, key]);
        return r && { key: r.key, value: r.value, version: r.version };
      }),
    put: (ns, key, value, o) =>
      run('put', async () => {
        const { tx, cur } = await checkedWrite(ns, key, o?.ifVersion);
        const version = (cur?.version ?? 0) + 1;
        await tx.store.put({ ns, key, value, version });
        await tx.done;
        return version;
      }),
    delete: (ns, key, o) =>
      run('delete', async () => {
        const { tx, cur } = await checkedWrite(ns, key, o?.ifVersion);
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
    append: (log, value, o) =>
      run('append', async () => {
        const tx = db.transaction(['heads', 'logs'], 'readwrite');
        const heads = tx.objectStore('heads');
        const length = (await heads.get(log))?.length ?? 0;
        if (o?.ifLength !== undefined && o.ifLength !== length) {
          tx.abort();
          await tx.done.catch(() => undefined);
          throw conflict(log);
        }
        await tx.objectStore('logs').add({ log, seq: length, value });
        await heads.put({ log, length: length + 1 });
        await tx.done;
        return length;
      }),
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
