// ARX's other metric variants and models on hand-computed tables. Sources (ARX aacd487fb):
// metric.v2.MetricMDNUNMEntropyPrecomputed, MetricSDDiscernability, MetricSDAECS;
// criteria.EntropyLDiversity (EntropyEstimator.GRASSBERGER).
import { describe, expect, it } from 'vitest';
import type { FrequencySet } from '../../src/kanon/_freq.js';
import { betaLikenessCheck, grassbergerG, lDiversityCheck, orderedTClosenessCheck } from '../../src/kanon/_models.js';
import { anonymize, scoreTransformation, type AnonymizeOptions } from '../../src/kanon/index.js';

const AGE = [['1', '1-2', '*'], ['2', '1-2', '*'], ['3', '3-4', '*'], ['4', '3-4', '*']];
const SEX = [['M', '*'], ['F', '*']];
// 7 rows: (1,M) (2,M) (1,M) (3,F) (4,F) (3,F) (4,M)
const SEVEN = [['1', 'M'], ['2', 'M'], ['1', 'M'], ['3', 'F'], ['4', 'F'], ['3', 'F'], ['4', 'M']].map(([age, sex]) => ({ age: age!, sex: sex! }));
const QI = { age: AGE, sex: SEX };
const score = (k: number, metric: NonNullable<AnonymizeOptions['metric']>, levels: Record<string, number>, limit = 1): ReturnType<typeof scoreTransformation> =>
  scoreTransformation(SEVEN, { quasiIdentifiers: QI, k, suppressionLimit: limit, metric }, levels);
const codeOf = (f: () => unknown): { code?: string; field?: string } => {
  try { f(); } catch (e) { return e as { code?: string; field?: string }; }
  return {};
};

