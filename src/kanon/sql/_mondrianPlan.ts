/**
 * Mondrian's decisions (custodia/kanon's mondrian.ts) taken from per-partition histograms
 * instead of rows: every choice in-memory Mondrian makes for a partition depends only on how
 * many of its rows carry each leaf value of each quasi-identifier, so the engine sends those
 * counts (one GROUP BY per round) and the same rules pick the same cuts:
 * - dimensions by decreasing spread (numeric: value range / table range; categorical: domain
 *   share of the common label), ties by column order; the first that splits is used;
 * - numeric: the cut is the boundary between two distinct values nearest to the median
 *   position `size >> 1` with at least k rows on each side; at equal distance the lower one;
 * - categorical: one hierarchy level down, only if every child group holds k rows;
 * - a partition under 2k rows is a leaf.
 * @module
 */
import type { EncodedColumn } from '../_encode.js';

/** Leaf code → rows of a partition, per quasi-identifier. */
export type Histograms = readonly Map<number, number>[];

/** One partition: its id in the engine, size, and per-column hierarchy level (categorical). */
export interface MPart { readonly pid: number; readonly size: number; readonly level: Int32Array }

/** A split: the dimension cut and, for each leaf code present on it, the child's id. */
export interface MSplit { readonly dim: number; readonly children: MPart[]; readonly childOf: Map<number, number> }

/** A final partition: its published labels and its NCP contribution (already times its size). */
export interface MLeaf { readonly pid: number; readonly size: number; readonly labels: string[]; readonly loss: number }

export class MondrianPlanner {
  private readonly numeric: (Float64Array | undefined)[];
  private readonly range: number[];
  private next = 1;
  constructor(private readonly cols: readonly EncodedColumn[], private readonly k: number, root: Histograms) {
    this.numeric = cols.map((col) => {
      if (!col.numeric) return undefined;
      const vals = Float64Array.from(col.labels[0]!, (s) => (s.trim() === '' ? Number.NaN : Number(s)));
      return vals.every((v) => Number.isFinite(v)) ? vals : undefined;
    });
    this.range = cols.map((_, c) => {
      const v = this.numeric[c];
      if (!v) return 0;
      const xs = [...root[c]!.keys()].map((code) => v[code]!);
      return Math.max(...xs) - Math.min(...xs);
    });
  }

  private labelAt(c: number, code: number, l: number): number {
    const col = this.cols[c]!;
    return col.map[code * col.depth + l]!;
  }

  /** Lowest level at which all codes share their label (searching down from `from`). */
  private commonLevel(c: number, codes: readonly number[], from: number): number {
    let l = from;
    while (l > 0) {
      const first = this.labelAt(c, codes[0]!, l - 1);
      if (!codes.every((x) => this.labelAt(c, x, l - 1) === first)) break;
      l--;
    }
    return l;
  }

  /** The whole table as partition 0. */
  root(size: number, hists: Histograms): MPart {
    const level = new Int32Array(this.cols.length);
    this.cols.forEach((col, c) => (level[c] = this.numeric[c] ? 0 : this.commonLevel(c, [...hists[c]!.keys()], col.depth - 1)));
    return { pid: 0, size, level };
  }

  private bounds(c: number, h: Map<number, number>): [number, number] {
    const v = this.numeric[c]!;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const code of h.keys()) { const x = v[code]!; if (x < lo) lo = x; if (x > hi) hi = x; }
    return [lo, hi];
  }

  private spread(p: MPart, c: number, h: Map<number, number>): number {
    if (this.numeric[c]) {
      if (this.range[c] === 0) return 0;
      const [lo, hi] = this.bounds(c, h);
      return (hi - lo) / this.range[c]!;
    }
    const l = p.level[c]!;
    return l === 0 ? 0 : this.cols[c]!.share[l]![this.labelAt(c, h.keys().next().value!, l)]!;
  }

  /** Splits `p` as in-memory Mondrian would, or returns undefined when it is a leaf. */
  split(p: MPart, hists: Histograms): MSplit | undefined {
    const k = this.k;
    if (p.size < 2 * k) return undefined;
    const dims = this.cols.map((_, c) => ({ c, s: this.spread(p, c, hists[c]!) })).filter((d) => d.s > 0).sort((a, b) => b.s - a.s || a.c - b.c);
    for (const { c } of dims) {
      const h = hists[c]!;
      const v = this.numeric[c];
      if (v) {
        // Rows per distinct value, ascending; a cut sits after a value: its position is the running count.
        const byValue = new Map<number, number>();
        for (const [code, n] of h) byValue.set(v[code]!, (byValue.get(v[code]!) ?? 0) + n);
        const values = [...byValue.keys()].sort((a, b) => a - b);
        const mid = p.size >> 1;
        let best = -1;
        let cutValue = 0;
        let run = 0;
        for (let i = 0; i < values.length - 1; i++) {
          run += byValue.get(values[i]!)!;
          if (run < k || p.size - run < k) continue;
          if (best < 0 || Math.abs(run - mid) < Math.abs(best - mid)) { best = run; cutValue = values[i]!; }
        }
        if (best < 0) continue;
        const left = this.child(p, best);
        const right = this.child(p, p.size - best);
        const childOf = new Map<number, number>();
        for (const code of h.keys()) childOf.set(code, v[code]! <= cutValue ? left.pid : right.pid);
        return { dim: c, children: [left, right], childOf };
      }
      const l = p.level[c]!;
      const groups = new Map<number, { codes: number[]; size: number }>();
      for (const [code, n] of h) {
        const g = this.labelAt(c, code, l - 1);
        const e = groups.get(g) ?? { codes: [], size: 0 };
        e.codes.push(code);
        e.size += n;
        groups.set(g, e);
      }
      if (groups.size < 2 || [...groups.values()].some((g) => g.size < k)) continue;
      const childOf = new Map<number, number>();
      const children = [...groups.values()].map((g) => {
        const ch = this.child(p, g.size);
        ch.level[c] = this.commonLevel(c, g.codes, l - 1);
        for (const code of g.codes) childOf.set(code, ch.pid);
        return ch;
      });
      return { dim: c, children, childOf };
    }
    return undefined;
  }

  private child(p: MPart, size: number): MPart {
    return { pid: this.next++, size, level: p.level.slice() };
  }

  /** Labels of a leaf partition and its loss (numeric `lo-hi`, categorical the common label). */
  leaf(p: MPart, hists: Histograms): MLeaf {
    let loss = 0;
    const labels = this.cols.map((col, c) => {
      const h = hists[c]!;
      const first = Math.min(...h.keys());
      if (this.numeric[c]) {
        const [lo, hi] = this.bounds(c, h);
        loss += this.range[c] === 0 ? 0 : ((hi - lo) / this.range[c]!) * p.size;
        return lo === hi ? col.labels[0]![first]! : `${lo}-${hi}`;
      }
      const l = p.level[c]!;
      const code = this.labelAt(c, first, l);
      const covered = Math.round(col.share[l]![code]! * col.domainSize);
      loss += col.domainSize <= 1 ? 0 : ((covered - 1) / (col.domainSize - 1)) * p.size;
      return col.labels[l]![code]!;
    });
    return { pid: p.pid, size: p.size, labels, loss };
  }
}
