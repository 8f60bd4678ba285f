/**
 * The engine interface of kanon/sql: run one statement with positional `$n` parameters.
 * @module
 */
import { CustodiaError } from '../../errors/index.js';

/**
 * A row as an engine returns it (column name → value).
 * @example
 * ```ts
 * const rows: SqlRow[] = await db.query('SELECT count(*) AS n FROM visits');
 * rows[0]?.n; // unknown: what the driver returns, e.g. 6n from duckdbExecutor (a BIGINT is a bigint)
 * ```
 */
export type SqlRow = Record<string, unknown>;

/**
 * What `anonymizeSql` needs from an engine. Parameters are positional `$1, $2, …` (PostgreSQL
 * and DuckDB syntax); values are only ever passed this way, never spliced into the text.
 *
 * @example
 * ```ts
 * const db: SqlExecutor = {
 *   query: (sql, params) => myClient.query(sql, params).then((r) => r.rows),
 *   close: () => myClient.end(),
 * };
 * ```
 */
export interface SqlExecutor {
  /** Runs one statement and returns its rows (none for DDL). */
  query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /** Releases the connection. */
  close(): Promise<void>;
  /** Optional: the rows of a query in batches, so a large result never sits in memory as objects at once. */
  batches?(sql: string, params?: readonly unknown[]): AsyncIterable<readonly SqlRow[]>;
  /**
   * Set by `clickhouseExecutor`: the statements are written in ClickHouse's dialect (values as
   * literals through custodia's quoting, no `$n` parameters), and with a cluster the output is
   * computed on every shard.
   */
  readonly clickhouse?: ClickHouseTarget;
}

/**
 * What `anonymizeSql` needs from a ClickHouse executor beyond `query`: the cluster name (when
 * the source is a `Distributed` table) and a way to run one statement on each shard's server.
 *
 * @example
 * ```ts
 * const db = clickhouseExecutor({ url: 'http://ch1:8123', cluster: 'retail', shards: ['http://ch1:8123', 'http://ch2:8123'] });
 * db.clickhouse?.shards; // 2
 * ```
 */
export interface ClickHouseTarget {
  /** The `remote_servers` cluster name, or undefined for a single server. */
  readonly cluster: string | undefined;
  /** Number of shards (1 for a single server). */
  readonly shards: number;
  /** Runs one statement on shard `i`'s own server (0-based, in `remote_servers` order). */
  onShard(i: number, sql: string): Promise<SqlRow[]>;
}

// Socket-level failures and PostgreSQL's class 08 (connection exception), 57P0x (shutdown), 3D000 (no database).
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03', '3D000', '28000', '28P01']);

/** True if an engine error means the engine cannot be reached (as opposed to a rejected statement). */
export function isUnreachable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return /Connection terminated|connect ECONN|timeout exceeded when trying to connect/i.test(String((e as Error | null)?.message));
  return UNREACHABLE.has(code) || code.startsWith('08');
}

/** The error for an engine that cannot be reached; the cause stays attached for the operator. */
export function unavailable(engine: string, cause: unknown): CustodiaError {
  return new CustodiaError('ENGINE_UNAVAILABLE', `${engine} engine is unreachable or could not be opened`, { field: 'db', cause });
}

/** Rows of a query in batches: the executor's own `batches`, else one batch from `query`. */
export async function* rowBatches(db: SqlExecutor, sql: string, params: readonly unknown[]): AsyncIterable<readonly SqlRow[]> {
  if (db.batches) yield* db.batches(sql, params);
  else yield await db.query(sql, params);
}
