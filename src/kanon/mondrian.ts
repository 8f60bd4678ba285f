/**
 * Mondrian multidimensional local recoding (LeFevre et al. 2006): recursive median cuts on
 * numeric quasi-identifiers and hierarchy-based cuts (one level down) on categorical ones,
 * keeping every part k-anonymous (and l-diverse / t-close if asked).
 * @module
 */
import type { EncodedTable } from './_encode.js';
import type { FrequencySet } from './_freq.js';
import type { SensitiveSetup } from './_sensitive.js';

/** Mondrian's output. */
export interface MondrianResult {
  /** `labels[partition][qi]`: the published value of each quasi-identifier in each partition. */
  labels: string[][];
  /** Number of partitions (equivalence classes). */
  partitions: number;
  /** `partitionOf[row]`: the partition of each input row. */
  partitionOf: Int32Array;
  /** Normalized certainty penalty, averaged over records and quasi-identifiers (0..1). */
  loss: number;
}

interface Part { start: number; end: number; level: Int32Array }

/** Runs Mondrian on an encoded table. */
export function mondrian(table: EncodedTable, sens: SensitiveSetup, k: number): MondrianResult {
  const cols = table.columns;
  const w = cols.length;
  const n = table.rows;
  const codes = table.codes;
  // Numeric columns (intervals hierarchies, ARX rows of ranges) are cut at medians.
  const numeric = cols.map((col) => {
    if (!col.numeric) return undefined;
    const vals = Float64Array.from(col.labels[0]!, (s) => (s.trim() === '' ? Number.NaN : Number(s)));
    return vals.every((v) => Number.isFinite(v)) ? vals : undefined;
  });
  const range = cols.map((_, c) => {
    const v = numeric[c];
    if (!v) return 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) { const x = v[codes[i * w + c]!]!; if (x < lo) lo = x; if (x > hi) hi = x; }
    return hi - lo;
  });
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  // Rank of each leaf by numeric value, so numeric cuts sort small integers.
  const rank = numeric.map((v) => {
    if (!v) return undefined;
    const order = Array.from(v.keys()).sort((a, b) => v[a]! - v[b]!);
    const r = new Int32Array(v.length);
    order.forEach((leaf, i) => (r[leaf] = i > 0 && v[order[i - 1]!] === v[leaf] ? r[order[i - 1]!]! : i));
    return r;
  });
  const scratch = new Float64Array(n);
  // Stable sort of idx[start, end) by a small non-negative integer key, via one native numeric sort.
  const sortSegment = (start: number, end: number, key: (row: number) => number): void => {
    const t = scratch.subarray(0, end - start);
    for (let i = start; i < end; i++) t[i - start] = key(idx[i]!) * 4294967296 + idx[i]!;
    t.sort();
    for (let i = start; i < end; i++) idx[i] = t[i - start]! % 4294967296;
  };
  const labelAt = (row: number, c: number, l: number): number => cols[c]!.map[codes[row * w + c]! * cols[c]!.depth + l]!;
  // Lowest level at which all rows of [start, end) share their label in column c.
  const commonLevel = (start: number, end: number, c: number, from: number): number => {
    let l = from;
    while (l > 0) {
      const first = labelAt(idx[start]!, c, l - 1);
      let same = true;
      for (let i = start + 1; i < end && same; i++) same = labelAt(idx[i]!, c, l - 1) === first;
      if (!same) break;
      l--;
    }
    return l;
  };
  const domains = sens.domains;
  const ok = (start: number, end: number): boolean => {
    if (end - start < k) return false;
    if (sens.checks.length === 0) return true;
    const hists = domains.map((d) => new Int32Array(d));
    for (let i = start; i < end; i++) for (let s = 0; s < domains.length; s++) hists[s]![sens.codes[s]![idx[i]!]!]!++;
    const fs: FrequencySet = { width: 0, size: 1, keys: new Int32Array(0), counts: Int32Array.of(end - start), domains, hists };
    return sens.checks.every((f) => f(fs, 0));
  };

  const root: Part = { start: 0, end: n, level: new Int32Array(w) };
  for (let c = 0; c < w; c++) root.level[c] = numeric[c] ? 0 : commonLevel(0, n, c, cols[c]!.depth - 1);
  const leaves: Part[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    const children = split(p);
    if (children) stack.push(...children); else leaves.push(p);
  }

  function spread(p: Part, c: number): number {
    const v = numeric[c];
    if (v) {
      if (range[c] === 0) return 0;
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = p.start; i < p.end; i++) { const x = v[codes[idx[i]! * w + c]!]!; if (x < lo) lo = x; if (x > hi) hi = x; }
      return (hi - lo) / range[c]!;
    }
    const l = p.level[c]!;
    return l === 0 ? 0 : cols[c]!.share[l]![labelAt(idx[p.start]!, c, l)]!;
  }

  function split(p: Part): Part[] | undefined {
    if (p.end - p.start < 2 * k) return undefined;
    const dims = cols.map((_, c) => ({ c, s: spread(p, c) })).filter((d) => d.s > 0).sort((a, b) => b.s - a.s || a.c - b.c);
    for (const { c } of dims) {
      const v = numeric[c];
      const seg = idx.subarray(p.start, p.end);
      if (v) {
        sortSegment(p.start, p.end, (row) => rank[c]![codes[row * w + c]!]!);
        const at = (i: number): number => v[codes[seg[i]! * w + c]!]!;
        const len = seg.length;
        const mid = len >> 1;
        // Nearest cut to the median that falls between two distinct values.
        let cut = -1;
        for (let d = 0; cut < 0 && (mid - d >= k || mid + d <= len - k); d++)
          for (const pos of d === 0 ? [mid] : [mid - d, mid + d])
            if (cut < 0 && pos >= k && len - pos >= k && at(pos - 1) !== at(pos)) cut = pos;
        if (cut > 0) {
          const m = p.start + cut;
          if (ok(p.start, m) && ok(m, p.end)) return [{ start: p.start, end: m, level: p.level.slice() }, { start: m, end: p.end, level: p.level.slice() }];
        }
        continue;
      }
      const l = p.level[c]!;
      // Child groups must all hold k rows: count before sorting anything.
      const tally = new Map<number, number>();
      for (let i = p.start; i < p.end; i++) { const x = labelAt(idx[i]!, c, l - 1); tally.set(x, (tally.get(x) ?? 0) + 1); }
      if (tally.size < 2 || [...tally.values()].some((x) => x < k)) continue;
      sortSegment(p.start, p.end, (row) => labelAt(row, c, l - 1));
      const parts: Part[] = [];
      let s = p.start;
      for (let i = p.start + 1; i <= p.end; i++) {
        if (i === p.end || labelAt(idx[i]!, c, l - 1) !== labelAt(idx[s]!, c, l - 1)) {
          parts.push({ start: s, end: i, level: p.level.slice() });
          s = i;
        }
      }
      if (parts.length < 2 || !parts.every((q) => ok(q.start, q.end))) continue;
      for (const q of parts) q.level[c] = commonLevel(q.start, q.end, c, l - 1);
      return parts;
    }
    return undefined;
  }

  const partitionOf = new Int32Array(n);
  let loss = 0;
  const labelsOut = leaves.map((p, pi) => {
    const labels: string[] = [];
    for (let c = 0; c < w; c++) {
      const col = cols[c]!;
      const v = numeric[c];
      if (v) {
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (let i = p.start; i < p.end; i++) { const x = v[codes[idx[i]! * w + c]!]!; if (x < lo) lo = x; if (x > hi) hi = x; }
        labels.push(lo === hi ? col.labels[0]![codes[idx[p.start]! * w + c]!]! : `${lo}-${hi}`);
        loss += range[c] === 0 ? 0 : ((hi - lo) / range[c]!) * (p.end - p.start);
      } else {
        const l = p.level[c]!;
        const code = labelAt(idx[p.start]!, c, l);
        labels.push(col.labels[l]![code]!);
        const covered = Math.round(col.share[l]![code]! * col.domainSize);
        loss += col.domainSize <= 1 ? 0 : ((covered - 1) / (col.domainSize - 1)) * (p.end - p.start);
      }
    }
    for (let i = p.start; i < p.end; i++) partitionOf[idx[i]!] = pi;
    return labels;
  });
  return { labels: labelsOut, partitions: leaves.length, partitionOf, loss: n === 0 ? 0 : loss / (n * w) };
}
