// anonymizeSql on a real 2-shard ClickHouse cluster (Debian's clickhouse-server 18.16): the
// frequency set through a Distributed table, the output generalized on each shard and a
// Distributed table over the parts; the same answer as in-memory anonymize on a retail table
// and on ARX's Adult cases the DuckDB tests use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymize, intervals } from '../../src/kanon/index.js';
import { anonymizeSql, clickhouseExecutor, mondrianSql, type SqlExecutor } from '../../src/kanon/sql/index.js';
import { ADULT_AVAILABLE, loadAdult } from '../kanon/_adult.js';
import { CLICKHOUSE_SKIP, CLUSTER, startCluster, type Cluster } from './_cluster.js';
import { readAll, sortedRows, tables } from './_read.js';

const SEX = [['M', '*'], ['F', '*']];
const REGION = [
  ['310101', '310100', '310000', '*'],
  ['310104', '310100', '310000', '*'],
  ['320102', '320100', '320000', '*'],
  ['320205', '320200', '320000', '*'],
];
const AGE = intervals({ min: 0, max: 99, widths: [5, 10, 20] });
const QI = { age: AGE, sex: SEX, region: REGION };
const COLUMNS = ['id', 'age', 'sex', 'region', 'category'];

// The DuckDB tests' little retail table (index arithmetic, no randomness).
function retailRows(n: number): Record<string, string>[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(i),
    age: String(18 + ((i * 7) % 50)),
    sex: i % 3 === 0 ? 'F' : 'M',
    region: REGION[(i * 5) % 4]![0]!,
    category: ['food', 'baby', 'health', 'beauty'][(i * 11) % 4]!,
  }));
}

describe.skipIf(CLICKHOUSE_SKIP !== undefined)('anonymizeSql on a 2-shard ClickHouse cluster', () => {
  let cluster: Cluster;
  let db: SqlExecutor;
  beforeAll(async () => {
    cluster = await startCluster(2);
    db = clickhouseExecutor({ url: cluster.url, cluster: CLUSTER, shards: cluster.shards.map((s) => s.url) });
    await cluster.createSharded('visits', COLUMNS.map((c) => [c, 'String'] as const));
    await cluster.insertSharded('visits', retailRows(300));
  });
  afterAll(async () => {
    await db?.close();
    await cluster?.stop();
  });

  it('S3.8: same levels, suppressed count, loss and risk as in-memory anonymize; the output rows live on both shards', async () => {
    const rows = retailRows(300);
    for (const metric of ['entropy', 'loss', 'discernibility'] as const) {
      const mem = anonymize(rows, { quasiIdentifiers: QI, k: 7, suppressionLimit: 0.05, metric });
      const out = `visits_${metric}`;
      const res = await anonymizeSql(db, { table: 'visits', quasiIdentifiers: QI, k: 7, suppressionLimit: 0.05, metric, output: { table: out } });
      expect(res.levels).toEqual(mem.levels);
      expect(res.suppressed).toBe(mem.suppressed);
      expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 9);
      expect(res.risk.after.prosecutor.highest).toBeCloseTo(mem.risk.after.prosecutor.highest, 12);
      expect(res.risk.before.classes).toBe(mem.risk.before.classes);
      expect(await readAll(cluster, out, COLUMNS)).toEqual(sortedRows(mem.rows, COLUMNS));
      // Each shard wrote the generalization of its own 150 rows.
      for (let i = 0; i < 2; i++) expect((await cluster.sql(`SELECT count() FROM ${out}_local`, i)).trim()).toBe('150');
    }
    // Exactly one GROUP BY, and nothing but DDL reached the shards: no row was read into JS.
    const res = await anonymizeSql(db, { table: 'visits', quasiIdentifiers: QI, k: 7, suppressionLimit: 0.05, output: { table: 'visits_once' } });
    expect(res.sql.filter((q) => /GROUP BY/.test(q))).toHaveLength(1);
    // Not even a probe row: the columns come from DESCRIBE TABLE.
    expect(res.sql.filter((q) => /^SELECT \* /.test(q))).toEqual([]);
    expect(res.sql[0]).toBe('DESCRIBE TABLE "visits"');
    // Only sources and outputs remain on either shard: helper tables were dropped or renamed.
    for (let i = 0; i < 2; i++) expect((await tables(cluster, i)).filter((t) => t.startsWith('custodia_'))).toEqual([]);
  });

  it('an empty Distributed table is INVALID_K, for both searches', async () => {
    await cluster.createSharded('empty', [['sex', 'String']]);
    for (const run of [anonymizeSql, mondrianSql])
      await expect(run(db, { table: 'empty', quasiIdentifiers: { sex: [['M', '*'], ['F', '*']] }, k: 2 })).rejects.toMatchObject({ code: 'INVALID_K' });
  });

  it('S3.8: l-diversity and t-closeness on per-class histograms from the distributed GROUP BY equal in-memory', async () => {
    const rows = retailRows(300);
    const opts = { quasiIdentifiers: QI, k: 4, suppressionLimit: 0.1, lDiversity: { attribute: 'category', l: 3 }, tCloseness: { attribute: 'category', t: 0.3 } };
    const mem = anonymize(rows, opts);
    const res = await anonymizeSql(db, { table: 'visits', ...opts });
    expect(res.levels).toEqual(mem.levels);
    expect(res.suppressed).toBe(mem.suppressed);
    expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 9);
  });

  it.skipIf(!ADULT_AVAILABLE)('S3.8: ARX Adult (30,162 rows, nine QIs) split over two shards gives the in-memory answer', async () => {
    const adult = loadAdult();
    await cluster.createSharded('adult', adult.columns.map((c) => [c, 'String'] as const));
    await cluster.insertSharded('adult', adult.rows);
    for (const [k, suppressionLimit, metric] of [[5, 0.02, 'entropy'], [10, 0, 'loss']] as const) {
      const opts = { quasiIdentifiers: adult.hierarchies, k, suppressionLimit, metric };
      const mem = anonymize(adult.rows, opts);
      const out = `adult_${k}`;
      const res = await anonymizeSql(db, { table: 'adult', ...opts, output: { table: out } });
      expect(res.levels).toEqual(mem.levels);
      expect(res.suppressed).toBe(mem.suppressed);
      expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 9);
      expect(await readAll(cluster, out, adult.columns)).toEqual(sortedRows(mem.rows, adult.columns));
    }
  });
});
