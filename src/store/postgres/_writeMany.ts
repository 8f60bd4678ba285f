// The store's batch writes (Store.appendMany, putMany, appendManyAndPut): ONE statement, the
// shape of the sequencer's batch (_batch.ts). The log head row is updated first (its row lock
// serialises the log's appenders; `ifLength` is re-checked on the committed row, as `append`
// does), the entries go as one packed bytea cut apart over unnest, and the records are
// written by key with their versions checked in the statement. A record check that fails leaves
// a short count: where a batch has any, the statement runs between BEGIN and COMMIT and a short
// count rolls it back as STORE_CONFLICT. A batch without record checks needs no transaction
// block: the records are joined with the head row, so a stale `ifLength` writes none of them.
import type { Pool, PoolClient } from 'pg';
import { CustodiaError, isCustodiaError } from '../../errors/index.js';
import type { Put } from '../_batch.js';
import { fnv1a, keyBytes, packStrings } from './_codec.js';
import type { PostgresTables } from './_schema.js';

/** One key's writes in a batch, folded: its last value, how many writes, and the version it must be at first (null: any). */
interface Folded { k: Uint8Array; value: string; need: number | null; m: number }

const MAX_VERSION = 2 ** 31 - 1; // the version column is an integer
const couldBe = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

const logConflict = (log: string) => new CustodiaError('STORE_CONFLICT', `log ${log} is not at the ifLength given: changed concurrently, re-read and retry`, { field: log });
const recordConflict = (ns: string) => new CustodiaError('STORE_CONFLICT', `a record of ${ns} is not at the ifVersion given: changed concurrently, re-read and retry`, { field: ns });

/**
 * Folds writes to one key (the second write of a key sees the first's version, as in the memory
 * and SQLite stores) into one row, so the statement touches each row once. A chain of checks no
 * stored version can pass (ifVersion 0 after a write, two that disagree, not a version) is
 * STORE_CONFLICT before anything is sent.
 */
function fold(ns: string, puts: readonly Put[]): Folded[] {
  const byKey = new Map<string, Folded>();
  for (const p of puts) {
    const f = byKey.get(p.key);
    const done = f?.m ?? 0;
    if (p.ifVersion !== undefined && !couldBe(p.ifVersion, MAX_VERSION)) throw recordConflict(ns);
    // The stored version this write's check implies: its ifVersion less the writes before it.
    const need = p.ifVersion === undefined ? null : p.ifVersion - done;
    if (need !== null && (need < 0 || (f && f.need !== null && f.need !== need))) throw recordConflict(ns);
    if (f) {
      f.value = p.value;
      f.m++;
      if (need !== null) f.need = need;
    } else byKey.set(p.key, { k: keyBytes(p.key), value: p.value, need, m: 1 });
  }
  return [...byKey.values()];
}

function manySql(t: PostgresTables, log: boolean, records: boolean): string {
  const ctes: string[] = [];
  const out: string[] = [];
  if (log) {
    ctes.push(
      `h AS (UPDATE ${t.logHeads} SET length = length + cardinality($4::int[]) WHERE log = $1 AND ($2::bigint IS NULL OR length = $2) RETURNING length - cardinality($4::int[]) AS first)`,
      `e AS (INSERT INTO ${t.logs} (log, seq, value)
        SELECT $1, h.first + u.ord - 1, substring($3::bytea FROM u.off FOR u.len) FROM h, unnest($4::int[], $5::int[]) WITH ORDINALITY AS u(off, len, ord) RETURNING 1)`,
    );
    out.push('(SELECT first FROM h)::text AS first', '(SELECT count(*) FROM e)::int AS entries');
  }
  if (records) {
    const b = log ? 5 : 0; // records' parameters follow the log's
    const $ = (i: number) => `$${b + i}`;
    ctes.push(
      // Joined with h: a head that failed its ifLength check gives no record to write.
      `w AS (SELECT u.k, substring(${$(3)}::bytea FROM u.off FOR u.len) AS v, u.need, u.m
        FROM unnest(${$(2)}::bytea[], ${$(4)}::int[], ${$(5)}::int[], ${$(6)}::int[], ${$(7)}::int[]) AS u(k, off, len, need, m)${log ? ', h' : ''})`,
      `ru AS (UPDATE ${t.records} r SET value = w.v, version = r.version + w.m, updated_at = now() FROM w
        WHERE w.need > 0 AND r.ns = ${$(1)} AND r.k = w.k AND r.version = w.need RETURNING 1)`,
      `ri AS (INSERT INTO ${t.records} (ns, k, value, version) SELECT ${$(1)}, w.k, w.v, w.m FROM w WHERE w.need = 0 ON CONFLICT (ns, k) DO NOTHING RETURNING 1)`,
      `rf AS (INSERT INTO ${t.records} AS r (ns, k, value, version) SELECT ${$(1)}, w.k, w.v, w.m FROM w WHERE w.need IS NULL
        ON CONFLICT (ns, k) DO UPDATE SET value = EXCLUDED.value, version = r.version + EXCLUDED.version, updated_at = now() RETURNING 1)`,
    );
    out.push('((SELECT count(*) FROM ru) + (SELECT count(*) FROM ri) + (SELECT count(*) FROM rf))::int AS records');
  }
  // The columns are read in this order, so the writes happen in it: head, entries, records.
  return `WITH ${ctes.join(',\n')}\nSELECT ${out.join(', ')}`;
}

