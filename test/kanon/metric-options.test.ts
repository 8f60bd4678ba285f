// ARX's metric options on a hand-computed table. Sources (ARX aacd487fb): metric.Metric (gs-factor:
// sFactor = gs < 0.5 ? 2gs : 1, gFactor = gs ≤ 0.5 ? 1 : 1 − 2(gs − 0.5)), metric.v2.MetricMDNMLoss,
// MetricMDNMPrecision / MetricMDPrecision, MetricMDNUEntropyPrecomputed, MetricMDHeight, MetricSDAECS,
// ILMultiDimensionalSum / Max / ArithmeticMean / GeometricMean / Rank, AbstractMetricMultiDimensional
// (attribute weights divided by the largest; ARXConfiguration.getAttributeWeight defaults to 0.5).
import { describe, expect, it } from 'vitest';
import { anonymize, scoreTransformation, scoreTransformations, type AnonymizeOptions, type MetricOptions } from '../../src/kanon/index.js';

const AGE = [['1', '1-2', '*'], ['2', '1-2', '*'], ['3', '3-4', '*'], ['4', '3-4', '*']];
const SEX = [['M', '*'], ['F', '*']];
// 7 rows: (1,M) (2,M) (1,M) (3,F) (4,F) (3,F) (4,M)
const SEVEN = [['1', 'M'], ['2', 'M'], ['1', 'M'], ['3', 'F'], ['4', 'F'], ['3', 'F'], ['4', 'M']].map(([age, sex]) => ({ age: age!, sex: sex! }));
const QI = { age: AGE, sex: SEX };
// Node (age 1, sex 0) with k = 3: classes (1-2,M)×3, (3-4,F)×3 kept, (3-4,M)×1 suppressed; n = 7.
const at = (metric: MetricOptions | 'aecs', levels = { age: 1, sex: 0 }): ReturnType<typeof scoreTransformation> =>
  scoreTransformation(SEVEN, { quasiIdentifiers: QI, k: 3, suppressionLimit: 1, metric }, levels);
const floor10 = (x: number): number => Math.floor(x * 1e10) / 1e10;
const codeOf = (f: () => unknown): { code?: string; field?: string; message?: string } => {
  try { f(); } catch (e) { return e as { code?: string; field?: string; message?: string }; }
  return {};
};

describe('loss (MetricMDNMLoss) with ARX options', () => {
  // Shares: age level 1 = 2/4 (hierarchy rows under the label / rows), sex level 0 = 1/2.
  // age: kept 6·0.5 = 3, suppressed 1 → (4 − 7/4)/(7 − 7/4) = 3/7; sex: kept 6·0.5, +1 → (4 − 3.5)/(7 − 3.5) = 1/7.
  const age = floor10(3 / 7);
  const sex = floor10(1 / 7);
  it('per-attribute values 3/7 and 1/7; default geometric mean √((1 + 3/7)(1 + 1/7)) − 1, as the plain metric', () => {
    const s = at({ name: 'loss', aggregate: 'geometric-mean' });
    expect(s.dimensions).toEqual({ age, sex });
    expect(s.informationLoss).toBeCloseTo(Math.sqrt((1 + age) * (1 + sex)) - 1, 12);
    expect(s.informationLoss).toBeCloseTo(at({ name: 'loss' }).informationLoss, 12);
  });
  it('SUM 4/7, MAXIMUM 3/7, ARITHMETIC_MEAN 2/7, RANK [3/7, 1/7]', () => {
    expect(at({ name: 'loss', aggregate: 'sum' }).informationLoss).toBeCloseTo(age + sex, 12);
    expect(at({ name: 'loss', aggregate: 'maximum' }).informationLoss).toBe(age);
    expect(at({ name: 'loss', aggregate: 'arithmetic-mean' }).informationLoss).toBeCloseTo((age + sex) / 2, 12);
    const r = at({ name: 'loss', aggregate: 'rank' });
    expect(r.rank).toEqual([age, sex]);
    expect(r.informationLoss).toBeCloseTo(Math.sqrt((1 + age) * (1 + sex)) - 1, 12); // ARX's scalar for RANK
  });
  it('attribute weights divided by the largest: { age: 1, sex: 0.5 } → SUM 3/7 + 0.5/7 = 1/2; unnamed attributes weigh 0.5', () => {
    expect(at({ name: 'loss', aggregate: 'sum', weights: { age: 1, sex: 0.5 } }).informationLoss).toBeCloseTo(age + 0.5 * sex, 12);
    expect(at({ name: 'loss', aggregate: 'sum', weights: { age: 1 } }).informationLoss).toBeCloseTo(age + 0.5 * sex, 12);
    expect(at({ name: 'loss', aggregate: 'sum', weights: { age: 0, sex: 0 } }).informationLoss).toBeCloseTo(age + sex, 12); // all 0: all 1
    expect(at({ name: 'loss', aggregate: 'rank', weights: { age: 0.1, sex: 1 } }).rank).toEqual([sex, 0.1 * age]);
  });
  it('gs-factor 0.25 (s = 0.5): the suppressed record costs share + 0.5·(1 − share) = 0.75 → age 8/21, sex 1/14', () => {
    expect(at({ name: 'loss', gsFactor: 0.25 }).dimensions).toEqual({ age: floor10(8 / 21), sex: floor10(1 / 14) });
  });
  it('gs-factor 0.75 (g = 0.5): kept records cost half, the minimum g·n/|dom| too → age 13/49, sex 1/7', () => {
    expect(at({ name: 'loss', gsFactor: 0.75 }).dimensions).toEqual({ age: floor10(13 / 49), sex: floor10(1 / 7) });
  });
});

