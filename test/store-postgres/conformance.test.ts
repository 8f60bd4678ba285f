import { describe, expect, it } from 'vitest';
import { postgresSchemaSql, postgresStore } from '../../src/store/postgres/index.js';
import { describeStoreConformance } from '../../src/store/testing/index.js';
import { usePostgres } from '../pg/use.js';

const pgEnv = usePostgres();
let n = 0;

// Each test gets its own schema, dropped afterwards.
const schemas = new WeakMap<object, string>();
describeStoreConformance(
  {
    name: 'postgres',
    create: async () => {
      const schema = `conf_${++n}`;
      const s = await postgresStore({ connectionString: pgEnv.server.url, schema, config: { max: 8 } });
      schemas.set(s, schema);
      return s;
    },
    destroy: async (s) => {
      await pgEnv.admin.query(`DROP SCHEMA "${schemas.get(s)}" CASCADE`);
    },
  },
  { describe, it, expect },
);

// The contract holds as well on a store opened with the batch sequencer (its extra tables and
// connections change nothing of the Store interface).
describeStoreConformance(
  {
    name: 'postgres (sequencer: true)',
    create: async () => {
      const schema = `conf_seq_${++n}`;
      const s = await postgresStore({ connectionString: pgEnv.server.url, schema, config: { max: 8 }, sequencer: true });
      schemas.set(s, schema);
      return s;
    },
    destroy: async (s) => {
      await pgEnv.admin.query(`DROP SCHEMA "${schemas.get(s)}" CASCADE`);
    },
  },
  { describe, it, expect },
);

describe('postgresStore', () => {
  it('has the three batch writes, plain and sequencing: the suites above run their tests, none skipped', async () => {
    for (const extra of [{}, { sequencer: true }]) {
      const s = await postgresStore({ connectionString: pgEnv.server.url, schema: 'has_batches', ...extra });
      for (const m of ['appendMany', 'putMany', 'appendManyAndPut'] as const) expect(typeof s[m], m).toBe('function');
      await s.close();
    }
  });

  it('orders keys by UTF-16 code unit, as the contract says, where UTF-8 byte order differs', async () => {
    const s = await postgresStore({ connectionString: pgEnv.server.url, schema: 'order_test' });
    // UTF-8 bytes put U+FF5E (EF BD 9E) before 😀 (F0 ...); UTF-16 code units put 😀 (D83D ...) first.
    for (const k of ['\uFF5E', '😀', 'a', '', '\u0000x']) await s.put('ns', k, k);
    const keys: string[] = [];
    for await (const r of s.scan('ns')) keys.push(r.key);
    expect(keys).toEqual(['', '\u0000x', 'a', '😀', '\uFF5E']);
    expect(keys).toEqual([...keys].sort());
    await s.close();
  });

  it('pages scan and read across many rows without losing or repeating any', async () => {
    const s = await postgresStore({ connectionString: pgEnv.server.url, schema: 'paging', pageSize: 7 });
    for (let i = 0; i < 50; i++) await s.put('ns', `k${String(i).padStart(3, '0')}`, String(i));
    for (let i = 0; i < 50; i++) await s.append('log', String(i));
    const keys: string[] = [];
    for await (const r of s.scan('ns', { after: 'k004', limit: 20 })) keys.push(r.key);
    expect(keys).toEqual(Array.from({ length: 20 }, (_, i) => `k${String(i + 5).padStart(3, '0')}`));
    const seqs: number[] = [];
    for await (const e of s.read('log', { from: 3 })) seqs.push(e.seq);
    expect(seqs).toEqual(Array.from({ length: 47 }, (_, i) => i + 3));
    await s.close();
  });

  it('S5.5: log entries cannot be updated or deleted, even with direct SQL', async () => {
    const s = await postgresStore({ connectionString: pgEnv.server.url, schema: 'append_only' });
    await s.append('audit', 'entry');
    await expect(pgEnv.admin.query(`UPDATE append_only.custodia_logs SET value = '\\x00'`)).rejects.toThrow(/append-only/);
    await expect(pgEnv.admin.query(`DELETE FROM append_only.custodia_logs`)).rejects.toThrow(/append-only/);
    expect((await s.read('audit')[Symbol.asyncIterator]().next()).value).toEqual({ seq: 0, value: 'entry' });
    await s.close();
  });

  it('migrates once when several stores open the same schema at the same time', async () => {
    const stores = await Promise.all(Array.from({ length: 5 }, () => postgresStore({ connectionString: pgEnv.server.url, schema: 'racing_migrate', config: { max: 1 } })));
    const { rows } = await pgEnv.admin.query('SELECT version FROM racing_migrate.custodia_migrations');
    expect(rows).toEqual([{ version: 1 }]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('postgresSchemaSql applied by hand gives a store that works with migrate: false', async () => {
    await pgEnv.admin.query(postgresSchemaSql({ schema: 'by_hand', prefix: 'cx_' }));
    const s = await postgresStore({ connectionString: pgEnv.server.url, schema: 'by_hand', prefix: 'cx_', migrate: false });
    expect(await s.append('l', 'a')).toBe(0);
    expect(s.tables.logs).toBe('"by_hand"."cx_logs"');
    await s.close();
  });

  it('refuses values it could not store exactly, and unsafe identifiers, without echoing the data', async () => {
    const s = await postgresStore({ connectionString: pgEnv.server.url, schema: 'refusals' });
    await expect(s.put('ns', 'k', 'ab\uD800c')).rejects.toMatchObject({ code: 'INVALID_UTF8', field: 'ns' });
    await expect(s.append('lo\u0000g', 'v')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(postgresStore({ connectionString: pgEnv.server.url, schema: 'x"; DROP' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await s.close();
    await expect(s.get('ns', 'k')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('reports an unreachable server as STORE_UNAVAILABLE naming the step, not the data', async () => {
    const err = await postgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/x', config: { connectionTimeoutMillis: 2000 } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE', field: 'migrate' });
  });
});
