// Batch sequencing, as Trillian's log sequencer does it: writers only INSERT into a queue (no
// lock on the log; _enqueue.ts), and one sequencer at a time per log (a session advisory lock;
// any process that queues for the log stands for election) takes the queue in id order, seals a
// batch, and writes its entries, the Merkle tiles, the log head and the tree head in ONE
// transaction that also deletes the queue rows (_batch.ts). A sequencer killed mid-batch commits
// nothing: its lock goes with its connection and the next one seals the same rows. Writers in
// any process learn where their items went from the batch records (_waiters.ts). While it holds
// the role, the sequencer keeps the log's length, last entry and Merkle records (_batchStore.ts):
// a batch reads only the queue; the copy is dropped with the role and on any failed batch.
import type { Pool, PoolClient } from 'pg';
import { CustodiaError, isCustodiaError } from '../../errors/index.js';
import type { LogEntry, SequenceChain } from '../index.js';
import { fnv1a, valueBytes } from './_codec.js';
import { _QueueWriter } from './_enqueue.js';
import type { QueueTables } from './_queue.js';
import type { PostgresTables } from './_schema.js';
import { _writeBatch } from './_batch.js';
import type { LogState } from './_batchStore.js';
import { checkChain, stopsSequencer, tagOf } from './_seal.js';
import { _Waiters, refusedError } from './_waiters.js';

/**
 * Options of the batch sequencer (`postgresStore({ sequencer: { … } })`).
 * @example
 * ```ts
 * const store = await postgresStore({ pool, sequencer: { batchSize: 1000, electMs: 50 } });
 * ```
 */
export interface PostgresSequencerOptions {
  /** Most items sealed in one batch transaction (default 4000). */
  batchSize?: number;
  /** How often a process that is not the sequencer of a log tries to become it (default 100 ms). */
  electMs?: number;
  /** How long a batch's record of which item went where is kept for writers to look up (default 600 s). */
  keepSeconds?: number;
}

