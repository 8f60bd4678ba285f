/**
 * Privacy models checked per equivalence class: k-anonymity, l-diversity (distinct,
 * entropy, recursive-(c,l)) and t-closeness (equal and hierarchical ground distance).
 * @module
 */
import type { FrequencySet } from './_freq.js';
import type { HierarchyInput } from './hierarchy.js';

// Slack below which an excess is not counted: larger than the rounding of the checks' float sums, so
// a class the check passes has g = 0 under the exact shares too (the pruning bound stays a bound).
const SLACK = 1e-9;

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
  /**
   * Entropy estimator of the entropy variant: `shannon` (default) or `grassberger`, the corrected
   * estimator of ARX's EntropyLDiversity.EntropyEstimator.GRASSBERGER (Grassberger 2003).
   */
  estimator?: 'shannon' | 'grassberger';
}

// ARX EntropyLDiversity.EntropyEstimator.G_PRECOMPUTED: G_1, G_2, G_4, …, G_100.
const G_TABLE = [
  -1.2703628454614782, 0.7296371545385218, 1.3963038212051886, 1.7963038212051885, 2.0820181069194743, 2.3042403291416966,
  2.4860585109598783, 2.639904664806032, 2.7732379981393653, 2.8908850569628948, 2.9961482148576315, 3.091386310095727,
  3.178342831834857, 3.2583428318348573, 3.3324169059089312, 3.4013824231503107, 3.4658985521825687, 3.5265046127886293,
  3.5836474699314866, 3.6377015239855406, 3.6889835752675917, 3.7377640630724698, 3.7842756909794466, 3.8287201354238913,
  3.871273326913253, 3.912089653443865, 3.951305339718375, 3.9890411887749786, 4.025404825138615, 4.060492544436861,
  4.094390849521607, 4.127177734767508, 4.1589237665135395, 4.18969299728277, 4.219543743551427, 4.248529250797804,
  4.276698264882311, 4.304095525156284, 4.33076219182295, 4.356736217796977, 4.382052673493179, 4.40674403151787,
  4.430840417060039, 4.454369828824745, 4.477358334571871, 4.49983024468423, 4.521808266662253, 4.543313643006339,
  4.564366274585286, 4.5849848312863175, 4.605186851488337,
];

/** Grassberger's G(n) as ARX computes it: the table up to 100, then ln n + m(1/24 − m(7/960 − m·31/8064)), m = 1/(n/2)², n made even. */
export function grassbergerG(n: number): number {
  if (n <= 100) return G_TABLE[(n - (n % 2)) / 2]!;
  const even = n - (n % 2);
  const half = Math.trunc(even / 2);
  const m = 1 / (half * half);
  return Math.log(even) + m * (1 / 24 - m * (7 / 960 - m * (31 / 8064)));
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
  /**
   * Ordered ground distance (ARX OrderedDistanceTCloseness): `true` orders the values as text
   * (UTF-16 code units, ARX's string data type), or give the order. EMD = Σ_i |Σ_{j≤i} (p_j − q_j)| / (m − 1).
   */
  ordered?: true | readonly string[];
}

/**
 * β-likeness on one sensitive attribute (ARX BasicBLikeness / EnhancedBLikeness): in every class,
 * each value's relative gain in frequency over the table, (p_c − p_t) / p_t, is at most β
 * (`enhanced`: at most min(β, −ln p_t)).
 * @example
 * ```ts
 * anonymize(rows, { quasiIdentifiers, k: 1, suppressionLimit: 0.5, betaLikeness: { attribute: 'diagnosis', beta: 3 } });
 * ```
 */
export interface BetaLikeness {
  readonly attribute: string;
  /** β > 0. */
  readonly beta: number;
  /** Enhanced β-likeness (default basic). */
  readonly enhanced?: boolean;
}

