// ARX's risk-based privacy models on hand-computed tables. Sources (ARX aacd487fb): criteria.KMap
// (initialize, calculateKPoisson, calculateKZeroPoisson), criteria.AverageReidentificationRisk,
// criteria.SampleUniqueness, criteria.RiskBasedCriterion.enforce, framework.check.groupify.HashGroupifyDistribution
// (classes sorted by size then first row; suppressWhileNotFulfilledBinary), ParameterTranslation.getSizeThreshold.
import { describe, expect, it } from 'vitest';
import { kMapDerivedK, sizeThreshold } from '../../src/kanon/_riskModels.js';
import { hypergeometricOne, zayatzUniques } from '../../src/kanon/_zayatz.js';
import { anonymize, scoreTransformation, scoreTransformations, type AnonymizeOptions } from '../../src/kanon/index.js';

const AGE = [['1', '1-2', '*'], ['2', '1-2', '*'], ['3', '3-4', '*'], ['4', '3-4', '*']];
const SEX = [['M', '*'], ['F', '*']];
// 7 rows: (1,M) (2,M) (1,M) (3,F) (4,F) (3,F) (4,M). At node (0,0): (1,M)×2 first row 0, (2,M) row 1,
// (3,F)×2 row 3, (4,F) row 4, (4,M) row 6; sorted for suppression: (2,M) (4,F) (4,M) (1,M) (3,F).
const SEVEN = [['1', 'M'], ['2', 'M'], ['1', 'M'], ['3', 'F'], ['4', 'F'], ['3', 'F'], ['4', 'M']].map(([age, sex]) => ({ age: age!, sex: sex! }));
const QI = { age: AGE, sex: SEX };
const bottom = (o: Partial<AnonymizeOptions>): ReturnType<typeof scoreTransformation> =>
  scoreTransformation(SEVEN, { quasiIdentifiers: QI, k: 1, suppressionLimit: 1, ...o }, { age: 0, sex: 0 });
const codeOf = (f: () => unknown): { code?: string; field?: string; message?: string } => {
  try { f(); } catch (e) { return e as { code?: string; field?: string; message?: string }; }
  return {};
};

describe('k-map with an estimator (ARX KMap(k, significance, population, estimator))', () => {
  // 100 rows of a population of 10,000, k = 10: λ = 0.01·10 = 0.1.
  // POISSON, significance 0.05: P[X ≤ 0] = e^−0.1 = 0.905 < 0.95, P[X ≤ 1] = 0.995 → counter 2 → derived k 3.
  // ZERO_TRUNCATED_POISSON: P[1]/(1 − P[0]) = 0.0905/0.0952 = 0.951 ≥ 0.95 → derived k 2.
  it('derived k: Poisson 3, zero-truncated Poisson 2; significance 0.01 makes the truncated one 3; never above k or rows', () => {
    const est = { k: 10, populationSize: 10_000, significanceLevel: 0.05 };
    expect(kMapDerivedK(est, 100)).toBe(3);
    expect(kMapDerivedK({ ...est, estimator: 'zero-truncated-poisson' }, 100)).toBe(2);
    // 0.951 + P[2]/(1 − P[0]) = 0.951 + 0.0475 ≥ 0.99 → counter 3.
    expect(kMapDerivedK({ ...est, significanceLevel: 0.01, estimator: 'zero-truncated-poisson' }, 100)).toBe(3);
    expect(kMapDerivedK({ ...est, k: 2 }, 100)).toBe(2);
    expect(kMapDerivedK({ k: 50, populationSize: 10, significanceLevel: 0.05 }, 10)).toBeLessThanOrEqual(10);
  });
  it('acts as k-anonymity with the derived k: 7 rows of 700 (λ = 0.1): ZTP k 2 suppresses the 3 uniques, Poisson k 3 all 7', () => {
    const kMap = { k: 10, populationSize: 700, significanceLevel: 0.05 };
    expect(bottom({ kMap: { ...kMap, estimator: 'zero-truncated-poisson' } }).suppressed).toBe(3);
    expect(bottom({ kMap }).suppressed).toBe(7);
    const out = anonymize(SEVEN, { quasiIdentifiers: QI, k: 1, kMap: { ...kMap, estimator: 'zero-truncated-poisson' }, metric: 'height' });
    // Height 1 fails k 2 ((3-4,M)×1, (2,*)×1); height 2: (1-2,*)×3 (3-4,*)×4 and (*,M)×4 (*,F)×3 tie, the first level vector wins.
    expect(out.levels).toEqual({ age: 1, sex: 1 });
  });
});

