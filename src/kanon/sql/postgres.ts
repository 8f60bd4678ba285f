/**
 * PostgreSQL adapter for kanon/sql through `pg` (an optional peer dependency).
 * @module
 */
import type * as Pg from 'pg';
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { CustodiaError } from '../../errors/index.js';
import type { PgPool, PgPoolConfig } from '../../store/_pgPool.js';
import { needObject } from '../../errors/_args.js';
import { isUnreachable, unavailable, type SqlExecutor, type SqlRow } from './_executor.js';

const FETCH = 10_000;

function isPool(x: PgPoolConfig | PgPool): x is PgPool {
  return typeof (x as PgPool).connect === 'function' && typeof (x as PgPool).query === 'function';
}

/**
 * PostgreSQL as a {@link SqlExecutor}. Takes a `pg.PoolConfig` (the executor owns the pool and
 * ends it on `close`) or an existing `pg.Pool` (left open). All statements of a run go through
 * one pooled client; large results are read through a cursor in batches. A server that cannot
 * be reached is `ENGINE_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * import { anonymizeSql, postgresExecutor } from 'custodia/kanon/sql';
 * const db = postgresExecutor({ connectionString: process.env.DATABASE_URL });
 * const r = await anonymizeSql(db, { table: 'members', quasiIdentifiers: { age, region }, k: 10, output: { table: 'members_anon' } });
 * await db.close();
 * ```
 */
export function postgresExecutor(config: PgPoolConfig | PgPool): SqlExecutor {
  needObject(config, 'config');
  let pool: Pool | undefined = isPool(config) ? (config as unknown as Pool) : undefined;
  const owned = !pool;
  let client: Promise<PoolClient> | undefined;
  let closed = false;
  let cursors = 0;
  const connect = (): Promise<PoolClient> => {
    if (closed) return Promise.reject(new CustodiaError('ENGINE_UNAVAILABLE', 'postgres executor is closed', { field: 'db' }));
    client ??= (async () => {
      if (!pool) {
        let pg: typeof Pg;
        try {
          pg = await import('pg');
        } catch (e) {
          throw new CustodiaError('ENGINE_UNAVAILABLE', 'postgres engine needs the optional peer dependency pg', { field: 'db', cause: e });
        }
        const PoolClass = (pg as unknown as { default?: typeof Pg }).default?.Pool ?? pg.Pool;
        pool = new PoolClass(config as PoolConfig);
        // An idle client's socket error must not crash the process; the next query reports it.
        pool.on('error', () => undefined);
      }
      let c: PoolClient;
      try {
        c = await pool.connect();
      } catch (e) {
        throw unavailable('postgres', e);
      }
      // The run holds this client throughout: a socket that dies between two statements emits
      // 'error' on it, which would end the process; the next statement reports it instead.
      c.on('error', () => undefined);
      return c;
    })();
    return client;
  };
  const run = async (sql: string, params?: readonly unknown[]): Promise<SqlRow[]> => {
    const c = await connect();
    try {
      const r = await c.query<SqlRow>({ text: sql, values: params ? [...params] : [] });
      return r.rows ?? [];
    } catch (e) {
      throw isUnreachable(e) ? unavailable('postgres', e) : e;
    }
  };
  return {
    query: run,
    async *batches(sql: string, params?: readonly unknown[]): AsyncIterable<readonly SqlRow[]> {
      if (params && params.length) {
        yield await run(sql, params);
        return;
      }
      const name = `custodia_cursor_${cursors++}`;
      await run('BEGIN');
      // The transaction ends the cursor too, also when the reader stops early.
      let done = false;
      try {
        await run(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`);
        for (;;) {
          const rows = await run(`FETCH FORWARD ${FETCH} FROM ${name}`);
          if (rows.length === 0) break;
          yield rows;
        }
        done = true;
      } finally {
        await run(done ? 'COMMIT' : 'ROLLBACK').catch(() => undefined);
      }
    },
    async close(): Promise<void> {
      closed = true;
      const c = client;
      client = undefined;
      if (c) await c.then((x) => x.release(), () => undefined);
      if (owned && pool) await pool.end().catch(() => undefined);
    },
  };
}
