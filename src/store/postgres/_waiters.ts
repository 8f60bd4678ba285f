// Writers waiting for their tickets to be sequenced. A ticket sequenced by this process's own
// sequencer is settled at once; one sequenced by another process is found through the NOTIFY
// that commits with its batch: its payload lists the batch's ids in seq order (_payload.ts), so
// the entries are read by key at once; a payload too large for that names the batch record
// (`queue_batches`), read first; a timer reads the records as backstop. A sequencer that stops on a chain it will not
// extend rejects the waiters of that log with its error (a code and the rule, never data).
import type { Pool, PoolClient } from 'pg';
import { CustodiaError } from '../../errors/index.js';
import type { LogEntry } from '../index.js';
import { binaryQuery, fnv1a } from './_codec.js';
import { type BatchNote, parsePayload } from './_payload.js';
import type { QueueTables } from './_queue.js';
import type { PostgresTables } from './_schema.js';

type Waiter = { resolve: (e: LogEntry) => void; reject: (e: unknown) => void; log: string | undefined };

export const refusedError = (): CustodiaError =>
  new CustodiaError('INVALID_ARGUMENT', 'queued item was refused by the sequencer: another chain kind or algorithm, or not JSON', { field: 'item' });

/** `{1,2,3}` (an int8[] as text) to numbers: cheaper than pg's generic array parser on every batch row. */
const ints = (text: string): number[] => (text.length > 2 ? text.slice(1, -1).split(',').map(Number) : []);