/** β-likeness check of histogram `s` against the table's value shares `overall`. */
export function betaLikenessCheck(m: BetaLikeness, s: number, overall: Float64Array): SensitiveCheck {
  const limit = Float64Array.from(overall, (p) => (m.enhanced ? Math.min(m.beta, -Math.log(p)) : m.beta));
  const check: SensitiveCheck = (fs, cls) => {
    const d = fs.domains[s]!;
    const h = fs.hists[s]!;
    const count = fs.counts[cls]!;
    for (let v = 0, b = cls * d; v < d; v++) {
      const x = h[b + v]!;
      if (x > 0 && (x / count - overall[v]!) / overall[v]! > limit[v]!) return false;
    }
    return true;
  };
  // Passing: every share p_v ≤ cap_v = p_t·(1 + limit); g = max_v (p_v − cap_v), convex, at most max_v (1 − cap_v).
  const cap = Float64Array.from(overall, (p, v) => p * (1 + limit[v]!));
  const share = convexShare((fs, cls) => {
    const d = fs.domains[s]!;
    const h = fs.hists[s]!;
    const count = fs.counts[cls]!;
    let g = 0;
    for (let v = 0, b = cls * d; v < d; v++) g = Math.max(g, h[b + v]! / count - cap[v]!);
    return g - SLACK;
  }, Float64Array.from(cap, (c) => 1 - c), s);
  if (share) check.failingShare = share;
  return check;
}

/**
 * Ordered-distance t-closeness as ARX computes it (OrderedDistanceTCloseness.isAnonymous): walking the
 * values in `order`, distance += |running Σ (class share − table share)|; fails once above t·(m − 1).
 */
export function orderedTClosenessCheck(t: number, s: number, overall: Float64Array, order: Int32Array): SensitiveCheck {
  const threshold = t * (order.length - 1);
  const check: SensitiveCheck = (fs, cls) => {
    const d = fs.domains[s]!;
    const h = fs.hists[s]!;
    const count = fs.counts[cls]!;
    const b = cls * d;
    let sum = 0;
    let distance = 0;
    for (let i = 0; i < order.length; i++) {
      const v = order[i]!;
      sum += h[b + v]! / count - overall[v]!;
      distance += Math.abs(sum);
      if (distance > threshold) return false;
    }
    return true;
  };
  if (order.length < 2) return check;
  // The EMD Σ_i |Σ_{j≤i} (p_j − q_j)| / (m − 1) is convex in the class shares p; a single value is the worst case.
  const emd = (share: (v: number) => number): number => {
    let sum = 0;
    let distance = 0;
    for (let i = 0; i < order.length; i++) { const v = order[i]!; sum += share(v) - overall[v]!; distance += Math.abs(sum); }
    return distance / (order.length - 1);
  };
  const point = Float64Array.from(overall, (_, only) => emd((v) => (v === only ? 1 : 0)) - t);
  const share = convexShare((fs, cls) => {
    const d = fs.domains[s]!;
    const h = fs.hists[s]!;
    const count = fs.counts[cls]!;
    return emd((v) => h[cls * d + v]! / count) - t - SLACK;
  }, point, s);
  if (share) check.failingShare = share;
  return check;
}

/**
 * A compiled per-class check on sensitive histograms: `s` is the sensitive slot in the frequency set.
 * `blocksEmpty`: a failure on a class without research-subset records fails the whole node (δ-presence).
 * `minClassSize`: the model implies a least class size (ARX getMinimalClassSize: l-diversity).
 */
export type SensitiveCheck = ((fs: FrequencySet, cls: number) => boolean) & {
  blocksEmpty?: boolean;
  minClassSize?: boolean;
  /**
   * For a model whose passing distributions form a convex set (t-closeness, Shannon entropy
   * l-diversity): g(class) / max g, with g a convex function of the class's value shares that is 0
   * on every class the check passes (see {@link convexShare}). By Jensen, of the records of this
   * class, at least this share lie in failing classes at this node and at every finer one.
   */
  failingShare?: (fs: FrequencySet, cls: number) => number;
};


/**
 * A failing-share function from a convex excess `g` (0 on passing classes) and `point[v]`, g of a
 * class holding value v only. Parts of a class hold only the class's values, and a convex g is
 * largest at a single value, so the most a part can have is gMax = max point[v] over the class's
 * values (v in the histogram of slot `s`): the share is g / gMax. Undefined when no class can fail.
 */
function convexShare(g: (fs: FrequencySet, cls: number) => number, point: Float64Array, s: number): SensitiveCheck['failingShare'] {
  if (!point.some((x) => x > 0)) return undefined;
  return (fs, cls) => {
    const d = fs.domains[s]!;
    const h = fs.hists[s]!;
    let gMax = 0;
    for (let v = 0, b = cls * d; v < d; v++) if (h[b + v]! > 0 && point[v]! > gMax) gMax = point[v]!;
    if (gMax <= 0) return 0;
    return Math.min(1, Math.max(0, g(fs, cls)) / (gMax + SLACK));
  };
}

