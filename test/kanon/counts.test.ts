import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressSmallCounts, type SuppressResult } from '../../src/kanon/index.js';

type Cell = { store: string; hour: number; count: number };

// Attacker 1: linear algebra. Hidden cells are unknowns of the row/column/grand-total equations;
// a cell is recovered exactly iff its unit vector lies in the row space of the system.
function recoverable(cells: Cell[], out: SuppressResult): number[] {
  const hidden = out.cells.map((c, i) => (c.count === null ? i : -1)).filter((i) => i >= 0);
  const m = hidden.length;
  const eqs: number[][] = [];
  const groups = [(c: Cell) => `r${c.store}`, (c: Cell) => `c${c.hour}`, () => 'all'];
  for (const g of groups) {
    const by = new Map<string, number[]>();
    hidden.forEach((cellIdx, j) => { const key = g(cells[cellIdx]!); by.set(key, [...(by.get(key) ?? []), j]); });
    for (const js of by.values()) { const row = new Array<number>(m).fill(0); for (const j of js) row[j] = 1; eqs.push(row); }
  }
  // Row-reduce.
  const basis: number[][] = [];
  const pivots: number[] = [];
  for (const e of eqs) {
    const v = e.slice();
    basis.forEach((b, bi) => { const f = v[pivots[bi]!]!; if (f !== 0) for (let j = 0; j < m; j++) v[j] = v[j]! - f * b[j]!; });
    const p = v.findIndex((x) => Math.abs(x) > 1e-9);
    if (p < 0) continue;
    const s = v[p]!;
    for (let j = 0; j < m; j++) v[j] = v[j]! / s;
    basis.forEach((b) => { const f = b[p]!; if (f !== 0) for (let j = 0; j < m; j++) b[j] = b[j]! - f * v[j]!; });
    basis.push(v);
    pivots.push(p);
  }
  return hidden.filter((_, j) => {
    const v = new Array<number>(m).fill(0);
    v[j] = 1;
    basis.forEach((b, bi) => { const f = v[pivots[bi]!]!; if (f !== 0) for (let q = 0; q < m; q++) v[q] = v[q]! - f * b[q]!; });
    return v.every((x) => Math.abs(x) < 1e-9);
  });
}

// Attacker 2: enumerate every non-negative integer table consistent with what is published.
function possibleValues(cells: Cell[], out: SuppressResult): Map<number, Set<number>> {
  const hidden = out.cells.map((c, i) => (c.count === null ? i : -1)).filter((i) => i >= 0);
  const rowLeft = new Map<string, number>(Object.entries(out.rowTotals));
  const colLeft = new Map<string, number>(Object.entries(out.columnTotals));
  out.cells.forEach((c, i) => {
    if (c.count === null) return;
    rowLeft.set(cells[i]!.store, rowLeft.get(cells[i]!.store)! - cells[i]!.count);
    colLeft.set(String(cells[i]!.hour), colLeft.get(String(cells[i]!.hour))! - cells[i]!.count);
  });
  const seen = new Map<number, Set<number>>(hidden.map((h) => [h, new Set<number>()]));
  const vals: number[] = [];
  const go = (j: number): void => {
    if (j === hidden.length) {
      if ([...rowLeft.values(), ...colLeft.values()].every((x) => x === 0)) hidden.forEach((h, q) => seen.get(h)!.add(vals[q]!));
      return;
    }
    const c = cells[hidden[j]!]!;
    const max = Math.min(rowLeft.get(c.store)!, colLeft.get(String(c.hour))!);
    for (let v = 0; v <= max; v++) {
      vals[j] = v;
      rowLeft.set(c.store, rowLeft.get(c.store)! - v);
      colLeft.set(String(c.hour), colLeft.get(String(c.hour))! - v);
      go(j + 1);
      rowLeft.set(c.store, rowLeft.get(c.store)! + v);
      colLeft.set(String(c.hour), colLeft.get(String(c.hour))! + v);
    }
  };
  go(0);
  return seen;
}

// 客流: visitors per store and opening hour.
const traffic: Cell[] = [
  { store: 'A', hour: 9, count: 12 }, { store: 'A', hour: 10, count: 3 }, { store: 'A', hour: 11, count: 15 },
  { store: 'B', hour: 9, count: 8 }, { store: 'B', hour: 10, count: 9 }, { store: 'B', hour: 11, count: 11 },
  { store: 'C', hour: 9, count: 7 }, { store: 'C', hour: 10, count: 6 }, { store: 'C', hour: 11, count: 2 },
];

describe('suppressSmallCounts', () => {
  it('S3.5: small 客流 counts are hidden and cannot be recovered from store and hour totals', () => {
    const out = suppressSmallCounts(traffic, { threshold: 5, rows: 'store', columns: 'hour' });
    expect(out.primary).toBe(2);
    expect(out.complementary).toBeGreaterThan(0);
    expect(out.exposed).toBe(0);
    expect(out.cells[1]!.count).toBeNull();
    expect(out.cells[8]!.count).toBeNull();
    expect(out.total).toBe(73);
    expect(recoverable(traffic, out)).toEqual([]);
    // The attacker enumerating all consistent tables finds at least two values for every hidden cell.
    for (const [, values] of possibleValues(traffic, out)) expect(values.size).toBeGreaterThanOrEqual(2);
  });
  it('without complementary suppression the attacker would recover the hidden cell', () => {
    const naive: SuppressResult = { ...suppressSmallCounts(traffic, { threshold: 5, rows: 'store', columns: 'hour' }) };
    naive.cells = traffic.map((c) => ({ ...c, count: c.count < 5 ? null : c.count }));
    expect(recoverable(traffic, naive).sort()).toEqual([1, 8]);
  });
  it('published cells keep their counts; the primary ones are flagged', () => {
    const out = suppressSmallCounts(traffic, { threshold: 5, rows: 'store', columns: 'hour' });
    out.cells.forEach((c, i) => {
      if (c.count !== null) expect(c.count).toBe(traffic[i]!.count);
      if (traffic[i]!.count < 5) expect(c.suppressed).toBe('primary');
    });
  });
  it('S3.5: property: on random store × hour tables no hidden cell is linearly recoverable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 6 }), fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 30, maxLength: 30 }), (r, c, counts) => {
        const cells: Cell[] = [];
        for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) cells.push({ store: `s${i}`, hour: j, count: counts[i * c + j]! });
        const out = suppressSmallCounts(cells, { threshold: 10, rows: 'store', columns: 'hour' });
        expect(out.exposed).toBe(0);
        expect(recoverable(cells, out)).toEqual([]);
        cells.forEach((cell, i) => { if (cell.count > 0 && cell.count < 10) expect(out.cells[i]!.count).toBeNull(); });
      }),
      { numRuns: 150 },
    );
  });
  it('rejects negative or fractional counts without echoing them', () => {
    expect(() => suppressSmallCounts([{ store: 'A', hour: 9, count: -4 }], { threshold: 5, rows: 'store', columns: 'hour' })).toThrow(/cell 1: count must be a non-negative integer/);
  });
});
