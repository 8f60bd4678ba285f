// The structural stand-ins for `pg.Pool` and `pg.PoolConfig` that both PostgreSQL users (the
// store and the kanon/sql executor) name in their public types. Declared once, here, so a
// consumer's `tsc` never needs `@types/pg` (an optional peer's types) and the two cannot drift.
// Types only: nothing here reaches a bundle.

/**
 * The part of a `pg.Pool` custodia calls; a real `pg.Pool` fits it.
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool: PgPool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface PgPool {
  query(...args: never[]): Promise<unknown>;
  connect(): Promise<unknown>;
  end(): Promise<void>;
}

/**
 * Settings for a `pg.Pool` custodia makes itself: the common `pg.PoolConfig` fields; any other
 * `pg.PoolConfig` field is passed through as well.
 * @example
 * ```ts
 * const config: PgPoolConfig = { connectionString: process.env.DATABASE_URL, max: 4 };
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
  min?: number;
  idleTimeoutMillis?: number;
  connectionTimeoutMillis?: number;
  statement_timeout?: number;
  application_name?: string;
} & object;
