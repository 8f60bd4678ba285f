/**
 * ClickHouse adapter for kanon/sql through the official `@clickhouse/client` (HTTP), an
 * optional peer dependency. Works with Debian's ClickHouse 18.16 and current releases: it uses
 * only `query` with the JSONEachRow format (which 18.16 has; JSONCompactEachRow it lacks) and
 * `command`, and sends no query parameters (18.16 has none).
 * @module
 */
import { CustodiaError } from '../../errors/index.js';
import { needObject } from '../../errors/_args.js';
import { isUnreachable, unavailable, type SqlExecutor, type SqlRow } from './_executor.js';

/**
 * Connection settings of {@link clickhouseExecutor}.
 * @example
 * ```ts
 * const config: ClickHouseConfig = {
 *   url: 'http://ch1:8123', username: 'anon', password: process.env.CH_PASSWORD,
 *   cluster: 'retail', shards: ['http://ch1:8123', 'http://ch2:8123'],
 * };
 * ```
 */
export interface ClickHouseConfig {
  /** HTTP endpoint of the server that receives the queries (default `http://localhost:8123`). */
  url?: string;
  username?: string;
  password?: string;
  database?: string;
  /**
   * The `remote_servers` cluster the source's `Distributed` table spans. With it, the output
   * is written shard by shard (each shard generalizes its own rows) and a `Distributed` table
   * over the parts is created; `shards` must then list every shard's HTTP endpoint.
   */
  cluster?: string;
  /** HTTP endpoint of each shard, in `remote_servers` order (needed with `cluster`). */
  shards?: readonly string[];
  /** Per-request timeout in milliseconds (default 300,000). */
  requestTimeoutMs?: number;
}

