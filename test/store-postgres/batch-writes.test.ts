// The PostgreSQL store's batch writes (src/store/postgres/_writeMany.ts) beyond the conformance
// suite: a refused or failed appendManyAndPut leaves the raw tables as they were; a batch that
// writes one key twice ends as the memory store (the reference) ends; a Merkle log on the plain
// store writes each batch through appendManyAndPut and its tree catch-up through putMany, with
// the RFC 9162 root; on a sequencing store, batch writes racing the sequencer on one log leave
// one gap-free log that the tree covers.
import { describe, expect, it } from 'vitest';
import { createMerkleLog, treeRoot } from '../../src/merkle/index.js';
import { isCustodiaError } from '../../src/errors/index.js';
import type { Store } from '../../src/store/index.js';
import { memoryStore } from '../../src/store/index.js';
import { postgresStore } from '../../src/store/postgres/index.js';
import { usePostgres } from '../pg/use.js';

const pgEnv = usePostgres();
const open = (schema: string, extra: object = {}) => postgresStore({ connectionString: pgEnv.server.url, schema, config: { max: 6 }, ...extra });
const outcome = (p: Promise<unknown>) => p.then((v) => v, (e: unknown) => (isCustodiaError(e) ? { code: e.code, message: e.message } : { code: 'other', message: String(e) }));
const raw = async (schema: string) => ({
  records: (await pgEnv.admin.query(`SELECT * FROM ${schema}.custodia_records ORDER BY ns, k`)).rows,
  logs: (await pgEnv.admin.query(`SELECT * FROM ${schema}.custodia_logs ORDER BY log, seq`)).rows,
  heads: (await pgEnv.admin.query(`SELECT * FROM ${schema}.custodia_log_heads ORDER BY log`)).rows,
});
const values = async (s: Store, log: string) => {
  const out: string[] = [];
  for await (const e of s.read(log)) out.push(`${e.seq}:${e.value}`);
  return out;
};

