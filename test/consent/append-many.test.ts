// ledger.appendMany: a batch of consent events validated first, then sealed on the one chain and
// written as one store write (SQLite: one transaction) — the same records, byte for byte, as
// appending the events one by one, on the memory store and SQLite (appendMany), on a store without
// the batch writes (one append each), with concurrent writers, an HMAC key and an SM3 chain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCustodiaError } from '../../src/errors/index.js';
import { createLedger, verifyLedger, type ConsentEventInput } from '../../src/consent/index.js';
import { memoryStore, type Store } from '../../src/store/index.js';
import { sqliteStore } from '../../src/store/sqlite/index.js';
import { event } from './_fixtures.js';
import { batchless } from '../store/_batchless.js';

const dir = mkdtempSync(join(tmpdir(), 'custodia-append-many-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const stores: Record<string, () => Store> = {
  memory: () => memoryStore(),
  // The optional batch writes taken off: the ledger's one-append-per-record path.
  'batchless memory': () => batchless(memoryStore()),
  sqlite: () => sqliteStore({ path: join(dir, `l${files++}.db`) }),
};
const events = (n: number, from = 0): ConsentEventInput[] =>
  Array.from({ length: n }, (_, i) => event({ subject: `u_${(from + i) % 7}`, event: (from + i) % 5 === 4 ? 'withdrawn' : 'given', at: new Date(Date.UTC(2024, 6, 1) + (from + i) * 60_000).toISOString() }));
const stored = async (s: Store, log = 'consent') => {
  const out: string[] = [];
  for await (const e of s.read(log)) out.push(e.value);
  return out;
};

describe.each(Object.keys(stores))('S5.5: ledger.appendMany on the %s store', (name) => {
  const open = stores[name]!;

  it('S5.5: stores exactly the records appending one by one stores, and they verify', async () => {
    for (const opts of [{}, { hash: 'sm3' as const }, { key: new Uint8Array(32).fill(7) }]) {
      const a = open();
      const b = open();
      const one = createLedger({ store: a, ...opts });
      for (const e of events(45)) await one.append(e);
      const many = createLedger({ store: b, ...opts });
      const recs = await many.appendMany(events(40));
      expect(recs.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      await many.appendMany(events(5, 40));
      expect(await stored(b)).toEqual(await stored(a));
      expect(await many.verify()).toEqual({ ok: true });
      expect(verifyLedger(await createLedger({ store: b, ...opts }).export(), opts)).toEqual({ ok: true });
      expect((await many.stateOf('u_4')).purposes['marketing']?.status).toBe((await one.stateOf('u_4')).purposes['marketing']?.status);
      await a.close();
      await b.close();
    }
  });

  it('S5.2: one invalid event refuses the whole batch before anything is written (VALIDATION_FAILED names its index, events.1)', async () => {
    const s = open();
    const ledger = createLedger({ store: s });
    await ledger.appendMany(events(2));
    const bad = events(3, 2);
    bad[1] = { ...bad[1]!, subject: '13812345678' };
    const err = await ledger.appendMany(bad).catch((e: unknown) => e);
    expect(isCustodiaError(err, 'VALIDATION_FAILED')).toBe(true);
    expect(String((err as Error).message)).toContain('events.1 failed validation');
    expect(String((err as Error).message)).not.toContain('13812345678');
    expect(await s.length('consent')).toBe(2);
    expect(await ledger.appendMany([])).toEqual([]);
    await expect(ledger.appendMany('x' as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await s.close();
  });

  it('S5.5: two ledgers appending batches to one store at once keep one chain', async () => {
    const s = open();
    const x = createLedger({ store: s });
    const y = createLedger({ store: s });
    await Promise.all([0, 1, 2, 3].flatMap((k) => [x.appendMany(events(9, 100 * k)), y.appendMany(events(4, 100 * k + 50)), x.append(events(1, 100 * k + 90)[0]!)]));
    expect(await s.length('consent')).toBe(4 * (9 + 4 + 1));
    expect(await createLedger({ store: s }).verify()).toEqual({ ok: true });
    await s.close();
  });
});
