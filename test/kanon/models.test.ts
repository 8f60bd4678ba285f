import { describe, expect, it } from 'vitest';
import type { FrequencySet } from '../../src/kanon/_freq.js';
import { lDiversityCheck, tClosenessCheck } from '../../src/kanon/_models.js';
import { anonymize, assessRisk } from '../../src/kanon/index.js';

const one = (hist: number[]): FrequencySet => ({
  width: 0, size: 1, keys: new Int32Array(0), counts: Int32Array.of(hist.reduce((a, b) => a + b, 0)), domains: [hist.length], hists: [Int32Array.from(hist)],
});

describe('l-diversity (Machanavajjhala et al. 2007, ARX definitions)', () => {
  it('distinct: at least l different values', () => {
    const f = lDiversityCheck({ attribute: 's', l: 3 }, 0);
    expect(f(one([5, 1, 1, 0]), 0)).toBe(true);
    expect(f(one([5, 1, 0, 0]), 0)).toBe(false);
  });
  it('entropy: H(class) ≥ log2 l', () => {
    const f = lDiversityCheck({ attribute: 's', l: 2, variant: 'entropy' }, 0);
    expect(f(one([1, 1]), 0)).toBe(true); // H = 1 = log2 2
    expect(f(one([3, 1]), 0)).toBe(false); // H ≈ 0.811
    expect(f(one([2, 1, 1]), 0)).toBe(true); // H = 1.5
  });
  it('recursive (c,l): r1 < c·(r_l + … + r_m)', () => {
    const f = lDiversityCheck({ attribute: 's', l: 2, variant: 'recursive', c: 2 }, 0);
    expect(f(one([3, 2]), 0)).toBe(true); // 3 < 2·2
    expect(f(one([4, 2]), 0)).toBe(false); // 4 = 2·2
    expect(f(one([4, 1, 1]), 0)).toBe(false); // 4 = 2·(1+1)
    expect(f(one([3, 1, 1]), 0)).toBe(true);
  });
});

describe('t-closeness by Earth Mover\'s Distance (Li et al. 2007)', () => {
  const overall = Float64Array.of(0.25, 0.25, 0.25, 0.25);
  // a, b under X; c, d under Y; X, Y under *. parents[level][code] = code one level up.
  const parents = [Int32Array.of(0, 0, 1, 1), Int32Array.of(0, 0)];
  const sizes = [4, 2, 1];
  it('equal distance: half the L1 distance', () => {
    const f = tClosenessCheck({ attribute: 's', t: 0.5 }, 0, overall);
    expect(f(one([1, 0, 1, 0]), 0)).toBe(true); // 0.5
    expect(tClosenessCheck({ attribute: 's', t: 0.49 }, 0, overall)(one([1, 0, 1, 0]), 0)).toBe(false);
  });
  it('hierarchical distance: {a, c} costs 2·(1/2)·(1/4) = 1/4, {a, b} costs (2/2)·(1/2) = 1/2', () => {
    expect(tClosenessCheck({ attribute: 's', t: 0.25 }, 0, overall, parents, sizes)(one([1, 0, 1, 0]), 0)).toBe(true);
    expect(tClosenessCheck({ attribute: 's', t: 0.24 }, 0, overall, parents, sizes)(one([1, 0, 1, 0]), 0)).toBe(false);
    expect(tClosenessCheck({ attribute: 's', t: 0.5 }, 0, overall, parents, sizes)(one([1, 1, 0, 0]), 0)).toBe(true);
    expect(tClosenessCheck({ attribute: 's', t: 0.49 }, 0, overall, parents, sizes)(one([1, 1, 0, 0]), 0)).toBe(false);
  });
});

