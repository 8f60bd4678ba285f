// ARX's metric variants (non-monotonic entropy, DM*, AECS) and Grassberger l-diversity run in the
// push-down too: on DuckDB, anonymizeSql gives ARX's expected answer on the ported Adult cases that
// use them, and the in-memory answer on a small table with suppression.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymize, intervals, type AnonymizeOptions } from '../../src/kanon/index.js';
import { anonymizeSql, duckdbExecutor, type SqlExecutor } from '../../src/kanon/sql/index.js';
import { ADULT_AVAILABLE, ADULT_DIR, loadAdult } from '../kanon/_adult.js';
import { mapCase, PORTED, scoreMatches } from '../kanon/arx/_suite.js';
import { loadRows } from './_tables.js';

let db: SqlExecutor;
beforeAll(() => { db = duckdbExecutor(); });
afterAll(async () => { await db.close(); });

const QI = { age: intervals({ min: 0, max: 99, widths: [5, 10, 20] }), sex: [['M', '*'], ['F', '*']] };
const rows = Array.from({ length: 240 }, (_, i) => ({ age: String(18 + ((i * 7) % 50)), sex: i % 3 === 0 ? 'F' : 'M', cat: ['food', 'baby', 'health', 'beauty'][(i * 11) % 4]! }));

describe('ARX metric variants in kanon/sql (DuckDB)', () => {
  it('S3.8: non-monotonic entropy, DM*, AECS with suppression and Grassberger l-diversity: same as in memory', async () => {
    await loadRows(db, 'shop', ['age', 'sex', 'cat'], rows);
    const variants: AnonymizeOptions[] = [
      { quasiIdentifiers: QI, k: 6, suppressionLimit: 0.05, metric: { name: 'entropy', monotonic: false } },
      { quasiIdentifiers: QI, k: 6, suppressionLimit: 0.05, metric: { name: 'discernibility', monotonic: true } },
      { quasiIdentifiers: QI, k: 6, suppressionLimit: 0.05, metric: 'aecs' },
      { quasiIdentifiers: QI, k: 1, suppressionLimit: 0.05, lDiversity: { attribute: 'cat', l: 2, variant: 'entropy', estimator: 'grassberger' } },
    ];
    for (const opts of variants) {
      const mem = anonymize(rows, opts);
      const res = await anonymizeSql(db, { table: 'shop', ...opts });
      expect(res.levels).toEqual(mem.levels);
      expect(res.suppressed).toBe(mem.suppressed);
      expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 9);
    }
  });

  it.skipIf(!ADULT_AVAILABLE)('S3.8: ported ARX Adult cases with the variants give ARX\'s transformation and score', async () => {
    const adult = loadAdult();
    await db.query(`CREATE TABLE "adult" AS SELECT * FROM read_csv($1, delim = ';', header = true, all_varchar = true)`, [ADULT_DIR + 'adult.csv']);
    const picked = PORTED.cases.flatMap((c) => {
      const m = mapCase(c, adult.hierarchies);
      // Research subsets and sample-based risk models need row identity: memory only (see the test above).
      if (!('options' in m) || m.options.researchSubset || m.options.averageRisk !== undefined || m.options.sampleUniqueness !== undefined || m.options.populationUniqueness !== undefined || !c.transformation) return [];
      const o = m.options;
      const variant = typeof o.metric === 'object' && (o.metric.name === 'discernibility' ? o.metric.monotonic : !o.metric.monotonic);
      // Quick ones only: suppression with a non-monotone model searches every node.
      const quick = (o.suppressionLimit ?? 0) === 0 || (!o.lDiversity && !o.tCloseness);
      return variant && quick ? [{ c, m }] : [];
    });
    expect(picked.length).toBeGreaterThanOrEqual(3);
    for (const { c, m } of picked) {
      const res = await anonymizeSql(db, { table: 'adult', ...m.options });
      expect(m.qis.map((q) => res.levels[q]), c.id).toEqual(c.transformation);
      expect(scoreMatches(c.loss!, res.informationLoss, c.delta), `${c.id}: ${res.informationLoss} vs ${c.lossText}`).toBe(true);
    }
  });
});

describe('ARX metric options and risk models in kanon/sql (DuckDB)', () => {
  it('S3.8: gs-factor, aggregate functions, weights, monotonic precision and an estimated k-map: same as in memory', async () => {
    await loadRows(db, 'shop2', ['age', 'sex', 'cat'], rows);
    const variants: AnonymizeOptions[] = [
      { quasiIdentifiers: QI, k: 6, suppressionLimit: 0.05, metric: { name: 'loss', gsFactor: 0.2, aggregate: 'maximum' } },
      { quasiIdentifiers: QI, k: 6, suppressionLimit: 0.05, metric: { name: 'loss', gsFactor: 0.8, weights: { age: 1, sex: 0.1 } } },
      { quasiIdentifiers: QI, k: 6, suppressionLimit: 0.05, metric: { name: 'precision', monotonic: true, aggregate: 'sum' } },
      { quasiIdentifiers: QI, k: 6, suppressionLimit: 0.05, metric: { name: 'entropy', monotonic: false, gsFactor: 0.3, aggregate: 'geometric-mean' } },
      { quasiIdentifiers: QI, k: 6, suppressionLimit: 0.05, metric: { name: 'aecs', gsFactor: 0.7 } },
      { quasiIdentifiers: QI, k: 1, suppressionLimit: 0.05, kMap: { k: 200, populationSize: 24_000, significanceLevel: 0.05, estimator: 'zero-truncated-poisson' } },
    ];
    for (const opts of variants) {
      const mem = anonymize(rows, opts);
      const res = await anonymizeSql(db, { table: 'shop2', ...opts });
      expect(res.levels).toEqual(mem.levels);
      expect(res.suppressed).toBe(mem.suppressed);
      expect(res.informationLoss).toBeCloseTo(mem.informationLoss, 9);
    }
  });
  it('models that need row identity are refused with the field, not ignored', async () => {
    for (const extra of [{ sampleUniqueness: 0.1 }, { averageRisk: 0.2 }, { researchSubset: [0, 1] }, { kMap: 3 }]) {
      await expect(anonymizeSql(db, { table: 'shop2', quasiIdentifiers: QI, k: 2, ...extra } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: Object.keys(extra)[0] });
    }
  });
});
