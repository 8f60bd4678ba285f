/**
 * The part of a `pg.Pool` this store's public types name. Declared here, not imported, so a
 * consumer's `tsc` never needs `@types/pg` (an optional peer's types); a real `pg.Pool` fits it.
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool: PostgresPool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = await postgresStore({ pool });
 * ```
 */
export interface PostgresPool {
  query(...args: never[]): Promise<unknown>;
  connect(): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/**
 * Settings for the `pg.Pool` the store makes when given none (the common `pg.PoolConfig`
 * fields; any other `pg.PoolConfig` field is passed through as well).
 * @example
 * ```ts
 * const config: PostgresPoolConfig = { host: '127.0.0.1', database: 'shop', max: 10 };
 * const store = await postgresStore({ config });
 * ```
 */
export type PostgresPoolConfig = {
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
