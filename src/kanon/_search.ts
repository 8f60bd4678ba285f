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

const UNKNOWN = 0;
const FEASIBLE = 1;
const INFEASIBLE = 2;

/** Finds the transformation with least loss satisfying the model within the suppression limit. */
export function searchLattice(p: SearchProblem): SearchResult {
  const depths = p.levelMaps.byLevel.map((l) => l.length);
  const w = depths.length;
  const stride = new Array<number>(w);
  let total = 1;
  for (let c = w - 1; c >= 0; c--) { stride[c] = total; total *= depths[c]!; }
  if (total > 1 << 26) throw new CustodiaError('INVALID_ARGUMENT', 'generalization lattice too large (over 2^26 nodes)', { field: 'quasiIdentifiers' });
  const levelOf = (node: number, c: number): number => Math.floor(node / stride[c]!) % depths[c]!;
  const decode = (node: number, out: Int32Array): Int32Array => { for (let c = 0; c < w; c++) out[c] = levelOf(node, c); return out; };
  const heightOf = new Int32Array(total);
  for (let node = 0; node < total; node++) { let s = 0; for (let c = 0; c < w; c++) s += levelOf(node, c); heightOf[node] = s; }
  // Bottom-up order: by height, then by index (lexicographic, first column most significant).
  const order = Int32Array.from({ length: total }, (_, i) => i).sort((a, b) => heightOf[a]! - heightOf[b]! || a - b);

  const tag = new Uint8Array(total);
  const lossOf = new Float64Array(total).fill(Number.NaN);
  const boundOf = new Float64Array(total).fill(Number.NaN);
  const cache: { levels: Int32Array; set: FrequencySet }[] = [{ levels: new Int32Array(w), set: p.bottom }];
  const scratch = new Int32Array(w);
  let checked = 0;
  let cached = 0;

  const evaluate = (node: number): { set: FrequencySet; outlier: Uint8Array; outliers: number; levels: Int32Array } => {
    const levels = decode(node, new Int32Array(w));
    let src = cache[0]!.set;
    for (const e of cache) {
      if (e.set.size >= src.size) continue;
      let below = true;
      for (let c = 0; c < w && below; c++) below = e.levels[c]! <= levels[c]!;
      if (below) src = e.set;
    }
    const { set, outlier, outliers } = evaluateNode(p, src, levels);
    // Memory stays bounded: at most 32 sets holding, together, no more classes than the bottom.
    if (set.size <= p.bottom.size) {
      cache.push({ levels, set });
      cached += set.size;
      while (cache.length > 33 || (cached > p.bottom.size && cache.length > 1)) cached -= cache.splice(1, 1)[0]!.set.size;
    }
    return { set, outlier, outliers, levels };
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
    if (p.monotone) propagate(node, tag[node]!);
    return ok;
  };

  // With suppression the frontier is wide and low. A node whose lower bound (valid for it and every
  // coarser node) exceeds the loss of an anonymous node already found cannot be, nor lead to, the
  // optimum: paths stop before such nodes, so they are neither checked nor tagged. Every minimal
  // anonymous node that could still be optimal is checked. Measured on Adult, this pays off only
  // with suppression; without it, full paths tag more nodes per check.
  const prune = p.monotone && p.maxOutliers > 0;
  const lower = prune ? Float64Array.from({ length: total }, (_, node) => nodeBound(p.metric, decode(node, scratch))) : undefined;
  let bestSeen = Number.POSITIVE_INFINITY;
  const relevant = (node: number): boolean => !lower || lower[node]! <= bestSeen || sameLoss(lower[node]!, bestSeen);

  if (p.monotone) {
    for (const start of order) {
      if (tag[start] !== UNKNOWN || !relevant(start)) continue;
      const path = [start];
      for (let cur = start; ;) {
        let next = -1;
        for (let c = 0; c < w && next < 0; c++)
          if (levelOf(cur, c) + 1 < depths[c]! && tag[cur + stride[c]!] === UNKNOWN && relevant(cur + stride[c]!)) next = cur + stride[c]!;
        if (next < 0) break;
        path.push(next);
        cur = next;
      }
      let lo = 0;
      let hi = path.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (check(path[mid]!)) hi = mid - 1; else lo = mid + 1;
      }
    }
  } else {
    for (const node of order) check(node);
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
  return { levels: Array.from(ev.levels), loss: bestLoss, outliers: ev.outliers, set: ev.set, outlier: ev.outlier, checked, latticeSize: total };
}
