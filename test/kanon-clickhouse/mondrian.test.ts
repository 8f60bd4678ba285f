// mondrianSql on the 2-shard ClickHouse cluster: the working table built by one GROUP BY
// through the Distributed table, rounds of histograms on it, and the output written by the
// engine: the same partitions, labels and loss as in-memory Mondrian.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymize, intervals } from '../../src/kanon/index.js';
import { clickhouseExecutor, mondrianSql, type SqlExecutor } from '../../src/kanon/sql/index.js';
import { ADULT_AVAILABLE, loadAdult } from '../kanon/_adult.js';
import { CLICKHOUSE_SKIP, CLUSTER, startCluster, type Cluster } from './_cluster.js';
import { readAll, sortedRows, tables } from './_read.js';

const ADULT_QI = ['age', 'sex', 'race', 'marital-status', 'education'];

describe.skipIf(CLICKHOUSE_SKIP !== undefined)('mondrianSql on a 2-shard ClickHouse cluster', () => {
  let cluster: Cluster;
  let db: SqlExecutor;
  beforeAll(async () => {
    cluster = await startCluster(2);
    db = clickhouseExecutor({ url: cluster.url, cluster: CLUSTER, shards: cluster.shards.map((s) => s.url) });
  });
  afterAll(async () => {
    await db?.close();
    await cluster?.stop();
  });

  it('S3.8: a small retail table with hostile values: same partitions and loss as in-memory Mondrian, helpers dropped', async () => {
    const cities = ["31'01\\01", '310104', '320102'];
    const rows = Array.from({ length: 400 }, (_, i) => ({ id: String(i), age: String(18 + ((i * 37) % 61)), sex: i % 3 ? 'M' : 'F', city: cities[(i * 7) % 3]! }));
    const cols = ['id', 'age', 'sex', 'city'];
    await cluster.createSharded('m_visits', cols.map((c) => [c, 'String'] as const));
    await cluster.insertSharded('m_visits', rows);
    const quasi = { age: intervals({ min: 0, max: 99, widths: [5, 10, 20] }), sex: [['M', '*'], ['F', '*']], city: [[cities[0]!, "3101'", '*'], ['310104', "3101'", '*'], ['320102', '3201', '*']] };
    for (const k of [3, 40]) {
      const mem = anonymize(rows, { quasiIdentifiers: quasi, k, algorithm: 'mondrian' });
      const res = await mondrianSql(db, { table: 'm_visits', quasiIdentifiers: quasi, k, output: { table: `m_out_${k}` } });
      expect(res.partitions).toBe(mem.partitions!.count);
      expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 12);
      expect(await readAll(cluster, `m_out_${k}`, cols)).toEqual(sortedRows(mem.rows, cols));
    }
    expect((await tables(cluster, 0)).filter((t) => t.startsWith('custodia_'))).toEqual([]);
  });

  it.skipIf(!ADULT_AVAILABLE)('S3.8: ARX Adult on five QIs split over two shards: equal partitions to memory', async () => {
    const adult = loadAdult();
    await cluster.createSharded('m_adult', adult.columns.map((c) => [c, 'String'] as const));
    await cluster.insertSharded('m_adult', adult.rows);
    const quasi = Object.fromEntries(ADULT_QI.map((q) => [q, adult.hierarchies[q]!]));
    const mem = anonymize(adult.rows, { quasiIdentifiers: quasi, k: 10, algorithm: 'mondrian' });
    const res = await mondrianSql(db, { table: 'm_adult', quasiIdentifiers: quasi, k: 10, output: { table: 'm_adult_out' } });
    expect(res.partitions).toBe(mem.partitions!.count);
    expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 12);
    expect(await readAll(cluster, 'm_adult_out', adult.columns)).toEqual(sortedRows(mem.rows, adult.columns));
  });
});
