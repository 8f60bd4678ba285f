// ARX metric definitions checked on hand-computed tables. Sources: ARX 3.9
// org.deidentifier.arx.metric.v2.{MetricMDNUEntropyPrecomputed, MetricSDNMDiscernability,
// MetricMDNMLoss (+ DomainShareMaterialized), MetricMDHeight, MetricMDNMPrecision}; gs-factor 0.5.
import { describe, expect, it } from 'vitest';
import { encodeTable } from '../../src/kanon/_encode.js';
import { groupBy, levelMaps } from '../../src/kanon/_freq.js';
import { classLoss, metricContext, type MetricName } from '../../src/kanon/_metrics.js';
import { markOutliers } from '../../src/kanon/_search.js';
import { anonymize, anonymizeColumns } from '../../src/kanon/index.js';

const AGE = [['1', '1-2', '*'], ['2', '1-2', '*'], ['3', '3-4', '*'], ['4', '3-4', '*']];
const SEX = [['M', '*'], ['F', '*']];
const table = (pairs: [string, string][]): Record<string, string>[] => pairs.map(([age, sex]) => ({ age, sex }));
const SIX = table([['1', 'M'], ['2', 'M'], ['1', 'M'], ['3', 'F'], ['4', 'F'], ['3', 'F']]);
const SEVEN = [...SIX, { age: '4', sex: 'M' }];

function lossAt(rows: Record<string, string>[], levels: number[], k: number, metric: MetricName): { loss: number; outliers: number } {
  const t = encodeTable(rows, { age: AGE, sex: SEX });
  const lm = levelMaps(t.columns);
  const set = groupBy({ kind: 'rows', width: 2, size: t.rows, keys: t.codes, sensitive: [], domains: [] }, lm, levels);
  const outlier = new Uint8Array(set.size);
  const outliers = markOutliers({ k, sensitive: [] }, set, outlier);
  return { loss: classLoss(metricContext(metric, t.columns, rows.length), levels, set, outlier).loss, outliers };
}

describe('metrics on a hand-computed 6-row table, node (age level 1, sex level 0), k = 2, nothing suppressed', () => {
  it('entropy: Σ a·log2(b/a) = 6·log2 3 − 4 (sex ungeneralized adds 0)', () => {
    expect(lossAt(SIX, [1, 0], 2, 'entropy').loss).toBeCloseTo(6 * Math.log2(3) - 4, 9);
  });
  it('discernibility DM*: 3² + 3² = 18', () => {
    expect(lossAt(SIX, [1, 0], 2, 'discernibility').loss).toBe(18);
  });
  it('height: 1', () => {
    expect(lossAt(SIX, [1, 0], 2, 'height').loss).toBe(1);
  });
  it('precision: mean of 1/2 (age) and 0 (sex) = 0.25', () => {
    expect(lossAt(SIX, [1, 0], 2, 'precision').loss).toBeCloseTo(0.25, 12);
  });
  it('loss: age share 2/4 → (3 − 1.5)/(6 − 1.5) = 1/3, sex 0; geometric mean √(4/3) − 1', () => {
    expect(lossAt(SIX, [1, 0], 2, 'loss').loss).toBeCloseTo(Math.sqrt(4 / 3) - 1, 9);
  });
});

describe('metrics with one suppressed record (7 rows, k = 3, class (3-4, M) of size 1 suppressed)', () => {
  it('one record is an outlier', () => {
    expect(lossAt(SEVEN, [1, 0], 3, 'height').outliers).toBe(1);
  });
  it('DM*: suppressed records cost n·|E|: 9 + 9 + 7·1 = 25', () => {
    expect(lossAt(SEVEN, [1, 0], 3, 'discernibility').loss).toBe(25);
  });
  it('precision: ((6·½ + 1)/7 + (6·0 + 1)/7)/2 = 5/14', () => {
    expect(lossAt(SEVEN, [1, 0], 3, 'precision').loss).toBeCloseTo(5 / 14, 12);
  });
  it('loss: suppressed cells count fully: age 3/7, sex 1/7 → √(10/7 · 8/7) − 1', () => {
    expect(lossAt(SEVEN, [1, 0], 3, 'loss').loss).toBeCloseTo(Math.sqrt(80) / 7 - 1, 9);
  });
  it('entropy (precomputed) ignores suppression: 2 + 3·log2 3', () => {
    expect(lossAt(SEVEN, [1, 0], 3, 'entropy').loss).toBeCloseTo(2 + 3 * Math.log2(3), 9);
  });
});

describe('anonymize picks the least-loss node among the anonymous ones', () => {
  it('S3.8: on the 6-row table with k = 3, generalizing age one level is optimal under every metric', () => {
    for (const metric of ['entropy', 'discernibility', 'loss', 'height', 'precision'] as const) {
      const r = anonymize(SIX, { quasiIdentifiers: { age: AGE, sex: SEX }, k: 3, metric });
      expect(r.levels).toEqual({ age: 1, sex: 0 });
      expect(r.rows.map((x) => `${x.age}/${x.sex}`)).toEqual(['1-2/M', '1-2/M', '1-2/M', '3-4/F', '3-4/F', '3-4/F']);
      expect(r.suppressed).toBe(0);
    }
  });
  it('with a suppression limit the lone (4, M) record becomes * in every quasi-identifier', () => {
    const r = anonymize(SEVEN, { quasiIdentifiers: { age: AGE, sex: SEX }, k: 3, suppressionLimit: 0.2, metric: 'height' });
    expect(r.levels).toEqual({ age: 1, sex: 0 });
    expect(r.suppressed).toBe(1);
    expect(r.rows[6]).toEqual({ age: '*', sex: '*' });
  });
});

describe('anonymizeColumns', () => {
  it('gives the same result as anonymize and passes other columns through by reference', () => {
    const spend = SEVEN.map((_, i) => String(i * 10));
    const cols = { age: SEVEN.map((r) => r.age!), sex: SEVEN.map((r) => r.sex!), spend };
    const opts = { quasiIdentifiers: { age: AGE, sex: SEX }, k: 3, suppressionLimit: 0.2, metric: 'loss' as const };
    const byCols = anonymizeColumns(cols, opts);
    const byRows = anonymize(SEVEN.map((r, i) => ({ ...r, spend: spend[i]! })), opts);
    expect(byCols.levels).toEqual(byRows.levels);
    expect(byCols.suppressed).toBe(byRows.suppressed);
    expect(byCols.columns.age).toEqual(byRows.rows.map((r) => r.age));
    expect(byCols.columns.sex).toEqual(byRows.rows.map((r) => r.sex));
    expect(byCols.columns.spend).toBe(spend);
  });
  it('columns of different lengths are rejected', () => {
    expect(() => anonymizeColumns({ age: ['1', '2'], sex: ['M'] }, { quasiIdentifiers: { age: AGE, sex: SEX }, k: 2 })).toThrow(/same length/);
  });
});
