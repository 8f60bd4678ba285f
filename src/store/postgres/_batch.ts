// One batch of the sequencer, in one transaction on the sequencer's own connection: the head row
// locked FOR UPDATE first (so even two sequencers could never give one seq twice), then the queue
// in id order, sealed (_seal.ts), written as entries with the new head, the Merkle tiles and tree
// head (custodia/merkle's engine on the same transaction), the queue rows deleted and the batch
// recorded for writers in other processes (ids in seq order), with a NOTIFY that commits with it.
import type { PoolClient } from 'pg';
import { CustodiaError } from '../../errors/index.js';
import { _MerkleEngine } from '../../merkle/_log.js';
import type { SequenceChain } from '../index.js';
import { fnv1a, valueBytes, valueString } from './_codec.js';
import type { QueueTables } from './_queue.js';
import type { PostgresTables } from './_schema.js';
import { sealBatch, sealable, tagOf, treeHashOf } from './_seal.js';
import { txnStore } from './_txnStore.js';

export interface BatchContext { t: PostgresTables; qt: QueueTables; channel: string; batchSize: number }
export interface BatchResult { length: number; values: string[]; okIds: number[]; refused: number[] }
type Row = { id: string; tag: string; item: Uint8Array };
type Query = <R extends object>(sql: string, values: unknown[]) => Promise<R[]>;

async function entryAt(q: Query, t: PostgresTables, log: string, seq: number): Promise<string | undefined> {
  const rows = await q<{ value: Uint8Array }>(`SELECT value FROM ${t.logs} WHERE log = $1 AND seq = $2`, [log, seq]);
  return rows[0] ? valueString(rows[0].value) : undefined;
}

export async function _writeBatch(c: PoolClient, o: BatchContext, log: string, chain: SequenceChain | undefined, tail: { length: number; last: string } | undefined): Promise<BatchResult | undefined> {
  const q = async <R extends object>(sql: string, values: unknown[]) => (await c.query<R>({ name: `custodia_${fnv1a(sql)}`, text: sql, values })).rows;
  await c.query('BEGIN');
  let values: string[] = [];
  let length: number;
  const okIds: number[] = [];
  const refused: number[] = [];
  try {
    length = Number((await q<{ length: string }>(`SELECT length FROM ${o.t.logHeads} WHERE log = $1 FOR UPDATE`, [log]))[0]!.length);
    const rows = await q<Row>(`SELECT id, tag, item FROM ${o.qt.queue} WHERE log = $1 ORDER BY id LIMIT $2`, [log, o.batchSize]);
    if (rows.length === 0) {
      await c.query('ROLLBACK');
      return undefined;
    }
    const tag = tagOf(chain);
    const items: string[] = [];
    for (const r of rows) {
      const item = valueString(r.item);
      if (r.tag === tag && sealable(chain, item)) { items.push(item); okIds.push(Number(r.id)); } else refused.push(Number(r.id));
    }
    if (items.length) {
      const last = length === 0 ? undefined : tail?.length === length ? tail.last : await entryAt(q, o.t, log, length - 1);
      values = sealBatch(chain, items, length, last);
      await q(`INSERT INTO ${o.t.logs} (log, seq, value) SELECT $1, $2::bigint + u.ord - 1, u.v FROM unnest($3::bytea[]) WITH ORDINALITY AS u(v, ord)`, [log, length, values.map((v) => valueBytes(v, log))]);
      await q(`UPDATE ${o.t.logHeads} SET length = $2 WHERE log = $1`, [log, length + values.length]);
      await new _MerkleEngine(txnStore(c, o.t), log, treeHashOf(chain)).sync({ from: length, entries: values });
    }
    const ids = rows.map((r) => Number(r.id));
    const del = `DELETE FROM ${o.qt.queue} WHERE log = $1 AND id = ANY($2::bigint[])`;
    const gone = await c.query({ name: `custodia_${fnv1a(del)}`, text: del, values: [log, ids] });
    if (gone.rowCount !== ids.length) throw new CustodiaError('STORE_CONFLICT', 'queue rows taken by another sequencer', { field: log });
    const lo = Math.min(...ids);
    const hi = Math.max(...ids);
    await q(`INSERT INTO ${o.qt.batches} (log, first, min_id, max_id, ids, refused) VALUES ($1, $2, $3, $4, $5, $6)`, [log, length, lo, hi, okIds, refused]);
    await q('SELECT pg_notify($1, $2)', [o.channel, `${lo} ${hi}`]);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return { length, values, okIds, refused };
}
