// The storage-level tamper suite on wx storage, run inside the mini-program-like realm (no
// TextEncoder, WebAssembly or crypto): storage items edited directly, as someone with the
// device's storage (or the app's own code) could.
import { randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import type { describeStoreTamper as Tamper, RawStoreAccess } from '../../src/store/testing/index.js';
import type { wxStore as WxStore } from '../../src/store/wx/index.js';
import { loadInRealm, makeRealm } from './_realm.js';
import type { makeWx as MakeWx } from './_wx.js';

const realm = makeRealm();
const lib = loadInRealm<{ wxStore: typeof WxStore; describeStoreTamper: typeof Tamper; makeWx: typeof MakeWx }>(
  realm,
  `export { wxStore } from '../../src/store/wx/index.ts';
   export { describeStoreTamper } from '../../src/store/testing/index.ts';
   export { makeWx } from './_wx.ts';`,
  'wx-tamper',
);

type Storage = Map<string, { json: string; encrypt: boolean }>;
const P = 'custodia:';
// Key layout of wxStore: `${prefix}e[log,seq]` holds {v: text}, `${prefix}r[ns,key]` holds {v, ver}.
function wxRaw(storage: Storage): RawStoreAccess {
  const entry = (log: string, seq: number) => `${P}e${JSON.stringify([log, seq])}`;
  const item = (k: string) => JSON.parse(storage.get(k)!.json) as { v: string; ver?: number };
  const set = (k: string, data: unknown) => void storage.set(k, { json: JSON.stringify(data), encrypt: false });
  return {
    rows: async (log) =>
      [...storage.keys()]
        .filter((k) => k.startsWith(`${P}e${JSON.stringify([log]).slice(0, -1)},`))
        .map((k) => ({ seq: (JSON.parse(k.slice(P.length + 1)) as [string, number])[1], value: item(k).v }))
        .sort((a, b) => a.seq - b.seq),
    setValue: async (log, seq, value) => set(entry(log, seq), { v: value }),
    setSeq: async (log, from, to) => {
      set(entry(log, to), item(entry(log, from)));
      storage.delete(entry(log, from));
    },
    deleteRow: async (log, seq) => void storage.delete(entry(log, seq)),
    setRecord: async (ns, key, value) => {
      const k = `${P}r${JSON.stringify([ns, key])}`;
      set(k, { ...item(k), v: value });
    },
  };
}

const storages = new WeakMap<Store, Storage>();
lib.describeStoreTamper(
  {
    name: 'wx storage (mini-program realm)',
    create: () => {
      const wx = lib.makeWx({ later: (fn) => setImmediate(fn), random: (n) => randomFillSync(new Uint8Array(n)) });
      const s = lib.wxStore({ wx });
      storages.set(s, wx.storage as Storage);
      return s;
    },
    raw: (s) => wxRaw(storages.get(s)!),
  },
  { describe, it, expect },
);
