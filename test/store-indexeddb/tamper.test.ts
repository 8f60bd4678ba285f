// The storage-level tamper suite on IndexedDB (fake-indexeddb): rows edited through the
// database's own object stores, as a script with access to the origin could.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { deleteIndexedDbStore, indexedDbStore, type IndexedDbStore } from '../../src/store/indexeddb/index.js';
import { describeStoreTamper, type RawStoreAccess } from '../../src/store/testing/index.js';

type Row = { log: string; seq: number; value: string };
type Rec = { ns: string; key: string; value: string; version: number };

function idbRaw(store: IndexedDbStore): RawStoreAccess {
  const db = store.db as unknown as IDBDatabase & {
    getAll(s: string, q: IDBKeyRange): Promise<Row[]>;
    get(s: string, k: unknown): Promise<Row | Rec | undefined>;
    put(s: string, v: unknown): Promise<unknown>;
    delete(s: string, k: unknown): Promise<void>;
  };
  const range = (log: string) => IDBKeyRange.bound([log, -Infinity], [log, Infinity]);
  return {
    rows: async (log) => (await db.getAll('logs', range(log))).map(({ seq, value }) => ({ seq, value })),
    setValue: async (log, seq, value) => void (await db.put('logs', { log, seq, value })),
    setSeq: async (log, from, to) => {
      const row = (await db.get('logs', [log, from])) as Row;
      await db.delete('logs', [log, from]);
      await db.put('logs', { ...row, seq: to });
    },
    deleteRow: async (log, seq) => db.delete('logs', [log, seq]),
    setRecord: async (ns, key, value) => void (await db.put('records', { ...((await db.get('records', [ns, key])) as Rec), value })),
  };
}

let n = 0;
describeStoreTamper(
  {
    name: 'indexeddb (fake-indexeddb)',
    create: () => indexedDbStore({ name: `tamper-${++n}`, pageSize: 2 }),
    raw: (s) => idbRaw(s as IndexedDbStore),
    destroy: (s) => deleteIndexedDbStore((s as IndexedDbStore).name),
  },
  { describe, it, expect },
);
