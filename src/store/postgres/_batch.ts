// One batch of the sequencer. The queue is read in id order, the items sealed (_seal.ts) from the
// log's last entry and hashed into the Merkle tiles (custodia/merkle's engine over _batchStore.ts),
// all from what the sequencer already knows of the log and its tree (read once when it does not),
// and then ONE statement in one transaction writes the entries, the log head, the tiles and the
// tree head, deletes the queue rows and records the batch for writers in other processes (ids in
// seq order) with a NOTIFY that commits with it. Every write there is checked against what the
// batch was built on (the log length, each record's version, each queue row still there): one
// that does not match rolls the whole batch back as STORE_CONFLICT, so a stale copy can cost a
// retry but never give one seq twice or a tree that does not cover the log.
import type { PoolClient } from 'pg';
import { CustodiaError, isCustodiaError } from '../../errors/index.js';
import { _MerkleEngine } from '../../merkle/_log.js';
import type { SequenceChain } from '../index.js';
import { type LogState, type TileWrite, applyWrites, batchStore } from './_batchStore.js';
import { binaryQuery, fnv1a, keyBytes, packStrings, valueString } from './_codec.js';
import type { QueueTables } from './_queue.js';
import type { PostgresTables } from './_schema.js';
import { batchPayload } from './_payload.js';
import { sealBatch, sealable, tagOf, treeHashOf } from './_seal.js';

export interface BatchContext { t: PostgresTables; qt: QueueTables; channel: string; batchSize: number }
export interface BatchResult { length: number; values: string[]; okIds: number[]; refused: number[] }
type Row = { id: string; tag: string; item: string };

const conflict = (log: string, what: string) => new CustodiaError('STORE_CONFLICT', `${what} changed under the sequencer: read again and retry`, { field: log });

function writeSql(t: PostgresTables, qt: QueueTables): string {
  // Tiles go as keys, one packed bytea of values and expected versions (NULL: a full tile,
  // written whatever is there; 0: a new record). The UPDATE joins them by primary key. The
  // counts are read in this order, so the writes happen in it: head, entries, tiles, then the
  // queue rows (a writer holding one of them makes the batch wait there, having written).
  return `WITH h AS (UPDATE ${t.logHeads} SET length = $2::bigint + cardinality($4::int[]) WHERE log = $1 AND length = $2 RETURNING 1),
    e AS (INSERT INTO ${t.logs} (log, seq, value)
      SELECT $1, $2::bigint + u.ord - 1, substring($3::bytea FROM u.off FOR u.len) FROM unnest($4::int[], $5::int[]) WITH ORDINALITY AS u(off, len, ord) RETURNING 1),
    w AS (SELECT u.k, substring($8::bytea FROM u.off FOR u.len) AS v, u.ifv FROM unnest($7::bytea[], $9::int[], $10::int[], $11::int[]) AS u(k, off, len, ifv)),
    tu AS (UPDATE ${t.records} r SET value = w.v, version = r.version + 1, updated_at = now() FROM w
      WHERE w.ifv > 0 AND r.ns = $6 AND r.k = w.k AND r.version = w.ifv RETURNING 1),
    ti AS (INSERT INTO ${t.records} (ns, k, value, version) SELECT $6, w.k, w.v, 1 FROM w WHERE w.ifv = 0 ON CONFLICT (ns, k) DO NOTHING RETURNING 1),
    tf AS (INSERT INTO ${t.records} AS r (ns, k, value, version) SELECT $6, w.k, w.v, 1 FROM w WHERE w.ifv IS NULL
      ON CONFLICT (ns, k) DO UPDATE SET value = EXCLUDED.value, version = r.version + 1, updated_at = now() RETURNING 1),
    d AS (DELETE FROM ${qt.queue} WHERE log = $1 AND id = ANY($12::bigint[]) RETURNING 1),
    b AS (INSERT INTO ${qt.batches} (log, first, min_id, max_id, ids, refused) VALUES ($1, $2, $13, $14, $15, $16))
  SELECT (SELECT count(*) FROM h)::int AS head, (SELECT count(*) FROM e)::int AS entries, ((SELECT count(*) FROM tu) + (SELECT count(*) FROM ti) + (SELECT count(*) FROM tf))::int AS tiles,
    (SELECT count(*) FROM d)::int AS gone, pg_notify($17, $18)`;
}

