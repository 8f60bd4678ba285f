/**
 * Heuristic lattice search for lattices too large to enumerate, after ARX's Lightning
 * (org.deidentifier.arx.algorithm.LIGHTNINGAlgorithm; Prasser et al., "Lightning: Utility-Driven
 * Anonymization of High-Dimensional Data", TDP 9(2), 2016): best-first bottom-up search ordered by
 * information loss, every `stepping`-th step (the top node's height) a greedy ascent (a depth-first
 * walk to the successor of least loss), pruning nodes whose lower bound exceeds the best loss
 * found, stopping at a node or time budget.
 *
 * Two changes to Lightning: the greedy ascent stops at a node that is pruned (Lightning walks on to
 * the top), and the top node is checked first, so a feasible answer exists from the first step
 * whenever the top is feasible. What is reported besides the answer is a proven lower bound: the
 * bottom node is checked and every expanded node has all its successors checked, so every node not
 * checked lies above a checked node that was not expanded, and the bound of that node (valid for it
 * and every coarser node, see `classLoss`) bounds it. The least of those bounds and the best loss
 * found bounds the optimum from below. When the queue runs empty the answer is the optimum under the
 * same tie-break as the optimal search (least loss, least height, first level vector).
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { classLoss } from './_metrics.js';
import { nodeSets } from './_rollup.js';
import { evaluateNode, markOutliers, type NodeEvaluation, type SearchProblem, type SearchResult } from './_search.js';

/** Limits of the heuristic search: it stops at whichever is reached first. */
export interface HeuristicBudget {
  /** Most nodes whose classes are computed (ARX's heuristic search step limit, checks). */
  readonly maxNodes?: number;
  /** Most milliseconds of search (ARX's heuristic search time limit). */
  readonly maxMillis?: number;
}

/** How far the heuristic's answer can be from the optimum. */
export interface HeuristicReport {
  /** The loss is proven optimal: the search ran out of nodes to expand, or the lower bound reached the loss. */
  proven: boolean;
  /** No transformation satisfying the model has less loss than this (a proof, from the nodes checked). */
  lowerBound: number;
  /** `informationLoss − lowerBound`: 0 when proven. */
  gap: number;
  /** Checked nodes not expanded: the unsearched part of the lattice lies above them. */
  openNodes: number;
  /** What stopped the search before it ran out of nodes, if anything. */
  stoppedBy?: 'nodes' | 'time';
}

/** The search result plus its report. */
export interface HeuristicResult extends SearchResult {
  readonly report: HeuristicReport;
}

const sameLoss = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

interface Node {
  readonly levels: Int32Array;
  readonly key: string;
  readonly height: number;
  loss: number;
  bound: number;
  feasible: boolean;
  expanded: boolean;
  pruned: boolean;
  queued: boolean;
}

/** a before b: less loss, then less height, then the first level vector (the optimal search's tie-break). */
function before(a: Node, b: Node): boolean {
  if (!sameLoss(a.loss, b.loss)) return a.loss < b.loss;
  if (a.height !== b.height) return a.height < b.height;
  for (let c = 0; c < a.levels.length; c++) if (a.levels[c] !== b.levels[c]) return a.levels[c]! < b.levels[c]!;
  return false;
}

