/**
 * ARX's metric options (org.deidentifier.arx.metric.MetricConfiguration): the gs-factor, the
 * aggregate function over quasi-identifiers and attribute weights, for the metrics that take them.
 * - gs-factor (Metric(…, gsFactor)): sFactor = gs < 0.5 ? 2·gs : 1, gFactor = gs ≤ 0.5 ? 1 : 1 − 2·(gs − 0.5);
 *   0.5 (ARX's default) weights generalization and suppression alike.
 * - aggregate (Metric.AggregateFunction, v2.ILMultiDimensional*): SUM Σ v·w; MAXIMUM max(0, v·w);
 *   ARITHMETIC_MEAN Σ (v/d)·w; GEOMETRIC_MEAN Π (v·w + 1)^(1/d) − 1; RANK the v·w sorted descending,
 *   compared lexicographically (ILMultiDimensionalRank; its scalar is Π (v + 1)^(1/d) − 1, unweighted).
 * - weights (ARXConfiguration.setAttributeWeight, default 0.5): divided by the largest, all 1 when
 *   the largest is 0 (AbstractMetricMultiDimensional.initializeInternal).
 * Per-attribute values, each ARX class's getInformationLossInternal:
 * - loss (MetricMDNMLoss): (Σ kept |E|·share·g + Σ suppressed (s = 1 ? |E| : |E|·share + s·(|E| − |E|·share)) − g·n/dom)
 *   / (n − g·n/dom), at least 0, rounded down to 10 decimals;
 * - entropy (MetricMDNUEntropyPrecomputed): round(−g·Σ a·log2(a/b)); non-monotonic (MetricMDNUNMEntropyPrecomputed)
 *   adds s·Σ_v s_v·log2(s_v/S) over suppressed records before the sign switch;
 * - precision (MetricMDNMPrecision): (kept·g·level/height + suppressed·s) / n; monotonic (MetricMDPrecision): g·level/height;
 * - height (MetricMDHeight): the level (no gs-factor);
 * - aecs (MetricSDAECS, factors switched on purpose in ARX): n / (kept classes·s + (anything suppressed ? g : 0)).
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import type { EncodedColumn } from './_encode.js';
import type { FrequencySet } from './_freq.js';
import type { Evaluation, MetricContext, MetricKind } from './_metrics.js';

/**
 * ARX's aggregate functions over quasi-identifiers (Metric.AggregateFunction).
 * @example
 * ```ts
 * const f: AggregateFunction = 'arithmetic-mean';
 * anonymize(rows, { quasiIdentifiers, k: 5, metric: { name: 'loss', aggregate: f } });
 * ```
 */
export type AggregateFunction = 'sum' | 'maximum' | 'arithmetic-mean' | 'geometric-mean' | 'rank';

const AGGREGATES: readonly AggregateFunction[] = ['sum', 'maximum', 'arithmetic-mean', 'geometric-mean', 'rank'];
const DEFAULT_AGGREGATE: Partial<Record<MetricKind, AggregateFunction>> = {
  loss: 'geometric-mean', entropy: 'sum', 'entropy-nm': 'sum', precision: 'arithmetic-mean', height: 'sum',
};

/** Resolved options of a metric: factors, aggregate, weights normalized per quasi-identifier. */
export interface MetricSettings {
  readonly gFactor: number;
  readonly sFactor: number;
  readonly aggregate: AggregateFunction;
  readonly weights: Float64Array;
  /** ARX's MetricMDPrecision (monotonic precision) instead of MetricMDNMPrecision. */
  readonly monotonicPrecision: boolean;
}

const bad = (field: string, rule: string): CustodiaError => new CustodiaError('INVALID_ARGUMENT', `${field} ${rule}`, { field });

/**
 * Reads gsFactor / aggregate / weights / precision's `monotonic` from `options.metric`. Returns
 * undefined when none is given (the ARX defaults, computed by the plain code path).
 */