export class _Sequencer {
  private readonly chains = new Map<string, SequenceChain | undefined>();
  private readonly failed = new Map<string, unknown>();
  private readonly leadingLogs = new Set<string>();
  private readonly tried = new Map<string, number>();
  private readonly states = new Map<string, LogState>();
  private readonly writer: _QueueWriter;
  private readonly waiters: _Waiters;
  private lead: PoolClient | undefined;
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
    unavailable: (op: string, e: unknown) => CustodiaError,
    o: PostgresSequencerOptions = {},
  ) {
    this.batchSize = Math.max(1, o.batchSize ?? 4000);
    this.electMs = Math.max(1, o.electMs ?? 100);
    this.keep = Math.max(1, o.keepSeconds ?? 600);
    this.lockKey = `custodia-seq:${scope}`;
    this.channel = `custodia_seq_${fnv1a(scope)}`;
    this.writer = new _QueueWriter(pool, qt, unavailable, () => this.wakeUp?.());
    this.waiters = new _Waiters(pool, t, qt, this.channel);
  }

  /** Stands for election as the sequencer of `log`, sealing as `chain` says. */
  serve(log: string, chain?: SequenceChain): void {
    if (this.closed) throw new CustodiaError('STORE_UNAVAILABLE', 'store is closed');
    checkChain(chain);
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
    const tag = tagOf(chain);
    return Promise.all(items.map((item) => new Promise<number>((done, fail) => this.writer.push({ log, tag, item: valueBytes(item, log), done, fail }))));
  }

  /** Resolves once every ticket's item is sequenced, with its seq and stored value. */
  wait(tickets: readonly number[]): Promise<LogEntry[]> {
    const out = Promise.all(tickets.map((id) => this.waiters.add(id, undefined)));
    // A ticket of a log this process stopped sequencing is rejected with that log's error.
    for (const [log, e] of this.failed) void this.waiters.rejectLog(log, e, this.pool).catch(() => undefined);
    void this.waiters.collect(); // a ticket from earlier (another process, a restart) may be sequenced already
    return out;
  }

  /** Queues one item and resolves once it is sequenced (the waiter is in place before any batch can see the row). */
  sequence(log: string, item: string, chain?: SequenceChain): Promise<LogEntry> {
    this.serve(log, chain);
    const stopped = this.failed.get(log);
    if (stopped) return Promise.reject(stopped);
    return new Promise<LogEntry>((resolve, reject) =>
      this.writer.push({ log, tag: tagOf(chain), item: valueBytes(item, log), done: (id) => this.failed.has(log) ? reject(this.failed.get(log)) : void this.waiters.add(id, log).then(resolve, reject), fail: reject }),
    );
  }

  // ---- the sequencer role
  private start(): void {
    if (this.loopDone) return;
    this.loopDone = this.loop();
    // The backstop for a missed notification (LISTEN reconnecting) looks at every batch the
    // waiting tickets span: every 10 ticks, as notifications normally do the work.
    let tick = 0;
    this.timer = setInterval(() => {
      this.waiters.listen();
      if (this.waiters.size && ++tick % 10 === 0) void this.waiters.collect();
    }, this.electMs);
    (this.timer as { unref?: () => void }).unref?.();
    this.waiters.listen();
  }

  private async loop(): Promise<void> {
    let idle = 1;
    while (!this.closed) {
      let moved = 0;
      for (const [log, chain] of this.chains) {
        if (this.closed || this.failed.has(log)) continue;
        try {
          if (!this.leadingLogs.has(log) && !(await this.elect(log))) continue;
          // This process's own queue INSERT in flight joins the batch instead of waiting for the next one.
          await this.writer.landed();
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

  private async elect(log: string): Promise<boolean> {
    const now = Date.now();
    if (now - (this.tried.get(log) ?? 0) < this.electMs) return false;
    this.tried.set(log, now);
    if (!this.lead) {
      const c = await this.pool.connect();
      c.on('error', () => undefined);
      this.lead = c;
    }
    const { rows } = await this.lead.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok', [this.lockKey, log]);
    if (!rows[0]?.ok) return false;
    await this.lead.query(`INSERT INTO ${this.t.logHeads} (log) VALUES ($1) ON CONFLICT (log) DO NOTHING`, [log]);
    this.leadingLogs.add(log);
    this.states.delete(log); // whatever this process knew of the log may be stale now
    return true;
  }

  private async fault(log: string, e: unknown): Promise<void> {
    if (stopsSequencer(e)) {
      // A chain this sequencer will not extend (corrupt, or sealed with another key): stop here,
      // release the role, and fail this process's writers of the log; their items stay queued.
      this.failed.set(log, e);
      await this.waiters.rejectLog(log, e, this.lead ?? this.pool).catch(() => undefined);
      if (this.leadingLogs.delete(log)) await this.lead?.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [this.lockKey, log]).catch(() => undefined);
      return;
    }
    // Lost connection or another transient failure: drop the connection (and every lock with it).
    this.lead?.release(true);
    this.lead = undefined;
    this.leadingLogs.clear();
    this.states.clear();
    await this.sleep(this.electMs);
  }

  private async batch(log: string, chain: SequenceChain | undefined): Promise<number> {
    const o = { t: this.t, qt: this.qt, channel: this.channel, batchSize: this.batchSize };
    let done: Awaited<ReturnType<typeof _writeBatch>>;
    try {
      done = await _writeBatch(this.lead!, o, log, chain, this.states.get(log));
    } catch (e) {
      this.states.delete(log);
      // The log or its tree moved under the copy (another writer, or a sequencer before this one
      // that was still committing): read again, once; a second conflict is a fault.
      if (!(isCustodiaError(e) && e.code === 'STORE_CONFLICT')) throw e;
      done = await _writeBatch(this.lead!, o, log, chain, undefined);
    }
    if (!done) return 0;
    const { length, values, okIds, refused } = done;
    this.states.set(log, done.state);
    okIds.forEach((id, i) => this.waiters.settle(id, { seq: length + i, value: values[i]! }));
    refused.forEach((id) => this.waiters.settle(id, refusedError()));
    const now = Date.now();
    if (now - this.pruned >= 5000) {
      this.pruned = now;
      await this.lead!.query(`DELETE FROM ${this.qt.batches} WHERE done_at < now() - make_interval(secs => $1)`, [this.keep]);
    }
    return okIds.length + refused.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.wakeUp?.();
    await this.loopDone;
    await this.writer.close();
    // Destroying the connection drops its advisory locks: the next sequencer takes over at once.
    this.lead?.release(true);
    this.lead = undefined;
    await this.waiters.close();
  }
}
