// The batch sequencer in one process on a real PostgreSQL server: what acknowledged means (queued,
// then sequenced), batching across calls, a ledger and an audit log appending through it with
// receipts that verify, a plain writer between batches, and a sequencer that refuses to extend
// a chain it cannot verify or items sealed another way.
import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/audit/index.js';
import { createLedger } from '../../src/consent/index.js';
import { createMerkleLog, generateNoteKey, noteSigner, treeRoot } from '../../src/merkle/index.js';
import { proveRecord, verifyRecordProof } from '../../src/receipt/index.js';
import { postgresSchemaSql, postgresStore } from '../../src/store/postgres/index.js';
import { usePostgres } from '../pg/use.js';

const pgEnv = usePostgres();
const open = (schema: string, extra: object = { sequencer: true }) => postgresStore({ connectionString: pgEnv.server.url, schema, config: { max: 5 }, ...extra });
const event = (i: number) => ({
  subject: `cust-${i % 5}`, event: 'given' as const, purposes: ['marketing'], method: 'checkbox' as const, channel: 'app' as const,
  notice: { id: 'n', version: '1', hash: 'a'.repeat(64) }, evidence: 'b'.repeat(64), collector: `c${i}`, responsible: 'dpo', at: '2026-01-01T00:00:00Z',
});
const codeOf = (p: Promise<unknown>) => p.then(() => 'none', (e: { code?: string }) => e.code ?? 'other');
const rows = async (sql: string) => (await pgEnv.admin.query(sql)).rows as Record<string, unknown>[];

