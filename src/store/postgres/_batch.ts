// One batch of the sequencer, in one transaction on the sequencer's own connection: the head row
// locked FOR UPDATE first (so even two sequencers could never give one seq twice), then the queue
// in id order, sealed (_seal.ts), written as entries with the new head, the Merkle tiles and tree
// head (custodia/merkle's engine on the same transaction), the queue rows deleted and the batch
// recorded for writers in other processes (ids in seq order), with a NOTIFY that commits with it.
import type { PoolClient } from 'pg';
import { CustodiaError } from '../../errors/index.js';
import { _MerkleEngine } from '../../merkle/_log.js';
import type { SequenceChain } from '../index.js';
import { binaryQuery, fnv1a, packStrings, valueString } from './_codec.js';
import type { QueueTables } from './_queue.js';
import type { PostgresTables } from './_schema.js';
import { batchPayload } from './_payload.js';
import { sealBatch, sealable, tagOf, treeHashOf } from './_seal.js';
import { txnStore } from './_txnStore.js';

export interface BatchContext { t: PostgresTables; qt: QueueTables; channel: string; batchSize: number }
export interface BatchResult { length: number; values: string[]; okIds: number[]; refused: number[] }
type Row = { id: string; tag: string; item: string };
type Query = <R extends object>(sql: string, values: unknown[]) => Promise<R[]>;

async function entryAt(q: Query, t: PostgresTables, log: string, seq: number): Promise<string | undefined> {
  const rows = await q<{ value: Uint8Array }>(`SELECT value FROM ${t.logs} WHERE log = $1 AND seq = $2`, [log, seq]);
  return rows[0] ? valueString(rows[0].value) : undefined;
}

export async function _writeBatch(c: PoolClient, o: BatchContext, log: string, chain: SequenceChain | undefined, tail: { length: number; last: string } | undefined): Promise<BatchResult | undefined> {
  const q = async <R extends object>(sql: string, values: unknown[]) => (await c.query<R>({ name: `custodia_${fnv1a(sql)}`, text: sql, values })).rows;
  // Read before the transaction: an idle poll is one statement. Rows read here are committed;
  // the DELETE below proves no one else took them before this batch commits.
  // Binary results: the items arrive as their bytes (decoded as UTF-8 by pg), not as hex text.
  const read = `SELECT id::text AS id, tag, item FROM ${o.qt.queue} WHERE log = $1 ORDER BY id LIMIT $2`;
  const rows = (await c.query<Row>(binaryQuery(read, [log, o.batchSize]))).rows;
  if (rows.length === 0) return undefined;
  await c.query('BEGIN');
  let values: string[] = [];
  let length: number;
  const okIds: number[] = [];
  const refused: number[] = [];
  try {
    length = Number((await q<{ length: string }>(`SELECT length FROM ${o.t.logHeads} WHERE log = $1 FOR UPDATE`, [log]))[0]!.length);
    const tag = tagOf(chain);
    const items: string[] = [];
    const datas: unknown[] = [];
    for (const r of rows) {
      const item = r.item;
      const data = r.tag === tag ? sealable(chain, item) : undefined;
      if (data !== undefined) { items.push(item); datas.push(data); okIds.push(Number(r.id)); } else refused.push(Number(r.id));
    }
    if (items.length) {
      const last = length === 0 ? undefined : tail?.length === length ? tail.last : await entryAt(q, o.t, log, length - 1);
      values = sealBatch(chain, items, datas, length, last);
      // The entries and the new log head in one statement (the Merkle engine reads the length).
      const { bytes, offsets, lengths } = packStrings(values, log);
      await q(`WITH e AS (INSERT INTO ${o.t.logs} (log, seq, value)
          SELECT $1, $2::bigint + u.ord - 1, substring($3::bytea FROM u.off FOR u.len) FROM unnest($4::int[], $5::int[]) WITH ORDINALITY AS u(off, len, ord))
        UPDATE ${o.t.logHeads} SET length = $2::bigint + cardinality($4::int[]) WHERE log = $1`, [log, length, bytes, offsets, lengths]);
      await new _MerkleEngine(txnStore(c, o.t, new Map([[log, length + values.length]])), log, treeHashOf(chain)).sync({ from: length, entries: values });
    }
    // The queue rows gone, the batch recorded for writers elsewhere and announced: one statement.
    const ids = rows.map((r) => Number(r.id));
    let lo = ids[0]!;
    let hi = ids[0]!;
    for (const id of ids) { if (id < lo) lo = id; if (id > hi) hi = id; }
    const [done] = await q<{ gone: string }>(`WITH d AS (DELETE FROM ${o.qt.queue} WHERE log = $1 AND id = ANY($2::bigint[]) RETURNING 1),
        b AS (INSERT INTO ${o.qt.batches} (log, first, min_id, max_id, ids, refused) VALUES ($1, $3, $4, $5, $6, $7))
      SELECT (SELECT count(*) FROM d) AS gone, pg_notify($8, $9)`, [log, ids, length, lo, hi, okIds, refused, o.channel, batchPayload(lo, hi, length, okIds, refused, log)]);
    if (Number(done!.gone) !== ids.length) throw new CustodiaError('STORE_CONFLICT', 'queue rows taken by another sequencer', { field: log });
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return { length, values, okIds, refused };
}
