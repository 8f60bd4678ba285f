// Reading a ClickHouse table back as sorted JSON lines (all values as text), and listing tables.
import type { Cluster } from './_cluster.js';

const ident = (s: string): string => '`' + s.replace(/[\\`]/g, (c) => '\\' + c) + '`';

/** Rows of `table` (through shard `shard`'s server) as sorted JSON arrays over `columns`. */
export async function readAll(cluster: Cluster, table: string, columns: readonly string[], shard = 0): Promise<string[]> {
  const body = await cluster.sql(`SELECT * FROM ${ident(table)} FORMAT JSONEachRow`, shard);
  return body.split('\n').filter((l) => l.length > 0).map((l) => {
    const r = JSON.parse(l) as Record<string, unknown>;
    return JSON.stringify(columns.map((c) => String(r[c])));
  }).sort();
}

export function sortedRows(rows: readonly Record<string, string>[], columns: readonly string[]): string[] {
  return rows.map((r) => JSON.stringify(columns.map((c) => r[c]!))).sort();
}

/** Table names of the default database on one shard. */
export async function tables(cluster: Cluster, shard = 0): Promise<string[]> {
  const body = await cluster.sql('SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name FORMAT JSONEachRow', shard);
  return body.split('\n').filter((l) => l.length > 0).map((l) => String((JSON.parse(l) as { name: string }).name));
}