describe('precision, entropy, height and AECS with ARX options', () => {
  it('precision (MetricMDNMPrecision): (kept·g·level/height + suppressed·s)/n: age 4/7, sex 1/7, mean 5/14; gs 0.25: 1/2 and 1/14', () => {
    expect(at({ name: 'precision', aggregate: 'arithmetic-mean' }).informationLoss).toBeCloseTo(5 / 14, 12);
    expect(at({ name: 'precision', gsFactor: 0.25 }).dimensions).toEqual({ age: 0.5, sex: 1 / 14 });
  });
  it('monotonic precision (MetricMDPrecision): g·level/height, suppression ignored: age 1/2, sex 0, mean 1/4', () => {
    const s = at({ name: 'precision', monotonic: true });
    expect(s.dimensions).toEqual({ age: 0.5, sex: 0 });
    expect(s.informationLoss).toBe(0.25);
  });
  it('entropy with gs-factor 0.75 (g = 0.5): half of 2 + 3·log2 3; MAXIMUM over attributes', () => {
    // age at level 1: −(2·log2(2/3) + log2(1/3) + 2·log2(2/4) + 2·log2(2/4)) = 2 + 3·log2 3; sex at level 0: 0.
    expect(at({ name: 'entropy', gsFactor: 0.75 }).informationLoss).toBeCloseTo((2 + 3 * Math.log2(3)) / 2, 9);
    expect(at({ name: 'entropy', aggregate: 'maximum' }).informationLoss).toBeCloseTo(2 + 3 * Math.log2(3), 9);
  });
  it('height: MAXIMUM of the levels 1; weights { age: 0.25, sex: 1 } → SUM 0.25', () => {
    expect(at({ name: 'height', aggregate: 'maximum' }).informationLoss).toBe(1);
    expect(at({ name: 'height', weights: { age: 0.25, sex: 1 } }).informationLoss).toBe(0.25);
  });
  it('AECS (MetricSDAECS) gs 0.25: n / (kept classes·s + g) = 7 / (2·0.5 + 1) = 3.5 (default 7/3)', () => {
    expect(at({ name: 'aecs', gsFactor: 0.25 }).informationLoss).toBe(3.5);
    expect(at('aecs').informationLoss).toBeCloseTo(7 / 3, 12);
  });
});

describe('anonymize with ARX options finds the best node (all nodes scored by scoreTransformations)', () => {
  const NODES = [0, 1, 2].flatMap((age) => [0, 1].map((sex) => ({ age, sex })));
  const variants: MetricOptions[] = [
    { name: 'loss', aggregate: 'maximum' }, { name: 'loss', gsFactor: 0.2 }, { name: 'loss', gsFactor: 0.9, aggregate: 'sum' },
    { name: 'loss', weights: { sex: 1, age: 0.2 } }, { name: 'precision', gsFactor: 0.1 }, { name: 'precision', monotonic: true, weights: { age: 0.3 } },
    { name: 'entropy', monotonic: false, gsFactor: 0.3 }, { name: 'entropy', aggregate: 'arithmetic-mean' }, { name: 'height', aggregate: 'maximum' },
    { name: 'aecs', gsFactor: 0.8 },
  ];
  for (const metric of variants) {
    for (const [k, limit] of [[2, 0.5], [3, 0.3], [2, 0]] as const) {
      it(`${JSON.stringify(metric)} k=${k} limit=${limit}`, () => {
        const opts: AnonymizeOptions = { quasiIdentifiers: QI, k, suppressionLimit: limit, metric };
        const all = scoreTransformations(SEVEN, opts, NODES).map((s, i) => ({ ...s, node: NODES[i]! })).filter((s) => s.anonymous);
        const best = Math.min(...all.map((s) => s.informationLoss));
        const out = anonymize(SEVEN, opts);
        expect(out.informationLoss).toBeCloseTo(best, 12);
        expect(all.find((s) => s.node.age === out.levels['age'] && s.node.sex === out.levels['sex'])?.informationLoss).toBeCloseTo(best, 12);
      });
    }
  }
});

