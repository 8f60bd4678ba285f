/**
 * Privacy models checked per equivalence class: k-anonymity, l-diversity (distinct,
 * entropy, recursive-(c,l)) and t-closeness (equal and hierarchical ground distance).
 * @module
 */
import type { FrequencySet } from './_freq.js';
import type { HierarchyInput } from './hierarchy.js';

/**
 * l-diversity on one sensitive attribute.
 * @example
 * ```ts
 * const l: LDiversity = { attribute: 'diagnosis', l: 2, variant: 'recursive', c: 3 };
 * anonymize(rows, { quasiIdentifiers, k: 5, lDiversity: l });
 * ```
 */
export interface LDiversity {
  /** The sensitive column. */
  attribute: string;
  /** Number of well-represented values required. */
  l: number;
  /** `distinct` (default), `entropy` (H ≥ log2 l) or `recursive` ((c,l): r1 < c·(r_l + … + r_m)). */
  variant?: 'distinct' | 'entropy' | 'recursive';
  /** c for the recursive variant (required there). */
  c?: number;
}

/**
 * t-closeness on one sensitive attribute.
 * @example
 * ```ts
 * const t: TCloseness = { attribute: 'income', t: 0.3 }; // equal ground distance
 * anonymize(rows, { quasiIdentifiers, k: 5, tCloseness: [t] });
 * ```
 */
export interface TCloseness {
  /** The sensitive column. */
  attribute: string;
  /** Largest Earth Mover's Distance allowed between a class and the whole table (0..1). */
  t: number;
  /** Ground distance: equal (default, no hierarchy) or hierarchical (given a hierarchy of the sensitive values). */
  hierarchy?: HierarchyInput;
}

/** A compiled per-class check on sensitive histograms: `s` is the sensitive slot in the frequency set. */
export type SensitiveCheck = (fs: FrequencySet, cls: number) => boolean;

/** Distinct / entropy / recursive l-diversity of histogram `s` of class `cls`. */
export function lDiversityCheck(m: LDiversity, s: number): SensitiveCheck {
  const variant = m.variant ?? 'distinct';
  const l = m.l;
  const c = m.c ?? 1;
  const logL = Math.log2(l);
  return (fs, cls) => {
    const d = fs.domains[s]!;
    const h = fs.hists[s]!;
    const base = cls * d;
    if (variant === 'distinct') {
      let distinct = 0;
      for (let v = 0; v < d; v++) if (h[base + v]! > 0 && ++distinct >= l) return true;
      return false;
    }
    if (variant === 'entropy') {
      const total = fs.counts[cls]!;
      let e = 0;
      for (let v = 0; v < d; v++) {
        const x = h[base + v]!;
        if (x > 0) e -= (x / total) * Math.log2(x / total);
      }
      return e >= logL - 1e-12;
    }
    const freq: number[] = [];
    for (let v = 0; v < d; v++) if (h[base + v]! > 0) freq.push(h[base + v]!);
    if (freq.length < l) return false;
    freq.sort((a, b) => b - a);
    let tail = 0;
    for (let i = l - 1; i < freq.length; i++) tail += freq[i]!;
    return freq[0]! < c * tail;
  };
}

/**
 * t-closeness by EMD. Equal distance: half the L1 distance. Hierarchical distance (Li et al. 2007,
 * as in ARX's HierarchicalDistanceTCloseness): sum over inner nodes of
 * level/height × min(positive extra, negative extra) of its children.
 * `parents[l][code]` gives the code at level l+1 of a code at level l; level-0 codes are the
 * sensitive value codes.
 */
export function tClosenessCheck(m: TCloseness, s: number, overall: Float64Array, parents?: readonly Int32Array[], sizes?: readonly number[]): SensitiveCheck {
  const t = m.t + 1e-12;
  return (fs, cls) => {
    const d = fs.domains[s]!;
    const h = fs.hists[s]!;
    const total = fs.counts[cls]!;
    const base = cls * d;
    if (!parents || !sizes) {
      let sum = 0;
      for (let v = 0; v < d; v++) sum += Math.abs(h[base + v]! / total - overall[v]!);
      return sum / 2 <= t;
    }
    const height = parents.length;
    let extra = new Float64Array(d);
    for (let v = 0; v < d; v++) extra[v] = h[base + v]! / total - overall[v]!;
    let emd = 0;
    for (let l = 0; l < height; l++) {
      const par = parents[l]!;
      const next = new Float64Array(sizes[l + 1]!);
      const pos = new Float64Array(next.length);
      const neg = new Float64Array(next.length);
      for (let v = 0; v < extra.length; v++) {
        const p = par[v]!;
        const e = extra[v]!;
        next[p]! += e;
        if (e > 0) pos[p]! += e; else neg[p]! -= e;
      }
      for (let p = 0; p < next.length; p++) emd += ((l + 1) / height) * Math.min(pos[p]!, neg[p]!);
      extra = next;
    }
    return emd <= t;
  };
}
