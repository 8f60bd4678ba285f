// ClickHouse without query parameters: hostile identifiers and values go through custodia's
// ClickHouse quoting (backslash escapes) and come out equal to in-memory anonymize, with a
// sentinel table intact; bad connection settings and a shard killed before or during a run are
// ENGINE_UNAVAILABLE and leave no output table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodiaError } from '../../src/errors/index.js';
import { anonymize, fromRows } from '../../src/kanon/index.js';
import { anonymizeSql, clickhouseExecutor, type SqlExecutor } from '../../src/kanon/sql/index.js';
import { CLICKHOUSE_SKIP, CLUSTER, startCluster, type Cluster } from './_cluster.js';
import { readAll, sortedRows, tables } from './_read.js';

const BAD_VALUES = ["O'Brien", "\\'); DROP TABLE sentinel; --", '"; DROP TABLE "sentinel"; --', 'a\\', '\\0', 'nul\u0000byte', '$1', '{x:String}', '上海市\n徐汇区', 'tab\there', '🙂', '`'];
const COL_A = 'a"; DROP TABLE "sentinel"; --\\';
const COL_B = "b'); -- `x`";
const TABLE = 'visits"\\; DROP TABLE sentinel';
const OUTPUT = "out 'anon' \\";
const H_A = BAD_VALUES.map((v, i) => [v, `grp'\\${i % 3}"`, '*']);
const H_B = [['x', 'X\\$2'], ['y', 'X\\$2']];
const ROWS = Array.from({ length: 84 }, (_, i) => ({ id: String(i), [COL_A]: BAD_VALUES[(i * 5) % BAD_VALUES.length]!, [COL_B]: i % 4 ? 'x' : 'y', note: `n'${i}\\` }));
const COLUMNS = ['id', COL_A, COL_B, 'note'];
const SEX = [['M', '*'], ['F', '*']];

async function codeOf(p: Promise<unknown>): Promise<CustodiaError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(CustodiaError);
  return e as CustodiaError;
}

describe.skipIf(CLICKHOUSE_SKIP !== undefined)('ClickHouse quoting and failures', () => {
  let cluster: Cluster;
  let db: SqlExecutor;
  const open = (): SqlExecutor => clickhouseExecutor({ url: cluster.url, cluster: CLUSTER, shards: cluster.shards.map((s) => s.url) });
  beforeAll(async () => {
    cluster = await startCluster(2);
    db = open();
  });
  afterAll(async () => {
    await db?.close();
    await cluster?.stop();
  });

  it('hostile identifiers and hierarchy values are quoted literals: the output equals in-memory and a sentinel survives', async () => {
    await cluster.sql('CREATE TABLE sentinel (x String) ENGINE = Log');
    await cluster.createSharded(TABLE, COLUMNS.map((c) => [c, 'String'] as const));
    await cluster.insertSharded(TABLE, ROWS);
    const quasi = { [COL_A]: fromRows(H_A), [COL_B]: H_B };
    for (const [k, metric] of [[6, 'loss'], [3, 'entropy']] as const) {
      const out = `${OUTPUT}${k}`;
      const mem = anonymize(ROWS, { quasiIdentifiers: quasi, k, suppressionLimit: 0.05, metric });
      const res = await anonymizeSql(db, { table: TABLE, quasiIdentifiers: quasi, k, suppressionLimit: 0.05, metric, output: { table: out } });
      expect(res.levels).toEqual(mem.levels);
      expect(res.suppressed).toBe(mem.suppressed);
      expect(await readAll(cluster, out, COLUMNS)).toEqual(sortedRows(mem.rows, COLUMNS));
    }
    expect(await tables(cluster, 0)).toContain('sentinel');
    expect((await tables(cluster, 1)).filter((t) => t.startsWith('custodia_'))).toEqual([]);
  });

  it('a subquery source on a cluster, or a table that is not Distributed over it, is INVALID_ARGUMENT before anything is written', async () => {
    await cluster.createSharded('plain', [['sex', 'String']]);
    await cluster.insertSharded('plain', Array.from({ length: 10 }, (_, i) => ({ sex: i % 2 ? 'M' : 'F' })));
    const sub = await codeOf(anonymizeSql(db, { table: '(SELECT * FROM plain)', quasiIdentifiers: { sex: SEX }, k: 2, output: { table: 'plain_out' } }));
    expect(sub.code).toBe('INVALID_ARGUMENT');
    expect(sub.field).toBe('table');
    const local = await codeOf(anonymizeSql(db, { table: 'plain_local', quasiIdentifiers: { sex: SEX }, k: 2, output: { table: 'plain_out' } }));
    expect(local.code).toBe('INVALID_ARGUMENT');
    expect(await tables(cluster, 0)).not.toContain('plain_out');
    // Without output, a subquery is fine: only the GROUP BY runs.
    const ok = await anonymizeSql(db, { table: '(SELECT * FROM plain)', quasiIdentifiers: { sex: SEX }, k: 5 });
    expect(ok.levels).toEqual({ sex: 0 });
  });

  it('ENGINE_UNAVAILABLE for a port nobody listens on, a wrong password and an unknown database', async () => {
    for (const config of [{ url: 'http://127.0.0.1:1' }, { url: cluster.url, password: 'wrong' }, { url: cluster.url, username: 'nobody' }, { url: cluster.url, database: 'no_such_db' }]) {
      const bad = clickhouseExecutor(config);
      const e = await codeOf(anonymizeSql(bad, { table: 'plain', quasiIdentifiers: { sex: SEX }, k: 2 }));
      expect(e.code).toBe('ENGINE_UNAVAILABLE');
      expect(e.message).not.toContain('wrong');
      await bad.close();
    }
    expect(() => clickhouseExecutor({ cluster: CLUSTER })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'shards' }));
  });

  it('a shard killed while the output is written: ENGINE_UNAVAILABLE, no output table, no helper left on the live shard', async () => {
    await cluster.createSharded('members', [['sex', 'String'], ['spend', 'String']]);
    await cluster.insertSharded('members', Array.from({ length: 40 }, (_, i) => ({ sex: i % 2 ? 'M' : 'F', spend: String(i) })));
    // The run's first statement on a shard's own server (the output step) kills shard 1 first.
    const inner = open();
    let killed = false;
    const dying: SqlExecutor = {
      query: (sql, params) => inner.query(sql, params),
      batches: (sql, params) => inner.batches!(sql, params),
      close: () => inner.close(),
      clickhouse: {
        cluster: CLUSTER,
        shards: 2,
        onShard: (i, sql) => {
          if (!killed && /^CREATE TABLE/.test(sql)) { killed = true; cluster.kill(1); }
          return inner.clickhouse!.onShard(i, sql);
        },
      },
    };
    const e = await codeOf(anonymizeSql(dying, { table: 'members', quasiIdentifiers: { sex: SEX }, k: 2, output: { table: 'members_out' } }));
    expect(killed).toBe(true);
    expect(e.code).toBe('ENGINE_UNAVAILABLE');
    const left = await tables(cluster, 0);
    expect(left.filter((t) => t.startsWith('members_out') || t.startsWith('custodia_'))).toEqual([]);
    await dying.close();
    // With shard 1 down, the Distributed GROUP BY itself fails: never a count from one shard only.
    const down = await codeOf(anonymizeSql(db, { table: 'members', quasiIdentifiers: { sex: SEX }, k: 2, output: { table: 'members_out' } }));
    expect(down.code).toBe('ENGINE_UNAVAILABLE');
    expect(await tables(cluster, 0)).not.toContain('members_out');
  });
});