/** Binary min-heap of nodes ordered by {@link before}. */
class NodeQueue {
  readonly items: Node[] = [];
  push(n: Node): void {
    const h = this.items;
    h.push(n);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): Node | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** Lightning-style best-first search within a budget; see the module comment for what it proves. */
export function searchHeuristic(p: SearchProblem, budget: HeuristicBudget = {}): HeuristicResult {
  const depths = p.levelMaps.byLevel.map((l) => l.length);
  const w = depths.length;
  let latticeSize = 1;
  for (const d of depths) latticeSize *= d;
  const maxNodes = budget.maxNodes ?? Number.POSITIVE_INFINITY;
  const maxMillis = budget.maxMillis ?? Number.POSITIVE_INFINITY;
  const start = Date.now();
  const nodes = new Map<string, Node>();
  const sets = nodeSets(p.bottom, p.levelMaps);
  let checked = 0;
  let stoppedBy: 'nodes' | 'time' | undefined;
  let best: Node | undefined;

  const nodeOf = (levels: Int32Array): Node => {
    const key = String.fromCharCode(...levels);
    let n = nodes.get(key);
    if (!n) {
      let height = 0;
      for (const l of levels) height += l;
      n = { levels, key, height, loss: Number.NaN, bound: Number.NaN, feasible: false, expanded: false, pruned: false, queued: false };
      nodes.set(key, n);
    }
    return n;
  };
  const mustStop = (): boolean => {
    if (stoppedBy) return true;
    if (checked >= maxNodes) stoppedBy = 'nodes';
    else if (maxMillis !== Number.POSITIVE_INFINITY && Date.now() - start > maxMillis) stoppedBy = 'time';
    return stoppedBy !== undefined;
  };
  // Classes of a node rolled up from the smallest finer node the optimal search's roll-up keeps (the node just expanded, mostly).
  const classesOf = (levels: Int32Array): NodeEvaluation => {
    const set = sets.classes(levels);
    const outlier = new Uint8Array(set.size);
    return { set, outlier, outliers: markOutliers(p, set, outlier, levels, p.maxOutliers) };
  };
  const check = (n: Node): void => {
    if (!Number.isNaN(n.loss)) return;
    const ev = classesOf(n.levels);
    checked++;
    const e = classLoss(p.metric, n.levels, ev.set, ev.outlier);
    n.loss = e.loss;
    n.bound = e.bound;
    n.feasible = ev.outliers <= p.maxOutliers;
    if (n.feasible && (!best || before(n, best))) best = n;
  };
  const prunable = (n: Node): boolean => best !== undefined && n !== best && n.bound > best.loss && !sameLoss(n.bound, best.loss);
  const queue = new NodeQueue();
  const enqueue = (n: Node): void => {
    if (!n.queued) { n.queued = true; queue.push(n); }
  };
  // Checks every successor (unless expanded or pruned) and queues it; returns the one of least loss.
  const expand = (n: Node): Node | undefined => {
    let result: Node | undefined;
    for (let c = 0; c < w; c++) {
      if (n.levels[c]! + 1 >= depths[c]!) continue;
      const next = Int32Array.from(n.levels);
      next[c]!++;
      const s = nodeOf(next);
      if (!s.expanded && !s.pruned) {
        check(s);
        enqueue(s);
        if (!result || before(s, result)) result = s;
      }
      if (mustStop()) return undefined;
    }
    n.expanded = true;
    return result;
  };

  const bottom = nodeOf(new Int32Array(w));
  const top = nodeOf(Int32Array.from(depths, (d) => d - 1));
  check(top);
  if (!top.feasible && p.monotone) throw new CustodiaError('NO_SOLUTION', 'no transformation satisfies the privacy model within the suppression limit');
  check(bottom);
  enqueue(bottom);
  const stepping = Math.max(1, top.height);
  let step = 0;
  while (!mustStop()) {
    let n = queue.pop();
    if (!n) break;
    n.queued = false;
    if (n.expanded) continue;
    if (prunable(n)) { n.pruned = true; continue; }
    step++;
    if (step % stepping !== 0) { expand(n); continue; }
    // Greedy ascent: follow the successor of least loss while it can still improve on the best.
    for (;;) {
      const next = expand(n);
      if (!next || mustStop() || prunable(next)) break;
      n = next;
    }
  }
  if (!best) {
    throw new CustodiaError('NO_SOLUTION', stoppedBy
      ? 'no transformation satisfying the privacy model was found within the heuristic search budget'
      : 'no transformation satisfies the privacy model within the suppression limit');
  }
  // Lower bound: every unchecked node lies above a checked node that was not expanded.
  let lowerBound = best.loss;
  let openNodes = 0;
  for (const n of nodes.values()) {
    if (Number.isNaN(n.loss) || n.expanded) continue;
    openNodes++;
    if (n.bound < lowerBound) lowerBound = n.bound;
  }
  const proven = !stoppedBy || sameLoss(lowerBound, best.loss);
  const ev = evaluateNode(p, p.bottom, best.levels);
  const report: HeuristicReport = { proven, lowerBound: proven ? best.loss : lowerBound, gap: proven ? 0 : best.loss - lowerBound, openNodes, ...(stoppedBy ? { stoppedBy } : {}) };
  return { levels: Array.from(best.levels), loss: best.loss, outliers: ev.outliers, set: ev.set, outlier: ev.outlier, checked, latticeSize, report };
}
