/**
 * `custodia/store/postgres`: the {@link Store} interface on PostgreSQL through `pg` (an
 * optional peer dependency; Node only). Records, append-only logs and their heads live in
 * three tables created by a versioned migration. Every write is one SQL statement in one
 * transaction: an append updates its log's head row (a row lock every other appender of that
 * log waits on, then re-checks `ifLength` against) and inserts the entry, so any number of
 * processes appending to one ledger or audit log keep one gap-free hash chain. The batch writes
 * (`appendMany`, `putMany`, `appendManyAndPut`) are one statement too, all or none (_writeMany.ts). Opened with
 * `sequencer`, it also batch-sequences (`Store.sequence`): writers queue, one elected sequencer
 * per log writes batches with their Merkle tiles (docs/store-postgres.md).
 * @module
 */
import type { Pool } from 'pg';
import type { PostgresPool, PostgresPoolConfig } from './_peer.js';
import { CustodiaError, isCustodiaError } from '../../errors/index.js';
import { storeConflict } from '../_conflict.js';
import { needObject, needString, optObject } from '../../errors/_args.js';
import { needPuts, needValues } from '../_batch.js';
import type { LogEntry, ScanOptions, SequenceChain, Store, StoredRecord, WriteOptions } from '../index.js';
import { checkIdent, checkName, fnv1a, keyBytes, keyString, valueBytes, valueString } from './_codec.js';
import { migrate, schemaSql, tableNames, type PostgresTables } from './_schema.js';
import { migrateQueue, queueSql, queueTables } from './_queue.js';
import { _Sequencer, type PostgresSequencerOptions } from './_sequencer.js';
import { _batchWriter } from './_writeMany.js';

export type { PostgresTables } from './_schema.js';
export type { PostgresPool, PostgresPoolConfig } from './_peer.js';
export type { PostgresSequencerOptions } from './_sequencer.js';

/**
 * Options of {@link postgresStore}. Pass `pool`, or `connectionString`/`config` to make one.
 * @example
 * ```ts
 * const opts: PostgresStoreOptions = { pool, schema: 'privacy', migrate: false };
 * const store = await postgresStore(opts);
 * ```
 */
export interface PostgresStoreOptions {
  /** Your `pg.Pool`. `close()` leaves it open; give it an `'error'` listener, as `pg` requires. */
  pool?: PostgresPool;
  /** e.g. `postgres://app@127.0.0.1:5432/shop`, used when no `pool` is given. */
  connectionString?: string;
  /** Pool settings used when no `pool` is given. */
  config?: PostgresPoolConfig;
  /** Schema of the tables (default `public`); created if missing. */
  schema?: string;
  /** Table name prefix (default `custodia_`). */
  prefix?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** Rows fetched per round trip by `scan` and `read` (default 500). */
  pageSize?: number;
  /**
   * Batch sequencing (docs/store-postgres.md): `sequence` queues an item with one INSERT and a
   * sequencer (one process at a time per log, elected among the writers) writes whole batches
   * with their Merkle tiles in one transaction. Ledgers and audit logs on this store append
   * through it. Holds two connections of the pool; `close()` the store to release them.
   */
  sequencer?: boolean | PostgresSequencerOptions;
}

/**
 * The batch sequencer of a store opened with `sequencer`. An item is **acknowledged** in two
 * steps: `enqueue` resolves once its queue row is committed (durable: it will be sequenced
 * exactly once, by whichever sequencer runs next, even if this process dies), and `wait` /
 * `Store.sequence` resolve once it is sequenced (its entry, tiles and tree head committed).
 * @example
 * ```ts
 * const store = await postgresStore({ connectionString, sequencer: true });
 * const tickets = await store.sequencer!.enqueue('events', ['a', 'b']); // durable
 * const [a, b] = await store.sequencer!.wait(tickets);                  // sequenced: { seq, value }
 * ```
 */
export interface PostgresSequencer {
  /** Durably queues `items` (one INSERT, batched with this process's other items); resolves with their tickets. */
  enqueue(log: string, items: readonly string[], chain?: SequenceChain): Promise<number[]>;
  /** Resolves, in ticket order, once every ticket's item is sequenced; also for tickets queued by another process. */
  wait(tickets: readonly number[]): Promise<LogEntry[]>;
  /** Stands for election as the sequencer of `log` without queuing: what a dedicated sequencer process calls. */
  serve(log: string, chain?: SequenceChain): void;
  /** The logs this process is the sequencer of right now. */
  leading(): string[];
}

