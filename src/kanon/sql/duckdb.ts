/**
 * DuckDB adapter for kanon/sql through `@duckdb/node-api` (an optional peer dependency).
 * @module
 */
import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { CustodiaError } from '../../errors/index.js';
import { unavailable, type SqlExecutor, type SqlRow } from './_executor.js';

/**
 * An embedded DuckDB as a {@link SqlExecutor}: in memory when `path` is omitted, else the
 * database file at `path`. It opens lazily on the first query; a missing `@duckdb/node-api`
 * or a database that cannot be opened is `ENGINE_UNAVAILABLE`. With DuckDB, `anonymizeSql`'s
 * `table` may also be a Parquet or CSV path (read by DuckDB, larger than memory).
 *
 * @example
 * ```ts
 * import { anonymizeSql, duckdbExecutor } from 'custodia/kanon/sql';
 * const db = duckdbExecutor();
 * const r = await anonymizeSql(db, { table: 'visits.parquet', quasiIdentifiers: { age, gender }, k: 10 });
 * await db.close();
 * ```
 */
export function duckdbExecutor(path?: string): SqlExecutor {
  let opened: Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> | undefined;
  let closed = false;
  const open = (): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> => {
    if (closed) return Promise.reject(new CustodiaError('ENGINE_UNAVAILABLE', 'duckdb executor is closed', { field: 'db' }));
    opened ??= (async () => {
      let mod: typeof DuckDB;
      try {
        mod = await import('@duckdb/node-api');
      } catch (e) {
        throw new CustodiaError('ENGINE_UNAVAILABLE', 'duckdb engine needs the optional peer dependency @duckdb/node-api', { field: 'db', cause: e });
      }
      let instance: DuckDBInstance;
      try {
        instance = await mod.DuckDBInstance.create(path ?? ':memory:');
      } catch (e) {
        throw unavailable('duckdb', e);
      }
      return { instance, conn: await instance.connect() };
    })();
    return opened;
  };
  const values = (params?: readonly unknown[]): DuckDBValue[] | undefined => (params && params.length ? (params as DuckDBValue[]) : undefined);
  return {
    async query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]> {
      const { conn } = await open();
      const reader = await conn.runAndReadAll(sql, values(params));
      return reader.getRowObjectsJS() as SqlRow[];
    },
    async *batches(sql: string, params?: readonly unknown[]): AsyncIterable<readonly SqlRow[]> {
      const { conn } = await open();
      const result = await conn.stream(sql, values(params));
      const names = result.columnNames();
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) return;
        yield chunk.getRowObjects(names) as SqlRow[];
      }
    },
    async close(): Promise<void> {
      closed = true;
      if (!opened) return;
      const o = opened;
      opened = undefined;
      try {
        const { instance, conn } = await o;
        conn.closeSync();
        instance.closeSync();
      } catch {
        // Opening failed: nothing to release.
      }
    },
  };
}
