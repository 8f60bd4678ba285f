// The test cluster itself: two clickhouse-server processes, a Distributed table whose count is
// the sum of both shards' local tables, and system.clusters naming both servers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLICKHOUSE_SKIP, startCluster, type Cluster } from './_cluster.js';

describe.skipIf(CLICKHOUSE_SKIP !== undefined)('ClickHouse test cluster (2 shards)', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(2);
  });
  afterAll(() => cluster?.stop());

  it('a Distributed table reads the rows of both shards, each holding its own part', async () => {
    await cluster.createSharded('pairs', [['k', 'String'], ['v', 'String']]);
    await cluster.insertSharded('pairs', Array.from({ length: 101 }, (_, i) => ({ k: String(i % 7), v: `v${i}` })));
    expect((await cluster.sql('SELECT count() FROM pairs_local', 0)).trim()).toBe('51');
    expect((await cluster.sql('SELECT count() FROM pairs_local', 1)).trim()).toBe('50');
    expect((await cluster.sql('SELECT count() FROM pairs')).trim()).toBe('101');
    // The cluster as the server sees it: one shard per process, on the ports the test chose.
    const ports = (await cluster.sql("SELECT port FROM system.clusters WHERE cluster = 'custodia' ORDER BY shard_num")).trim().split('\n');
    expect(ports.map(Number)).toEqual(cluster.shards.map((s) => s.tcp));
    expect((await cluster.sql('SELECT version()')).trim()).toMatch(/^\d+\.\d+/);
  });
});
