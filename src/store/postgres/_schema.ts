import type { Pool, PoolClient } from 'pg';

/**
 * Qualified table names of one store.
 * @example
 * ```ts
 * const tables: PostgresTables = (await postgresStore({ pool, schema: 'privacy' })).tables;
 * tables.logs; // '"privacy"."custodia_logs"'
 * ```
 */
export interface PostgresTables {
  records: string;
  logs: string;
  logHeads: string;
  migrations: string;
}

export function tableNames(schema: string, prefix: string): PostgresTables {
  const q = (t: string) => `"${schema}"."${prefix}${t}"`;
  return { records: q('records'), logs: q('logs'), logHeads: q('log_heads'), migrations: q('migrations') };
}

// Append-only: only new migrations are added, each one applied once, in order.
export function migrations(t: PostgresTables, schema: string, prefix: string): string[] {
  const fn = `"${schema}"."${prefix}logs_append_only"`;
  return [
    `CREATE TABLE ${t.records} (
       ns text NOT NULL,
       k bytea NOT NULL,
       value bytea NOT NULL,
       version integer NOT NULL,
       updated_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (ns, k));
     CREATE TABLE ${t.logHeads} (
       log text PRIMARY KEY,
       length bigint NOT NULL DEFAULT 0);
     CREATE TABLE ${t.logs} (
       log text NOT NULL,
       seq bigint NOT NULL,
       value bytea NOT NULL,
       appended_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (log, seq));
     CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN RAISE EXCEPTION 'custodia logs are append-only'; END $$;
     CREATE TRIGGER ${prefix}logs_append_only BEFORE UPDATE OR DELETE ON ${t.logs}
       FOR EACH ROW EXECUTE FUNCTION ${fn}();`,
  ];
}

/** The full schema as SQL, for teams that apply migrations with their own tool. */
export function schemaSql(schema: string, prefix: string): string {
  const t = tableNames(schema, prefix);
  return [`CREATE SCHEMA IF NOT EXISTS "${schema}";`, ...migrations(t, schema, prefix)].join('\n');
}

// Several processes may start at once: an advisory lock makes one of them migrate and the
// others see its result, inside one transaction so a failed step leaves nothing half-done.
export async function withMigrationLock<T>(pool: Pool, schema: string, prefix: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no listener of pg-pool's: a server that dies mid-migration would
  // emit an unhandled 'error' on it and end the process (seen: a writer still migrating when the
  // server restarted). The failed query reports the error instead.
  const ignore = (): void => undefined;
  client.on('error', ignore);
  let failed = false;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`custodia-migrate:${schema}.${prefix}`]);
    const out = await work(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.removeListener('error', ignore);
    // After a failure the connection may be dead: destroy it rather than pool it.
    client.release(failed);
  }
}

export async function migrate(pool: Pool, schema: string, prefix: string): Promise<number> {
  const t = tableNames(schema, prefix);
  const steps = migrations(t, schema, prefix);
  return withMigrationLock(pool, schema, prefix, async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${t.migrations} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${t.migrations}`);
    const done = rows[0]?.v ?? 0;
    for (let v = done + 1; v <= steps.length; v++) {
      await client.query(steps[v - 1]!);
      await client.query(`INSERT INTO ${t.migrations} (version) VALUES ($1)`, [v]);
    }
    return steps.length;
  });
}
