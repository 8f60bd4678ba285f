import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCustodiaError } from '../../src/errors/index.js';
import { suppressSmallCounts, type SuppressResult } from '../../src/kanon/index.js';

type Cell = { store: string; hour: number; count: number };

// Attacker 1: linear algebra. Hidden cells are unknowns of the row/column/grand-total equations;
// a cell is recovered exactly iff its unit vector lies in the row space of the system.
function recoverable(cells: Cell[], out: SuppressResult): number[] {
  return recoverableBy(cells, out, (c) => `r${c.store}`, (c) => `c${c.hour}`);
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

// The call: suppressSmallCounts(table, { threshold }) on 客流 counts by store × hour × segment.
type Traffic3 = { store: string; hour: number; segment: string; count: number };
const traffic3: Traffic3[] = ['A', 'B', 'C'].flatMap((store, s) =>
  [9, 10, 11].flatMap((hour, h) => ['member', 'guest'].map((segment, g) => ({ store, hour, segment, count: (s * 7 + h * 5 + g * 11) % 23 + 6 }))),
);
traffic3[0]!.count = 2;
traffic3[9]!.count = 1;
traffic3[16]!.count = 4;

// Linear attack on any layout: row and column totals over the given key functions, plus the grand total.
function recoverableBy<T>(cells: readonly T[], out: SuppressResult, rowKey: (c: T) => string, colKey: (c: T) => string): number[] {
  const hidden = out.cells.map((c, i) => (c.count === null ? i : -1)).filter((i) => i >= 0);
  const m = hidden.length;
  const eqs: number[][] = [];
  for (const g of [rowKey, colKey, () => 'all']) {
    const by = new Map<string, number[]>();
    hidden.forEach((cellIdx, j) => { const key = g(cells[cellIdx]!); by.set(key, [...(by.get(key) ?? []), j]); });
    for (const js of by.values()) { const row = new Array<number>(m).fill(0); for (const j of js) row[j] = 1; eqs.push(row); }
  }
  const basis: number[][] = [];
  const pivots: number[] = [];
  const reduce = (v: number[]): void => basis.forEach((b, bi) => { const f = v[pivots[bi]!]!; if (f !== 0) for (let j = 0; j < m; j++) v[j] = v[j]! - f * b[j]!; });
  for (const e of eqs) {
    const v = e.slice();
    reduce(v);
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
    reduce(v);
    return v.every((x) => Math.abs(x) < 1e-9);
  });
}

const codeOf = (f: () => unknown): { code?: string; field?: string | undefined; message: string } => {
  try {
    f();
  } catch (e) {
    if (isCustodiaError(e)) return { code: e.code, field: e.field, message: e.message };
    return { message: String(e) };
  }
  return { message: 'no error' };
};