type Result = { first?: string | null; entries?: number; records?: number };

/**
 * The batch writer of one store. `ensureHead(log)` makes the log's head row exist (the UPDATE
 * that locks it cannot create it); `open()` throws when the store is closed.
 */
export function _batchWriter(pool: Pool, t: PostgresTables, unavailable: (op: string, e: unknown) => CustodiaError, open: () => void, ensureHead: (log: string) => Promise<void>) {
  const texts = new Map<string, { name: string; text: string }>();
  const statement = (log: boolean, records: boolean) => {
    const shape = `${log}${records}`;
    let s = texts.get(shape);
    if (!s) {
      const text = manySql(t, log, records);
      texts.set(shape, (s = { name: `custodia_${fnv1a(text)}`, text }));
    }
    return s;
  };
  // A duplicate entry seq (rows past the head: not written by this store) or a deadlock between
  // two batches over the same records: both mean another writer moved under this one.
  const failed = (op: string, what: () => CustodiaError, e: unknown): CustodiaError => {
    if (isCustodiaError(e)) return e;
    const code = (e as { code?: unknown } | null)?.code;
    return code === '23505' || code === '40P01' ? what() : unavailable(op, e);
  };

  /** Writes `values` to `log` (when given) and `puts` to `ns` as one write; returns the first seq (0 without a log). */
  return async (op: string, log: string | undefined, values: readonly string[], ns: string, puts: readonly Put[], ifLength: number | undefined): Promise<number> => {
    open();
    const rows = fold(ns, puts);
    if (log === undefined && rows.length === 0) return 0;
    if (log !== undefined && ifLength !== undefined && !couldBe(ifLength, Number.MAX_SAFE_INTEGER)) throw logConflict(log);
    const params: unknown[] = [];
    if (log !== undefined) {
      const e = packStrings(values, log);
      params.push(log, ifLength ?? null, e.bytes, e.offsets, e.lengths);
      await ensureHead(log);
    }
    if (rows.length) {
      const v = packStrings(rows.map((r) => r.value), ns);
      params.push(ns, rows.map((r) => r.k), v.bytes, v.offsets, v.lengths, rows.map((r) => r.need), rows.map((r) => r.m));
    }
    const { name, text } = statement(log !== undefined, rows.length > 0);
    // Made only when a write fails: an error captures its stack, and this runs on every append.
    const what = () => (log === undefined ? recordConflict(ns) : logConflict(log));
    const check = (r: Result | undefined): number => {
      if (log !== undefined && (r?.first ?? null) === null) throw logConflict(log);
      if (rows.length && r?.records !== rows.length) throw recordConflict(ns);
      return log === undefined ? 0 : Number(r!.first);
    };
    if (!rows.some((r) => r.need !== null)) {
      // No record check can fail: the one statement is the whole transaction.
      let r: Result | undefined;
      try {
        r = (await pool.query<Result>({ name, text, values: params })).rows[0];
      } catch (e) {
        throw failed(op, what, e);
      }
      return check(r);
    }
    let c: PoolClient;
    try {
      c = await pool.connect();
    } catch (e) {
      throw unavailable(op, e);
    }
    // A checked-out client has no pg-pool listener: a backend dying mid-batch must fail the call, not the process.
    const ignore = (): void => undefined;
    c.on('error', ignore);
    let broken = false;
    try {
      await c.query('BEGIN');
      const first = check((await c.query<Result>({ name, text, values: params })).rows[0]);
      await c.query('COMMIT');
      return first;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => { broken = true; });
      throw failed(op, what, e);
    } finally {
      c.removeListener('error', ignore);
      c.release(broken);
    }
  };
}
