// mondrianSql on DuckDB and PostgreSQL: rounds of per-partition histograms in the engine give
// the same partitions, labels and loss as in-memory Mondrian, and the engine writes the table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymize, intervals } from '../../src/kanon/index.js';
import { duckdbExecutor, inlineParams, mondrianSql, postgresExecutor, type SqlExecutor } from '../../src/kanon/sql/index.js';
import { createTextTable, insertBatches } from '../../src/kanon/sql/_sql.js';
import { ADULT_AVAILABLE, ADULT_DIR, loadAdult } from '../kanon/_adult.js';
import { findPgBin, startPostgres, type PgServer } from '../pg/server.js';
import { loadRows, readSorted, sortedRows, tableNames } from './_tables.js';

let server: PgServer | undefined;
afterAll(() => server?.stop());
const engines: { name: string; skip: boolean; open: () => Promise<SqlExecutor> }[] = [
  { name: 'DuckDB', skip: false, open: async () => duckdbExecutor() },
  { name: 'PostgreSQL', skip: !findPgBin(), open: async () => postgresExecutor({ connectionString: (server ??= await startPostgres()).url }) },
];

// Adult's numeric age (an intervals hierarchy: cut at medians) and categorical columns (cut one level down).
const ADULT_QI = ['age', 'sex', 'race', 'marital-status', 'education'];

describe.each(engines)('mondrianSql on $name', ({ name, skip, open }) => {
  let db: SqlExecutor;
  beforeAll(async () => {
    if (!skip) db = await open();
  });
  afterAll(async () => db?.close());

  it.skipIf(skip)('S3.8: a small retail table: same partitions and loss as in-memory Mondrian, output written, helpers dropped', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ id: String(i), age: String(18 + ((i * 37) % 61)), sex: i % 3 ? 'M' : 'F', city: ['310101', '310104', '320102'][(i * 7) % 3]! }));
    const cols = ['id', 'age', 'sex', 'city'];
    await loadRows(db, 'm_visits', cols, rows);
    const quasi = { age: intervals({ min: 0, max: 99, widths: [5, 10, 20] }), sex: [['M', '*'], ['F', '*']], city: [['310101', '3101', '*'], ['310104', '3101', '*'], ['320102', '3201', '*']] };
    for (const k of [3, 10, 40]) {
      const mem = anonymize(rows, { quasiIdentifiers: quasi, k, algorithm: 'mondrian' });
      const res = await mondrianSql(db, { table: 'm_visits', quasiIdentifiers: quasi, k, output: { table: `m_out_${k}` } });
      expect(res.partitions).toBe(mem.partitions!.count);
      expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 12);
      expect(await readSorted(db, `m_out_${k}`, cols)).toEqual(sortedRows(mem.rows, cols));
      expect(res.stats.rounds).toBeGreaterThan(1);
    }
    expect((await tableNames(db)).filter((t) => t.startsWith('custodia_'))).toEqual([]);
    await expect(mondrianSql(db, { table: 'm_visits', quasiIdentifiers: quasi, k: 3, output: { table: 'm_out_3' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'output.table' });
  });

  it.skipIf(skip || !ADULT_AVAILABLE)('S3.8: ARX Adult on five QIs (numeric age, four categorical): equal partitions to memory', async () => {
    const adult = loadAdult();
    if (name === 'DuckDB') {
      await db.query(`CREATE TABLE "m_adult" AS SELECT * FROM read_csv($1, delim = ';', header = true, all_varchar = true)`, [ADULT_DIR + 'adult.csv']);
    } else {
      // 30,162 rows as literal multi-row INSERTs (custodia's own quoting): binding 7,500 parameters per statement is slow.
      await db.query(createTextTable('"m_adult"', adult.columns));
      for (const b of insertBatches('"m_adult"', adult.columns.length, adult.rows.map((r) => adult.columns.map((c) => r[c]!)), 5000)) await db.query(inlineParams(b.sql, b.params));
    }
    const quasi = Object.fromEntries(ADULT_QI.map((q) => [q, adult.hierarchies[q]!]));
    const k = 10;
    const mem = anonymize(adult.rows, { quasiIdentifiers: quasi, k, algorithm: 'mondrian' });
    const res = await mondrianSql(db, { table: 'm_adult', quasiIdentifiers: quasi, k, output: { table: 'm_adult_out' } });
    expect(res.partitions).toBe(mem.partitions!.count);
    expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 12);
    expect(await readSorted(db, 'm_adult_out', adult.columns)).toEqual(sortedRows(mem.rows, adult.columns));
  });
});