describe('sample-based models (ARX RiskBasedCriterion.enforce)', () => {
  it('sampleUniqueness 0.2: the binary search ends suppressing (2,M) and (4,F): 1 unique of 5 kept records', () => {
    // mid 2: suppress 3 uniques → 0 ≤ 0.2; back to 1 suppressed: 2/6; suppress (4,F): 1/5 ≤ 0.2; back to 1; final step suppresses (4,F).
    const s = bottom({ sampleUniqueness: 0.2 });
    expect(s.suppressed).toBe(2);
    expect(s.anonymous).toBe(true);
    expect(bottom({ sampleUniqueness: 0.2, suppressionLimit: 0.2 }).anonymous).toBe(false); // floor(0.2·7) = 1 < 2
    expect(bottom({ sampleUniqueness: 0.5 }).suppressed).toBe(0); // 3/7 ≤ 0.5
  });
  it('averageRisk 0.5 (average class size ≥ 2): 3 uniques suppressed, 2 classes of 2 kept', () => {
    expect(bottom({ averageRisk: 0.5 }).suppressed).toBe(3);
    expect(bottom({ averageRisk: 0.75 }).suppressed).toBe(0); // 5 classes / 7 records = 0.714
  });
  it('averageRisk with highest 0.5 and recordsAtRisk 0.1: records in classes smaller than 2 must be ≤ 10 %', () => {
    expect(sizeThreshold(0.5)).toBe(2);
    expect(sizeThreshold(0.3)).toBe(4); // 1/3.33 → floor 3, 1/3 − 0.3 ≥ 1 % of 0.3 → 4
    expect(sizeThreshold(0.333)).toBe(3);
    expect(bottom({ averageRisk: { average: 0.8, highest: 0.5, recordsAtRisk: 0.1 } }).suppressed).toBe(3);
    expect(bottom({ averageRisk: { average: 0.8, highest: 0.5, recordsAtRisk: 0.5 } }).suppressed).toBe(0);
  });
  for (const o of [{ sampleUniqueness: 0.2, suppressionLimit: 0.3 }, { averageRisk: 0.4, suppressionLimit: 0.5 }, { averageRisk: 0.5, suppressionLimit: 0, metric: 'loss' as const }]) {
    it(`anonymize returns the best node of those scoreTransformations finds anonymous: ${JSON.stringify(o)}`, () => {
      const opts: AnonymizeOptions = { quasiIdentifiers: QI, k: 1, metric: 'discernibility', ...o };
      const nodes = [0, 1, 2].flatMap((age) => [0, 1].map((sex) => ({ age, sex })));
      const ok = scoreTransformations(SEVEN, opts, nodes).filter((s) => s.anonymous);
      const out = anonymize(SEVEN, opts);
      expect(out.informationLoss).toBeCloseTo(Math.min(...ok.map((s) => s.informationLoss)), 12);
    });
  }
});

