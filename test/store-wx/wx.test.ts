import { randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import type { describeStoreConformance as Suite } from '../../src/store/testing/index.js';
import type { wxStore as WxStore } from '../../src/store/wx/index.js';
import { loadInRealm, makeRealm } from './_realm.js';
import type { FakeWxOptions, makeWx as MakeWx } from './_wx.js';

// The store, the suite and the wx stand-in all run inside the mini-program-like realm.
const realm = makeRealm();
const lib = loadInRealm<{ wxStore: typeof WxStore; describeStoreConformance: typeof Suite; makeWx: typeof MakeWx }>(
  realm,
  `export { wxStore } from '../../src/store/wx/index.ts';
   export { describeStoreConformance } from '../../src/store/testing/index.ts';
   export { makeWx } from './_wx.ts';`,
  'wx-store',
);
const wxOf = (o: Partial<FakeWxOptions> = {}) => lib.makeWx({ later: (fn) => setImmediate(fn), random: (n) => randomFillSync(new Uint8Array(n)), ...o });

describe('mini-program realm', () => {
  it('has no WebAssembly, TextEncoder, crypto, Buffer, process or eval', () => {
    expect(realm.run('typeof WebAssembly + typeof TextEncoder + typeof TextDecoder + typeof crypto + typeof Buffer + typeof process')).toBe('undefined'.repeat(6));
    expect(() => realm.run('new Function("return 1")()')).toThrow(/Code generation from strings disallowed/);
  });
});

lib.describeStoreConformance({ name: 'wx storage (mini-program realm)', create: () => lib.wxStore({ wx: wxOf() }) }, { describe, it, expect });

describe('wxStore', () => {
  it('splits values beyond one storage item into chunks, and removes the old chunks on update', async () => {
    const wx = wxOf();
    const s = lib.wxStore({ wx, chunkChars: 1000 });
    const big = '张'.repeat(2500);
    expect(await s.put('vault', 't1', big)).toBe(1);
    expect(wx.storage.size).toBe(4); // the record + 3 chunks
    expect(await s.put('vault', 't1', 'small')).toBe(2);
    expect(wx.storage.size).toBe(1);
    expect(await s.append('log', big)).toBe(0);
    let got = '';
    for await (const e of s.read('log')) got = e.value;
    expect(got).toBe(big);
    expect(await s.delete('vault', 't1')).toBe(true);
    expect([...wx.storage.keys()].some((k) => k.includes('vault'))).toBe(false);
  });

  it('a value too large for any chunking the device allows is STORE_UNAVAILABLE naming the API, not the data', async () => {
    const s = lib.wxStore({ wx: wxOf(), chunkChars: 2_000_000 });
    const err = await s.put('ns', 'k', '身份证'.repeat(400_000)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE', field: 'setStorage' });
    expect(String((err as Error).message)).not.toContain('身份证');
  });

  it('an app killed in the middle of appends leaves a log that reads whole and continues gap-free', async () => {
    for (const killAfter of [1, 2, 5, 6, 7]) {
      const storage = new Map<string, { json: string; encrypt: boolean }>();
      const s1 = lib.wxStore({ wx: wxOf({ storage, killAfterWrites: killAfter }), chunkChars: 4 });
      // Each append of 'abcdef' writes 2 chunks, the entry, then the head: kill anywhere in there.
      void s1.append('ledger', 'abcdef').then(() => s1.append('ledger', 'ghijkl'));
      await new Promise((r) => setTimeout(r, 20));
      const s2 = lib.wxStore({ wx: wxOf({ storage }), chunkChars: 4 });
      const n = await s2.length('ledger');
      expect(n).toBe(killAfter >= 4 ? 1 : 0);
      expect(await s2.append('ledger', 'next', { ifLength: n })).toBe(n);
      const all: string[] = [];
      for await (const e of s2.read('ledger')) all.push(e.value);
      expect(all).toEqual(n ? ['abcdef', 'next'] : ['next']);
    }
  });

  it('an app killed anywhere in appendManyAndPut leaves the batch whole or absent; the next store applies a committed one', async () => {
    const outcomes: string[] = [];
    for (let killAfter = 1; ; killAfter++) {
      const storage = new Map<string, { json: string; encrypt: boolean }>();
      const before = lib.wxStore({ wx: wxOf({ storage }), chunkChars: 4 });
      await before.put('ns', 'head', 'h1');
      await before.put('ns', 'tile', 'abcdefghij'); // chunked: its old chunks are dropped by the batch
      await before.append('log', 'e0');
      const s1 = lib.wxStore({ wx: wxOf({ storage, killAfterWrites: killAfter }), chunkChars: 4 });
      let finished = false;
      // Chunks of 'abcdef', 'abcdef', 'g', the new tile's chunks, the journal, then applying it: kill anywhere.
      void s1
        .appendManyAndPut!('log', ['abcdef', 'g'], 'ns', [{ key: 'head', value: 'h2', ifVersion: 1 }, { key: 'tile', value: 'klmnopq', ifVersion: 1 }, { key: 'new', value: 'N' }], { ifLength: 1 })
        .then(() => (finished = true));
      await new Promise((r) => setTimeout(r, 20));
      const journalLeft = storage.has('custodia:j');
      const s2 = lib.wxStore({ wx: wxOf({ storage }), chunkChars: 4 });
      const entries: string[] = [];
      for await (const e of s2.read('log')) entries.push(e.value);
      const rec = async (k: string) => {
        const r = await s2.get('ns', k);
        return r && `${r.value}@${r.version}`;
      };
      const state = JSON.stringify([entries, await rec('head'), await rec('tile'), await rec('new')]);
      const absent = JSON.stringify([['e0'], 'h1@1', 'abcdefghij@1', undefined]);
      const whole = JSON.stringify([['e0', 'abcdef', 'g'], 'h2@2', 'klmnopq@2', 'N@1']);
      expect([absent, whole]).toContain(state);
      outcomes.push(`${state === whole ? 'whole' : 'absent'}${journalLeft ? ' from the journal' : ''}`);
      // No journal and no chunk of a replaced tile stays once the store is open; the log continues.
      expect(storage.has('custodia:j')).toBe(false);
      if (state === whole) expect([...storage.keys()].filter((k) => k.includes('"tile"]@1#'))).toEqual([]);
      expect(await s2.append('log', 'next', { ifLength: entries.length })).toBe(entries.length);
      if (finished) break;
    }
    // Killed before the journal was written, after it (applied by the next store), and not at all.
    expect(outcomes).toContain('absent');
    expect(outcomes).toContain('whole from the journal');
    expect(outcomes[outcomes.length - 1]).toBe('whole');
  });

  it('a batch refused by ifVersion writes nothing, and a failed write after the journal is applied before the next operation', async () => {
    const wx = wxOf();
    const s = lib.wxStore({ wx });
    await s.putMany!('ns', [{ key: 'a', value: 'A' }, { key: 'b', value: 'B' }]);
    const keys = [...wx.storage.keys()].sort();
    const refused = await s.appendManyAndPut!('log', ['x'], 'ns', [{ key: 'a', value: 'A2', ifVersion: 1 }, { key: 'b', value: 'B2', ifVersion: 0 }], { ifLength: 0 }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'STORE_CONFLICT', field: 'ns', message: expect.stringContaining('ifVersion') as string });
    expect(String((refused as Error).message)).not.toContain('B2');
    expect([...wx.storage.keys()].sort()).toEqual(keys);
    // Storage fills up while the committed journal is being applied: the write rejects, and the
    // next operation (once space is back) completes the batch before anything else reads.
    const set = wx.setStorage;
    let sets = 0;
    wx.setStorage = (o = {}) => {
      if (++sets !== 2) return set(o);
      o.fail?.({ errMsg: 'setStorage:fail exceed storage max size 10MB' });
      return undefined;
    };
    const err = await s.putMany!('ns', [{ key: 'a', value: 'A3' }, { key: 'b', value: 'B3' }]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE', field: 'setStorage' });
    expect(wx.storage.has('custodia:j')).toBe(true);
    wx.setStorage = set;
    expect([(await s.get('ns', 'a'))?.value, (await s.get('ns', 'b'))?.value]).toEqual(['A3', 'B3']);
    expect(wx.storage.has('custodia:j')).toBe(false);
  });

  it('P9.1: encrypt: true asks WeChat to encrypt every item it writes', async () => {
    const wx = wxOf();
    const s = lib.wxStore({ wx, encrypt: true });
    await s.put('consent', 'u1', '{"granted":true}');
    await s.append('ledger', 'e0');
    expect([...wx.storage.values()].every((v) => v.encrypt)).toBe(true);
    expect(await s.get('consent', 'u1')).toMatchObject({ value: '{"granted":true}' });
  });

  it('prefixes keep stores apart on one device', async () => {
    const wx = wxOf();
    const a: Store = lib.wxStore({ wx, prefix: 'a:' });
    const b: Store = lib.wxStore({ wx, prefix: 'a:b' });
    await a.put('ns', 'k', '1');
    await b.put('ns', 'k', '2');
    const keys: string[] = [];
    for await (const r of a.scan('ns')) keys.push(r.value);
    expect(keys).toEqual(['1']);
  });

  it('without a wx object is STORE_UNAVAILABLE', () => {
    expect(() => lib.wxStore()).toThrow(expect.objectContaining({ code: 'STORE_UNAVAILABLE' }) as Error);
  });
});
