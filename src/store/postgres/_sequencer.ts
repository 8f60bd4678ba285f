// Batch sequencing, as Trillian's log sequencer does it: writers only INSERT into a queue (no
// lock on the log), and one sequencer at a time per log (a session advisory lock; any process
// that queues for the log stands for election) takes the queue in id order, seals a batch, and
// writes its entries, the Merkle tiles, the log head and the tree head in ONE transaction that
// also deletes the queue rows. A sequencer killed mid-batch commits nothing: its lock goes with
// its connection and the next one seals the same rows. The log head row is locked FOR UPDATE
// first in every batch, so even two sequencers could never give one seq twice.
import type { Pool, PoolClient } from 'pg';
import { CustodiaError, isCustodiaError } from '../../errors/index.js';
import type { LogEntry, SequenceChain } from '../index.js';
import { fnv1a, valueBytes, valueString } from './_codec.js';
import type { QueueTables } from './_queue.js';
import type { PostgresTables } from './_schema.js';
import { _writeBatch } from './_batch.js';
import { tagOf } from './_seal.js';

/**
 * Options of the batch sequencer (`postgresStore({ sequencer: { … } })`).
 * @example
 * ```ts
 * const store = await postgresStore({ pool, sequencer: { batchSize: 1000, electMs: 50 } });
 * ```
 */
export interface PostgresSequencerOptions {
  /** Most items sealed in one batch transaction (default 2000). */
  batchSize?: number;
  /** How often a process that is not the sequencer of a log tries to become it (default 100 ms). */
  electMs?: number;
  /** How long a batch's record of which item went where is kept for writers to look up (default 600 s). */
  keepSeconds?: number;
}

type Waiter = { resolve: (e: LogEntry) => void; reject: (e: unknown) => void };
type Queued = { log: string; tag: string; item: Uint8Array; done: (id: number) => void; fail: (e: unknown) => void };

const refusedError = () => new CustodiaError('INVALID_ARGUMENT', 'queued item was refused by the sequencer: another chain kind or algorithm, or not JSON', { field: 'item' });
const fatal = (e: unknown) => isCustodiaError(e) && ['LEDGER_CORRUPT', 'INVALID_ARGUMENT', 'INVALID_KEY'].includes(e.code);
const ALGS = ['sha256', 'sm3', 'hmac-sha256', 'hmac-sm3'];

export class _Sequencer {
  private readonly chains = new Map<string, SequenceChain | undefined>();
  private readonly waiters = new Map<number, Waiter & { log: string }>();
  private readonly failed = new Map<string, unknown>();
  private readonly leadingLogs = new Set<string>();
  private readonly tried = new Map<string, number>();
  private readonly tails = new Map<string, { length: number; last: string }>();
  private buffer: Queued[] = [];
  private flushing: Promise<void> | undefined;
  private lead: PoolClient | undefined;
  private listener: PoolClient | undefined;
  private listening = false;
  private collecting = false;
  private again = false;
  private closed = false;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private pruned = 0;
  private readonly batchSize: number;
  private readonly electMs: number;
  private readonly keep: number;
  private readonly lockKey: string;
  private readonly channel: string;

  constructor(
    private readonly pool: Pool,
    private readonly t: PostgresTables,
    private readonly qt: QueueTables,
    scope: string,
    private readonly unavailable: (op: string, e: unknown) => CustodiaError,
    o: PostgresSequencerOptions = {},
  ) {
    this.batchSize = Math.max(1, o.batchSize ?? 2000);
    this.electMs = Math.max(1, o.electMs ?? 100);
    this.keep = Math.max(1, o.keepSeconds ?? 600);
    this.lockKey = `custodia-seq:${scope}`;
    this.channel = `custodia_seq_${fnv1a(scope)}`;
  }

  /** Stands for election as the sequencer of `log`, sealing as `chain` says. */
  serve(log: string, chain?: SequenceChain): void {
    if (this.closed) throw new CustodiaError('STORE_UNAVAILABLE', 'store is closed');
    if (chain !== undefined) {
      if (typeof chain !== 'object' || chain === null || typeof chain.kind !== 'string' || !ALGS.includes(chain.alg))
        throw new CustodiaError('INVALID_ARGUMENT', 'chain expected { kind, alg: sha256 | sm3 | hmac-sha256 | hmac-sm3, key? }', { field: 'chain' });
      if (chain.alg.startsWith('hmac-') && !(chain.key instanceof Uint8Array && chain.key.length >= 16))
        throw new CustodiaError('INVALID_KEY', 'an HMAC chain needs its key (at least 16 bytes)', { field: 'key' });
    }
    const had = this.chains.has(log);
    if (had && tagOf(this.chains.get(log)) !== tagOf(chain))
      throw new CustodiaError('INVALID_ARGUMENT', `log ${log} is already sequenced here with another chain kind or algorithm`, { field: 'chain' });
    if (!had) this.chains.set(log, chain);
    this.start();
  }

