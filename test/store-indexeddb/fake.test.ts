import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { deleteIndexedDbStore, indexedDbStore } from '../../src/store/indexeddb/index.js';
import { describeStoreConformance } from '../../src/store/testing/index.js';

let n = 0;
describeStoreConformance(
  {
    name: 'indexeddb (fake-indexeddb)',
    create: () => indexedDbStore({ name: `conf-${++n}`, pageSize: 3 }),
    destroy: (s) => deleteIndexedDbStore((s as unknown as { name: string }).name),
  },
  { describe, it, expect },
);

describe('indexedDbStore', () => {
  it('keeps data across close and reopen of the same database', async () => {
    const a = await indexedDbStore({ name: 'persist' });
    await a.put('ns', 'k', 'v');
    await a.append('log', 'e0');
    await a.close();
    const b = await indexedDbStore({ name: 'persist' });
    expect(await b.get('ns', 'k')).toEqual({ key: 'k', value: 'v', version: 1 });
    expect(await b.length('log')).toBe(1);
    await b.close();
    await deleteIndexedDbStore('persist');
  });

  it('two handles on one database (two tabs) racing with ifLength keep one gap-free log', async () => {
    const [a, b] = await Promise.all([indexedDbStore({ name: 'tabs' }), indexedDbStore({ name: 'tabs' })]);
    const writer = async (s: typeof a, tag: string) => {
      for (let i = 0; i < 20; i++)
        for (;;) {
          const n = await s.length('chain');
          try {
            await s.append('chain', `${tag}${n}`, { ifLength: n });
            break;
          } catch (e) {
            expect(e).toMatchObject({ code: 'STORE_CONFLICT' });
          }
        }
    };
    await Promise.all([writer(a, 'a'), writer(b, 'b')]);
    const seqs: number[] = [];
    for await (const e of a.read('chain')) {
      expect(e.value.slice(1)).toBe(String(e.seq));
      seqs.push(e.seq);
    }
    expect(seqs.length).toBe(40);
    await Promise.all([a.close(), b.close()]);
    await deleteIndexedDbStore('tabs');
  });

  it('a refused conditional write leaves the record untouched', async () => {
    const s = await indexedDbStore({ name: 'refused' });
    await s.put('ns', 'k', 'v1');
    await expect(s.put('ns', 'k', 'v2', { ifVersion: 0 })).rejects.toMatchObject({ code: 'STORE_CONFLICT', field: 'ns' });
    expect(await s.get('ns', 'k')).toEqual({ key: 'k', value: 'v1', version: 1 });
    await s.close();
    await expect(s.length('x')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await deleteIndexedDbStore('refused');
  });

  it('keeps lone surrogates and keys beyond the BMP exactly, in code-unit order', async () => {
    const s = await indexedDbStore({ name: 'unicode' });
    for (const k of ['\uFF5E', '😀', 'a\uD800']) await s.put('ns', k, k);
    const keys: string[] = [];
    for await (const r of s.scan('ns')) keys.push(r.value);
    expect(keys).toEqual(['a\uD800', '😀', '\uFF5E']);
    await s.close();
    await deleteIndexedDbStore('unicode');
  });
});
