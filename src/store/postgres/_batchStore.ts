// The store as the Merkle engine sees it inside one sequencer batch. The sequencer keeps, while
// it holds the role, what it last read or wrote of the log (its length and last entry) and of the
// tree (the head and tile records with their versions): the engine reads those from memory, and
// its writes are collected, not sent, so the batch writes them in its one statement (_batch.ts)
// with every version checked there. A stale copy (another writer moved the log or the tiles)
// fails that check, the batch writes nothing and the sequencer drops the copy and reads again.
import type { PoolClient } from 'pg';
import { CustodiaError } from '../../errors/index.js';
import type { LogEntry, Store } from '../index.js';
import { fnv1a, keyBytes, valueString } from './_codec.js';
import type { PostgresTables } from './_schema.js';

/** What the sequencer knows of one log it sequences: valid only as long as the batches it writes on it succeed. */
export interface LogState {
  length: number;
  /** The entry at `length - 1` (undefined when empty). */
  last: string | undefined;
  /** Records of `<log>.merkle` by key, as last read or written. */
  records: Map<string, { value: string; version: number }>;
}

export interface TileWrite { key: string; value: string; ifVersion?: number }

const unsupported = (op: string) => (): never => {
  throw new CustodiaError('INVALID_ARGUMENT', `${op} is not served inside a sequencer batch`, { field: op });
};

/** The log as it will be after the batch (`state` plus `fresh`), its tree's records from `state` or read once; writes go to `writes`. */
export function batchStore(c: PoolClient, t: PostgresTables, log: string, state: LogState, fresh: readonly string[], writes: TileWrite[]): Store {
  const q = async <R extends object>(sql: string, values: unknown[]) => (await c.query<R>({ name: `custodia_${fnv1a(sql)}`, text: sql, values })).rows;
  const ns = `${log}.merkle`;
  const mine = (n: string, field: string): void => {
    if (n !== ns && n !== log) throw new CustodiaError('INVALID_ARGUMENT', `${field} ${n} is not the batch's log or tree`, { field });
  };
  return {
    async get(n, key) {
      mine(n, 'ns');
      const hit = state.records.get(key);
      if (hit) return { key, ...hit };
      const rows = await q<{ value: Uint8Array; version: number }>(`SELECT value, version FROM ${t.records} WHERE ns = $1 AND k = $2`, [ns, keyBytes(key)]);
      if (!rows[0]) return undefined;
      const rec = { value: valueString(rows[0].value), version: rows[0].version };
      state.records.set(key, rec);
      return { key, ...rec };
    },
    async putMany(n, records) {
      mine(n, 'ns');
      writes.push(...records);
    },
    async put(n, key, value, o) {
      mine(n, 'ns');
      writes.push({ key, value, ...(o?.ifVersion !== undefined && { ifVersion: o.ifVersion }) });
      return (o?.ifVersion ?? 0) + 1;
    },
    // Entries before the batch from the store (a tree that lags the log), the batch's own from memory.
    async *read(l: string, o: { from?: number; limit?: number } = {}): AsyncIterable<LogEntry> {
      mine(l, 'log');
      const from = o.from ?? 0;
      const end = Math.min(state.length + fresh.length, o.limit === undefined ? Infinity : from + o.limit);
      if (from < state.length) {
        const rows = await q<{ seq: string; value: Uint8Array }>(`SELECT seq, value FROM ${t.logs} WHERE log = $1 AND seq >= $2 AND seq < $3 ORDER BY seq`, [log, from, Math.min(end, state.length)]);
        for (const r of rows) yield { seq: Number(r.seq), value: valueString(r.value) };
      }
      for (let seq = Math.max(from, state.length); seq < end; seq++) yield { seq, value: fresh[seq - state.length]! };
    },
    async length(l) {
      mine(l, 'log');
      return state.length + fresh.length;
    },
    delete: unsupported('delete'),
    scan: unsupported('scan'),
    append: unsupported('append'),
    close: async () => undefined,
  };
}

/** After the batch committed: the records as written (a full tile's version is not known: dropped, and read again if ever needed). */
export function applyWrites(state: LogState, writes: readonly TileWrite[]): void {
  for (const w of writes) {
    if (w.ifVersion === undefined) state.records.delete(w.key);
    else state.records.set(w.key, { value: w.value, version: w.ifVersion + 1 });
  }
}