// Member purchases: zip and age are quasi-identifiers, the purchased category is sensitive.
const ZIP = [['100080', '10008*', '1000**', '*'], ['100081', '10008*', '1000**', '*'], ['100090', '10009*', '1000**', '*'], ['100091', '10009*', '1000**', '*']];
const AGE = [['21', '20-29', '*'], ['25', '20-29', '*'], ['33', '30-39', '*'], ['37', '30-39', '*']];
const rows = [
  { zip: '100080', age: '21', cat: 'baby' }, { zip: '100081', age: '25', cat: 'baby' }, { zip: '100080', age: '25', cat: 'wine' },
  { zip: '100090', age: '33', cat: 'pharmacy' }, { zip: '100091', age: '37', cat: 'pharmacy' }, { zip: '100090', age: '37', cat: 'pharmacy' },
  { zip: '100091', age: '33', cat: 'wine' }, { zip: '100081', age: '21', cat: 'wine' },
];
const classes = (out: Record<string, string>[]): Map<string, string[]> => {
  const m = new Map<string, string[]>();
  for (const r of out) m.set(`${r.zip}|${r.age}`, [...(m.get(`${r.zip}|${r.age}`) ?? []), r.cat!]);
  return m;
};

describe('models combined with k through anonymize', () => {
  it('S3.8: k = 2 alone leaves a class whose members all bought pharmacy items; distinct 2-diversity fixes it', () => {
    const plain = anonymize(rows, { quasiIdentifiers: { zip: ZIP, age: AGE }, k: 2, metric: 'height' });
    const homogeneous = [...classes(plain.rows).values()].some((v) => new Set(v).size === 1);
    expect(homogeneous).toBe(true);
    const diverse = anonymize(rows, { quasiIdentifiers: { zip: ZIP, age: AGE }, k: 2, metric: 'height', lDiversity: { attribute: 'cat', l: 2 } });
    for (const v of classes(diverse.rows).values()) {
      expect(v.length).toBeGreaterThanOrEqual(2);
      expect(new Set(v).size).toBeGreaterThanOrEqual(2);
    }
  });
  it('entropy and recursive l-diversity and t-closeness with a hierarchy hold in every output class', () => {
    const catH = [['baby', 'family', '*'], ['wine', 'food', '*'], ['pharmacy', 'health', '*']];
    const out = anonymize(rows, {
      quasiIdentifiers: { zip: ZIP, age: AGE }, k: 2, metric: 'loss',
      lDiversity: [{ attribute: 'cat', l: 2, variant: 'entropy' }, { attribute: 'cat', l: 2, variant: 'recursive', c: 3 }],
      tCloseness: { attribute: 'cat', t: 0.4, hierarchy: catH },
    });
    for (const v of classes(out.rows).values()) {
      const counts = [...new Set(v)].map((x) => v.filter((y) => y === x).length);
      const h = -counts.reduce((s, c) => s + (c / v.length) * Math.log2(c / v.length), 0);
      expect(h).toBeGreaterThanOrEqual(1 - 1e-9);
    }
  });
});

describe('re-identification risk', () => {
  const t = [{ q: 'a' }, { q: 'b' }, { q: 'b' }, { q: 'c' }, { q: 'c' }, { q: 'c' }];
  it('prosecutor: highest 1/min class, average classes/n, records at risk above the threshold', () => {
    const r = assessRisk(t, ['q'], { threshold: 0.4 });
    expect(r.prosecutor).toEqual({ highest: 1, average: 0.5, recordsAtRisk: 0.5 });
    expect(r.marketer).toBe(0.5);
    expect(r.classes).toBe(3);
  });
  it('journalist: against population class sizes; marketer = Σ f/F / n', () => {
    const pop = [...t, { q: 'a' }, { q: 'b' }, { q: 'b' }];
    const r = assessRisk(t, ['q'], { threshold: 0.4, population: pop });
    expect(r.journalist?.highest).toBe(0.5);
    expect(r.marketer).toBeCloseTo((1 / 2 + 2 / 4 + 3 / 3) / 6, 12);
    expect(r.journalist?.recordsAtRisk).toBeCloseTo(1 / 6, 12);
  });
  it('S3.8: anonymize reports risk before and after; after, no record exceeds 1/k', () => {
    const out = anonymize(rows, { quasiIdentifiers: { zip: ZIP, age: AGE }, k: 4, riskThreshold: 0.25, population: [...rows, ...rows] });
    expect(out.risk.before.prosecutor.highest).toBe(1);
    expect(out.risk.after.prosecutor.highest).toBeLessThanOrEqual(1 / 4);
    expect(out.risk.after.prosecutor.recordsAtRisk).toBe(0);
    expect(out.risk.after.journalist!.highest).toBeLessThanOrEqual(1 / 8);
  });
});