/**
 * A {@link Store} on PostgreSQL, with its pool and table names.
 * @example
 * ```ts
 * const store: PostgresStore = await postgresStore({ pool });
 * const { rows } = await store.pool.query(`SELECT count(*) FROM ${store.tables.records}`);
 * ```
 */
export interface PostgresStore extends Store {
  readonly pool: PostgresPool;
  readonly tables: PostgresTables;
  /**
   * Rewrites the records table (`VACUUM (FULL)`): the dead row versions a delete or update
   * leaves in the heap until VACUUM reuses their space are gone from the data files, and the
   * old file is truncated. Takes an exclusive lock on the table while it runs; needs its owner.
   * WAL segments, archives, replicas and backups are not touched: see docs/tokenize.md.
   */
  purgeFreedBytes(): Promise<void>;
  /** Present when opened with `sequencer`. */
  readonly sequencer?: PostgresSequencer;
}

type Row = { k: Uint8Array; value: Uint8Array; version: number };

// pg errors may quote row values (e.g. in `detail`), so only the SQLSTATE or errno code is kept.
function unavailable(op: string, e: unknown): CustodiaError {
  const code = (e as { code?: unknown } | null)?.code;
  // undefined_table, invalid_schema_name: with `migrate: false` (verification) nothing is created.
  if (code === '42P01' || code === '3F000')
    return new CustodiaError('STORE_NOT_FOUND', `postgres store: ${op} found no custodia tables in this schema (${code})`, { field: op });
  return new CustodiaError('STORE_UNAVAILABLE', `postgres store: ${op} failed (${typeof code === 'string' ? code : 'connection error'})`, { field: op });
}

async function makePool(opts: PostgresStoreOptions): Promise<Pool> {
  const mod = (await import('pg')) as unknown as { default?: { Pool: typeof Pool }; Pool?: typeof Pool };
  const P = mod.Pool ?? mod.default?.Pool;
  if (!P) throw new CustodiaError('STORE_UNAVAILABLE', 'postgres store: the pg package has no Pool export', { field: 'pg' });
  const pool = new P({ ...opts.config, ...(opts.connectionString ? { connectionString: opts.connectionString } : {}) });
  // An idle client whose backend dies emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', () => undefined);
  // A client whose socket dies during pool.query can emit 'error' after pg-pool has taken its own
  // one-shot listener off (the failed query already got the error): seen as a crashed writer
  // process when the server restarted mid-run. A listener on every client keeps the process up;
  // the caller still gets STORE_UNAVAILABLE from the failed call.
  pool.on('connect', (client: { on(event: 'error', fn: () => void): unknown }) => client.on('error', () => undefined));
  return pool;
}

/**
 * Opens a PostgreSQL-backed store, migrating its tables first unless `migrate: false`.
 *
 * @example
 * ```ts
 * import { postgresStore } from 'custodia/store/postgres';
 * const store = await postgresStore({ connectionString: process.env.DATABASE_URL });
 * const seq = await store.append('consent-ledger', JSON.stringify(event), { ifLength: n });
 * await store.close();
 * ```
 */