describe('postgres batch sequencer', () => {
  it('enqueue acknowledges a durable queue row; wait gives the seqs, here and in another process’s store; the tree covers them', async () => {
    const s = await open('seq_raw');
    const tickets = await s.sequencer!.enqueue('events', ['a', 'b', 'c']);
    expect(tickets).toHaveLength(3);
    expect(await s.sequencer!.wait(tickets)).toEqual([{ seq: 0, value: 'a' }, { seq: 1, value: 'b' }, { seq: 2, value: 'c' }]);
    const other = await open('seq_raw');
    expect(await other.sequencer!.wait(tickets.slice(1))).toEqual([{ seq: 1, value: 'b' }, { seq: 2, value: 'c' }]);
    expect(await rows('SELECT count(*)::int AS n FROM seq_raw.custodia_queue')).toEqual([{ n: 0 }]);
    const head = await createMerkleLog({ store: s, log: 'events' }).treeHead();
    expect(head.size).toBe(3);
    expect(Buffer.from(head.root)).toEqual(Buffer.from(treeRoot('sha256', ['a', 'b', 'c'])));
    await other.close();
    await s.close();
  });

  it('S5.5: a ledger and an audit log append through it: concurrent appends share batches, records come back sealed, receipts verify', async () => {
    const s = await open('seq_ledger');
    const ledger = createLedger({ store: s, hash: 'sm3' });
    const recs = await Promise.all(Array.from({ length: 300 }, (_, i) => ledger.append(event(i))));
    expect(new Set(recs.map((r) => r.seq)).size).toBe(300);
    const stored: string[] = [];
    for await (const e of s.read('consent')) stored.push(e.value);
    for (const r of recs) expect(JSON.stringify(r)).toBe(stored[r.seq]);
    const [{ n }] = (await rows(`SELECT count(*)::int AS n FROM seq_ledger.custodia_queue_batches WHERE log = 'consent'`)) as [{ n: number }];
    expect(n).toBeLessThan(100); // 300 appends, far fewer batch transactions
    expect(await createLedger({ store: s, hash: 'sm3' }).verify()).toEqual({ ok: true });
    const origin = 'seq.example/log';
    const { signerKey, verifierKey } = generateNoteKey(origin, 'ed25519');
    const proof = await proveRecord(ledger, recs[123]!, { origin, signer: noteSigner([signerKey]) });
    expect(verifyRecordProof(proof, { verifierKeys: [verifierKey], origin }).ok).toBe(true);
    const audit = createAuditLog({ store: s });
    const a = await audit.append({ operator: 'staff_1', role: 'crm', purpose: 'membership', action: 'read', fields: ['name'], decision: 'allow', reasons: [], at: '2026-01-01T00:00:00Z' });
    expect(a.seq).toBe(0);
    expect(await createAuditLog({ store: s }).verify()).toEqual({ ok: true });
    await s.close();
  });

  it('S5.5: a plain writer (append with ifLength) between batches: one chain, and the tree still covers every entry', async () => {
    const s = await open('seq_mixed');
    const plain = await open('seq_mixed', {});
    const viaQueue = createLedger({ store: s });
    const direct = createLedger({ store: plain });
    for (let i = 0; i < 6; i++) await (i % 2 ? direct : viaQueue).append(event(i));
    await Promise.all([viaQueue.append(event(6)), viaQueue.append(event(7))]);
    const values: string[] = [];
    for await (const e of s.read('consent')) values.push(e.value);
    expect(values).toHaveLength(8);
    expect(await createLedger({ store: s }).verify()).toEqual({ ok: true });
    const head = await createMerkleLog({ store: s, log: 'consent' }).treeHead();
    expect(Buffer.from(head.root)).toEqual(Buffer.from(treeRoot('sha256', values)));
    await plain.close();
    await s.close();
  });

  it('S5.5: a sequencer holding another HMAC key will not extend the chain (LEDGER_CORRUPT), and the item stays queued', async () => {
    const first = await open('seq_key');
    const ledger = createLedger({ store: first, key: new Uint8Array(32).fill(1) });
    for (let i = 0; i < 3; i++) await ledger.append(event(i));
    await first.close();
    const s = await open('seq_key');
    const wrong = { kind: 'consent', alg: 'hmac-sha256' as const, key: new Uint8Array(32).fill(2) };
    // Through the ledger the mismatch is caught before queuing (the chain is read first)…
    expect(await codeOf(createLedger({ store: s, key: wrong.key }).append(event(3)))).toBe('LEDGER_CORRUPT');
    // …and a sequencer handed such an item checks the record it would chain to.
    expect(await codeOf(s.sequence!('consent', JSON.stringify(event(3)), wrong))).toBe('LEDGER_CORRUPT');
    expect(await s.length('consent')).toBe(3);
    expect(await rows('SELECT count(*)::int AS n FROM seq_key.custodia_queue')).toEqual([{ n: 1 }]);
    await s.close();
  });

  it('S5.5: a writer waiting on a ticket (enqueue, then wait) is rejected when the sequencer stops on a chain it will not extend; the error names the rule, not the data', async () => {
    const first = await open('seq_stop');
    const ledger = createLedger({ store: first, key: new Uint8Array(32).fill(1) });
    for (let i = 0; i < 3; i++) await ledger.append(event(i));
    await first.close();
    const s = await open('seq_stop');
    const wrong = { kind: 'consent', alg: 'hmac-sha256' as const, key: new Uint8Array(32).fill(2) };
    const tickets = await s.sequencer!.enqueue('consent', [JSON.stringify({ ...event(3), subject: 'secret-subject-77' })], wrong);
    const err = (await s.sequencer!.wait(tickets).then(() => undefined, (e: unknown) => e)) as { code?: string; message?: string };
    expect(err.code).toBe('LEDGER_CORRUPT');
    expect(err.message).toMatch(/fails verification: \w+/);
    expect(err.message).not.toMatch(/secret-subject|cust-|dpo/);
    // A ticket handed to wait after the stop (as from another process) is rejected too, not left pending.
    expect(await codeOf(s.sequencer!.wait(tickets))).toBe('LEDGER_CORRUPT');
    expect(await rows('SELECT count(*)::int AS n FROM seq_stop.custodia_queue')).toEqual([{ n: 1 }]);
    await s.close();
  });

  it('S5.5: what the sequencer keeps of the log and tree between batches goes stale safely: a tree record rewritten elsewhere, a lost connection and a plain writer cost a re-read, never a wrong tree', async () => {
    const s = await open('seq_stale', { sequencer: { electMs: 20 } });
    const plain = await open('seq_stale', {});
    const ledger = createLedger({ store: s });
    const headVersion = async () => ((await rows(`SELECT version FROM seq_stale.custodia_records WHERE ns = 'consent.merkle' AND k = '\\x0068006500610064'::bytea`))[0] as { version: number }).version;
    for (let i = 0; i < 4; i++) await ledger.append(event(i));
    // Another writer rewrote every tree record (same content, new versions): the next batch's
    // version checks fail, nothing of it is written, and it is built again on what is stored.
    await pgEnv.admin.query(`UPDATE seq_stale.custodia_records SET version = version + 10 WHERE ns = 'consent.merkle'`);
    const bumped = await headVersion();
    await ledger.append(event(4));
    expect(await headVersion()).toBe(bumped + 1);
    // The sequencer's connection dies (its advisory lock with it) and a plain writer appends while it is down.
    await pgEnv.admin.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted`);
    await createLedger({ store: plain }).append(event(5));
    for (let i = 6; i < 10; i++) await ledger.append(event(i));
    const values: string[] = [];
    for await (const e of s.read('consent')) values.push(e.value);
    expect(values).toHaveLength(10);
    expect(await createLedger({ store: s }).verify()).toEqual({ ok: true });
    const head = await createMerkleLog({ store: s, log: 'consent' }).treeHead();
    expect(head.size).toBe(10);
    expect(Buffer.from(head.root)).toEqual(Buffer.from(treeRoot('sha256', values)));
    await plain.close();
    await s.close();
  });

  it('close() right after the sequencer starts (its LISTEN connection still opening) resolves and frees the pool', async () => {
    // Before the fix, a listener that connected after close() was never released and pool.end()
    // waited for it forever: the cause of "the role moves" hanging 60 s under load.
    for (let i = 0; i < 3; i++) {
      const s = await open('seq_close');
      s.sequencer!.serve('events');
      await s.close();
    }
    const s = await open('seq_close');
    expect(await s.sequence!('events', 'x')).toEqual({ seq: 0, value: 'x' });
    await s.close();
  }, 20_000);

  it('items for two logs queued in one tick (one INSERT) each land in their own log, in order', async () => {
    const s = await open('seq_two');
    const [t1, t2, t3] = await Promise.all([s.sequencer!.enqueue('l1', ['a', 'b']), s.sequencer!.enqueue('l2', ['c']), s.sequencer!.enqueue('l1', ['d'])]);
    expect(await s.sequencer!.wait([...t1!, ...t2!, ...t3!])).toEqual([{ seq: 0, value: 'a' }, { seq: 1, value: 'b' }, { seq: 0, value: 'c' }, { seq: 2, value: 'd' }]);
    expect(await rows(`SELECT log, seq::int, convert_from(value, 'UTF8') AS v FROM seq_two.custodia_logs ORDER BY log, seq`)).toEqual([
      { log: 'l1', seq: 0, v: 'a' }, { log: 'l1', seq: 1, v: 'b' }, { log: 'l1', seq: 2, v: 'd' }, { log: 'l2', seq: 0, v: 'c' },
    ]);
    await s.close();
  });

  it('items queued under another chain algorithm are refused by the sequencer, not sealed', async () => {
    const s = await open('seq_tag');
    await s.sequence!('consent', JSON.stringify(event(0)), { kind: 'consent', alg: 'sha256' }); // s is the sequencer now
    const other = await open('seq_tag');
    expect(await codeOf(other.sequence!('consent', JSON.stringify(event(1)), { kind: 'consent', alg: 'sm3' }))).toBe('INVALID_ARGUMENT');
    expect(await s.length('consent')).toBe(1);
    expect(() => s.sequencer!.serve('consent', { kind: 'consent', alg: 'sm3' })).toThrow(/another chain/);
    await other.close();
    await s.close();
  });

  it('the role moves: when the sequencer’s store closes, another store’s sequencer takes over', async () => {
    const a = await open('seq_move', { sequencer: { electMs: 20 } });
    const b = await open('seq_move', { sequencer: { electMs: 20 } });
    await a.sequence!('events', 'one');
    b.sequencer!.serve('events');
    expect(a.sequencer!.leading()).toEqual(['events']);
    await a.close();
    expect(await b.sequence!('events', 'two')).toEqual({ seq: 1, value: 'two' });
    expect(b.sequencer!.leading()).toEqual(['events']);
    await b.close();
  });

  it('postgresSchemaSql({ sequencer: true }) applied by hand gives a sequenced store with migrate: false', async () => {
    await pgEnv.admin.query(postgresSchemaSql({ schema: 'seq_by_hand', sequencer: true }));
    const s = await postgresStore({ connectionString: pgEnv.server.url, schema: 'seq_by_hand', migrate: false, sequencer: true });
    expect(await s.sequence!('l', 'x')).toEqual({ seq: 0, value: 'x' });
    await s.close();
  });
});
