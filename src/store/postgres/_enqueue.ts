// The writers' side of the queue: every item queued while the previous INSERT was in flight goes
// into the next one (group commit), so a process with many concurrent appends commits a few
// multi-row INSERTs, not one per item. The INSERT commits before any ticket is handed out: an
// acknowledged item is durable and will be sequenced exactly once.
import type { Pool } from 'pg';
import { CustodiaError } from '../../errors/index.js';
import { fnv1a, packBytes } from './_codec.js';
import type { QueueTables } from './_queue.js';

export interface Queued { log: string; tag: string; item: Uint8Array; done: (id: number) => void; fail: (e: unknown) => void }

export class _QueueWriter {
  private buffer: Queued[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** Items of many logs or tags, then of one (the common case: no text arrays to build and send). */
  private readonly sql: { text: string; name: string }[];

  constructor(
    private readonly pool: Pool,
    qt: QueueTables,
    private readonly unavailable: (op: string, e: unknown) => CustodiaError,
    /** Called after each committed INSERT (the sequencer of this process may have work). */
    private readonly queued: () => void,
  ) {
    // One binary parameter for all the items (see packBytes); ids are drawn in row order.
    this.sql = [
      `INSERT INTO ${qt.queue} (log, tag, item)
      SELECT u.log, u.tag, substring($3::bytea FROM u.off FOR u.len)
        FROM unnest($1::text[], $2::text[], $4::int[], $5::int[]) WITH ORDINALITY AS u(log, tag, off, len, ord) ORDER BY u.ord RETURNING id`,
      `INSERT INTO ${qt.queue} (log, tag, item)
      SELECT $1::text, $2::text, substring($3::bytea FROM u.off FOR u.len)
        FROM unnest($4::int[], $5::int[]) WITH ORDINALITY AS u(off, len, ord) ORDER BY u.ord RETURNING id`,
    ].map((text) => ({ text, name: `custodia_${fnv1a(text)}` }));
  }

  push(q: Queued): void {
    this.buffer.push(q);
    // Items pushed in one synchronous run (an appendMany) share the INSERT.
    if (this.buffer.length === 1) queueMicrotask(() => this.flush());
  }

  /** Resolves when the INSERT in flight, if any, has landed (never rejects). */
  landed(): Promise<void> {
    return this.flushing ?? Promise.resolve();
  }

  private flush(): void {
    if (this.flushing || this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.pool
      .query<{ id: string }>(this.statement(batch))
      .then(({ rows }) => {
        // ids are drawn in insertion order, so sorted they match the batch's order.
        const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
        batch.forEach((q, i) => q.done(ids[i]!));
        this.queued();
      })
      .catch((e: unknown) => batch.forEach((q) => q.fail(this.unavailable('enqueue', e))))
      .finally(() => {
        this.flushing = undefined;
        if (!this.closed) this.flush();
      });
  }

  private statement(batch: readonly Queued[]): { text: string; name: string; values: unknown[] } {
    const { bytes, offsets, lengths } = packBytes(batch.map((q) => q.item));
    const { log, tag } = batch[0]!;
    const one = batch.every((q) => q.log === log && q.tag === tag);
    const values = one ? [log, tag, bytes, offsets, lengths] : [batch.map((q) => q.log), batch.map((q) => q.tag), bytes, offsets, lengths];
    return { ...this.sql[one ? 1 : 0]!, values };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    for (const q of this.buffer) q.fail(new CustodiaError('STORE_UNAVAILABLE', 'store is closed'));
    this.buffer = [];
  }
}
