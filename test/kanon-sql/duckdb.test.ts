// anonymizeSql on a real embedded DuckDB: the same answer as in-memory anonymize, the output
// table written by joins, file sources, typed columns, hostile names and values, bad input.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymize, intervals } from '../../src/kanon/index.js';
import { anonymizeSql, duckdbExecutor, type SqlExecutor } from '../../src/kanon/sql/index.js';
import { ADULT_AVAILABLE, ADULT_DIR, loadAdult } from '../kanon/_adult.js';
import { loadRows, readSorted, sortedRows, tableNames } from './_tables.js';

const SEX = [['M', '*'], ['F', '*']];
const REGION = [
  ['310101', '310100', '310000', '*'],
  ['310104', '310100', '310000', '*'],
  ['320102', '320100', '320000', '*'],
  ['320205', '320200', '320000', '*'],
];
const AGE = intervals({ min: 0, max: 99, widths: [5, 10, 20] });

// A deterministic little retail table (no randomness needed: the mix is by index arithmetic).
function retailRows(n: number): Record<string, string>[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(i),
    age: String(18 + ((i * 7) % 50)),
    sex: i % 3 === 0 ? 'F' : 'M',
    region: REGION[(i * 5) % 4]![0]!,
    category: ['food', 'baby', 'health', 'beauty'][(i * 11) % 4]!,
  }));
}
const ADULT_CSV = ADULT_DIR + 'adult.csv';
const COLUMNS = ['id', 'age', 'sex', 'region', 'category'];
const QI = { age: AGE, sex: SEX, region: REGION };

let db: SqlExecutor;
let dir: string;
beforeAll(async () => {
  db = duckdbExecutor();
  dir = mkdtempSync(join(tmpdir(), 'custodia-kanon-sql-'));
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('anonymizeSql on DuckDB', () => {
  it('S3.8: same levels, suppressed count, loss and risk as in-memory anonymize, and the same output rows', async () => {
    const rows = retailRows(300);
    await loadRows(db, 'visits', COLUMNS, rows);
    for (const metric of ['entropy', 'loss', 'discernibility'] as const) {
      const mem = anonymize(rows, { quasiIdentifiers: QI, k: 7, suppressionLimit: 0.05, metric });
      const out = `visits_${metric}`;
      const res = await anonymizeSql(db, { table: 'visits', quasiIdentifiers: QI, k: 7, suppressionLimit: 0.05, metric, output: { table: out } });
      expect(res.levels).toEqual(mem.levels);
      expect(res.suppressed).toBe(mem.suppressed);
      expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 9);
      expect(res.risk.after.prosecutor.highest).toBeCloseTo(mem.risk.after.prosecutor.highest, 12);
      expect(res.risk.before.classes).toBe(mem.risk.before.classes);
      expect(await readSorted(db, out, COLUMNS)).toEqual(sortedRows(mem.rows, COLUMNS));
    }
    // Only the source and the three outputs remain: helper tables were dropped.
    expect(await tableNames(db)).toEqual(['visits', 'visits_discernibility', 'visits_entropy', 'visits_loss']);
  });

  it('S3.8: l-diversity and t-closeness checked on per-class histograms from the GROUP BY equal in-memory', async () => {
    const rows = retailRows(240);
    await loadRows(db, 'visits_s', COLUMNS, rows);
    const opts = { quasiIdentifiers: QI, k: 4, suppressionLimit: 0.1, lDiversity: { attribute: 'category', l: 3 }, tCloseness: { attribute: 'category', t: 0.3 } };
    const mem = anonymize(rows, opts);
    const res = await anonymizeSql(db, { table: 'visits_s', ...opts });
    expect(res.levels).toEqual(mem.levels);
    expect(res.suppressed).toBe(mem.suppressed);
    expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 9);
  });

  it('reads Parquet and CSV files written by DuckDB, and casts non-text columns', async () => {
    const rows = retailRows(200);
    const parquet = join(dir, 'visits.parquet');
    const csv = join(dir, 'visits.csv');
    // Typed source: age as INTEGER, so the GROUP BY and the joins CAST it to VARCHAR.
    await loadRows(db, 'visits_f', COLUMNS, rows);
    await db.query(`COPY (SELECT CAST("age" AS INTEGER) AS "age", "sex", "region", "category" FROM "visits_f") TO '${parquet}' (FORMAT parquet)`);
    await db.query(`COPY (SELECT "age", "sex", "region", "category" FROM "visits_f") TO '${csv}' (HEADER)`);
    const mem = anonymize(rows, { quasiIdentifiers: QI, k: 5, suppressionLimit: 0.02 });
    for (const table of [parquet, csv]) {
      const res = await anonymizeSql(db, { table, quasiIdentifiers: QI, k: 5, suppressionLimit: 0.02 });
      expect(res.levels).toEqual(mem.levels);
      expect(res.suppressed).toBe(mem.suppressed);
      expect(res.sql.some((s) => s.includes(table))).toBe(false);
    }
    const res = await anonymizeSql(db, { table: parquet, quasiIdentifiers: QI, k: 5, suppressionLimit: 0.02, output: { table: 'from_parquet' } });
    expect(res.sql.join('\n')).toContain('CAST("t"."age" AS VARCHAR)');
    const cols = ['age', 'sex', 'region', 'category'];
    expect(await readSorted(db, 'from_parquet', cols)).toEqual(sortedRows(mem.rows, cols));
  });
});

describe('wide frequency sets', () => {
  it('S3.8: six quasi-identifiers and thousands of distinct tuples: the GROUP BY is read whole', async () => {
    const Q = ['a', 'b', 'c', 'd', 'e', 'f'];
    const rows = Array.from({ length: 3000 }, (_, i) => Object.fromEntries(Q.map((q, c) => [q, String((i * (c + 3) + (i >> c)) % (c + 4))])));
    await loadRows(db, 'wide', Q, rows);
    const quasi = Object.fromEntries(Q.map((q, c) => [q, Array.from({ length: c + 4 }, (_, v) => [String(v), String(v >> 1), '*'])]));
    const mem = anonymize(rows, { quasiIdentifiers: quasi, k: 3, suppressionLimit: 0.02 });
    const res = await anonymizeSql(db, { table: 'wide', quasiIdentifiers: quasi, k: 3, suppressionLimit: 0.02 });
    expect(res.stats.bottomClasses).toBe(mem.risk.before.classes);
    expect(res.stats.bottomClasses).toBeGreaterThan(1024);
    expect(res.levels).toEqual(mem.levels);
    expect(res.suppressed).toBe(mem.suppressed);
  });

  it.skipIf(!ADULT_AVAILABLE)('S3.8: ARX Adult (30,162 rows, nine QIs) read by DuckDB gives the in-memory answer', async () => {
    const adult = loadAdult();
    // DuckDB reads ARX's semicolon-separated file itself, every column as text.
    await db.query(`CREATE TABLE "adult" AS SELECT * FROM read_csv($1, delim = ';', header = true, all_varchar = true)`, [ADULT_CSV]);
    for (const [k, suppressionLimit, metric] of [[5, 0.02, 'entropy'], [10, 0, 'loss']] as const) {
      const opts = { quasiIdentifiers: adult.hierarchies, k, suppressionLimit, metric };
      const mem = anonymize(adult.rows, opts);
      const res = await anonymizeSql(db, { table: 'adult', ...opts });
      expect(res.levels).toEqual(mem.levels);
      expect(res.suppressed).toBe(mem.suppressed);
      expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 9);
    }
  });
});
