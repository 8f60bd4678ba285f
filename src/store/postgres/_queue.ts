// The sequencer's two tables, beside the store's own (an additive schema: a store opened without
// `sequencer` never creates them, and the store's migration list is unchanged):
// - queue: items writers committed and no sequencer has written yet (one row each, deleted in
//   the transaction that writes their log entries);
// - batches: one row per sequenced batch, `ids` in the order they got seqs `first`, `first + 1`…,
//   so a writer in any process finds where its items went; pruned after `keep` seconds.
import type { Pool } from 'pg';
import { withMigrationLock } from './_schema.js';

export interface QueueTables { queue: string; batches: string }

export function queueTables(schema: string, prefix: string): QueueTables {
  const q = (t: string) => `"${schema}"."${prefix}${t}"`;
  return { queue: q('queue'), batches: q('queue_batches') };
}

export function queueSql(schema: string, prefix: string): string {
  const t = queueTables(schema, prefix);
  return `CREATE TABLE IF NOT EXISTS ${t.queue} (
       log text NOT NULL,
       id bigserial NOT NULL,
       tag text NOT NULL,
       item bytea NOT NULL,
       queued_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (log, id));
     CREATE TABLE IF NOT EXISTS ${t.batches} (
       log text NOT NULL,
       first bigint NOT NULL,
       min_id bigint NOT NULL,
       max_id bigint NOT NULL,
       ids bigint[] NOT NULL,
       refused bigint[] NOT NULL,
       done_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (log, first));
     CREATE INDEX IF NOT EXISTS ${prefix}queue_batches_ids ON ${t.batches} (max_id, min_id);`;
}

// Idempotent, under the same advisory lock as the store's migration so processes starting
// together do not race on CREATE.
export async function migrateQueue(pool: Pool, schema: string, prefix: string): Promise<void> {
  await withMigrationLock(pool, schema, prefix, (client) => client.query(queueSql(schema, prefix)));
}
