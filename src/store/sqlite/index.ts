/**
 * A {@link Store} on SQLite through better-sqlite3 (Node only, optional peer dependency).
 * Several connections and processes may share one database file: log appends run in
 * `BEGIN IMMEDIATE` transactions, so `ifLength` is checked and the entry written under one
 * write lock, and WAL with `synchronous = FULL` keeps every resolved append across crashes.
 * A file the store creates gets 16 KiB pages (an existing one keeps its page size).
 * @module
 */
import Database from 'better-sqlite3';
import type { SqliteDatabase } from './_peer.js';
import { CustodiaError } from '../../errors/index.js';
import { storeConflict } from '../_conflict.js';
import { needObject, needString } from '../../errors/_args.js';
import type { LogEntry, ScanOptions, Store, StoredRecord, WriteOptions } from '../index.js';
import { openReadOnly, requireTables } from './_open.js';
import { needPuts, needValues, type Put } from '../_batch.js';

export type { SqliteDatabase } from './_peer.js';

/**
 * Options of {@link sqliteStore}.
 * @example
 * ```ts
 * const opts: SqliteStoreOptions = { path: 'custodia.db', synchronous: 'NORMAL', busyTimeout: 2000 };
 * const store = sqliteStore(opts);
 * ```
 */
export interface SqliteStoreOptions {
  /** Database file (created if missing). Give either `path` or `db`. */
  path?: string;
  /** An open better-sqlite3 connection; `close()` then leaves it open. */
  db?: SqliteDatabase;
  /** `FULL` (default) survives power loss; `NORMAL` survives process crashes and is faster. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another connection's lock, in ms (default 10 000). */
  busyTimeout?: number;
  /** Table name prefix (default `custodia_`). */
  prefix?: string;
  /**
   * Open an existing store for reading only (verification): a missing file or one without
   * custodia tables is `STORE_NOT_FOUND` (nothing is created), no pragma or schema change is
   * made, and writes fail with `STORE_UNAVAILABLE`. The db and `-wal` files keep every byte.
   */
  readonly?: boolean;
}

/**
 * The SQLite store: a {@link Store} with the step that makes deletions final on disk.
 * @example
 * ```ts
 * const store: SqliteStore = sqliteStore({ path: 'vault.db' });
 * await vault.forgetSubject('cust-42');
 * await store.purgeFreedBytes(); // no byte of db, -wal or -shm still holds the subject's key
 * ```
 */
export interface SqliteStore extends Store {
  /**
   * Makes deleted and overwritten data unreadable in the files: copies the WAL into the database
   * and truncates it to zero bytes (`wal_checkpoint(TRUNCATE)`; the store runs with
   * `secure_delete = ON`, so freed space in the database is zeroed). With `vacuum`, first
   * rebuilds the database, for files written before secure_delete was on. Throws
   * `STORE_CONFLICT` when another connection's open read kept the WAL from being truncated.
   */
  purgeFreedBytes(opts?: { vacuum?: boolean }): Promise<void>;
}

const PAGE = 512;
const ROWS = 32;
const PAGE_SIZE = 16_384;
const WAL_BYTES = 4_096_000;

// Smallest string greater than every string starting with `p` (UTF-8 byte order = code point order).
function upperBound(p: string): string | undefined {
  const cps = [...p];
  while (cps.length) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff && last + 1 !== 0xd800) return cps.join('') + String.fromCodePoint(last + 1);
    if (last + 1 === 0xd800) return cps.join('') + '\ue000';
  }
  return undefined;
}

/**
 * Opens (and if needed creates) a SQLite-backed store.
 *
 * @example
 * ```ts
 * import { sqliteStore } from 'custodia/store/sqlite';
 * import { createLedger } from 'custodia/consent';
 * const ledger = createLedger({ store: sqliteStore({ path: 'consent.db' }), hash: 'sm3' });
 * ```
 */