export async function postgresStore(opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
  needObject(opts, 'opts');
  const schema = checkIdent(opts.schema ?? 'public', 'schema');
  const prefix = checkIdent(opts.prefix ?? 'custodia_', 'prefix');
  const page = Math.max(1, opts.pageSize ?? 500);
  const own = !opts.pool;
  const pool = (opts.pool as Pool | undefined) ?? (await makePool(opts));
  const t = tableNames(schema, prefix);
  let closed = false;
  const open = (): void => {
    if (closed) throw new CustodiaError('STORE_UNAVAILABLE', 'store is closed');
  };
  // Named statements are parsed and planned once per connection: about twice the append rate
  // of unnamed ones in bench/stores.bench.mjs. The name hashes the text, which holds the schema.
  const names = new Map<string, string>();
  const q = async <R extends object>(op: string, sql: string, params: unknown[]): Promise<R[]> => {
    open();
    let name = names.get(sql);
    if (!name) names.set(sql, (name = `custodia_${fnv1a(sql)}`));
    try {
      return (await pool.query<R>({ name, text: sql, values: params })).rows;
    } catch (e) {
      throw isCustodiaError(e) ? e : unavailable(op, e);
    }
  };
  if (opts.migrate !== false) {
    try {
      await migrate(pool, schema, prefix);
    } catch (e) {
      if (own) await pool.end().catch(() => undefined);
      throw unavailable('migrate', e);
    }
  }
  if (opts.sequencer && opts.migrate !== false) {
    try {
      await migrateQueue(pool, schema, prefix);
    } catch (e) {
      if (own) await pool.end().catch(() => undefined);
      throw unavailable('migrate', e);
    }
  }
  const seq = opts.sequencer
    ? new _Sequencer(pool, t, queueTables(schema, prefix), `${schema}.${prefix}`, unavailable, opts.sequencer === true ? {} : opts.sequencer)
    : undefined;
  // Head rows are never deleted, so each process creates one at most once per log.
  const heads = new Set<string>();
  const ensureHead = async (log: string): Promise<void> => {
    if (heads.has(log)) return;
    await q('append', `INSERT INTO ${t.logHeads} (log) VALUES ($1) ON CONFLICT (log) DO NOTHING`, [log]);
    heads.add(log);
  };
  const writeMany = _batchWriter(pool, t, unavailable, open, ensureHead);
  const name = (v: unknown, field: string): string => {
    needString(v, field);
    return checkName(v, field);
  };

  return {
    pool,
    tables: t,
    ...(seq && {
      sequencer: {
        enqueue: (log: string, items: readonly string[], chain?: SequenceChain) => seq.enqueue(checkName(log, 'log'), [...items], chain),
        wait: (tickets: readonly number[]) => seq.wait([...tickets]),
        serve: (log: string, chain?: SequenceChain) => seq.serve(checkName(log, 'log'), chain),
        leading: () => seq.leading(),
      },
      sequence: async (log: string, item: string, chain?: SequenceChain) => seq.sequence(checkName(log, 'log'), item, chain),
    }),
    async get(ns, key) {
      const rows = await q<Row>('get', `SELECT value, version FROM ${t.records} WHERE ns = $1 AND k = $2`, [checkName(ns, 'ns'), keyBytes(key)]);
      const r = rows[0];
      return r && { key, value: valueString(r.value), version: r.version };
    },
    async put(ns, key, value, o?: WriteOptions) {
      const p: unknown[] = [checkName(ns, 'ns'), keyBytes(key), valueBytes(value, ns)];
      const sql =
        o?.ifVersion === undefined
          ? `INSERT INTO ${t.records} (ns, k, value, version) VALUES ($1, $2, $3, 1)
             ON CONFLICT (ns, k) DO UPDATE SET value = EXCLUDED.value, version = ${t.records}.version + 1, updated_at = now()
             RETURNING version`
          : o.ifVersion === 0
            ? `INSERT INTO ${t.records} (ns, k, value, version) VALUES ($1, $2, $3, 1) ON CONFLICT (ns, k) DO NOTHING RETURNING version`
            : `UPDATE ${t.records} SET value = $3, version = version + 1, updated_at = now()
               WHERE ns = $1 AND k = $2 AND version = $4 RETURNING version`;
      if (o?.ifVersion) p.push(o.ifVersion);
      const rows = await q<{ version: number }>('put', sql, p);
      if (!rows[0]) throw storeConflict(ns);
      return rows[0].version;
    },
    async delete(ns, key, o?: WriteOptions) {
      const p: unknown[] = [checkName(ns, 'ns'), keyBytes(key)];
      if (o?.ifVersion === 0) {
        if ((await q('delete', `SELECT 1 FROM ${t.records} WHERE ns = $1 AND k = $2`, p)).length) throw storeConflict(ns);
        return false;
      }
      if (o?.ifVersion !== undefined) p.push(o.ifVersion);
      const rows = await q('delete', `DELETE FROM ${t.records} WHERE ns = $1 AND k = $2${p.length > 2 ? ' AND version = $3' : ''} RETURNING 1`, p);
      if (!rows.length && o?.ifVersion !== undefined) throw storeConflict(ns);
      return rows.length > 0;
    },
    async *scan(ns: string, o: ScanOptions = {}): AsyncIterable<StoredRecord> {
      checkName(ns, 'ns');
      const prefix = keyBytes(o.prefix ?? '');
      let after: Uint8Array | null = o.after === undefined ? null : keyBytes(o.after);
      let left = o.limit ?? Infinity;
      while (left > 0) {
        const n = Math.min(page, left);
        const rows = await q<Row>(
          'scan',
          `SELECT k, value, version FROM ${t.records}
           WHERE ns = $1 AND k >= $2 AND substring(k from 1 for $3) = $2 AND ($4::bytea IS NULL OR k > $4)
           ORDER BY k LIMIT $5`,
          [ns, prefix, prefix.length, after, n],
        );
        for (const r of rows) yield { key: keyString(r.k), value: valueString(r.value), version: r.version };
        if (rows.length < n) return;
        left -= rows.length;
        after = rows[rows.length - 1]!.k;
      }
    },
    async append(log, value, o) {
      checkName(log, 'log');
      const v = valueBytes(value, log);
      await ensureHead(log);
      // UPDATE locks the head row; a waiting appender re-evaluates the ifLength test on the
      // committed row after the lock is released (READ COMMITTED re-check), so no two
      // appends to one log ever see the same length.
      const rows = await q<{ seq: string }>(
        'append',
        `WITH h AS (
           UPDATE ${t.logHeads} SET length = length + 1
           WHERE log = $1 AND ($3::bigint IS NULL OR length = $3) RETURNING length - 1 AS seq)
         INSERT INTO ${t.logs} (log, seq, value) SELECT $1, seq, $2 FROM h RETURNING seq`,
        [log, v, o?.ifLength ?? null],
      );
      if (!rows[0]) throw storeConflict(log);
      return Number(rows[0].seq);
    },
    // The batch writes are plain checked writes, like `append`, also on a sequencing store: the
    // sequencer checks every write of its batches against what it built them on (docs/store-postgres.md).
    async appendMany(log, values, o) {
      optObject(o, 'opts');
      return writeMany('appendMany', name(log, 'log'), needValues(values), '', [], o?.ifLength);
    },
    async putMany(ns, records) {
      await writeMany('putMany', undefined, [], name(ns, 'ns'), needPuts(records), undefined);
    },
    async appendManyAndPut(log, values, ns, records, o) {
      optObject(o, 'opts');
      return writeMany('appendManyAndPut', name(log, 'log'), needValues(values), name(ns, 'ns'), needPuts(records), o?.ifLength);
    },
    async *read(log: string, o: { from?: number; limit?: number } = {}): AsyncIterable<LogEntry> {
      checkName(log, 'log');
      let from = o.from ?? 0;
      let left = o.limit ?? Infinity;
      while (left > 0) {
        const n = Math.min(page, left);
        const rows = await q<{ seq: string; value: Uint8Array }>(
          'read',
          `SELECT seq, value FROM ${t.logs} WHERE log = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
          [log, from, n],
        );
        for (const r of rows) yield { seq: Number(r.seq), value: valueString(r.value) };
        if (rows.length < n) return;
        left -= rows.length;
        from = Number(rows[rows.length - 1]!.seq) + 1; // past the last row read, also across a gap
      }
    },
    async length(log) {
      const rows = await q<{ length: string }>('length', `SELECT length FROM ${t.logHeads} WHERE log = $1`, [checkName(log, 'log')]);
      return Number(rows[0]?.length ?? 0);
    },
    async purgeFreedBytes() {
      open();
      // VACUUM cannot run in a transaction block or as a named (prepared) statement.
      await pool.query(`VACUUM (FULL) ${t.records}`).catch((e: unknown) => {
        throw unavailable('vacuum', e);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await seq?.close();
      if (own) await pool.end();
    },
  };
}

/**
 * The schema as SQL text (schema, tables, append-only trigger), for teams that apply
 * migrations with their own tool and open the store with `migrate: false`.
 *
 * @example
 * ```ts
 * import { postgresSchemaSql } from 'custodia/store/postgres';
 * writeFileSync('migrations/001_custodia.sql', postgresSchemaSql({ schema: 'privacy' }));
 * ```
 */
export function postgresSchemaSql(opts: { schema?: string; prefix?: string; sequencer?: boolean } = {}): string {
  needObject(opts, 'opts');
  const schema = checkIdent(opts.schema ?? 'public', 'schema');
  const prefix = checkIdent(opts.prefix ?? 'custodia_', 'prefix');
  return schemaSql(schema, prefix) + (opts.sequencer ? `\n${queueSql(schema, prefix)}` : '');
}