/** The log's length and last entry as committed (the sequencer's copy of its tree starts empty and fills as the engine reads). */
async function readState(c: PoolClient, t: PostgresTables, log: string): Promise<LogState> {
  const q = async <R extends object>(sql: string, values: unknown[]) => (await c.query<R>({ name: `custodia_${fnv1a(sql)}`, text: sql, values })).rows;
  const length = Number((await q<{ length: string }>(`SELECT length FROM ${t.logHeads} WHERE log = $1`, [log]))[0]?.length ?? 0);
  const rows = length ? await q<{ value: Uint8Array }>(`SELECT value FROM ${t.logs} WHERE log = $1 AND seq = $2`, [log, length - 1]) : [];
  return { length, last: rows[0] && valueString(rows[0].value), records: new Map() };
}

/**
 * Seals and writes the next batch of `log`'s queue on `state` (read first when undefined);
 * resolves undefined when the queue is empty. On success `state` is the log after the batch; on
 * any error (STORE_CONFLICT when the log, a tree record or a queue row moved) it must be dropped.
 */
export async function _writeBatch(c: PoolClient, o: BatchContext, log: string, chain: SequenceChain | undefined, known: LogState | undefined): Promise<(BatchResult & { state: LogState }) | undefined> {
  // An idle poll is one statement. Binary results: the items arrive as their bytes (UTF-8 text), not as hex.
  // Ordered by the column (q.id), not by the text output named id: '10' would sort before '9'.
  const read = `SELECT q.id::text AS id, q.tag, q.item FROM ${o.qt.queue} q WHERE q.log = $1 ORDER BY q.id LIMIT $2`;
  const rows = (await c.query<Row>(binaryQuery(read, [log, o.batchSize]))).rows;
  if (rows.length === 0) return undefined;
  const state = known ?? (await readState(c, o.t, log));
  const { length } = state;
  const tag = tagOf(chain);
  const items: string[] = [];
  const datas: unknown[] = [];
  const okIds: number[] = [];
  const refused: number[] = [];
  for (const r of rows) {
    const data = r.tag === tag ? sealable(chain, r.item) : undefined;
    if (data !== undefined) { items.push(r.item); datas.push(data); okIds.push(Number(r.id)); } else refused.push(Number(r.id));
  }
  const values = items.length ? sealBatch(chain, items, datas, length, state.last) : [];
  const writes: TileWrite[] = [];
  if (values.length) await new _MerkleEngine(batchStore(c, o.t, log, state, values, writes), log, treeHashOf(chain)).sync({ from: length, entries: values });
  const ids = rows.map((r) => Number(r.id));
  let lo = ids[0]!;
  let hi = ids[0]!;
  for (const id of ids) { if (id < lo) lo = id; if (id > hi) hi = id; }
  const entries = packStrings(values, log);
  const tiles = packStrings(writes.map((w) => w.value), `${log}.merkle`);
  const sql = writeSql(o.t, o.qt);
  const params = [
    log, length, entries.bytes, entries.offsets, entries.lengths,
    `${log}.merkle`, writes.map((w) => keyBytes(w.key)), tiles.bytes, tiles.offsets, tiles.lengths, writes.map((w) => w.ifVersion ?? null),
    ids, lo, hi, okIds, refused, o.channel, batchPayload(lo, hi, length, okIds, refused, log),
  ];
  await c.query('BEGIN');
  try {
    const [r] = (await c.query<{ head: number; entries: number; tiles: number; gone: number }>({ name: `custodia_${fnv1a(sql)}`, text: sql, values: params })).rows;
    if (r!.head !== 1 || r!.entries !== values.length) throw conflict(log, 'the log head');
    if (r!.tiles !== writes.length) throw conflict(log, 'a Merkle tile or the tree head');
    if (r!.gone !== ids.length) throw conflict(log, 'the queue (rows taken by another sequencer)');
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    // Entries at these seqs already: another writer extended the log.
    throw !isCustodiaError(e) && (e as { code?: string }).code === '23505' ? conflict(log, 'the log') : e;
  }
  applyWrites(state, writes);
  state.length = length + values.length;
  if (values.length) state.last = values[values.length - 1];
  return { length, values, okIds, refused, state };
}
