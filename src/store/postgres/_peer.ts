import type { PgPool, PgPoolConfig } from '../_pgPool.js';

/**
 * The part of a `pg.Pool` this store's public types name: what every custodia PostgreSQL user
 * calls, plus the `error` listener the store keeps so an idle client's failure cannot crash Node.
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool: PostgresPool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = await postgresStore({ pool });
 * ```
 */
export interface PostgresPool extends PgPool {
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/**
 * Settings for the `pg.Pool` the store makes when given none.
 * @example
 * ```ts
 * const config: PostgresPoolConfig = { host: '127.0.0.1', database: 'shop', max: 10 };
 * const store = await postgresStore({ config });
 * ```
 */
export type PostgresPoolConfig = PgPoolConfig;