export function sqliteStore(opts: SqliteStoreOptions): SqliteStore {
  needObject(opts, 'opts');
  if (opts.path !== undefined) needString(opts.path, 'path');
  if (opts.db !== undefined) needObject(opts.db as unknown, 'db');
  if (!opts.db && !opts.path) throw new CustodiaError('INVALID_ARGUMENT', 'sqliteStore needs a path or an open db', { field: 'path' });
  const own = !opts.db;
  const pre = opts.prefix ?? 'custodia_';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(pre)) throw new CustodiaError('INVALID_ARGUMENT', 'table prefix must be an SQL identifier', { field: 'prefix' });
  const R = `${pre}records`;
  const L = `${pre}logs`;
  const timeout = opts.busyTimeout ?? 10_000;
  // The public option names only the structural SqliteDatabase; inside, it is better-sqlite3 itself.
  const db = (opts.db as Database.Database | undefined) ?? (opts.readonly ? openReadOnly(opts.path!, timeout) : new Database(opts.path!, { timeout }));
  if (opts.readonly) {
    try {
      requireTables(db, [R, L]);
    } catch (e) {
      if (own) db.close();
      throw e;
    }
  } else {
    // A new file gets 16 KiB pages (before WAL mode writes its header; an existing file keeps its
    // own): a ~700-byte log entry sits in the (log, seq) key B-tree, and at SQLite's default 4 KiB
    // five fit a page, so a batch spent most of its time splitting pages (bulk appends ~1.3× faster).
    if (own) db.pragma(`page_size = ${PAGE_SIZE}`);
    // Deleted and overwritten content is zeroed in the file, not left in free space (forget).
    db.pragma('secure_delete = ON');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
    // Checkpoint after ~4 MB of WAL whatever the page size (SQLite's default is 1,000 pages: 4 MB
    // at 4 KiB), so bigger pages do not just postpone the copy into the database file.
    db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(WAL_BYTES / (db.pragma('page_size', { simple: true }) as number)))}`);
    db.exec(`CREATE TABLE IF NOT EXISTS ${R} (ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (ns, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${L} (log TEXT NOT NULL, seq INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (log, seq)) WITHOUT ROWID;`);
  }

  const q = {
    get: db.prepare<[string, string], StoredRecord>(`SELECT key, value, version FROM ${R} WHERE ns = ? AND key = ?`),
    version: db.prepare<[string, string], { version: number }>(`SELECT version FROM ${R} WHERE ns = ? AND key = ?`),
    upsert: db.prepare(`INSERT INTO ${R} (ns, key, value, version) VALUES (?, ?, ?, ?) ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, version = excluded.version`),
    del: db.prepare(`DELETE FROM ${R} WHERE ns = ? AND key = ?`),
    scan: db.prepare<[{ ns: string; after: string; hi: string; prefix: string; limit: number }], StoredRecord>(
      `SELECT key, value, version FROM ${R} WHERE ns = @ns AND key > @after AND key < @hi AND substr(key, 1, length(@prefix)) = @prefix ORDER BY key LIMIT @limit`,
    ),
    len: db.prepare<[string], { n: number }>(`SELECT COALESCE(MAX(seq) + 1, 0) AS n FROM ${L} WHERE log = ?`),
    insert: db.prepare(`INSERT INTO ${L} (log, seq, value) VALUES (?, ?, ?)`),
    // appendMany's rows, ROWS per statement: one statement step instead of ROWS (same rows, same order).
    insertRows: db.prepare(`INSERT INTO ${L} (log, seq, value) VALUES ${Array.from({ length: ROWS }, () => '(?, ?, ?)').join(', ')}`),
    read: db.prepare<[string, number, number], LogEntry>(`SELECT seq, value FROM ${L} WHERE log = ? AND seq >= ? ORDER BY seq LIMIT ?`),
  };
  const putTx = db.transaction((ns: string, key: string, value: string, ifVersion: number | undefined) => {
    const cur = q.version.get(ns, key)?.version ?? 0;
    if (ifVersion !== undefined && cur !== ifVersion) throw storeConflict(ns);
    q.upsert.run(ns, key, value, cur + 1);
    return cur + 1;
  });
  const delTx = db.transaction((ns: string, key: string, ifVersion: number | undefined) => {
    const cur = q.version.get(ns, key)?.version ?? 0;
    if (ifVersion !== undefined && cur !== ifVersion) throw storeConflict(ns);
    return q.del.run(ns, key).changes > 0;
  });
  const appendTx = db.transaction((log: string, value: string, ifLength: number | undefined) => {
    const n = q.len.get(log)!.n;
    if (ifLength !== undefined && n !== ifLength) throw storeConflict(log);
    q.insert.run(log, n, value);
    return n;
  });

  const putRows = (ns: string, list: readonly Put[]): void => {
    for (const r of list) {
      const cur = q.version.get(ns, r.key)?.version ?? 0;
      if (r.ifVersion !== undefined && cur !== r.ifVersion) throw storeConflict(ns);
      q.upsert.run(ns, r.key, r.value, cur + 1);
    }
  };
  const putManyTx = db.transaction(putRows);
  const appendManyTx = db.transaction((log: string, values: readonly string[], ifLength: number | undefined) => appendRows(log, values, ifLength));
  // Entries, then records, in one transaction: a conflict in either throws before COMMIT and nothing is written.
  const appendManyAndPutTx = db.transaction((log: string, values: readonly string[], ns: string, list: readonly Put[], ifLength: number | undefined) => {
    const n = appendRows(log, values, ifLength);
    putRows(ns, list);
    return n;
  });
  function appendRows(log: string, values: readonly string[], ifLength: number | undefined): number {
    const n = q.len.get(log)!.n;
    if (ifLength !== undefined && n !== ifLength) throw storeConflict(log);
    let i = 0;
    const args: (string | number)[] = new Array(3 * ROWS);
    for (; i + ROWS <= values.length; i += ROWS) {
      for (let j = 0; j < ROWS; j++) {
        args[3 * j] = log;
        args[3 * j + 1] = n + i + j;
        args[3 * j + 2] = values[i + j]!;
      }
      q.insertRows.run(args);
    }
    for (; i < values.length; i++) q.insert.run(log, n + i, values[i]);
    return n;
  }

  let closed = false;
  // Runs a statement; engine failures (locked past the timeout, disk, closed) become STORE_UNAVAILABLE.
  const run = <T>(fn: () => T): T => {
    if (closed) throw new CustodiaError('STORE_UNAVAILABLE', 'store is closed');
    try {
      return fn();
    } catch (e) {
      if (e instanceof CustodiaError) throw e;
      const code = (e as { code?: unknown }).code;
      throw new CustodiaError('STORE_UNAVAILABLE', `SQLite failed (${typeof code === 'string' ? code : 'error'})`, { cause: e });
    }
  };

  return {
    get: async (ns, key) => run(() => q.get.get(ns, key)),
    put: async (ns, key, value, o?: WriteOptions) => run(() => putTx.immediate(ns, key, value, o?.ifVersion)),
    delete: async (ns, key, o?: WriteOptions) => run(() => delTx.immediate(ns, key, o?.ifVersion)),
    async *scan(ns: string, o: ScanOptions = {}): AsyncIterable<StoredRecord> {
      const prefix = o.prefix ?? '';
      const hi = upperBound(prefix) ?? '\u{10FFFF}\u{10FFFF}';
      let after = o.after !== undefined && o.after >= prefix ? o.after : undefined;
      let left = o.limit ?? Infinity;
      // `key > after` with after = '' would skip the empty key; handle the first page apart.
      if (after === undefined) {
        const first = run(() => q.get.get(ns, prefix));
        if (first && left > 0) {
          yield first;
          left--;
        }
        after = prefix;
      }
      while (left > 0) {
        const rows = run(() => q.scan.all({ ns, after: after!, hi, prefix, limit: Math.min(PAGE, left) }));
        for (const r of rows) yield r;
        if (rows.length < Math.min(PAGE, left)) return;
        left -= rows.length;
        after = rows[rows.length - 1]!.key;
      }
    },
    append: async (log, value, o) => run(() => appendTx.immediate(log, value, o?.ifLength)),
    putMany: async (ns, list) => {
      run(() => putManyTx.immediate(ns, needPuts(list)));
    },
    appendMany: async (log, values, o) => run(() => appendManyTx.immediate(log, needValues(values), o?.ifLength)),
    appendManyAndPut: async (log, values, ns, list, o) => run(() => appendManyAndPutTx.immediate(log, needValues(values), ns, needPuts(list), o?.ifLength)),
    async *read(log: string, o: { from?: number; limit?: number } = {}): AsyncIterable<LogEntry> {
      let from = o.from ?? 0;
      let left = o.limit ?? Infinity;
      while (left > 0) {
        const rows = run(() => q.read.all(log, from, Math.min(PAGE, left)));
        for (const r of rows) yield r;
        if (rows.length < Math.min(PAGE, left)) return;
        left -= rows.length;
        from = Number(rows[rows.length - 1]!.seq) + 1; // past the last row read, also across a gap
      }
    },
    length: async (log) => run(() => q.len.get(log)!.n),
    purgeFreedBytes: async (o = {}) =>
      run(() => {
        if (o.vacuum) db.exec('VACUUM');
        const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
        // busy: a reader still uses old WAL frames, so they were not all copied and truncated.
        if (r && (r.busy !== 0 || r.log > 0))
          throw new CustodiaError('STORE_CONFLICT', 'another connection still reads the WAL: it could not be truncated; close readers and retry', { field: 'wal' });
      }),
    async close() {
      if (closed) return;
      closed = true;
      if (own) db.close();
    },
  };
}
