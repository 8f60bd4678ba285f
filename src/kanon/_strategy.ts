/**
 * Which lattice search runs: the optimal search when the lattice is small enough to enumerate (ARX's
 * `heuristicSearchThreshold`, 100,000 nodes by default), the heuristic otherwise or when asked.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { searchHeuristic, type HeuristicReport } from './_heuristic.js';
import { searchLattice, type SearchProblem, type SearchResult } from './_search.js';

/**
 * Options of the heuristic search (`algorithm: 'heuristic'`, or a lattice over `threshold` nodes).
 * @example
 * ```ts
 * const heuristic: HeuristicOptions = { maxNodes: 2000 };
 * const out = anonymize(rows, { quasiIdentifiers, k: 5, algorithm: 'heuristic', heuristic });
 * out.stats.heuristic?.gap; // how far the loss can be above the optimum
 * ```
 */
export interface HeuristicOptions {
  /** Most lattice nodes to evaluate (ARX's step limit, in checks). */
  readonly maxNodes?: number;
  /** Most milliseconds to search (ARX's time limit). Default 30,000 when neither limit is given, as ARX. */
  readonly maxMillis?: number;
  /** Lattices with more nodes than this use the heuristic unless `algorithm: 'optimal'` (default 100,000, ARX's threshold). */
  readonly threshold?: number;
}

/** ARX's defaults: ARXConfiguration.getHeuristicSearchThreshold() and getHeuristicSearchTimeLimit(). */
export const DEFAULT_THRESHOLD = 100_000;
export const DEFAULT_MILLIS = 30_000;

const positive = (v: unknown, field: string, integer: boolean): number | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v > 0) || (integer && !Number.isInteger(v)))
    throw new CustodiaError('INVALID_ARGUMENT', `${field} must be a positive ${integer ? 'integer' : 'number'}`, { field });
  return v;
};

/** Checks `algorithm` and `heuristic`; bad input is INVALID_ARGUMENT naming the field. */
export function readHeuristic(algorithm: unknown, heuristic: unknown): HeuristicOptions {
  if (algorithm !== undefined && algorithm !== 'optimal' && algorithm !== 'heuristic' && algorithm !== 'mondrian')
    throw new CustodiaError('INVALID_ARGUMENT', 'algorithm must be optimal, heuristic or mondrian', { field: 'algorithm' });
  if (heuristic === undefined) return {};
  if (typeof heuristic !== 'object' || heuristic === null || Array.isArray(heuristic))
    throw new CustodiaError('INVALID_ARGUMENT', 'heuristic must be an object { maxNodes?, maxMillis?, threshold? }', { field: 'heuristic' });
  const h = heuristic as Record<string, unknown>;
  const maxNodes = positive(h['maxNodes'], 'heuristic.maxNodes', true);
  const maxMillis = positive(h['maxMillis'], 'heuristic.maxMillis', false);
  const threshold = positive(h['threshold'], 'heuristic.threshold', true);
  return { ...(maxNodes ? { maxNodes } : {}), ...(maxMillis ? { maxMillis } : {}), ...(threshold ? { threshold } : {}) };
}

/** The search that ran, its result and, for the heuristic, how far from proven-optimal it is. */
export interface Searched {
  readonly algorithm: 'optimal' | 'heuristic';
  readonly result: SearchResult;
  readonly report?: HeuristicReport;
}

/** Runs the optimal search when asked or when the lattice fits under the threshold, else the heuristic. */
export function runSearch(p: SearchProblem, algorithm: 'optimal' | 'heuristic' | undefined, h: HeuristicOptions): Searched {
  let size = 1;
  for (const l of p.levelMaps.byLevel) size *= l.length;
  if (algorithm === 'optimal' || (algorithm === undefined && size <= (h.threshold ?? DEFAULT_THRESHOLD))) return { algorithm: 'optimal', result: searchLattice(p) };
  const budget = h.maxNodes === undefined && h.maxMillis === undefined ? { maxMillis: DEFAULT_MILLIS } : h;
  const result = searchHeuristic(p, budget);
  return { algorithm: 'heuristic', result, report: result.report };
}