describe('postgres store batch writes', () => {
  it('a refused or failed appendManyAndPut leaves the raw tables unchanged, and its message names the log or ns, never a value', async () => {
    const s = await open('bw_refused');
    await s.appendManyAndPut!('log', ['e0', 'e1'], 'ns', [{ key: 'head', value: 'h1', ifVersion: 0 }, { key: 'full', value: 'f1' }], { ifLength: 0 });
    const before = await raw('bw_refused');
    expect(before.logs).toHaveLength(2);
    expect(before.records).toHaveLength(2);
    const refusals: [string, () => Promise<unknown>][] = [
      // stale ifLength, with only unconditional records (one statement, no transaction block)
      ['log', () => s.appendManyAndPut!('log', ['secret-entry'], 'ns', [{ key: 'full', value: 'secret-value' }], { ifLength: 1 })],
      // good ifLength, stale ifVersion on the last record (BEGIN, statement, ROLLBACK)
      ['ns', () => s.appendManyAndPut!('log', ['secret-entry'], 'ns', [{ key: 'new', value: 'secret-value' }, { key: 'full', value: 'x' }, { key: 'head', value: 'secret-value', ifVersion: 2 }], { ifLength: 2 })],
      // create-only on a key that exists
      ['ns', () => s.appendManyAndPut!('log', ['secret-entry'], 'ns', [{ key: 'head', value: 'secret-value', ifVersion: 0 }], { ifLength: 2 })],
      // one key twice: the second write sees the first's version, so ifVersion 1 twice can never pass
      ['ns', () => s.putMany!('ns', [{ key: 'head', value: 'secret-value', ifVersion: 1 }, { key: 'head', value: 'secret-value', ifVersion: 1 }])],
      ['log', () => s.appendMany!('log', ['secret-entry'], { ifLength: 3 })],
    ];
    for (const [field, p] of refusals) {
      const r = (await outcome(p())) as { code: string; message: string };
      expect(r.code).toBe('STORE_CONFLICT');
      expect(r.message).toContain(field === 'log' ? 'log log' : 'of ns');
      expect(r.message).not.toMatch(/secret/);
      expect(await raw('bw_refused')).toEqual(before);
    }
    // Failed mid-statement: a row already at the next seq (written beside the store) breaks the
    // entries' primary key after the head and before the records: nothing of the batch stays.
    await pgEnv.admin.query(`INSERT INTO bw_refused.custodia_logs (log, seq, value) VALUES ('log', 3, '\\x00')`);
    const planted = await raw('bw_refused');
    const r = (await outcome(s.appendManyAndPut!('log', ['a', 'b'], 'ns', [{ key: 'head', value: 'h2', ifVersion: 1 }, { key: 'full', value: 'f2' }], { ifLength: 2 }))) as { code: string };
    expect(r.code).toBe('STORE_CONFLICT');
    expect(await raw('bw_refused')).toEqual(planted);
    // A value PostgreSQL could not store exactly is refused before anything is sent.
    expect(((await outcome(s.appendMany!('log', ['ok', 'bad\uD800'], { ifLength: 2 }))) as { code: string }).code).toBe('INVALID_UTF8');
    expect(await raw('bw_refused')).toEqual(planted);
    await s.close();
  });

  it('batches that write a key more than once end as the memory store ends (versions, values, refusals)', async () => {
    const pg = await open('bw_fold');
    const mem = memoryStore();
    const script: ((s: Store) => Promise<unknown>)[] = [
      (s) => s.put('ns', 'a', 'a1'),
      (s) => s.putMany!('ns', [{ key: 'a', value: 'a2', ifVersion: 1 }, { key: 'a', value: 'a3', ifVersion: 2 }, { key: 'b', value: 'b1' }, { key: 'b', value: 'b2', ifVersion: 1 }]),
      (s) => s.putMany!('ns', [{ key: 'c', value: 'c1' }, { key: 'c', value: 'c2', ifVersion: 0 }]),
      (s) => s.putMany!('ns', [{ key: 'c', value: 'c1' }, { key: 'c', value: 'c2' }, { key: 'c', value: 'c3', ifVersion: 2 }]),
      (s) => s.putMany!('ns', [{ key: 'a', value: 'a4' }, { key: 'a', value: 'a5', ifVersion: 5 }]),
      (s) => s.putMany!('ns', [{ key: 'a', value: 'a4' }, { key: 'a', value: 'a5', ifVersion: 4 }, { key: 'b', value: 'b3', ifVersion: 0 }]),
      (s) => s.putMany!('ns', [{ key: 'd', value: 'd1', ifVersion: -1 }]),
      (s) => s.putMany!('ns', [{ key: 'd', value: 'd1', ifVersion: 1.5 }]),
      (s) => s.appendManyAndPut!('log', ['x', 'y'], 'ns', [{ key: 'a', value: 'a6', ifVersion: 3 }, { key: 'a', value: 'a7' }], { ifLength: 0 }),
      (s) => s.appendMany!('log', ['z'], { ifLength: -1 }),
      (s) => s.appendMany!('log', []),
    ];
    const code = (v: unknown) => (typeof v === 'object' && v !== null && 'code' in v ? (v as { code: string }).code : v);
    for (const [i, step] of script.entries()) expect(code(await outcome(step(pg))), `step ${i}`).toEqual(code(await outcome(step(mem))));
    const all = async (s: Store) => { const out = []; for await (const r of s.scan('ns')) out.push(r); return out; };
    expect(await all(pg)).toEqual(await all(mem));
    expect(await all(pg)).toContainEqual({ key: 'a', value: 'a7', version: 5 });
    expect(await values(pg, 'log')).toEqual(await values(mem, 'log'));
    await pg.close();
  });

  it('S5.5: a Merkle log on the plain store writes each batch through appendManyAndPut, catches up through putMany, and gives the RFC 9162 root', async () => {
    const s = await open('bw_merkle');
    const calls: string[] = [];
    const spy = new Proxy(s, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function' || !['append', 'put', 'appendMany', 'putMany', 'appendManyAndPut', 'delete'].includes(prop as string)) return v;
        return (...args: unknown[]) => { calls.push(prop as string); return (v as (...a: unknown[]) => unknown).apply(target, args); };
      },
    }) as Store;
    const log = createMerkleLog({ store: spy, log: 'events' });
    const all = Array.from({ length: 600 }, (_, i) => `{"i":${i},"pad":"${'p'.repeat(i % 37)}"}`);
    // Batches across the first tile's edge (256) and into a third tile.
    let at = 0;
    for (const n of [1, 254, 3, 300, 12]) { expect(await log.appendMany(all.slice(at, at + n))).toBe(at); at += n; }
    expect(calls).toEqual(Array(5).fill('appendManyAndPut'));
    expect(Buffer.from((await log.treeHead()).root)).toEqual(Buffer.from(treeRoot('sha256', all.slice(0, at))));
    // Entries another writer appended without tiles: the tree's catch-up is one putMany.
    calls.length = 0;
    await s.appendMany!('events', all.slice(at), { ifLength: at });
    await log.sync();
    expect(calls).toEqual(['putMany']);
    const head = await log.treeHead();
    expect(head.size).toBe(600);
    expect(Buffer.from(head.root)).toEqual(Buffer.from(treeRoot('sha256', all)));
    expect(await values(s, 'events')).toEqual(all.map((v, i) => `${i}:${v}`));
    await s.close();
  });

  it('on a sequencing store, Merkle batches written directly race the sequencer on one log: one gap-free log, each item once, the tree covers it', async () => {
    const s = await open('bw_seq', { sequencer: { electMs: 20 } });
    const log = createMerkleLog({ store: s, log: 'mixed' });
    const direct = Array.from({ length: 8 }, (_, b) => Array.from({ length: 20 }, (_, i) => `d${b}.${i}`));
    const queued = Array.from({ length: 120 }, (_, i) => `q${i}`);
    // A batch that lost to the sequencer is written again, unless it is in: the Merkle log's
    // appendMany can report a conflict of its tree catch-up after its entries went in.
    const writeDirect = async (batch: string[]): Promise<number> => {
      for (;;) {
        try {
          return await log.appendMany(batch);
        } catch (e) {
          if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e;
          const at = (await values(s, 'mixed')).findIndex((v) => v.endsWith(`:${batch[0]}`));
          if (at >= 0) return at;
        }
      }
    };
    // Each direct batch goes with 15 items queued at the same moment, sequenced before the next
    // batch: so the sequencer's kept copy of the log and tree is stale at every wave but the first.
    const entries: { seq: number; value: string }[] = [];
    const firsts: number[] = [];
    for (const [k, b] of direct.entries()) {
      const wave = Promise.all(queued.slice(15 * k, 15 * k + 15).map((q) => s.sequence!('mixed', q)));
      firsts.push(await writeDirect(b));
      entries.push(...(await wave));
    }
    const stored = await values(s, 'mixed');
    expect(stored).toHaveLength(280);
    const seen = stored.map((e) => e.slice(e.indexOf(':') + 1));
    expect([...seen].sort()).toEqual([...direct.flat(), ...queued].sort());
    for (const e of entries) expect(stored[e.seq]).toBe(`${e.seq}:${e.value}`);
    direct.forEach((b, k) => expect(seen.slice(firsts[k]!, firsts[k]! + b.length)).toEqual(b));
    await log.sync();
    const head = await log.treeHead();
    expect(head.size).toBe(280);
    expect(Buffer.from(head.root)).toEqual(Buffer.from(treeRoot('sha256', seen)));
    await s.close();
  });
});