export function resolveMetricSettings(choice: unknown, kind: MetricKind, qis: readonly string[]): MetricSettings | undefined {
  if (typeof choice !== 'object' || choice === null) return undefined;
  const { gsFactor, aggregate, weights, monotonic, name } = choice as { gsFactor?: unknown; aggregate?: unknown; weights?: unknown; monotonic?: unknown; name?: unknown };
  const monotonicPrecision = name === 'precision' && monotonic === true;
  if (gsFactor === undefined && aggregate === undefined && weights === undefined && !monotonicPrecision) return undefined;
  const multi = DEFAULT_AGGREGATE[kind];
  if (gsFactor !== undefined) {
    if (kind === 'discernibility' || kind === 'dm-star' || kind === 'height') throw bad('metric.gsFactor', 'applies to loss, entropy, precision and aecs only');
    if (typeof gsFactor !== 'number' || !(gsFactor >= 0 && gsFactor <= 1)) throw bad('metric.gsFactor', 'must be a number from 0 to 1');
  }
  if (aggregate !== undefined) {
    if (!multi) throw bad('metric.aggregate', 'applies to loss, entropy, precision and height only');
    if (!AGGREGATES.includes(aggregate as AggregateFunction)) throw bad('metric.aggregate', `must be one of ${AGGREGATES.join(', ')}`);
  }
  const w = new Float64Array(qis.length).fill(0.5);
  if (weights !== undefined) {
    if (!multi) throw bad('metric.weights', 'applies to loss, entropy, precision and height only');
    if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) throw bad('metric.weights', 'must be an object of quasi-identifier weights');
    for (const [key, v] of Object.entries(weights)) {
      const i = qis.indexOf(key);
      if (i < 0) throw bad('metric.weights', 'names a column that is not a quasi-identifier');
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad(`metric.weights.${key}`, 'must be a finite number of at least 0');
      w[i] = v;
    }
  }
  const max = w.reduce((m, x) => Math.max(m, x), 0);
  for (let i = 0; i < w.length; i++) w[i] = max === 0 ? 1 : w[i]! / max;
  const gs = (gsFactor as number | undefined) ?? 0.5;
  return {
    sFactor: gs < 0.5 ? 2 * gs : 1,
    gFactor: gs <= 0.5 ? 1 : 1 - 2 * (gs - 0.5),
    aggregate: (aggregate as AggregateFunction | undefined) ?? multi ?? 'sum',
    weights: w,
    monotonicPrecision,
  };
}

const round = (x: number): number => Math.floor(x * 1e10) / 1e10;

/** ARX's aggregation of per-attribute values (ILMultiDimensional*); RANK gives its scalar mean. */
export function aggregateValues(values: ArrayLike<number>, weights: ArrayLike<number>, fn: AggregateFunction): number {
  const d = values.length;
  let r = fn === 'geometric-mean' || fn === 'rank' ? 1 : 0;
  for (let i = 0; i < d; i++) {
    const v = values[i]!;
    const w = weights[i]!;
    if (fn === 'sum') r += v * w;
    else if (fn === 'maximum') r = Math.max(r, v * w);
    else if (fn === 'arithmetic-mean') r += (v / d) * w;
    else if (fn === 'geometric-mean') r *= Math.pow(v * w + 1, 1 / d);
    else r *= Math.pow(v + 1, 1 / d);
  }
  if (fn === 'geometric-mean' || fn === 'rank') return r - 1;
  return fn === 'sum' && !Number.isFinite(r) ? Number.MAX_VALUE : r;
}

/** RANK's comparable vector: v·w sorted descending (ILMultiDimensionalRank.getAggregate). */
export function rankVector(values: ArrayLike<number>, weights: ArrayLike<number>): number[] {
  return Array.from(values, (v, i) => v * weights[i]!).sort((a, b) => b - a);
}

/** Per-attribute values (ARX's vector before aggregation) and per-attribute lower bounds valid for coarser nodes. */
export function dimensionValues(ctx: MetricContext, s: MetricSettings, levels: ArrayLike<number>, fs: FrequencySet, outlier: Uint8Array): { values: Float64Array; bound: Float64Array } {
  const cols = ctx.columns;
  const n = ctx.rows;
  const values = new Float64Array(cols.length);
  const bound = nodeDimensionBounds(ctx, s, levels);
  let suppressed = 0;
  for (let i = 0; i < fs.size; i++) if (outlier[i]) suppressed += fs.counts[i]!;
  const w = fs.width;
  for (let c = 0; c < cols.length; c++) {
    const col = cols[c]!;
    const l = levels[c]!;
    switch (ctx.metric) {
      case 'loss': {
        const share = col.share[l]!;
        let agg = 0;
        let kept = 0;
        for (let i = 0; i < fs.size; i++) {
          const cnt = fs.counts[i]!;
          if (cnt === 0) continue;
          const sh = cnt * share[col.map[fs.keys[i * w + c]! * col.depth + l]!]!;
          agg += !outlier[i] ? sh * s.gFactor : s.sFactor === 1 ? cnt : sh + s.sFactor * (cnt - sh);
          kept += sh * s.gFactor;
        }
        values[c] = normalizeLoss(agg, n, col, s.gFactor);
        // Every record kept costs g·share, suppressed at least that; shares only grow with generalization.
        bound[c] = normalizeLoss(kept, n, col, s.gFactor);
        break;
      }
      case 'entropy':
        values[c] = entropyValue(ctx.entropyRaw![c]![l]! * s.gFactor);
        break;
      case 'entropy-nm': {
        let v = ctx.entropyRaw![c]![l]! * s.gFactor;
        if (suppressed > 0) {
          const byLabel = new Float64Array(col.labels[l]!.length);
          for (let i = 0; i < fs.size; i++) if (outlier[i] && fs.counts[i]! > 0) byLabel[col.map[fs.keys[i * w + c]! * col.depth + l]!]! += fs.counts[i]!;
          for (const x of byLabel) if (x > 0) v += x * Math.log2(x / suppressed) * s.sFactor;
        }
        values[c] = entropyValue(v);
        break;
      }
      case 'precision': {
        const h = col.depth - 1;
        const rel = h === 0 ? 0 : l / h;
        values[c] = s.monotonicPrecision ? rel * s.gFactor : ((n - suppressed) * rel * s.gFactor + suppressed * s.sFactor) / n;
        break;
      }
      default:
        values[c] = l;
    }
  }
  return { values, bound };
}

