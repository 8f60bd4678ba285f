// A test file's PostgreSQL server and admin pool, started before its tests and stopped after.
// Kept apart from server.ts, which vitest.config.ts imports (no vitest or pg there).
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type PgServer } from './server.js';

/**
 * Starts a server for the calling test file and an admin pool on it (a superuser's, for set-up
 * and attacks), both stopped after the file; read them from the returned object inside tests.
 */
export function usePostgres(opts: { adminConnections?: number } = {}): { server: PgServer; admin: pg.Pool } {
  const env = {} as { server: PgServer; admin: pg.Pool };
  beforeAll(async () => {
    env.server = await startPostgres();
    env.admin = new pg.Pool({ connectionString: env.server.url, max: opts.adminConnections ?? 2 });
    env.admin.on('error', () => undefined);
  });
  afterAll(async () => {
    await env.admin?.end();
    env.server?.stop();
  });
  return env;
}
