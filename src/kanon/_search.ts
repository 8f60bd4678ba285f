/**
 * Optimal full-domain generalization over the lattice of hierarchy levels, in the manner of
 * ARX's Flash: nodes are visited bottom-up along greedy paths with a binary search on each
 * path, results are propagated (predictive tagging: anonymous ⇒ every coarser node anonymous,
 * not anonymous ⇒ every finer node not), and each checked node's classes are rolled up from
 * the smallest cached finer frequency set. The input is an encoded frequency set, so the same
 * search runs on classes computed in memory or by a SQL GROUP BY (kanon/sql).
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { groupBy, type FrequencySet, type LevelMaps } from './_freq.js';
import { classLoss, isMonotoneLoss, nodeBound, type MetricContext } from './_metrics.js';
import type { SensitiveCheck } from './_models.js';
import type { SampleEnforcer } from './_riskModels.js';
import { flashTraverse, strategyOrder } from './_flash.js';
import { nodeSets } from './_rollup.js';

// Losses are float sums whose last bits depend on summation order: two transformations with the
// same exact loss (19/48 reached two ways) can differ by an ulp. Within this relative tolerance
// losses tie, and the tie-break (least height, then first level vector) decides.
const sameLoss = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

/** Everything the lattice search needs, independent of where the classes came from. */
export interface SearchProblem {
  /** Classes at the bottom node (all levels 0). */
  readonly bottom: FrequencySet;
  readonly levelMaps: LevelMaps;
  /** Total records (the sum of `bottom.counts`). */
  readonly rows: number;
  /** Records that may be suppressed: ARX's floor(limit × rows). */
  readonly maxOutliers: number;
  readonly k: number;
  readonly sensitive: readonly SensitiveCheck[];
  /**
   * Least class size the whole model implies (k, or l of an l-diversity model): classes smaller
   * than this fail whatever else holds. Defaults to k.
   */
  readonly leastClassSize?: number;
  /** The privacy model is monotone under generalization with this suppression limit. */
  readonly monotone: boolean;
  readonly metric: MetricContext;
  /** Sample-based risk models (ARX RiskBasedCriterion) run after the per-class checks (`_riskModels.ts`). */
  readonly sample?: SampleEnforcer | undefined;
}

/** The optimum and how it was found. */
export interface SearchResult {
  readonly levels: number[];
  readonly loss: number;
  readonly outliers: number;
  readonly set: FrequencySet;
  readonly outlier: Uint8Array;
  /** Nodes whose classes were computed. */
  readonly checked: number;
  readonly latticeSize: number;
}

/** Marks classes failing the model; returns the number of records in them. */
export function markOutliers(
  p: Pick<SearchProblem, 'k' | 'sensitive'> & { readonly sample?: SampleEnforcer | undefined }, fs: FrequencySet, outlier: Uint8Array, levels?: ArrayLike<number>, limit = Number.POSITIVE_INFINITY,
): number {
  let outliers = 0;
  // ARX HashGroupify.isPrivacyModelFulfilled checks the minimal class size (k, l) first: an empty class
  // fails that, and only a δ-presence failure (no minimal size given) blocks the node.
  const sized = p.k > 1 || p.sensitive.some((c) => c.minClassSize);
  for (let i = 0; i < fs.size; i++) {
    if (fs.pcounts && fs.counts[i] === 0) {
      // ARX HashGroupify.analyzeAll: a class with no subset records is never suppressed; if it fails
      // δ-presence, nothing can be suppressed to fix it and the transformation fails.
      outlier[i] = 0;
      if (!sized) for (const check of p.sensitive) if (check.blocksEmpty && !check(fs, i)) outliers = Number.POSITIVE_INFINITY;
      continue;
    }
    let ok = fs.counts[i]! >= p.k;
    for (let s = 0; ok && s < p.sensitive.length; s++) ok = p.sensitive[s]!(fs, i);
    outlier[i] = ok ? 0 : 1;
    if (!ok) outliers += fs.counts[i]!;
  }
  return p.sample && levels && outliers !== Number.POSITIVE_INFINITY ? p.sample(fs, outlier, levels, limit) : outliers;
}

/** A node's classes and which of them fail the model. */
export interface NodeEvaluation {
  readonly set: FrequencySet;
  readonly outlier: Uint8Array;
  /** Records in failing classes: the node is anonymous within the limit when this is ≤ `maxOutliers`. */
  readonly outliers: number;
}