export class _Waiters {
  private readonly waiters = new Map<number, Waiter>();
  private listener: PoolClient | undefined;
  private listening: Promise<void> | undefined;
  private collecting = false;
  private again: boolean | undefined;
  /** Batches (their `first`) announced with a ticket of ours in range, not yet looked up. */
  private notified: number[] = [];
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly t: PostgresTables,
    private readonly qt: QueueTables,
    private readonly channel: string,
  ) {}

  get size(): number { return this.waiters.size; }

  /** Waits for ticket `id`; `log` when this process queued it (else found when needed). */
  add(id: number, log: string | undefined): Promise<LogEntry> {
    return new Promise<LogEntry>((resolve, reject) => this.waiters.set(id, { resolve, reject, log }));
  }

  settle(id: number, r: LogEntry | CustodiaError): void {
    const w = this.waiters.get(id);
    if (!w) return;
    this.waiters.delete(id);
    if (r instanceof CustodiaError) w.reject(r);
    else w.resolve(r);
  }

  /**
   * Rejects every waiter whose ticket is queued for `log` with `err`: those this process queued
   * at once, the others (tickets handed to `wait` from elsewhere) once the queue says they are
   * `log`'s and still unsequenced.
   */
  async rejectLog(log: string, err: unknown, c: { query: Pool['query'] }): Promise<void> {
    const unknown: number[] = [];
    for (const [id, w] of this.waiters) {
      if (w.log === log) { this.waiters.delete(id); w.reject(err); } else if (w.log === undefined) unknown.push(id);
    }
    if (!unknown.length) return;
    const { rows } = await c.query<{ id: string }>(`SELECT id FROM ${this.qt.queue} WHERE log = $1 AND id = ANY($2::bigint[])`, [log, unknown]);
    for (const r of rows) {
      const w = this.waiters.get(Number(r.id));
      if (w) { this.waiters.delete(Number(r.id)); w.reject(err); }
    }
  }

  /**
   * A committed batch: with its ids in the payload, the waiting ones are looked up by key at once;
   * else (too many for a payload) its batch row is read, when a waiting ticket is in its id range.
   */
  private noted(n: BatchNote): void {
    if (this.closed) return;
    if (!n.ids) {
      for (const id of this.waiters.keys()) {
        if (id < n.lo || id > n.hi) continue;
        this.notified.push(n.first);
        return void this.collect(false);
      }
      return;
    }
    const ids: number[] = [];
    const seqs: number[] = [];
    n.ids.ok.forEach((id, i) => { if (this.waiters.has(id)) { ids.push(id); seqs.push(n.first + i); } });
    for (const id of n.ids.refused) this.settle(id, refusedError());
    if (ids.length) this.entries(n.ids.log, ids, seqs).catch(() => undefined); // else the timer
  }

  /** Settles tickets `ids` with the entries at `seqs` of `log` (read by primary key). */
  private async entries(log: string, ids: readonly number[], seqs: readonly number[]): Promise<void> {
    // Binary results: values arrive as their bytes, decoded as UTF-8 by pg (no hex text).
    const get = `SELECT seq::text AS seq, value FROM ${this.t.logs} WHERE log = $1 AND seq = ANY($2::bigint[])`;
    const { rows } = await this.pool.query<{ seq: string; value: string }>(binaryQuery(get, [log, seqs]));
    const bySeq = new Map(rows.map((e) => [Number(e.seq), e.value]));
    ids.forEach((id, i) => {
      const v = bySeq.get(seqs[i]!);
      if (v !== undefined) this.settle(id, { seq: seqs[i]!, value: v });
    });
  }

  /** Keeps one LISTEN connection; the notification names the id range of a committed batch. */
  listen(): void {
    if (this.listening || this.listener || this.closed) return;
    this.listening = (async () => {
      let c: PoolClient | undefined;
      try {
        c = await this.pool.connect();
        const mine = c;
        mine.on('error', () => {
          if (this.listener !== mine) return;
          this.listener = undefined; // the timer listens again
          try { mine.release(true); } catch { /* released already */ }
        });
        mine.on('notification', (n: { payload?: string | undefined }) => this.noted(parsePayload(n.payload ?? '')));
        // Closed while connecting: a client kept out of the pool would hold pool.end() forever.
        if (this.closed) return mine.release(true);
        await mine.query(`LISTEN ${this.channel}`);
        if (this.closed) return mine.release(true);
        this.listener = mine;
      } catch {
        c?.release(true);
      } finally {
        this.listening = undefined;
      }
    })();
  }

  /**
   * Looks up waiting tickets in the batch records: only the batches announced (`full` false: one
   * row each, so a writer does not re-read every batch its oldest ticket spans on every
   * notification), or every batch of the id range the tickets span (the timer's backstop, `wait`).
   */
  async collect(full = true): Promise<void> {
    if (this.collecting) { this.again = this.again || full; return; }
    if (this.waiters.size === 0 || this.closed) return;
    const firsts = full ? [] : this.notified.splice(0);
    if (!full && firsts.length === 0) return;
    this.collecting = true;
    try {
      let lo = Infinity;
      let hi = -Infinity;
      for (const id of this.waiters.keys()) { if (id < lo) lo = id; if (id > hi) hi = id; }
      // The batch rows (ids as text, parsed here), then the entries by primary key: an index
      // lookup each, where matching ids inside the server cost batch size × waiters per row.
      const sql = `SELECT log, first, ids::text AS ids, refused::text AS refused FROM ${this.qt.batches}
        WHERE max_id >= $1 AND min_id <= $2 AND ($3::bigint[] IS NULL OR first = ANY($3::bigint[]))`;
      const { rows } = await this.pool.query<{ log: string; first: string; ids: string; refused: string }>({ name: `custodia_${fnv1a(sql)}`, text: sql, values: [lo, hi, full ? null : firsts] });
      const found = new Map<string, { ids: number[]; seqs: number[] }>();
      for (const b of rows) {
        const ids = ints(b.ids);
        const first = Number(b.first);
        let f: { ids: number[]; seqs: number[] } | undefined;
        for (let i = 0; i < ids.length; i++) {
          if (!this.waiters.has(ids[i]!)) continue;
          if (!f && !(f = found.get(b.log))) found.set(b.log, (f = { ids: [], seqs: [] }));
          f.ids.push(ids[i]!);
          f.seqs.push(first + i);
        }
        for (const id of ints(b.refused)) this.settle(id, refusedError());
      }
      for (const [log, f] of found) await this.entries(log, f.ids, f.seqs);
    } catch {
      // The timer tries again.
    } finally {
      this.collecting = false;
      const again = this.again;
      this.again = undefined;
      if (again !== undefined || this.notified.length) void this.collect(again === true);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listening;
    this.listener?.release(true);
    this.listener = undefined;
    const err = new CustodiaError('STORE_UNAVAILABLE', 'store closed before the item was sequenced (it stays queued for the next sequencer)');
    for (const w of this.waiters.values()) w.reject(err);
    this.waiters.clear();
  }
}
