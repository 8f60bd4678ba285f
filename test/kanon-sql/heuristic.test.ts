// The heuristic lattice search runs in the push-down too: on DuckDB, anonymizeSql with
// `algorithm: 'heuristic'` follows the same path on the GROUP BY's counts as anonymize in memory
// and returns the same transformation, loss and lower bound within the same node budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymize, intervals, type AnonymizeOptions } from '../../src/kanon/index.js';
import { anonymizeSql, duckdbExecutor, type SqlExecutor } from '../../src/kanon/sql/index.js';
import { loadRows } from './_tables.js';

let db: SqlExecutor;
beforeAll(() => { db = duckdbExecutor(); });
afterAll(async () => { await db.close(); });

const ZONE = Array.from({ length: 12 }, (_, i) => [`z${i}`, `d${i >> 2}`, '*']);
const QI = { age: intervals({ min: 0, max: 99, widths: [5, 10, 20] }), sex: [['M', '*'], ['F', '*']], zone: ZONE, shift: [['am', 'day', '*'], ['pm', 'day', '*'], ['night', 'night', '*']] };
const rows = Array.from({ length: 600 }, (_, i) => ({
  age: String(18 + ((i * 7) % 55)), sex: i % 3 === 0 ? 'F' : 'M', zone: `z${(i * 5) % 12}`, shift: ['am', 'pm', 'night'][(i * 13) % 3]!,
}));

describe('heuristic search in kanon/sql (DuckDB)', () => {
  it('S3.8: same transformation, loss and report as in memory, budgeted and unbudgeted', async () => {
    await loadRows(db, 'visits', ['age', 'sex', 'zone', 'shift'], rows);
    const variants: AnonymizeOptions[] = [
      { quasiIdentifiers: QI, k: 5, suppressionLimit: 0.02, metric: 'loss', algorithm: 'heuristic', heuristic: { maxNodes: 25 } },
      { quasiIdentifiers: QI, k: 5, metric: 'entropy', algorithm: 'heuristic', heuristic: { maxMillis: Number.POSITIVE_INFINITY } },
    ];
    for (const opts of variants) {
      const mem = anonymize(rows, opts);
      const res = await anonymizeSql(db, { table: 'visits', ...opts });
      expect(res.levels).toEqual(mem.levels);
      expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 9);
      expect(res.stats.algorithm).toBe('heuristic');
      expect(res.stats.checkedNodes).toBe(mem.stats.checkedNodes);
      expect(res.stats.heuristic!.proven).toBe(mem.stats.heuristic!.proven);
      expect(res.stats.heuristic!.lowerBound).toBeCloseTo(mem.stats.heuristic!.lowerBound, 9);
    }
    const optimal = await anonymizeSql(db, { table: 'visits', quasiIdentifiers: QI, k: 5, metric: 'entropy' });
    expect(optimal.stats.algorithm).toBe('optimal');
    expect(optimal.levels).toEqual(anonymize(rows, variants[1]!).levels);
    await expect(anonymizeSql(db, { table: 'visits', quasiIdentifiers: QI, k: 5, algorithm: 'mondrian' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'algorithm' });
    await expect(anonymizeSql(db, { table: 'visits', quasiIdentifiers: QI, k: 5, heuristic: { maxNodes: -3 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'heuristic.maxNodes' });
  });
});