const entropyValue = (v: number): number => round(v === 0 ? v : -v);

function normalizeLoss(agg: number, n: number, col: EncodedColumn, g: number): number {
  const min = (g * n) / col.domainSize;
  const r = (agg - min) / (n - min);
  return round(r >= 0 ? r : 0);
}

// Lower bounds per attribute from the node alone, non-decreasing with generalization.
function nodeDimensionBounds(ctx: MetricContext, s: MetricSettings, levels: ArrayLike<number>): Float64Array {
  const cols = ctx.columns;
  const n = ctx.rows;
  return Float64Array.from(cols, (col, c) => {
    const l = levels[c]!;
    switch (ctx.metric) {
      case 'loss':
        // Every record costs at least g·(least share present at this level), suppressed or not.
        return normalizeLoss(n * ctx.minShare![c]![l]! * s.gFactor, n, col, s.gFactor);
      case 'entropy':
      case 'entropy-nm':
        return entropyValue(ctx.entropyRaw![c]![l]! * s.gFactor);
      case 'precision': {
        const h = col.depth - 1;
        const rel = (h === 0 ? 0 : l / h) * s.gFactor;
        return s.monotonicPrecision ? rel : Math.min(rel, s.sFactor);
      }
      default:
        return l;
    }
  });
}

/** A node's loss and bound under settings (classLoss with ARX's options). */
export function settingsLoss(ctx: MetricContext, s: MetricSettings, levels: ArrayLike<number>, fs: FrequencySet, outlier: Uint8Array): Evaluation {
  if (ctx.metric === 'aecs') {
    let kept = 0;
    let all = 0;
    for (let i = 0; i < fs.size; i++) if (fs.counts[i]! > 0) { all++; if (!outlier[i]) kept++; }
    // MetricSDAECS swaps the factors: classes weigh sFactor, the suppressed group gFactor.
    return { loss: ctx.rows / (kept * s.sFactor + (kept === all ? 0 : s.gFactor)), bound: ctx.rows / (all * s.sFactor + s.gFactor) };
  }
  const { values, bound } = dimensionValues(ctx, s, levels, fs, outlier);
  return { loss: aggregateValues(values, s.weights, s.aggregate), bound: aggregateValues(bound, s.weights, s.aggregate) };
}

/** Lower bound from the node alone under settings (nodeBound with ARX's options). */
export function settingsBound(ctx: MetricContext, s: MetricSettings, levels: ArrayLike<number>): number {
  if (ctx.metric === 'aecs') {
    let classes = 1;
    for (let c = 0; c < ctx.columns.length; c++) classes *= ctx.columns[c]!.labels[levels[c]!]!.length;
    return ctx.rows / (Math.min(classes, ctx.rows) * s.sFactor + s.gFactor);
  }
  return aggregateValues(nodeDimensionBounds(ctx, s, levels), s.weights, s.aggregate);
}

/** Settings for the lattice search: RANK orders by a vector, which the search's scalar bounds cannot, so it is refused. */
export function searchSettings(choice: unknown, kind: MetricKind, qis: readonly string[]): MetricSettings | undefined {
  const s = resolveMetricSettings(choice, kind, qis);
  if (s?.aggregate === 'rank') throw bad('metric.aggregate', 'rank is supported by scoreTransformation only (the search minimizes a number)');
  return s;
}
