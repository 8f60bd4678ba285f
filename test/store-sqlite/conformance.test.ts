import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger, verifyLedger } from '../../src/consent/index.js';
import { sqliteStore } from '../../src/store/sqlite/index.js';
import { describeStoreConformance } from '../../src/store/testing/index.js';
import { event } from '../consent/_fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'custodia-sqlite-'));
let n = 0;
const file = () => join(dir, `t${n++}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreConformance({ name: 'sqlite', create: () => sqliteStore({ path: file() }) }, { describe, it, expect });
describeStoreConformance({ name: 'sqlite, two connections', create: () => twoConnections(file()) }, { describe, it, expect });

// Reads and writes alternate between two connections to one file, as two processes would.
function twoConnections(path: string) {
  const a = sqliteStore({ path });
  const b = sqliteStore({ path, synchronous: 'NORMAL' });
  let i = 0;
  const pick = () => (i++ % 2 ? a : b);
  return {
    get: (ns: string, k: string) => pick().get(ns, k),
    put: (...args: Parameters<typeof a.put>) => pick().put(...args),
    delete: (...args: Parameters<typeof a.delete>) => pick().delete(...args),
    scan: (...args: Parameters<typeof a.scan>) => pick().scan(...args),
    append: (...args: Parameters<typeof a.append>) => pick().append(...args),
    appendMany: (...args: Parameters<NonNullable<typeof a.appendMany>>) => pick().appendMany!(...args),
    putMany: (...args: Parameters<NonNullable<typeof a.putMany>>) => pick().putMany!(...args),
    appendManyAndPut: (...args: Parameters<NonNullable<typeof a.appendManyAndPut>>) => pick().appendManyAndPut!(...args),
    read: (...args: Parameters<typeof a.read>) => pick().read(...args),
    length: (log: string) => pick().length(log),
    close: async () => {
      await a.close();
      await b.close();
    },
  };
}

describe('sqliteStore', () => {
  it('survives reopening: records, logs and the ledger chain persist', async () => {
    const path = file();
    const s1 = sqliteStore({ path });
    const l1 = createLedger({ store: s1, hash: 'sm3' });
    for (let i = 0; i < 5; i++) await l1.append(event({ subject: `u_${i}` }));
    await s1.put('ns', 'k', 'v');
    await s1.close();
    const s2 = sqliteStore({ path });
    const l2 = createLedger({ store: s2, hash: 'sm3' });
    expect((await l2.export()).length).toBe(5);
    expect(verifyLedger(await l2.export())).toEqual({ ok: true });
    expect((await s2.get('ns', 'k'))?.value).toBe('v');
    await s2.close();
    await expect(s2.length('consent')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('pages through long logs and scans', async () => {
    const s = sqliteStore({ path: file(), synchronous: 'NORMAL' });
    for (let i = 0; i < 1300; i++) await s.append('big', `e${i}`);
    let count = 0;
    for await (const e of s.read('big', { from: 100 })) {
      expect(e.value).toBe(`e${e.seq}`);
      count++;
    }
    expect(count).toBe(1200);
    for (let i = 0; i < 600; i++) await s.put('ns', `k${String(i).padStart(4, '0')}`, 'x');
    const keys: string[] = [];
    for await (const r of s.scan('ns', { prefix: 'k0', limit: 550 })) keys.push(r.key);
    expect(keys.length).toBe(550);
    expect([...keys].sort()).toEqual(keys);
    await s.close();
  });

  it('uses a caller-owned connection and table prefix, leaving the connection open', async () => {
    const db = new Database(':memory:');
    const s = sqliteStore({ db, prefix: 'app_' });
    await s.append('log', 'x');
    await s.close();
    expect(db.prepare('SELECT count(*) AS n FROM app_logs').get()).toEqual({ n: 1 });
    db.close();
    expect(() => sqliteStore({ db: new Database(':memory:'), prefix: 'x; DROP' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