describe('bad options: INVALID_ARGUMENT with the field, never the value', () => {
  const cases: [MetricOptions, string][] = [
    [{ name: 'loss', gsFactor: 1.5 }, 'metric.gsFactor'],
    [{ name: 'loss', gsFactor: Number.NaN }, 'metric.gsFactor'],
    [{ name: 'discernibility', gsFactor: 0.3 }, 'metric.gsFactor'],
    [{ name: 'height', gsFactor: 0.3 }, 'metric.gsFactor'],
    [{ name: 'loss', aggregate: 'median' as 'sum' }, 'metric.aggregate'],
    [{ name: 'aecs', aggregate: 'sum' }, 'metric.aggregate'],
    [{ name: 'loss', weights: { zip: 1 } }, 'metric.weights'],
    [{ name: 'loss', weights: [1, 2] as unknown as Record<string, number> }, 'metric.weights'],
    [{ name: 'loss', weights: { age: -7 } }, 'metric.weights.age'],
    [{ name: 'discernibility', weights: { age: 1 } }, 'metric.weights'],
    [{ name: 'aecs', monotonic: true }, 'metric.monotonic'],
  ];
  for (const [metric, field] of cases) {
    it(`${JSON.stringify(metric)} → ${field}`, () => {
      const e = codeOf(() => at(metric));
      expect(e).toMatchObject({ code: 'INVALID_ARGUMENT', field });
      expect(e.message).not.toMatch(/1\.5|median|zip|-7|NaN/);
    });
  }
  it('RANK orders by a vector: anonymize refuses it (scoreTransformation reports it)', () => {
    expect(codeOf(() => anonymize(SEVEN, { quasiIdentifiers: QI, k: 2, metric: { name: 'loss', aggregate: 'rank' } }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'metric.aggregate' });
  });
});

describe('on a larger table the search with options still returns the best anonymous node (pruning by the option-aware bounds)', () => {
  const AGE3 = Array.from({ length: 40 }, (_, a) => [String(20 + a), `${20 + a - (a % 5)}-${24 + a - (a % 5)}`, `${20 + a - (a % 10)}-${29 + a - (a % 10)}`, '*']);
  const ZIP = Array.from({ length: 12 }, (_, z) => [`1000${String(z).padStart(2, '0')}`, `1000${Math.floor(z / 4)}*`, '100***', '*']);
  const rows = Array.from({ length: 300 }, (_, i) => ({ age: String(20 + ((i * 7 + (i >> 3)) % 40)), zip: `1000${String((i * 5 + (i >> 2)) % 12).padStart(2, '0')}`, sex: i % 3 ? 'F' : 'M' }));
  const Q = { age: AGE3, zip: ZIP, sex: SEX };
  const NODES = [0, 1, 2, 3].flatMap((age) => [0, 1, 2, 3].flatMap((zip) => [0, 1].map((sex) => ({ age, zip, sex }))));
  const variants: MetricOptions[] = [
    { name: 'loss', gsFactor: 0.3, aggregate: 'sum' }, { name: 'loss', gsFactor: 0.7, weights: { zip: 1, age: 0.4 } },
    { name: 'precision', aggregate: 'maximum', gsFactor: 0.2 }, { name: 'entropy', monotonic: false, gsFactor: 0.6, aggregate: 'arithmetic-mean' },
    { name: 'aecs', gsFactor: 0.25 },
  ];
  for (const metric of variants) {
    it(`${JSON.stringify(metric)} k=5, 4 % suppression`, () => {
      const opts: AnonymizeOptions = { quasiIdentifiers: Q, k: 5, suppressionLimit: 0.04, metric };
      const all = scoreTransformations(rows, opts, NODES).filter((s) => s.anonymous);
      const out = anonymize(rows, opts);
      expect(out.informationLoss).toBeCloseTo(Math.min(...all.map((s) => s.informationLoss)), 12);
    });
  }
});