/**
 * Evaluates one node as the search does: rolls `source` (the bottom set or the set of any finer
 * node) up to `levels` and marks the classes failing the model.
 */
export function evaluateNode(
  p: Pick<SearchProblem, 'k' | 'sensitive' | 'levelMaps'> & Partial<Pick<SearchProblem, 'sample' | 'maxOutliers'>>, source: FrequencySet, levels: ArrayLike<number>,
): NodeEvaluation {
  const set = groupBy({ kind: 'freq', set: source }, p.levelMaps, levels);
  const outlier = new Uint8Array(set.size);
  return { set, outlier, outliers: markOutliers(p, set, outlier, levels, p.maxOutliers) };
}

/**
 * A lower bound on the records that fail the model at this node and at every finer node, monotone
 * (never rising) under generalization; `outlier` marks the node's failing classes. Per class, φ =
 * its size when below the least class size, else size × the largest `failingShare` of a failing
 * class (0 for a passing one). Soundness: a finer node splits each class C into parts; parts of
 * passing classes are at least the least size and inside each convex model's passing set, so by
 * Jensen g(C)·|C| ≤ Σ_parts g(part)·|part| ≤ gMax × (records in failing parts), and a class under the
 * least size splits into parts under it. The same inequalities make φ subadditive when classes
 * merge, so the sum never rises towards the top. Stops counting once above `stopAbove`.
 */
export function failingBound(checks: readonly SensitiveCheck[], least: number, fs: FrequencySet, outlier: Uint8Array, stopAbove: number): number {
  let phi = 0;
  for (let i = 0; i < fs.size && phi <= stopAbove; i++) {
    const c = fs.counts[i]!;
    if (c === 0 || !outlier[i]) continue;
    if (c < least) { phi += c; continue; }
    let share = 0;
    for (const check of checks) if (check.failingShare) share = Math.max(share, check.failingShare(fs, i));
    phi += c * share;
  }
  // Float sums: a bound within rounding of the limit does not prune.
  return phi - 1e-6 * (1 + phi);
}

const UNKNOWN = 0;
const FEASIBLE = 1;
const INFEASIBLE = 2;

/** Node numbering of the lattice (mixed radix, first column most significant) and its bottom-up order. */
function lattice(depths: readonly number[]): { total: number; stride: Int32Array; order: Int32Array; heightOf: Int32Array } {
  const w = depths.length;
  const stride = new Int32Array(w);
  let total = 1;
  for (let c = w - 1; c >= 0; c--) { stride[c] = total; total *= depths[c]!; }
  if (total > 1 << 26) throw new CustodiaError('INVALID_ARGUMENT', 'generalization lattice too large (over 2^26 nodes)', { field: 'quasiIdentifiers' });
  // Heights by counting up the mixed radix; order by height, then by index (a counting sort).
  const heightOf = new Int32Array(total);
  const lv = new Int32Array(w);
  let maxHeight = 0;
  for (let node = 0, h = 0; node < total; node++) {
    heightOf[node] = h;
    if (h > maxHeight) maxHeight = h;
    for (let c = w - 1; c >= 0; c--) {
      lv[c]!++;
      h++;
      if (lv[c]! < depths[c]!) break;
      h -= lv[c]!;
      lv[c] = 0;
    }
  }
  const start = new Int32Array(maxHeight + 2);
  for (let node = 0; node < total; node++) start[heightOf[node]! + 1]!++;
  for (let h = 1; h < start.length; h++) start[h]! += start[h - 1]!;
  const order = new Int32Array(total);
  for (let node = 0; node < total; node++) order[start[heightOf[node]!]!++] = node;
  return { total, stride, order, heightOf };
}