// The part of @clickhouse/client used here, declared so consumers need not install its types.
interface ChResultSet {
  json<T>(): Promise<T>;
  stream(): AsyncIterable<readonly { json<T>(): T }[]>;
}
interface ChClient {
  query(p: { query: string; format: 'JSONEachRow'; clickhouse_settings?: Record<string, unknown> }): Promise<ChResultSet>;
  command(p: { query: string; clickhouse_settings?: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}
interface ChModule {
  createClient(c: Record<string, unknown>): ChClient;
  ClickHouseLogLevel?: { OFF: number };
}

// Server-side codes that mean "cannot be reached or not let in": UNKNOWN_DATABASE,
// UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, SOCKET_TIMEOUT, NETWORK_ERROR,
// ALL_CONNECTION_TRIES_FAILED (a shard of the Distributed table is down), AUTHENTICATION_FAILED.
const UNREACHABLE_CODES = new Set([81, 192, 193, 194, 209, 210, 279, 516]);

function unreachable(e: unknown): boolean {
  if (isUnreachable(e)) return true;
  const msg = String((e as Error | null)?.message ?? '');
  if (/Timeout error|socket hang up|ECONNREFUSED|ECONNRESET/i.test(msg)) return true;
  for (const m of msg.matchAll(/Code: (\d+)/g)) if (UNREACHABLE_CODES.has(Number(m[1]))) return true;
  return false;
}

// Statements that return rows; everything else (DDL, INSERT … SELECT) goes through `command`.
const RETURNS_ROWS = /^\s*(SELECT|WITH|SHOW|DESC|DESCRIBE|EXISTS)\b/i;
// A shard must never be skipped silently (the counts would be wrong), and the generalizing
// statements carry the hierarchies as literals, so the 256 KiB default text limit is raised.
const SETTINGS = { skip_unavailable_shards: 0, max_query_size: 268_435_456 };

/**
 * ClickHouse as a {@link SqlExecutor} over HTTP with `@clickhouse/client`. With `cluster` and
 * `shards`, `anonymizeSql` reads the frequency set through the source's `Distributed` table
 * (every shard groups its own rows) and writes the output on each shard, then a `Distributed`
 * table over the parts. A server that cannot be reached, refuses the login, or a shard that
 * is down is `ENGINE_UNAVAILABLE`. Takes no `$n` parameters: ClickHouse 18.16 has none, so
 * `anonymizeSql` writes values as quoted literals.
 *
 * @example
 * ```ts
 * import { anonymizeSql, clickhouseExecutor } from 'custodia/kanon/sql';
 * const db = clickhouseExecutor({ url: 'http://ch1:8123', cluster: 'retail', shards: ['http://ch1:8123', 'http://ch2:8123'] });
 * const r = await anonymizeSql(db, { table: 'visits', quasiIdentifiers: { age, region }, k: 10, output: { table: 'visits_anon' } });
 * await db.close();
 * ```
 */
export function clickhouseExecutor(config: ClickHouseConfig = {}): SqlExecutor {
  needObject(config, 'config');
  const shardUrls = config.cluster === undefined ? [] : [...(config.shards ?? [])];
  if (config.cluster !== undefined && (typeof config.cluster !== 'string' || config.cluster.length === 0 || shardUrls.length === 0 || !shardUrls.every((u) => typeof u === 'string')))
    throw new CustodiaError('INVALID_ARGUMENT', 'cluster needs a name and the HTTP endpoint of every shard in shards', { field: 'shards' });
  let mod: Promise<ChModule> | undefined;
  const clients = new Map<string, ChClient>();
  let closed = false;
  const client = async (url: string): Promise<ChClient> => {
    if (closed) throw new CustodiaError('ENGINE_UNAVAILABLE', 'clickhouse executor is closed', { field: 'db' });
    mod ??= import('@clickhouse/client').then(
      (m) => m as unknown as ChModule,
      (e: unknown) => {
        throw new CustodiaError('ENGINE_UNAVAILABLE', 'clickhouse engine needs the optional peer dependency @clickhouse/client', { field: 'db', cause: e });
      },
    );
    const m = await mod;
    let c = clients.get(url);
    if (!c) {
      c = m.createClient({
        url, username: config.username ?? 'default', password: config.password ?? '', database: config.database ?? 'default',
        request_timeout: config.requestTimeoutMs ?? 300_000, log: { level: m.ClickHouseLogLevel?.OFF ?? 127 },
      });
      clients.set(url, c);
    }
    return c;
  };
  const run = async (url: string, sql: string, params?: readonly unknown[]): Promise<SqlRow[]> => {
    if (params && params.length)
      throw new CustodiaError('INVALID_ARGUMENT', 'clickhouseExecutor takes no $n parameters (ClickHouse 18.16 has none); write values as literals', { field: 'params' });
    const c = await client(url);
    try {
      if (!RETURNS_ROWS.test(sql)) {
        await c.command({ query: sql, clickhouse_settings: SETTINGS });
        return [];
      }
      const rs = await c.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: SETTINGS });
      return await rs.json<SqlRow[]>();
    } catch (e) {
      throw unreachable(e) ? unavailable('clickhouse', e) : e;
    }
  };
  const entry = config.url ?? 'http://localhost:8123';
  return {
    query: (sql, params) => run(entry, sql, params),
    async *batches(sql: string, params?: readonly unknown[]): AsyncIterable<readonly SqlRow[]> {
      if (params && params.length) {
        yield await run(entry, sql, params);
        return;
      }
      const c = await client(entry);
      try {
        const rs = await c.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: SETTINGS });
        for await (const rows of rs.stream()) yield rows.map((r) => r.json<SqlRow>());
      } catch (e) {
        throw unreachable(e) ? unavailable('clickhouse', e) : e;
      }
    },
    clickhouse: {
      cluster: config.cluster,
      shards: Math.max(1, shardUrls.length),
      onShard: (i, sql) => run(shardUrls.length ? shardUrls[i]! : entry, sql),
    },
    async close(): Promise<void> {
      closed = true;
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map((c) => c.close().catch(() => undefined)));
    },
  };
}