describe('bad risk options: INVALID_ARGUMENT with the field, never the value', () => {
  const cases: [Partial<AnonymizeOptions>, string][] = [
    [{ averageRisk: 1.7 }, 'averageRisk'],
    [{ averageRisk: { average: 0.1, highest: 0, recordsAtRisk: 0.1 } }, 'averageRisk.highest'],
    [{ averageRisk: { average: 0.1, highest: 0.2 } }, 'averageRisk.recordsAtRisk'],
    [{ sampleUniqueness: -3 }, 'sampleUniqueness'],
    [{ kMap: { k: 0, populationSize: 1000, significanceLevel: 0.1 } }, 'kMap.k'],
    [{ kMap: { k: 3, populationSize: 5, significanceLevel: 0.1 } }, 'kMap.populationSize'],
    [{ kMap: { k: 3, populationSize: 1000, significanceLevel: 4 } }, 'kMap.significanceLevel'],
    [{ kMap: { k: 3, populationSize: 1000, significanceLevel: 0.1, estimator: 'gauss' as 'poisson' } }, 'kMap.estimator'],
    [{ kMap: null as unknown as number }, 'kMap'],
  ];
  for (const [o, field] of cases) {
    it(`${JSON.stringify(o)} → ${field}`, () => {
      const e = codeOf(() => bottom(o));
      expect(e).toMatchObject({ code: 'INVALID_ARGUMENT', field });
      expect(e.message).not.toMatch(/1\.7|-3|gauss|\b4\b/);
    });
  }
  it('Mondrian does not run sample-based models', () => {
    expect(codeOf(() => anonymize(SEVEN, { quasiIdentifiers: QI, k: 2, algorithm: 'mondrian', sampleUniqueness: 0.1 }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'sampleUniqueness' });
  });
});

describe('population uniqueness, Zayatz model (ARX ModelZayatz)', () => {
  it('P[X = 1] of a hypergeometric: C(3,1)·C(17,4)/C(20,5) = 7140/15504; a large population agrees with the exact product', () => {
    expect(hypergeometricOne(20, 3, 5)).toBeCloseTo((3 * 2380) / 15504, 14);
    // Exact: size·n/(N−n+1)·Π_{j<n−1} (N−size−j)/(N−j), summed in logs term by term.
    const [N, K, n] = [317238626, 5, 30162];
    let s = Math.log(K) + Math.log(n) - Math.log(N - n + 1);
    for (let j = 0; j < n - 1; j++) s += Math.log1p(-K / (N - j));
    expect(hypergeometricOne(N, K, n) / Math.exp(s)).toBeCloseTo(1, 10);
  });
  it('uniques from the histogram {1: 2, 2: 1} of 4 records in a population of 40: u = (2/3·P1)/(2/3·P1 + 1/3·P2), ×2 / (4/40)', () => {
    const p1 = hypergeometricOne(40, 1, 4);
    const p2 = hypergeometricOne(40, 2, 4);
    expect(p1).toBeCloseTo(4 / 40, 14);
    expect(p2).toBeCloseTo((2 * 8436) / 91390, 14); // C(2,1)·C(38,3)/C(40,4)
    const u = ((2 / 3) * p1) / ((2 / 3) * p1 + (1 / 3) * p2);
    expect(zayatzUniques(new Map([[1, 2], [2, 1]]), 4, 3, 40)).toBeCloseTo((2 * u) / (4 / 40), 12);
    expect(zayatzUniques(new Map([[2, 2]]), 4, 2, 40)).toBe(0);
  });
  it('as a model: SEVEN at (0,0) in a population of 70 needs the uniques suppressed for threshold 0.01', () => {
    const pu = (threshold: number): ReturnType<typeof scoreTransformation> => bottom({ populationUniqueness: { threshold, populationSize: 70, model: 'zayatz' } });
    const sizes = new Map([[1, 3], [2, 2]]);
    const frac = zayatzUniques(sizes, 7, 5, 70) / 70;
    expect(pu(frac).suppressed).toBe(0);
    expect(pu(frac * 0.99).suppressed).toBeGreaterThan(0);
    expect(codeOf(() => pu(0.1 + 2))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'populationUniqueness.threshold' });
    expect(codeOf(() => bottom({ populationUniqueness: { threshold: 0.1, populationSize: 70, model: 'pitman' as 'zayatz' } }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'populationUniqueness.model' });
  });
});