describe('ARX metric variants', () => {
  it('DM* (MetricSDDiscernability): Σ|E|² over every class, suppressed ones too: 3² + 3² + 1² = 19', () => {
    const s = score(3, { name: 'discernibility', monotonic: true }, { age: 1, sex: 0 });
    expect(s.suppressed).toBe(1);
    expect(s.informationLoss).toBe(19);
    // ARX's non-monotonic discernibility charges the suppressed record n·|E| = 7: 9 + 9 + 7.
    expect(score(3, 'discernibility', { age: 1, sex: 0 }).informationLoss).toBe(25);
  });
  it('AECS (MetricSDAECS): n / (kept classes + 1 for the suppressed group) = 7/3; without suppression n/classes', () => {
    expect(score(3, 'aecs', { age: 1, sex: 0 }).informationLoss).toBeCloseTo(7 / 3, 12);
    expect(score(1 + 1, 'aecs', { age: 2, sex: 1 }).informationLoss).toBe(7);
  });
  it('non-monotonic entropy (MetricMDNUNMEntropyPrecomputed): suppressed (2,M) (4,F) (4,M) add per column 3·log2 3 − 2', () => {
    // Node (0, 0), k = 2: classes (1,M)×2 (3,F)×2 kept; (2,M) (4,F) (4,M) suppressed, S = 3.
    // age labels 2:1, 4:2 → −(1·log2(1/3) + 2·log2(2/3)) = 3·log2 3 − 2; sex M:2, F:1 → the same.
    const s = score(2, { name: 'entropy', monotonic: false }, { age: 0, sex: 0 });
    expect(s.suppressed).toBe(3);
    expect(s.informationLoss).toBeCloseTo(2 * (3 * Math.log2(3) - 2), 9);
    // The monotonic (default) entropy ignores suppression: 0 at the bottom node.
    expect(score(2, 'entropy', { age: 0, sex: 0 }).informationLoss).toBe(0);
  });
  it('anonymize reports the variant loss: suppressing 3 of 7 costs 5.51 (next best, age one level up, 2 + 3·log2 3 = 6.75)', () => {
    const nm = anonymize(SEVEN, { quasiIdentifiers: QI, k: 2, suppressionLimit: 0.5, metric: { name: 'entropy', monotonic: false } });
    const m = anonymize(SEVEN, { quasiIdentifiers: QI, k: 2, suppressionLimit: 0.5, metric: 'entropy' });
    expect(m.levels).toEqual({ age: 0, sex: 0 });
    expect(m.informationLoss).toBe(0); // suppression is free under the monotonic variant
    expect(nm.levels).toEqual({ age: 0, sex: 0 });
    expect(nm.informationLoss).toBeCloseTo(2 * (3 * Math.log2(3) - 2), 9);
    expect(score(2, { name: 'entropy', monotonic: false }, { age: 1, sex: 0 }).informationLoss).toBeCloseTo(2 + 3 * Math.log2(3), 9);
  });
  it('bad metric options are INVALID_ARGUMENT naming the field, never a value', () => {
    expect(codeOf(() => score(2, { name: 'loss', monotonic: true }, { age: 0, sex: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'metric.monotonic' });
    expect(codeOf(() => score(2, { name: 'entropy', monotonic: 'no' as unknown as boolean }, { age: 0, sex: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'metric.monotonic' });
    expect(codeOf(() => score(2, 'dm' as 'loss', { age: 0, sex: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'metric' });
    expect(codeOf(() => score(2, 5 as unknown as 'loss', { age: 0, sex: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'metric' });
  });
});

describe('scoreTransformation', () => {
  it('scores the node it is given and says whether it is anonymous within the limit', () => {
    const s = score(3, 'height', { age: 1, sex: 0 }, 0);
    expect(s).toEqual({ informationLoss: 1, suppressed: 1, anonymous: false, classes: 3 });
    expect(score(3, 'height', { age: 1, sex: 0 }, 0.2).anonymous).toBe(true);
  });
  it('agrees with anonymize on the node anonymize picks', () => {
    const out = anonymize(SEVEN, { quasiIdentifiers: QI, k: 3, suppressionLimit: 0.2, metric: 'loss' });
    expect(score(3, 'loss', out.levels, 0.2).informationLoss).toBe(out.informationLoss);
  });
  it('levels out of range, missing or unknown are INVALID_ARGUMENT naming the level', () => {
    expect(codeOf(() => score(2, 'height', { age: 3, sex: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'levels.age' });
    expect(codeOf(() => score(2, 'height', { age: 1 }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'levels.sex' });
    expect(codeOf(() => score(2, 'height', { age: 1, sex: 0, zip: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'levels.zip' });
    expect(codeOf(() => score(2, 'height', { age: 0.5, sex: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'levels.age' });
  });
});

const one = (hist: number[]): FrequencySet => ({
  width: 0, size: 1, keys: new Int32Array(0), counts: Int32Array.of(hist.reduce((a, b) => a + b, 0)), domains: [hist.length], hists: [Int32Array.from(hist)],
});

describe('entropy l-diversity with the Grassberger estimator (ARX EntropyEstimator.GRASSBERGER)', () => {
  it('G(n) follows ARX: table below 101 (odd n as n−1), series above', () => {
    expect(grassbergerG(1)).toBe(-1.2703628454614782);
    expect(grassbergerG(3)).toBe(grassbergerG(2));
    expect(grassbergerG(100)).toBe(4.605186851488337);
    // n = 102: ln 102 + m(1/24 − m(7/960 − m·31/8064)), m = 1/51²; close to ψ-like growth ln n.
    const m = 1 / (51 * 51);
    expect(grassbergerG(103)).toBe(Math.log(102) + m * (1 / 24 - m * (7 / 960 - m * (31 / 8064))));
  });
  it('Σ f·G(f) ≤ n·(G(n) − ln l): [2,2] fails 2-diversity (2.92 > 2.81) though its Shannon entropy is exactly 1; [3,3] passes', () => {
    const g = lDiversityCheck({ attribute: 's', l: 2, variant: 'entropy', estimator: 'grassberger' }, 0);
    const shannon = lDiversityCheck({ attribute: 's', l: 2, variant: 'entropy' }, 0);
    expect(shannon(one([2, 2]), 0)).toBe(true);
    expect(g(one([2, 2]), 0)).toBe(false);
    expect(g(one([3, 3]), 0)).toBe(true); // 6·G(3) = 4.38 ≤ 6·(G(6) − ln 2) = 6.62
    expect(g(one([6]), 0)).toBe(false); // fewer than ⌈l⌉ values
  });
  it('a bad estimator, or one on a non-entropy variant, is INVALID_ARGUMENT', () => {
    const rows = SEVEN.map((r, i) => ({ ...r, d: i % 2 ? 'x' : 'y' }));
    expect(codeOf(() => anonymize(rows, { quasiIdentifiers: QI, k: 1, lDiversity: { attribute: 'd', l: 2, variant: 'entropy', estimator: 'miller' as 'shannon' } }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'lDiversity.estimator' });
    expect(codeOf(() => anonymize(rows, { quasiIdentifiers: QI, k: 1, lDiversity: { attribute: 'd', l: 2, estimator: 'grassberger' } }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'lDiversity.estimator' });
  });
  it('k = 1 only with another model: alone it is INVALID_K', () => {
    expect(codeOf(() => anonymize(SEVEN, { quasiIdentifiers: QI, k: 1 }))).toMatchObject({ code: 'INVALID_K' });
  });
});

describe('ordered-distance t-closeness (ARX OrderedDistanceTCloseness)', () => {
  const overall = Float64Array.of(1 / 3, 1 / 3, 1 / 3);
  const order = Int32Array.of(0, 1, 2);
  it('a class holding only the lowest value: running sums 2/3, 1/3, 0 → 1/(m − 1) = 0.5', () => {
    // (Exactly at t = 0.5 the float sum lands an ulp above 1, as in ARX's loop: no tolerance is added.)
    expect(orderedTClosenessCheck(0.51, 0, overall, order)(one([3, 0, 0]), 0)).toBe(true);
    expect(orderedTClosenessCheck(0.49, 0, overall, order)(one([3, 0, 0]), 0)).toBe(false);
    // The middle value alone is closer: 1/3 + 1/3 → 1/3.
    expect(orderedTClosenessCheck(0.34, 0, overall, order)(one([0, 3, 0]), 0)).toBe(true);
    expect(orderedTClosenessCheck(0.33, 0, overall, order)(one([0, 3, 0]), 0)).toBe(false);
  });
  it('ordered: true orders values as text; a bad order is INVALID_ARGUMENT', () => {
    const rows = SEVEN.map((r, i) => ({ ...r, d: ['x', 'y', 'z'][i % 3]! }));
    const out = anonymize(rows, { quasiIdentifiers: QI, k: 1, tCloseness: { attribute: 'd', t: 0.5, ordered: true } });
    expect(out.levels).toBeDefined();
    expect(codeOf(() => anonymize(rows, { quasiIdentifiers: QI, k: 1, tCloseness: { attribute: 'd', t: 0.5, ordered: ['x', 'y'] } }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'tCloseness.ordered' });
  });
});

describe('β-likeness (ARX BasicBLikeness / EnhancedBLikeness)', () => {
  const overall = Float64Array.of(0.5, 0.25, 0.25);
  it('basic: (p_c − p_t)/p_t ≤ β; a class [0, 1, 1] gains (0.5 − 0.25)/0.25 = 1', () => {
    expect(betaLikenessCheck({ attribute: 's', beta: 1 }, 0, overall)(one([0, 1, 1]), 0)).toBe(true);
    expect(betaLikenessCheck({ attribute: 's', beta: 0.99 }, 0, overall)(one([0, 1, 1]), 0)).toBe(false);
  });
  it('enhanced: the bound is min(β, −ln p_t): a class [0, 0, 2] gains 3 > min(2.5, ln 4 = 1.386); basic β = 3 allows it', () => {
    expect(betaLikenessCheck({ attribute: 's', beta: 2.5, enhanced: true }, 0, overall)(one([0, 0, 2]), 0)).toBe(false);
    expect(betaLikenessCheck({ attribute: 's', beta: 3 }, 0, overall)(one([0, 0, 2]), 0)).toBe(true);
    expect(betaLikenessCheck({ attribute: 's', beta: 2, enhanced: true }, 0, overall)(one([0, 1, 1]), 0)).toBe(true);
  });
  it('beta must be a positive number: INVALID_ARGUMENT naming betaLikeness.beta', () => {
    const rows = SEVEN.map((r, i) => ({ ...r, d: i % 2 ? 'x' : 'y' }));
    for (const beta of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(codeOf(() => anonymize(rows, { quasiIdentifiers: QI, k: 1, betaLikeness: { attribute: 'd', beta } }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'betaLikeness.beta' });
  });
});

describe('research subset with δ-presence and k-map (ARX DPresence, KMap(k, subset))', () => {
  // Population: age 1-2 has 3 records (rows 0, 1, 2), 3-4 has 4 (rows 3..6). Sample: rows 0, 3, 4.
  const sample = [0, 3, 4];
  it('δ = sample records / table records per class: at (age level 1, sex *) 1/3 and 2/4', () => {
    const opts = { quasiIdentifiers: QI, k: 1, researchSubset: sample, dPresence: { dMin: 0.3, dMax: 0.5 } };
    expect(scoreTransformation(SEVEN, opts, { age: 1, sex: 1 }).anonymous).toBe(true);
    expect(scoreTransformation(SEVEN, { ...opts, dPresence: { dMin: 0.4, dMax: 0.5 } }, { age: 1, sex: 1 }).anonymous).toBe(false);
    // The bottom node has empty classes (δ = 0 < dMin) that cannot be suppressed: not anonymous.
    expect(scoreTransformation(SEVEN, { ...opts, suppressionLimit: 1 }, { age: 0, sex: 0 }).anonymous).toBe(false);
    // Metrics count the 3 sample records only: DM* = 1² + 2².
    expect(scoreTransformation(SEVEN, { ...opts, metric: { name: 'discernibility', monotonic: true } }, { age: 1, sex: 1 }).informationLoss).toBe(5);
  });
  it('k-map: each published class matches ≥ k table records', () => {
    const opts = { quasiIdentifiers: QI, k: 1, researchSubset: sample, kMap: 4 };
    expect(scoreTransformation(SEVEN, opts, { age: 1, sex: 1 })).toMatchObject({ anonymous: false, suppressed: 1 });
    expect(scoreTransformation(SEVEN, opts, { age: 2, sex: 1 }).anonymous).toBe(true);
  });
  it('bad subset options are INVALID_ARGUMENT naming the field', () => {
    const base = { quasiIdentifiers: QI, k: 2 };
    expect(codeOf(() => anonymize(SEVEN, { ...base, dPresence: { dMin: 0, dMax: 1 } }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'dPresence' });
    expect(codeOf(() => anonymize(SEVEN, { ...base, researchSubset: [0, 9] }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'researchSubset' });
    expect(codeOf(() => anonymize(SEVEN, { ...base, researchSubset: [0, 0] }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'researchSubset' });
    expect(codeOf(() => anonymize(SEVEN, { ...base, researchSubset: [0], dPresence: { dMin: 0.6, dMax: 0.5 } }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'dPresence' });
    expect(codeOf(() => anonymize(SEVEN, { ...base, researchSubset: [0], kMap: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'kMap' });
  });
});
