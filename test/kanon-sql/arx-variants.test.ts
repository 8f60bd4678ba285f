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
      if (!('options' in m) || m.options.researchSubset || !c.transformation) return [];
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
