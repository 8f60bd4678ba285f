// The store as one open transaction sees it: what the Merkle engine reads and writes while the
// sequencer's batch is in flight, so that leaves, tiles and the tree head commit (or vanish)
// with the entries. Only the calls the engine makes are served.
import type { PoolClient } from 'pg';
import { CustodiaError } from '../../errors/index.js';
import type { LogEntry, Store } from '../index.js';
import { fnv1a, keyBytes, valueBytes, valueString } from './_codec.js';
import type { PostgresTables } from './_schema.js';

const conflict = (ns: string) => new CustodiaError('STORE_CONFLICT', `${ns} changed concurrently: re-read and retry`, { field: ns });
const unsupported = (op: string) => (): never => {
  throw new CustodiaError('INVALID_ARGUMENT', `${op} is not served inside a sequencer batch`, { field: op });
};

/** `known`: lengths this transaction has set itself (its head row locked), served without a read. */
export function txnStore(c: PoolClient, t: PostgresTables, known?: ReadonlyMap<string, number>): Store {
  // Named: parsed and planned once per connection, and every batch makes the same few calls.
  const q = async <R extends object>(sql: string, values: unknown[]) => (await c.query<R>({ name: `custodia_${fnv1a(sql)}`, text: sql, values })).rows;
  const put = async (ns: string, key: string, value: string, ifVersion?: number): Promise<number> => {
    const p: unknown[] = [ns, keyBytes(key), valueBytes(value, ns)];
    const sql =
      ifVersion === undefined
        ? `INSERT INTO ${t.records} (ns, k, value, version) VALUES ($1, $2, $3, 1)
           ON CONFLICT (ns, k) DO UPDATE SET value = EXCLUDED.value, version = ${t.records}.version + 1, updated_at = now() RETURNING version`
        : ifVersion === 0
          ? `INSERT INTO ${t.records} (ns, k, value, version) VALUES ($1, $2, $3, 1) ON CONFLICT (ns, k) DO NOTHING RETURNING version`
          : `UPDATE ${t.records} SET value = $3, version = version + 1, updated_at = now() WHERE ns = $1 AND k = $2 AND version = $4 RETURNING version`;
    if (ifVersion) p.push(ifVersion);
    const rows = await q<{ version: number }>(sql, p);
    if (!rows[0]) throw conflict(ns);
    return rows[0].version;
  };
  return {
    async get(ns, key) {
      const rows = await q<{ value: Uint8Array; version: number }>(`SELECT value, version FROM ${t.records} WHERE ns = $1 AND k = $2`, [ns, keyBytes(key)]);
      return rows[0] && { key, value: valueString(rows[0].value), version: rows[0].version };
    },
    put: (ns, key, value, o) => put(ns, key, value, o?.ifVersion),
    // A conflict throws before the batch commits, and the whole batch is rolled back with it.
    async putMany(ns, records) {
      for (const r of records) await put(ns, r.key, r.value, r.ifVersion);
    },
    async *read(log: string, o: { from?: number; limit?: number } = {}): AsyncIterable<LogEntry> {
      const rows = await q<{ seq: string; value: Uint8Array }>(
        `SELECT seq, value FROM ${t.logs} WHERE log = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
        [log, o.from ?? 0, o.limit ?? null],
      );
      for (const r of rows) yield { seq: Number(r.seq), value: valueString(r.value) };
    },
    async length(log) {
      const n = known?.get(log);
      if (n !== undefined) return n;
      const rows = await q<{ length: string }>(`SELECT length FROM ${t.logHeads} WHERE log = $1`, [log]);
      return Number(rows[0]?.length ?? 0);
    },
    delete: unsupported('delete'),
    scan: unsupported('scan'),
    append: unsupported('append'),
    close: async () => undefined,
  };
}
