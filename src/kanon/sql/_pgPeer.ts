/**
 * The part of a `pg.Pool` {@link postgresExecutor} accepts. Declared here, not imported, so a
 * consumer's `tsc` never needs `@types/pg` (an optional peer's types); a real `pg.Pool` fits it.
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool: PgPool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const db = postgresExecutor(pool);
 * ```
 */
export interface PgPool {
  query(...args: never[]): Promise<unknown>;
  connect(): Promise<unknown>;
  end(): Promise<void>;
}

/**
 * Settings of the `pg.Pool` {@link postgresExecutor} makes (and ends on `close`): the common
 * `pg.PoolConfig` fields; any other `pg.PoolConfig` field is passed through as well.
 * @example
 * ```ts
 * const config: PgPoolConfig = { connectionString: process.env.DATABASE_URL, max: 4 };
 * const db = postgresExecutor(config);
 * ```
 */
export type PgPoolConfig = {
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string | (() => string | Promise<string>);
  database?: string;
  ssl?: boolean | object;
  max?: number;
  idleTimeoutMillis?: number;
  connectionTimeoutMillis?: number;
  statement_timeout?: number;
  application_name?: string;
} & object;