describe('suppressSmallCounts(table, { threshold }): the issue signature', () => {
  it('S3.5: works on plain count records: first dimension as rows, the others as columns, layout reported', () => {
    const out = suppressSmallCounts(traffic3, { threshold: 5 });
    expect(out.layout).toEqual({ rows: ['store'], columns: ['hour', 'segment'] });
    expect(out.primary).toBe(3);
    expect(out.complementary).toBeGreaterThan(0);
    expect(out.exposed).toBe(0);
    for (const [i, c] of traffic3.entries()) if (c.count > 0 && c.count < 5) expect(out.cells[i]!.count).toBeNull();
    expect(Object.keys(out.rowTotals).sort()).toEqual(['A', 'B', 'C']);
    expect(out.columnTotals['9|member']).toBe(traffic3.filter((c) => c.hour === 9 && c.segment === 'member').reduce((s, c) => s + c.count, 0));
    expect(out.total).toBe(traffic3.reduce((s, c) => s + c.count, 0));
    expect(recoverableBy(traffic3, out, (c) => c.store, (c) => `${c.hour}|${c.segment}`)).toEqual([]);
  });

  it('S3.5: the same result as spelling the default layout out, and one side given implies the other', () => {
    const implicit = suppressSmallCounts(traffic3, { threshold: 5 });
    expect(suppressSmallCounts(traffic3, { threshold: 5, rows: 'store', columns: ['hour', 'segment'] })).toEqual(implicit);
    expect(suppressSmallCounts(traffic3, { threshold: 5, rows: 'store' })).toEqual(implicit);
    const byHour = suppressSmallCounts(traffic3, { threshold: 5, columns: 'hour' });
    expect(byHour.layout).toEqual({ rows: ['store', 'segment'], columns: ['hour'] });
    expect(recoverableBy(traffic3, byHour, (c) => `${c.store}|${c.segment}`, (c) => String(c.hour))).toEqual([]);
  });

  it('S3.5: property: on random store × hour × segment tables no hidden cell is recoverable from the published totals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 36, maxLength: 36 }),
        (s, h, g, counts) => {
          fc.pre(h * g >= 2);
          const cells: Traffic3[] = [];
          for (let i = 0; i < s; i++) for (let j = 0; j < h; j++) for (let q = 0; q < g; q++) cells.push({ store: `s${i}`, hour: 8 + j, segment: `g${q}`, count: counts[(i * h + j) * g + q]! });
          const out = suppressSmallCounts(cells, { threshold: 8 });
          expect(out.exposed).toBe(0);
          cells.forEach((cell, i) => { if (cell.count > 0 && cell.count < 8) expect(out.cells[i]!.count).toBeNull(); });
          expect(recoverableBy(cells, out, (c) => c.store, (c) => `${c.hour}|${c.segment}`)).toEqual([]);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('an empty table publishes nothing', () => {
    expect(suppressSmallCounts([], { threshold: 5 })).toMatchObject({ cells: [], total: 0, primary: 0, complementary: 0, exposed: 0 });
  });

  it('malformed input is INVALID_ARGUMENT naming the field and rule, never a value', () => {
    const secret = '13812345678';
    const cases: [() => unknown, string][] = [
      [() => suppressSmallCounts(undefined as never, { threshold: 5 }), 'table'],
      [() => suppressSmallCounts({ rows: [] } as never, { threshold: 5 }), 'table'],
      [() => suppressSmallCounts(traffic3, undefined as never), 'threshold'],
      [() => suppressSmallCounts(traffic3, {} as never), 'threshold'],
      [() => suppressSmallCounts(traffic3, { threshold: Number.NaN }), 'threshold'],
      [() => suppressSmallCounts(traffic3, { threshold: -1 }), 'threshold'],
      [() => suppressSmallCounts(traffic3, { threshold: '5' as never }), 'threshold'],
      [() => suppressSmallCounts(traffic3, { threshold: 5, rows: [] }), 'rows'],
      [() => suppressSmallCounts(traffic3, { threshold: 5, rows: [3] as never }), 'rows'],
      [() => suppressSmallCounts(traffic3, { threshold: 5, columns: '' }), 'columns'],
      [() => suppressSmallCounts(traffic3, { threshold: 5, rows: 'store', columns: ['store', 'hour'] }), 'columns'],
      [() => suppressSmallCounts(traffic3, { threshold: 5, rows: 'count', columns: 'hour' }), 'rows'],
      [() => suppressSmallCounts(traffic3, { threshold: 5, countField: 7 as never }), 'countField'],
      [() => suppressSmallCounts([{ store: secret, count: 3 }], { threshold: 5 }), 'table'],
      [() => suppressSmallCounts([{ store: 'A', hour: 9, count: 3 }, null as never], { threshold: 5 }), 'table'],
      [() => suppressSmallCounts([{ store: 'A', hour: 9, count: 3 }, { store: 'B', count: 4 }], { threshold: 5 }), 'hour'],
      [() => suppressSmallCounts([{ store: 'A', hour: 9, count: 3 }, { store: 'B', hour: 9, day: secret, count: 4 }], { threshold: 5 }), 'day'],
      [() => suppressSmallCounts([{ store: 'A', hour: { secret } as never, count: 3 }], { threshold: 5 }), 'hour'],
      [() => suppressSmallCounts([{ store: 'A', hour: Number.NaN, count: 3 }], { threshold: 5 }), 'hour'],
      [() => suppressSmallCounts([{ store: secret, hour: 9, count: 3 }, { store: secret, hour: 9, count: 4 }], { threshold: 5 }), 'table'],
      [() => suppressSmallCounts([{ store: 'A', hour: 9, count: 2.5 }], { threshold: 5 }), 'count'],
      [() => suppressSmallCounts([{ store: 'A', hour: 9 }], { threshold: 5, rows: 'store', columns: 'hour' }), 'count'],
      [() => suppressSmallCounts([{ store: 'A', hour: 9, visitors: -1 }], { threshold: 5, countField: 'visitors' }), 'visitors'],
    ];
    for (const [f, field] of cases) {
      const e = codeOf(f);
      expect(e, e.message).toMatchObject({ code: 'INVALID_ARGUMENT', field });
      expect(e.message).not.toContain(secret);
    }
  });
});
