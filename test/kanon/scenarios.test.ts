// Retail scenarios from the seed texts: policy art. 9(2) (anonymize at the end of retention),
// T/CCAGM 002-2021 §5.1 (de-identify right after collection), §3.5–3.8 (traffic-flow data, anonymization).
import { describe, expect, it } from 'vitest';
import { anonymize, anonymizeColumns, dates, intervals, regionCode, suppressSmallCounts } from '../../src/kanon/index.js';

// mulberry32 (public domain): deterministic synthetic customers.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const r = prng(2026);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const REGIONS = ['440305', '440304', '440106', '110105', '110108', '310115', '330106', '510107'];
const members = Array.from({ length: 600 }, (_, i) => ({
  name: `member-${i}`,
  phone: `138${String(10_000_000 + i).slice(1)}`,
  age: String(18 + Math.floor(r() * 60)),
  gender: pick(['F', 'M']),
  region: pick(REGIONS),
  joined: `202${Math.floor(r() * 4)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
  spend: String(Math.floor(r() * 5000)),
}));
const QI = {
  age: intervals({ min: 0, max: 99, widths: [5, 10, 20] }),
  gender: [['F', '*'], ['M', '*']],
  region: regionCode(),
  joined: dates(),
};
const classSizes = (rows: Record<string, string>[], cols: string[]): number[] => {
  const m = new Map<string, number>();
  for (const x of rows) m.set(cols.map((c) => x[c]).join('|'), (m.get(cols.map((c) => x[c]).join('|')) ?? 0) + 1);
  return [...m.values()];
};

describe('retail scenarios', () => {
  it('P9.2: at the end of the retention period member records are anonymized, not kept identifiable', () => {
    // Direct identifiers go; quasi-identifiers are generalized until nobody stands out.
    const expired = members.map(({ name: _n, phone: _p, ...rest }) => rest);
    const out = anonymize(expired, { quasiIdentifiers: QI, k: 5, suppressionLimit: 0.05, metric: 'loss' });
    expect(out.risk.before.prosecutor.highest).toBe(1);
    expect(out.rows.every((x) => !('name' in x) && !('phone' in x))).toBe(true);
    const kept = out.rows.filter((x) => !(x.age === '*' && x.gender === '*' && x.region === '*' && x.joined === '*'));
    for (const size of classSizes(kept, ['age', 'gender', 'region', 'joined'])) expect(size).toBeGreaterThanOrEqual(5);
    expect(out.suppressed).toBeLessThanOrEqual(30);
    if (out.suppressed === 0 || out.suppressed >= 5) expect(out.risk.after.prosecutor.highest).toBeLessThanOrEqual(0.2);
    expect(out.rows.map((x) => x.spend)).toEqual(expired.map((x) => x.spend));
  });

  it('S5.1: visit records are de-identified right after collection (Mondrian on columns), none at risk', () => {
    const cols = {
      age: members.map((m) => m.age),
      gender: members.map((m) => m.gender),
      region: members.map((m) => m.region),
      spend: members.map((m) => m.spend),
    };
    const out = anonymizeColumns(cols, { quasiIdentifiers: { age: QI.age, gender: QI.gender, region: QI.region }, k: 8, algorithm: 'mondrian', riskThreshold: 1 / 8 });
    expect(out.risk.before.prosecutor.recordsAtRisk).toBeGreaterThan(0);
    expect(out.risk.after.prosecutor.recordsAtRisk).toBe(0);
    expect(out.columns.spend).toBe(cols.spend);
    const rows = cols.age.map((_, i) => ({ age: out.columns.age![i]!, gender: out.columns.gender![i]!, region: out.columns.region![i]! }));
    for (const size of classSizes(rows, ['age', 'gender', 'region'])) expect(size).toBeGreaterThanOrEqual(8);
    rows.forEach((x, i) => {
      expect(QI.region.row(cols.region[i]!)).toContain(x.region);
      const [lo, hi] = x.age.includes('-') ? x.age.split('-').map(Number) : [Number(x.age), Number(x.age)];
      expect(Number(cols.age[i])).toBeGreaterThanOrEqual(lo!);
      expect(Number(cols.age[i])).toBeLessThanOrEqual(hi!);
    });
  });

  it('S3.5: 客流 counts by store × segment × hour: small cells hidden, recoverable from no published total', () => {
    const cells = ['A', 'B', 'C'].flatMap((store) => ['member', 'guest'].flatMap((segment) => [9, 10, 11, 12].map((hour) => ({ store, segment, hour, count: Math.floor(r() * 40) }))));
    cells[0]!.count = 2;
    cells[13]!.count = 1;
    const out = suppressSmallCounts(cells, { threshold: 5, rows: ['store', 'segment'], columns: 'hour' });
    expect(out.exposed).toBe(0);
    for (const [i, c] of cells.entries()) if (c.count > 0 && c.count < 5) expect(out.cells[i]!.count).toBeNull();
    // Every row and column that hides a cell hides at least two, so no total isolates one.
    const hiddenBy = (key: (c: (typeof cells)[number]) => string): number[] => {
      const m = new Map<string, number>();
      out.cells.forEach((c, i) => { if (c.count === null) m.set(key(cells[i]!), (m.get(key(cells[i]!)) ?? 0) + 1); });
      return [...m.values()];
    };
    for (const n of [...hiddenBy((c) => `${c.store}|${c.segment}`), ...hiddenBy((c) => String(c.hour))]) expect(n).toBeGreaterThanOrEqual(2);
    expect(out.rowTotals['A|member']).toBe(cells.filter((c) => c.store === 'A' && c.segment === 'member').reduce((s, c) => s + c.count, 0));
  });
});