/** Distinct / entropy / recursive l-diversity of histogram `s` of class `cls`. */
export function lDiversityCheck(m: LDiversity, s: number): SensitiveCheck {
  const variant = m.variant ?? 'distinct';
  const l = m.l;
  const c = m.c ?? 1;
  const logL = Math.log2(l);
  const check: SensitiveCheck = (fs, cls) => {
    const d = fs.domains[s]!;
    const h = fs.hists[s]!;
    const base = cls * d;
    if (variant === 'distinct') {
      let distinct = 0;
      for (let v = 0; v < d; v++) if (h[base + v]! > 0 && ++distinct >= l) return true;
      return false;
    }
    if (variant === 'entropy' && m.estimator === 'grassberger') {
      // ARX EntropyLDiversity.isAnonymous: Σ f·ψ(f) ≤ n·(ψ(n) − ln l), ψ = G, and at least ⌈l⌉ values.
      const total = fs.counts[cls]!;
      const bound = total * (grassbergerG(total) - Math.log(l));
      let sum = 0;
      let distinct = 0;
      for (let v = 0; v < d; v++) {
        const x = h[base + v]!;
        if (x > 0) { distinct++; sum += x * grassbergerG(x); }
      }
      return distinct >= Math.ceil(l) && sum <= bound;
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
  check.minClassSize = true;
  if (variant === 'entropy' && m.estimator !== 'grassberger' && l > 1) {
    // Shannon entropy is concave in the shares, so g = log2 l − H is convex, and at most log2 l (H ≥ 0).
    check.failingShare = (fs, cls) => {
      const d = fs.domains[s]!;
      const h = fs.hists[s]!;
      const total = fs.counts[cls]!;
      let e = 0;
      for (let v = 0, b = cls * d; v < d; v++) { const x = h[b + v]!; if (x > 0) e -= (x / total) * Math.log2(x / total); }
      return Math.min(1, Math.max(0, logL - SLACK - e) / logL);
    };
  }
  return check;
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
  const d = overall.length;
  const extra = new Float64Array(d);
  const levelBufs = (parents ?? []).map((_, l) => [0, 1, 2].map(() => new Float64Array(sizes![l + 1]!)));
  // EMD of the shares in `extra` (share − table share per value); `extra` is overwritten.
  const emdOfExtra = (): number => {
    if (!parents || !sizes) {
      let sum = 0;
      for (let v = 0; v < d; v++) sum += Math.abs(extra[v]!);
      return sum / 2;
    }
    const height = parents.length;
    let cur: Float64Array = extra;
    let emd = 0;
    for (let l = 0; l < height; l++) {
      const par = parents[l]!;
      // Scratch per level, reused by every class (this check runs for each class of each node).
      const next = levelBufs[l]![0]!.fill(0);
      const pos = levelBufs[l]![1]!.fill(0);
      const neg = levelBufs[l]![2]!.fill(0);
      for (let v = 0; v < cur.length; v++) {
        const p = par[v]!;
        const e = cur[v]!;
        next[p]! += e;
        if (e > 0) pos[p]! += e; else neg[p]! -= e;
      }
      for (let p = 0; p < next.length; p++) emd += ((l + 1) / height) * Math.min(pos[p]!, neg[p]!);
      cur = next;
    }
    return emd;
  };
  const emdOf = (fs: FrequencySet, cls: number): number => {
    const h = fs.hists[s]!;
    const total = fs.counts[cls]!;
    const base = cls * d;
    for (let v = 0; v < d; v++) extra[v] = h[base + v]! / total - overall[v]!;
    return emdOfExtra();
  };
  const check: SensitiveCheck = (fs, cls) => emdOf(fs, cls) <= t;
  // Equal distance (half the L1 distance) is convex in the shares. The hierarchical formula,
  // Σ_inner (level/height)·min(pos, neg) = Σ_inner (level/height)·(Σ_child |e_child| − |e_inner|)/2,
  // regroups to Σ_node |e_node|/(2·height) (each node's parent is one level up) minus the top
  // level's |e|: convex (an EMD on a tree) when the top level is one root (e = 0 there).
  if (parents && sizes && sizes[sizes.length - 1] !== 1) return check;
  const point = new Float64Array(d);
  for (let only = 0; only < d; only++) {
    for (let v = 0; v < d; v++) extra[v] = (v === only ? 1 : 0) - overall[v]!;
    point[only] = emdOfExtra() - t;
  }
  const share = convexShare((fs, cls) => emdOf(fs, cls) - t - SLACK, point, s);
  if (share) check.failingShare = share;
  return check;
}
