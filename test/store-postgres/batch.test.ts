// One sequencer batch (src/store/postgres/_batch.ts) built on the sequencer's copy of the log and
// its tree: when that copy is stale (another writer moved the log, or rewrote a tree record), the
// batch's one statement writes nothing and fails as STORE_CONFLICT; built on what is stored, it
// writes, and the tree covers the log.
import { describe, expect, it } from 'vitest';
import { createMerkleLog, treeRoot } from '../../src/merkle/index.js';
import { _writeBatch } from '../../src/store/postgres/_batch.js';
import { queueTables } from '../../src/store/postgres/_queue.js';
import { tableNames } from '../../src/store/postgres/_schema.js';
import { postgresStore } from '../../src/store/postgres/index.js';
import { usePostgres } from '../pg/use.js';

const pgEnv = usePostgres();
const ctx = (schema: string) => ({ t: tableNames(schema, 'custodia_'), qt: queueTables(schema, 'custodia_'), channel: 'custodia_batch_test', batchSize: 100 });
const codeOf = (p: Promise<unknown>) => p.then(() => 'none', (e: { code?: string }) => e.code ?? 'other');

describe('postgres sequencer batch on a kept copy of the log and tree', () => {
  it('a stale copy (tree record rewritten, log extended elsewhere) writes nothing and is STORE_CONFLICT; read again, the batch writes', async () => {
    const schema = 'batch_stale';
    const plain = await postgresStore({ connectionString: pgEnv.server.url, schema, sequencer: true });
    await plain.close();
    const s = await postgresStore({ connectionString: pgEnv.server.url, schema });
    const c = await pgEnv.admin.connect();
    const o = ctx(schema);
    const queue = (items: string[]) => c.query(`INSERT INTO ${o.qt.queue} (log, tag, item) SELECT 'l', 'raw', convert_to(u.x, 'UTF8') FROM unnest($1::text[]) WITH ORDINALITY AS u(x, n) ORDER BY u.n`, [items]);
    const count = async (sql: string) => Number((await c.query(sql)).rows[0].n);
    const snapshot = async () => (await c.query(`SELECT k, value, version FROM ${o.t.records} ORDER BY k`)).rows;
    try {
      await c.query(`INSERT INTO ${o.t.logHeads} (log) VALUES ('l')`);
      // 300 entries: the first tile fills, so the copy holds a partial tile of each level and the head.
      await queue(Array.from({ length: 300 }, (_, i) => `e${i}`));
      let state = (await _writeBatch(c, o, 'l', undefined, undefined))!.state;
      for (let n = 1; n < 3; n++) state = (await _writeBatch(c, o, 'l', undefined, state))!.state;
      expect(state.length).toBe(300);
      expect(state.records.size).toBeGreaterThan(1);

      await queue(['a', 'b']);
      await c.query(`UPDATE ${o.t.records} SET version = version + 1 WHERE ns = 'l.merkle' AND k = '\\x0068006500610064'::bytea`);
      const before = await snapshot();
      expect(await codeOf(_writeBatch(c, o, 'l', undefined, state))).toBe('STORE_CONFLICT');
      expect(await snapshot()).toEqual(before);
      expect(await s.length('l')).toBe(300);
      expect(await count(`SELECT count(*) AS n FROM ${o.qt.queue}`)).toBe(2);
      expect(await count(`SELECT count(*) AS n FROM ${o.qt.batches}`)).toBe(3);

      const fresh = (await _writeBatch(c, o, 'l', undefined, undefined))!.state;
      await queue(['c']);
      await s.append('l', 'plain'); // the log moves under the copy
      expect(await codeOf(_writeBatch(c, o, 'l', undefined, fresh))).toBe('STORE_CONFLICT');
      expect(await s.length('l')).toBe(303);
      expect(await count(`SELECT count(*) AS n FROM ${o.qt.queue}`)).toBe(1);
      await _writeBatch(c, o, 'l', undefined, undefined);

      const values: string[] = [];
      for await (const e of s.read('l')) values.push(e.value);
      expect(values).toEqual([...Array.from({ length: 300 }, (_, i) => `e${i}`), 'a', 'b', 'plain', 'c']);
      const head = await createMerkleLog({ store: s, log: 'l' }).treeHead();
      expect(head.size).toBe(304);
      expect(Buffer.from(head.root)).toEqual(Buffer.from(treeRoot('sha256', values)));
    } finally {
      c.release();
      await s.close();
    }
  });
});