  leading(): string[] {
    return [...this.leadingLogs];
  }

  /** Queues items; resolves with their tickets once the queue rows are committed (durable). */
  enqueue(log: string, items: readonly string[], chain?: SequenceChain): Promise<number[]> {
    this.serve(log, chain);
    return Promise.all(items.map((item) => new Promise<number>((done, fail) => this.push({ log, tag: tagOf(chain), item: valueBytes(item, log), done, fail }))));
  }

  /** Resolves once every ticket's item is sequenced, with its seq and stored value. */
  wait(tickets: readonly number[]): Promise<LogEntry[]> {
    const out = Promise.all(tickets.map((id) => new Promise<LogEntry>((resolve, reject) => this.waiters.set(id, { resolve, reject, log: '' }))));
    void this.collect(); // a ticket from earlier (another process, a restart) may be sequenced already
    return out;
  }

  /** Queues one item and resolves once it is sequenced (the waiter is in place before any batch can see the row). */
  sequence(log: string, item: string, chain?: SequenceChain): Promise<LogEntry> {
    this.serve(log, chain);
    const stopped = this.failed.get(log);
    if (stopped) return Promise.reject(stopped);
    return new Promise<LogEntry>((resolve, reject) =>
      this.push({ log, tag: tagOf(chain), item: valueBytes(item, log), done: (id) => this.waiters.set(id, { resolve, reject, log }), fail: reject }),
    );
  }

  // ---- writers: group commit of everything queued while the previous INSERT was in flight
  private push(q: Queued): void {
    this.buffer.push(q);
    this.flush();
  }

