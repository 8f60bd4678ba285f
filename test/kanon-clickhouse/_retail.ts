// A synthetic retail visits table generated inside the engines themselves, identical in DuckDB
// and ClickHouse: every column is integer arithmetic on the row number (a multiplicative hash
// mod 2^32, no engine-specific hash function), so both hold the same rows without any row
// passing through JS. Used by the ClickHouse-vs-DuckDB test and the kanon-sql bench.
import { intervals, regionCode } from '../../src/kanon/index.js';

// 30 stores: Shanghai and Beijing districts (GB/T 2260 codes).
export const STORES = [
  '310101', '310104', '310105', '310106', '310107', '310109', '310110', '310112', '310113', '310114',
  '310115', '310116', '310117', '310118', '310120', '310151', '110101', '110102', '110105', '110106',
  '110107', '110108', '110109', '110111', '110112', '110113', '110114', '110115', '110116', '110117',
];
const CATEGORIES = ['food', 'baby', 'health', 'beauty', 'liquor', 'pharmacy', 'electronics', 'apparel'];

export const RETAIL_COLUMNS = ['id', 'age', 'gender', 'region', 'hour', 'spend', 'category'] as const;

/** The bench's options: k = 10, 1% suppression, entropy; five QIs. */
export function retailOptions(): { quasiIdentifiers: Record<string, unknown>; k: number; suppressionLimit: number; metric: 'entropy' } {
  return {
    quasiIdentifiers: {
      age: intervals({ min: 0, max: 99, widths: [5, 10, 20] }),
      gender: [['F', '*'], ['M', '*']],
      region: regionCode(),
      hour: intervals({ min: 0, max: 23, widths: [2, 4, 8] }),
      spend: intervals({ min: 0, max: 999, widths: [200, 400, 800] }),
    },
    k: 10,
    suppressionLimit: 0.01,
    metric: 'entropy',
  };
}

const mix = (i: string, salt: number): string => `(((${i} + ${salt * 1_000_003}) * 2654435761) % 4294967296)`;
const list = (xs: readonly string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

/** SELECT list of the table's columns for row number expression `i` (0-based). */
function columns(i: string, dialect: 'duckdb' | 'clickhouse'): string {
  const duck = dialect === 'duckdb';
  const text = (e: string): string => (duck ? `CAST(${e} AS VARCHAR)` : `toString(${e})`);
  const div = (e: string, d: number): string => (duck ? `((${e}) // ${d})` : `intDiv(${e}, ${d})`);
  const pick = (xs: readonly string[], e: string): string => (duck ? `${list(xs)}[CAST(1 + ${e} AS BIGINT)]` : `arrayElement(${list(xs)}, 1 + ${e})`);
  const u = mix(i, 3) + ' % 1000';
  return [
    `${i} AS id`,
    `${text(`18 + ${mix(i, 1)} % 62`)} AS age`,
    `CASE WHEN ${mix(i, 2)} % 100 < 52 THEN 'F' ELSE 'M' END AS gender`,
    // Skewed towards the first stores: the square of a uniform draw.
    `${pick(STORES, div(`(${u}) * (${u}) * 30`, 1_000_000))} AS region`,
    // A number column: the engines convert it to text themselves (CAST / toString).
    `${duck ? 'CAST' : 'toUInt8'}(8 + ${mix(i, 4)} % 14${duck ? ' AS INTEGER)' : ')'} AS hour`,
    `${text(`100 * (${mix(i, 5)} % 6)`)} AS spend`,
    `${pick(CATEGORIES, `${mix(i, 6)} % 8`)} AS category`,
  ].join(', ');
}

/** DuckDB: `CREATE TABLE name AS` n rows. */
export function duckdbRetail(name: string, n: number): string {
  return `CREATE TABLE ${name} AS SELECT ${columns('i', 'duckdb')} FROM (SELECT CAST(range AS BIGINT) AS i FROM range(${n}))`;
}

/** ClickHouse: the shard's local table DDL, and the INSERT of rows [from, to) into it. */
export const CLICKHOUSE_RETAIL_TYPES: readonly (readonly [string, string])[] = RETAIL_COLUMNS.map((c) => [c, c === 'id' ? 'UInt64' : c === 'hour' ? 'UInt8' : 'String'] as const);
export function clickhouseRetailInsert(local: string, from: number, to: number): string {
  return `INSERT INTO ${local} SELECT ${columns('i', 'clickhouse')} FROM (SELECT number + ${from} AS i FROM numbers(${to - from}))`;
}