/** Finds the transformation with least loss satisfying the model within the suppression limit. */
export function searchLattice(p: SearchProblem): SearchResult {
  const depths = p.levelMaps.byLevel.map((l) => l.length);
  const w = depths.length;
  const { total, stride, order, heightOf } = lattice(depths);
  const levelOf = (node: number, c: number): number => Math.floor(node / stride[c]!) % depths[c]!;
  const decode = (node: number, out: Int32Array): Int32Array => { for (let c = 0; c < w; c++) out[c] = levelOf(node, c); return out; };

  const tag = new Uint8Array(total);
  const lossOf = new Float64Array(total).fill(Number.NaN);
  const boundOf = new Float64Array(total).fill(Number.NaN);
  const sets = nodeSets(p.bottom, p.levelMaps);
  const scratch = new Int32Array(w);
  // The search reads a node's outlier marks only until the next evaluation.
  const marks = new Uint8Array(p.bottom.size);
  let checked = 0;

  const evaluate = (node: number): { set: FrequencySet; outlier: Uint8Array; outliers: number; levels: Int32Array } => {
    const levels = decode(node, new Int32Array(w));
    const set = sets.classes(levels);
    const outlier = marks.subarray(0, set.size);
    return { set, outlier, outliers: markOutliers(p, set, outlier, levels, p.maxOutliers), levels };
  };

  const propagate = (start: number, value: number): void => {
    const stack = [start];
    while (stack.length) {
      const node = stack.pop()!;
      for (let c = 0; c < w; c++) {
        const l = levelOf(node, c);
        const next = value === FEASIBLE ? (l + 1 < depths[c]! ? node + stride[c]! : -1) : l > 0 ? node - stride[c]! : -1;
        if (next >= 0 && tag[next] !== value) { tag[next] = value; stack.push(next); }
      }
    }
  };

  // A node of a monotone model: evaluated, tagged, and the tag propagated; the loss kept if anonymous.
  const check = (node: number): boolean => {
    if (tag[node] !== UNKNOWN) return tag[node] === FEASIBLE;
    const ev = evaluate(node);
    checked++;
    const ok = ev.outliers <= p.maxOutliers;
    tag[node] = ok ? FEASIBLE : INFEASIBLE;
    if (ok) {
      const e = classLoss(p.metric, ev.levels, ev.set, ev.outlier);
      lossOf[node] = e.loss;
      boundOf[node] = e.bound;
      if (e.loss < bestSeen) bestSeen = e.loss;
    }
    propagate(node, tag[node]!);
    return ok;
  };

  // Records in classes below the least class size: the part of any model that stays monotone with
  // suppression (classes only merge upwards). Over the limit, the node and every finer node fail.
  const least = Math.max(p.k, p.leastClassSize ?? 1);
  const checkSize = (node: number): boolean => {
    if (tag[node] !== UNKNOWN) return tag[node] === FEASIBLE;
    const set = sets.classes(decode(node, new Int32Array(w)), true);
    checked++;
    let small = 0;
    for (let i = 0; i < set.size; i++) { const c = set.counts[i]!; if (c > 0 && c < least) small += c; }
    tag[node] = small <= p.maxOutliers ? FEASIBLE : INFEASIBLE;
    propagate(node, tag[node]!);
    return tag[node] === FEASIBLE;
  };

  // The monotone bound of a non-monotone model (see `failingBound`): a full evaluation that also
  // yields the node's suppressed records and, within the limit, its loss. Over the limit, the node
  // and every finer node fail; otherwise every coarser node passes the bound (not the model).
  const evaluatedOutliers = new Float64Array(total).fill(Number.NaN);
  const checkBound = (node: number): boolean => {
    if (tag[node] !== UNKNOWN) return tag[node] === FEASIBLE;
    const ev = evaluate(node);
    checked++;
    evaluatedOutliers[node] = ev.outliers;
    let ok = ev.outliers <= p.maxOutliers;
    if (ok) {
      const e = classLoss(p.metric, ev.levels, ev.set, ev.outlier);
      lossOf[node] = e.loss;
      if (e.loss < bestSeen) bestSeen = e.loss;
    } else {
      ok = failingBound(p.sensitive, least, ev.set, ev.outlier, p.maxOutliers) <= p.maxOutliers;
    }
    tag[node] = ok ? FEASIBLE : INFEASIBLE;
    propagate(node, tag[node]!);
    return ok;
  };

  // Flash in ARX's order (`_flash.ts`).
  const shape = { total, depths, stride, heightOf, order };
  const strategy = strategyOrder(shape, p.levelMaps.sizes);
  const flash = (test: (node: number) => boolean, relevant: (node: number) => boolean): void =>
    flashTraverse(shape, strategy, (node) => tag[node] !== UNKNOWN, test, relevant);

  // With suppression and a loss that is not monotone, every anonymous node is a candidate. A node
  // whose lower bound (valid for it and every coarser node) exceeds the loss of an anonymous node
  // already found cannot be, nor lead to, the optimum: paths stop before such nodes, so they are
  // neither checked nor tagged. Every minimal anonymous node that could still be optimal is checked.
  // Measured on Adult, this pays off only then (Heuristic#4: 768 checks instead of 2,770); with a
  // monotone loss full paths tag more nodes per check (KAnonymity#1: 734 instead of 759).
  const prune = p.monotone && p.maxOutliers > 0 && !isMonotoneLoss(p.metric.metric);
  const lower = prune ? Float64Array.from({ length: total }, (_, node) => nodeBound(p.metric, decode(node, scratch))) : undefined;
  let bestSeen = Number.POSITIVE_INFINITY;
  const relevant = (node: number): boolean => !lower || lower[node]! <= bestSeen || sameLoss(lower[node]!, bestSeen);

  if (p.monotone) {
    flash(check, relevant);
  } else {
    // Not monotone under suppression. First the least-class-size part alone, which is monotone, by
    // Flash on counts only: nodes where it fails need no further look. Then the others best-first by
    // the lower bound of the loss (valid for the node and every coarser one, and growing with
    // generalization, so a node's finer neighbours come before it): once a bound exceeds the least
    // loss found, no node left can be the optimum.
    // With convex per-class models (t-closeness, entropy l-diversity, β-likeness) the bound is much
    // tighter than the class sizes alone; sample-based risk models suppress more and are left out.
    if (!p.sample && p.sensitive.some((c) => c.failingShare)) flash(checkBound, () => true);
    else if (least > 1) flash(checkSize, () => true);
    const bound = Float64Array.from({ length: total }, (_, node) => nodeBound(p.metric, decode(node, scratch)));
    const rank = new Int32Array(total);
    order.forEach((node, i) => { rank[node] = i; });
    const byBound = Int32Array.from(order).sort((a, b) => bound[a]! - bound[b]! || rank[a]! - rank[b]!);
    for (const node of byBound) {
      if (bound[node]! > bestSeen && !sameLoss(bound[node]!, bestSeen)) break;
      if (tag[node] === INFEASIBLE || !Number.isNaN(evaluatedOutliers[node]!)) continue;
      const ev = evaluate(node);
      checked++;
      if (ev.outliers > p.maxOutliers) continue;
      const e = classLoss(p.metric, ev.levels, ev.set, ev.outlier);
      lossOf[node] = e.loss;
      if (e.loss < bestSeen) bestSeen = e.loss;
    }
  }
  let best = -1;
  let bestLoss = Number.POSITIVE_INFINITY;
  const consider = (node: number, loss: number): void => {
    const tie = best >= 0 && sameLoss(loss, bestLoss);
    if (((best < 0 || loss < bestLoss) && !tie) || (tie && (heightOf[node]! < heightOf[best]! || (heightOf[node] === heightOf[best] && node < best)))) {
      best = node;
      bestLoss = loss;
    }
  };
  if (!p.monotone || isMonotoneLoss(p.metric.metric) || p.maxOutliers === 0) {
    // Monotone loss: the optimum is a minimal anonymous node, and every one of those was checked.
    for (const node of order) if (!Number.isNaN(lossOf[node]!)) consider(node, lossOf[node]!);
  } else {
    // Non-monotone loss (suppression): visit anonymous nodes bottom-up, pruning by lower bounds.
    const pruned = new Uint8Array(total);
    const pruneAbove = (node: number): void => {
      for (let c = 0; c < w; c++) if (levelOf(node, c) + 1 < depths[c]!) pruned[node + stride[c]!] = 1;
    };
    // Start from the best checked node: a strong bound before the first extra evaluation.
    for (const node of order) if (!Number.isNaN(lossOf[node]!)) consider(node, lossOf[node]!);
    for (const node of order) {
      if (tag[node] !== FEASIBLE) continue;
      if (pruned[node]) { pruneAbove(node); continue; }
      if (Number.isNaN(lossOf[node]!)) {
        const bound = nodeBound(p.metric, decode(node, scratch));
        if (bound > bestLoss && !sameLoss(bound, bestLoss)) { pruneAbove(node); continue; }
        const ev = evaluate(node);
        const e = classLoss(p.metric, ev.levels, ev.set, ev.outlier);
        lossOf[node] = e.loss;
        boundOf[node] = e.bound;
        checked++;
      }
      if (boundOf[node]! > bestLoss && !sameLoss(boundOf[node]!, bestLoss)) pruneAbove(node);
      consider(node, lossOf[node]!);
    }
  }
  if (best < 0) throw new CustodiaError('NO_SOLUTION', 'no transformation satisfies the privacy model within the suppression limit');
  const ev = evaluate(best);
  return { levels: Array.from(ev.levels), loss: bestLoss, outliers: ev.outliers, set: ev.set, outlier: ev.outlier.slice(), checked, latticeSize: total };
}