  private flush(): void {
    if (this.flushing || this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const sql = `INSERT INTO ${this.qt.queue} (log, tag, item)
      SELECT u.log, u.tag, u.item FROM unnest($1::text[], $2::text[], $3::bytea[]) WITH ORDINALITY AS u(log, tag, item, ord) ORDER BY u.ord RETURNING id`;
    this.flushing = this.pool
      .query<{ id: string }>({ name: `custodia_${fnv1a(sql)}`, text: sql, values: [batch.map((q) => q.log), batch.map((q) => q.tag), batch.map((q) => q.item)] })
      .then(({ rows }) => {
        // ids are drawn in insertion order, so sorted they match the batch's order.
        const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
        batch.forEach((q, i) => q.done(ids[i]!));
        this.wakeUp?.();
      })
      .catch((e: unknown) => batch.forEach((q) => q.fail(this.unavailable('enqueue', e))))
      .finally(() => {
        this.flushing = undefined;
        if (!this.closed) this.flush();
      });
  }

  // ---- the sequencer role
  private start(): void {
    if (this.loopDone) return;
    this.loopDone = this.loop();
    this.timer = setInterval(() => {
      if (!this.listening) void this.listen();
      if (this.waiters.size) void this.collect();
    }, this.electMs);
    (this.timer as { unref?: () => void }).unref?.();
    void this.listen();
  }

  private async loop(): Promise<void> {
    let idle = 1;
    while (!this.closed) {
      let moved = 0;
      for (const [log, chain] of this.chains) {
        if (this.closed || this.failed.has(log)) continue;
        try {
          if (!this.leadingLogs.has(log) && !(await this.elect(log))) continue;
          moved += await this.batch(log, chain);
        } catch (e) {
          await this.fault(log, e);
        }
      }
      if (this.closed) break;
      if (moved > 0) { idle = 1; continue; }
      await this.sleep(this.leadingLogs.size ? idle : this.electMs);
      idle = Math.min(idle * 2, 16);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((res) => {
      const t = setTimeout(() => { this.wakeUp = undefined; res(); }, ms);
      this.wakeUp = () => { clearTimeout(t); this.wakeUp = undefined; res(); };
    });
  }

  private async leadClient(): Promise<PoolClient> {
    if (!this.lead) {
      const c = await this.pool.connect();
      c.on('error', () => undefined);
      this.lead = c;
    }
    return this.lead;
  }

  private async elect(log: string): Promise<boolean> {
    const now = Date.now();
    if (now - (this.tried.get(log) ?? 0) < this.electMs) return false;
    this.tried.set(log, now);
    const c = await this.leadClient();
    const { rows } = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok', [this.lockKey, log]);
    if (!rows[0]?.ok) return false;
    await c.query(`INSERT INTO ${this.t.logHeads} (log) VALUES ($1) ON CONFLICT (log) DO NOTHING`, [log]);
    this.leadingLogs.add(log);
    this.tails.delete(log); // whatever this process knew of the tail may be stale now
    return true;
  }

  private async fault(log: string, e: unknown): Promise<void> {
    if (fatal(e)) {
      // A chain this sequencer will not extend (corrupt, or sealed with another key): stop here,
      // release the role, and fail this process's writers; their items stay queued.
      this.failed.set(log, e);
      for (const [id, w] of this.waiters) if (w.log === log) { this.waiters.delete(id); w.reject(e); }
      if (this.leadingLogs.delete(log)) await this.lead?.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [this.lockKey, log]).catch(() => undefined);
      return;
    }
    // Lost connection or another transient failure: drop the connection (and every lock with it).
    this.lead?.release(true);
    this.lead = undefined;
    this.leadingLogs.clear();
    this.tails.clear();
    await this.sleep(this.electMs);
  }

  private async batch(log: string, chain: SequenceChain | undefined): Promise<number> {
    const done = await _writeBatch(this.lead!, { t: this.t, qt: this.qt, channel: this.channel, batchSize: this.batchSize }, log, chain, this.tails.get(log));
    if (!done) return 0;
    const { length, values, okIds, refused } = done;
    if (values.length) this.tails.set(log, { length: length + values.length, last: values[values.length - 1]! });
    okIds.forEach((id, i) => this.settle(id, { seq: length + i, value: values[i]! }));
    refused.forEach((id) => this.settle(id, refusedError()));
    await this.prune(this.lead!);
    return okIds.length + refused.length;
  }

  private async prune(c: PoolClient): Promise<void> {
    const now = Date.now();
    if (now - this.pruned < 5000) return;
    this.pruned = now;
    await c.query(`DELETE FROM ${this.qt.batches} WHERE done_at < now() - make_interval(secs => $1)`, [this.keep]);
  }

  private settle(id: number, r: LogEntry | CustodiaError): void {
    const w = this.waiters.get(id);
    if (!w) return;
    this.waiters.delete(id);
    if (r instanceof CustodiaError) w.reject(r);
    else w.resolve(r);
  }

  // ---- writers waiting on another process's sequencer: a notification per batch, a timer as backstop
  private async listen(): Promise<void> {
    if (this.listening || this.closed) return;
    this.listening = true;
    try {
      const c = await this.pool.connect();
      c.on('error', () => {
        this.listening = false;
        if (this.listener === c) this.listener = undefined;
      });
      c.on('notification', (n: { payload?: string | undefined }) => {
        const [lo, hi] = (n.payload ?? '').split(' ').map(Number);
        for (const id of this.waiters.keys()) if (id >= lo! && id <= hi!) return void this.collect();
      });
      await c.query(`LISTEN ${this.channel}`);
      this.listener = c;
    } catch {
      this.listening = false;
    }
  }

  private async collect(): Promise<void> {
    if (this.collecting) { this.again = true; return; }
    if (this.waiters.size === 0 || this.closed) return;
    this.collecting = true;
    try {
      const ids = [...this.waiters.keys()];
      let lo = Infinity;
      let hi = -Infinity;
      for (const id of ids) { if (id < lo) lo = id; if (id > hi) hi = id; }
      const b = this.qt.batches;
      const sql = `SELECT x.id, b.first + x.ord - 1 AS seq, l.value FROM ${b} b
          CROSS JOIN LATERAL unnest(b.ids) WITH ORDINALITY AS x(id, ord)
          JOIN ${this.t.logs} l ON l.log = b.log AND l.seq = b.first + x.ord - 1
         WHERE b.max_id >= $1 AND b.min_id <= $2 AND x.id = ANY($3::bigint[])
        UNION ALL
        SELECT r.id, NULL, NULL FROM ${b} b CROSS JOIN LATERAL unnest(b.refused) AS r(id)
         WHERE b.max_id >= $1 AND b.min_id <= $2 AND r.id = ANY($3::bigint[])`;
      const { rows } = await this.pool.query<{ id: string; seq: string | null; value: Uint8Array | null }>({ name: `custodia_${fnv1a(sql)}`, text: sql, values: [lo, hi, ids] });
      for (const r of rows) this.settle(Number(r.id), r.seq === null ? refusedError() : { seq: Number(r.seq), value: valueString(r.value!) });
    } catch {
      // The timer tries again.
    } finally {
      this.collecting = false;
      if (this.again) { this.again = false; void this.collect(); }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.wakeUp?.();
    await this.loopDone;
    await this.flushing;
    // Destroying the connection drops its advisory locks: the next sequencer takes over at once.
    this.lead?.release(true);
    this.listener?.release(true);
    const err = new CustodiaError('STORE_UNAVAILABLE', 'store closed before the item was sequenced (it stays queued for the next sequencer)');
    for (const w of this.waiters.values()) w.reject(err);
    this.waiters.clear();
    for (const q of this.buffer) q.fail(new CustodiaError('STORE_UNAVAILABLE', 'store is closed'));
    this.buffer = [];
  }
}
