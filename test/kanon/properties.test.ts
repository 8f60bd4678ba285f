import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCustodiaError } from '../../src/errors/index.js';
import { encodeTable } from '../../src/kanon/_encode.js';
import { anonymize, fromRows, intervals, masking, type Hierarchy } from '../../src/kanon/index.js';
import { mondrian } from '../../src/kanon/mondrian.js';

const QI: Record<string, Hierarchy> = {
  age: intervals({ min: 0, max: 19, widths: [2, 4] }),
  sex: fromRows([['M', '*'], ['F', '*']]),
  zip: masking({ length: 3 }),
};
const NAMES = ['age', 'sex', 'zip'];
const DEPTHS = [4, 2, 4];

const rowArb = fc.record({
  age: fc.integer({ min: 0, max: 19 }).map(String),
  sex: fc.constantFrom('M', 'F'),
  zip: fc.constantFrom('100', '101', '102', '110'),
  cat: fc.constantFrom('baby', 'wine', 'pharmacy'),
});
const tableArb = fc.array(rowArb, { minLength: 6, maxLength: 40 });
const limitArb = fc.constantFrom(0, 0.05, 0.1, 0.3);

const label = (col: string, v: string, level: number): string => QI[col]!.row(v)![level]!;
const keyAt = (r: Record<string, string>, levels: number[]): string => NAMES.map((c, i) => label(c, r[c]!, levels[i]!)).join('|');
const sizes = (rows: Record<string, string>[], levels: number[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(keyAt(r, levels), (m.get(keyAt(r, levels)) ?? 0) + 1);
  return m;
};
const allNodes = (): number[][] => {
  const out: number[][] = [];
  for (let a = 0; a < DEPTHS[0]!; a++) for (let b = 0; b < DEPTHS[1]!; b++) for (let c = 0; c < DEPTHS[2]!; c++) out.push([a, b, c]);
  return out;
};

describe('properties of optimal anonymization (fast-check)', () => {
  it('S3.8: output is k-anonymous, suppression stays within the limit, values follow the hierarchy at the chosen levels', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 2, max: 5 }), limitArb, fc.constantFrom('entropy', 'discernibility', 'loss', 'height', 'precision') as fc.Arbitrary<'entropy'>, (rows, k, limit, metric) => {
        fc.pre(k <= rows.length);
        const out = anonymize(rows, { quasiIdentifiers: QI, k, suppressionLimit: limit, metric });
        expect(out.suppressed).toBeLessThanOrEqual(Math.floor(limit * rows.length));
        const classes = new Map<string, number>();
        for (const r of out.rows) classes.set(NAMES.map((c) => r[c]).join('|'), (classes.get(NAMES.map((c) => r[c]).join('|')) ?? 0) + 1);
        for (const [key, size] of classes) if (size < k) expect(key).toBe('*|*|*');
        const levels = NAMES.map((c) => out.levels[c]!);
        out.rows.forEach((r, i) => {
          if (NAMES.every((c) => r[c] === '*') && out.suppressed > 0) return;
          for (const [j, c] of NAMES.entries()) expect(r[c]).toBe(label(c, (rows[i] as Record<string, string>)[c]!, levels[j]!));
          expect(r.cat).toBe(rows[i]!.cat);
        });
        // Suppressed records form one class of their own: it is safe once it holds k records or none.
        if (out.suppressed === 0 || out.suppressed >= k) expect(out.risk.after.prosecutor.highest).toBeLessThanOrEqual(1 / k + 1e-12);
      }),
      { numRuns: 120 },
    );
  });

  it('generalization is monotone: a coarser node never has more records in classes smaller than k', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 2, max: 5 }), fc.nat(31), fc.nat(2), (rows, k, nodeIdx, col) => {
        const node = allNodes()[nodeIdx]!;
        fc.pre(node[col]! + 1 < DEPTHS[col]!);
        const up = node.slice();
        up[col]!++;
        const small = (levels: number[]): number => [...sizes(rows, levels).values()].filter((s) => s < k).reduce((a, b) => a + b, 0);
        expect(small(up)).toBeLessThanOrEqual(small(node));
      }),
      { numRuns: 200 },
    );
  });

  it('the search returns the brute-force optimum (DM* with suppression: non-monotone metric)', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 2, max: 4 }), limitArb, (rows, k, limit) => {
        fc.pre(k <= rows.length);
        const n = rows.length;
        const max = Math.floor(limit * n);
        let best: { levels: number[]; dm: number; h: number } | undefined;
        for (const levels of allNodes()) {
          const s = [...sizes(rows, levels).values()];
          const out = s.filter((x) => x < k).reduce((a, b) => a + b, 0);
          if (out > max) continue;
          const dm = s.reduce((a, x) => a + (x < k ? n * x : x * x), 0);
          const h = levels.reduce((a, b) => a + b, 0);
          if (!best || dm < best.dm || (dm === best.dm && h < best.h)) best = { levels, dm, h };
        }
        const res = anonymize(rows, { quasiIdentifiers: QI, k, suppressionLimit: limit, metric: 'discernibility' });
        expect(res.informationLoss).toBe(best!.dm);
        expect(NAMES.map((c) => res.levels[c])).toEqual(best!.levels);
      }),
      { numRuns: 120 },
    );
  });

  it('distinct l-diversity holds in every published class, or there is no solution', () => {
    fc.assert(
      fc.property(tableArb, limitArb, (rows, limit) => {
        try {
          const out = anonymize(rows, { quasiIdentifiers: QI, k: 2, suppressionLimit: limit, lDiversity: { attribute: 'cat', l: 2 } });
          const cats = new Map<string, Set<string>>();
          for (const r of out.rows) {
            const key = NAMES.map((c) => r[c]).join('|');
            if (key === '*|*|*' && out.suppressed > 0) continue;
            cats.set(key, (cats.get(key) ?? new Set()).add(r.cat!));
          }
          for (const s of cats.values()) expect(s.size).toBeGreaterThanOrEqual(2);
        } catch (e) {
          expect(isCustodiaError(e) && e.code === 'NO_SOLUTION').toBe(true);
          expect(new Set(rows.map((r) => r.cat)).size).toBeLessThan(2);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('Mondrian (fast-check)', () => {
  it('S5.1: partitions cover every row exactly once, each has at least k rows, and values stay truthful', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 2, max: 6 }), (rows, k) => {
        fc.pre(k <= rows.length);
        const table = encodeTable(rows, QI);
        const m = mondrian(table, { checks: [], codes: [], domains: [], monotoneWithSuppression: true }, k);
        const published = rows.map((_, i) => Object.fromEntries(NAMES.map((c, j) => [c, m.labels[m.partitionOf[i]!]![j]!])));
        const seen = new Int32Array(m.partitions);
        for (const p of m.partitionOf) { expect(p).toBeGreaterThanOrEqual(0); expect(p).toBeLessThan(m.partitions); seen[p]!++; }
        expect(seen.reduce((a, b) => a + b, 0)).toBe(rows.length);
        for (const s of seen) expect(s).toBeGreaterThanOrEqual(k);
        published.forEach((r, i) => {
          const [lo, hi] = r.age!.includes('-') ? r.age!.split('-').map(Number) : [Number(r.age), Number(r.age)];
          expect(Number(rows[i]!.age)).toBeGreaterThanOrEqual(lo!);
          expect(Number(rows[i]!.age)).toBeLessThanOrEqual(hi!);
          expect(QI.sex!.row(rows[i]!.sex!)).toContain(r.sex);
          expect(QI.zip!.row(rows[i]!.zip!)).toContain(r.zip);
        });
        // Same published values ⇒ classes of at least k.
        const cls = new Map<string, number>();
        for (const r of published) cls.set(`${r.age}|${r.sex}|${r.zip}`, (cls.get(`${r.age}|${r.sex}|${r.zip}`) ?? 0) + 1);
        for (const s of cls.values()) expect(s).toBeGreaterThanOrEqual(k);
      }),
      { numRuns: 150 },
    );
  });
  it('anonymize with algorithm mondrian reports partitions, loss in 0..1 and risk ≤ 1/k', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ age: String(i % 20), sex: i % 3 ? 'M' : 'F', zip: ['100', '101', '102', '110'][i % 4]!, cat: 'x' }));
    const out = anonymize(rows, { quasiIdentifiers: QI, k: 5, algorithm: 'mondrian' });
    expect(out.stats.classes).toBeGreaterThan(1);
    expect(out.informationLoss).toBeGreaterThan(0);
    expect(out.informationLoss).toBeLessThan(1);
    expect(out.risk.after.prosecutor.highest).toBeLessThanOrEqual(1 / 5);
  });
});
