/**
 * Information-loss metrics with ARX 3.9's definitions (org.deidentifier.arx.metric.v2, default
 * factories: gs-factor 0.5, so generalization and suppression factors are both 1; values rounded
 * down to 10 decimals like Metric.round):
 * - entropy: MetricMDNUEntropyPrecomputed, SUM over columns of Σ_leaf a·log2(b/a) with a the
 *   leaf's record count and b the count of its label at the node's level. Independent of
 *   suppression (ARX's precomputed variant counts suppressed records as merely generalized).
 *   With `monotonic: false`: MetricMDNUNMEntropyPrecomputed (createPrecomputedEntropyMetric(t, false)):
 *   per column, round(−(Σ_leaf a·log2(a/b) + Σ_v s_v·log2(s_v/S))), where S is the number of
 *   suppressed records and s_v how many of them carry label v at the node's level (ARX groups the
 *   suppressed records by their generalized values); summed over columns.
 * - discernibility: MetricSDNMDiscernability (ARX's non-monotonic discernibility, not its monotonic DM*): Σ |E|² over kept classes + Σ n·|E| over suppressed.
 *   With `monotonic: true`: MetricSDDiscernability (DM*, createDiscernabilityMetric(true)): Σ |E|² over
 *   every class, suppressed or not.
 * - aecs: MetricSDAECS, average equivalence-class size n / classes, the suppressed records forming one
 *   more class (gs-factor 0.5: both factors 1).
 * - loss: MetricMDNMLoss, GEOMETRIC_MEAN over columns of (Σ share·|E| (suppressed: |E|) − n/|dom|) / (n − n/|dom|).
 * - height: MetricMDHeight, SUM of levels.
 * - precision: MetricMDNMPrecision, ARITHMETIC_MEAN over columns of (kept·level/height + suppressed) / n.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import type { EncodedColumn } from './_encode.js';
import type { FrequencySet } from './_freq.js';
import { settingsBound, settingsLoss, type AggregateFunction, type MetricSettings } from './_metricSettings.js';

/**
 * The information-loss metrics `anonymize` understands.
 * @example
 * ```ts
 * const metric: MetricName = 'discernibility';
 * anonymize(rows, { quasiIdentifiers, k: 5, metric }).informationLoss; // ARX's non-monotonic discernibility
 * ```
 */
export type MetricName = 'entropy' | 'discernibility' | 'loss' | 'height' | 'precision' | 'aecs';

/**
 * A metric with ARX's variant switch: `monotonic` picks ARX's monotonic or non-monotonic
 * definition where ARX has both (entropy: monotonic by default; discernibility: non-monotonic by default).
 * @example
 * ```ts
 * anonymize(rows, { quasiIdentifiers, k: 5, suppressionLimit: 0.05, metric: { name: 'entropy', monotonic: false } });
 * anonymize(rows, { quasiIdentifiers, k: 5, metric: { name: 'discernibility', monotonic: true } }); // ARX's DM*
 * ```
 */
export interface MetricOptions {
  readonly name: MetricName;
  /** ARX's monotonic variant (entropy, discernibility, precision). */
  readonly monotonic?: boolean;
  /** ARX's gs-factor 0..1 (default 0.5: generalization and suppression weigh alike); loss, entropy, precision, aecs. */
  readonly gsFactor?: number;
  /** ARX's aggregate over quasi-identifiers (loss: geometric-mean, precision: arithmetic-mean, entropy/height: sum by default). */
  readonly aggregate?: AggregateFunction;
  /** ARX's attribute weights per quasi-identifier (default 0.5 each, divided by the largest); loss, entropy, precision, height. */
  readonly weights?: Readonly<Record<string, number>>;
}

/** Internal metric kinds: the names plus ARX's other variants. */
export type MetricKind = MetricName | 'entropy-nm' | 'dm-star';

const NAMES: readonly MetricName[] = ['entropy', 'discernibility', 'loss', 'height', 'precision', 'aecs'];

/** Reads `options.metric` (a name or {@link MetricOptions}); bad input is INVALID_ARGUMENT naming the field. */
export function resolveMetric(choice: unknown): MetricKind {
  const opts = typeof choice === 'string' ? { name: choice } : choice;
  if (typeof opts !== 'object' || opts === null) throw new CustodiaError('INVALID_ARGUMENT', 'metric must be a metric name or { name, monotonic }', { field: 'metric' });
  const { name, monotonic } = opts as { name?: unknown; monotonic?: unknown };
  if (!NAMES.includes(name as MetricName)) throw new CustodiaError('INVALID_ARGUMENT', `metric must be one of ${NAMES.join(', ')}`, { field: 'metric' });
  if (monotonic === undefined) return name as MetricName;
  if (typeof monotonic !== 'boolean') throw new CustodiaError('INVALID_ARGUMENT', 'metric.monotonic must be a boolean', { field: 'metric.monotonic' });
  if (name === 'entropy') return monotonic ? 'entropy' : 'entropy-nm';
  if (name === 'discernibility') return monotonic ? 'dm-star' : 'discernibility';
  if (name === 'precision') return 'precision'; // MetricMDPrecision when monotonic: see resolveMetricSettings
  throw new CustodiaError('INVALID_ARGUMENT', 'metric.monotonic applies to entropy, discernibility and precision only', { field: 'metric.monotonic' });
}

const FACTOR = 1e10;
/** ARX's Metric.round: floor to 10 decimals. */
export function arxRound(x: number): number {
  return Math.floor(x * FACTOR) / FACTOR;
}

/**
 * True if the loss never falls under generalization whatever is suppressed (node-only metrics and
 * DM*): with a monotone model the optimum is then a minimal anonymous node.
 */
export function isMonotoneLoss(metric: MetricKind): boolean {
  return metric === 'entropy' || metric === 'height' || metric === 'dm-star';
}

/** Per-column entropy cache for the precomputed non-uniform entropy. */
export function entropyTable(columns: readonly EncodedColumn[]): Float64Array[] {
  return entropyRaw(columns).map((raw) => raw.map((v) => (v === 0 ? 0 : arxRound(-v))));
}

/** Per column and level, Σ_leaf a·log2(a/b) (≤ 0) before ARX's sign switch and rounding. */
export function entropyRaw(columns: readonly EncodedColumn[]): Float64Array[] {
  return columns.map((col) => {
    const out = new Float64Array(col.depth);
    const leafCounts = col.counts[0]!;
    for (let l = 0; l < col.depth; l++) {
      const cnt = col.counts[l]!;
      let v = 0;
      for (let leaf = 0; leaf < col.leaves; leaf++) {
        const a = leafCounts[col.map[leaf * col.depth]!]!;
        if (a === 0) continue;
        const b = cnt[col.map[leaf * col.depth + l]!]!;
        v += a * Math.log2(a / b);
      }
      out[l] = v;
    }
    return out;
  });
}

/** Context a metric needs besides the node. */
export interface MetricContext {
  readonly metric: MetricKind;
  readonly columns: readonly EncodedColumn[];
  readonly rows: number;
  readonly entropy: Float64Array[] | undefined;
  /** Unrounded entropy sums, for the non-monotonic entropy. */
  readonly entropyRaw: Float64Array[] | undefined;
  /** `minShare[c][level]`: least domain share of a label present in the data (loss metric bound). */
  readonly minShare: Float64Array[] | undefined;
  /** ARX's gs-factor, aggregate function and weights when given (`_metricSettings.ts`). */
  readonly settings?: MetricSettings | undefined;
}

/** Builds the context for a metric. */
export function metricContext(metric: MetricKind, columns: readonly EncodedColumn[], rows: number, settings?: MetricSettings): MetricContext {
  const minShare =
    metric === 'loss'
      ? columns.map((col) =>
          Float64Array.from(col.share, (sh, l) => {
            let m = 1;
            sh.forEach((x, code) => { if (col.counts[l]![code]! > 0 && x < m) m = x; });
            return m;
          }),
        )
      : undefined;
  const raw = metric === 'entropy' || metric === 'entropy-nm' ? entropyRaw(columns) : undefined;
  const entropy = raw?.map((r) => r.map((v) => (v === 0 ? 0 : arxRound(-v))));
  return { metric, columns, rows, entropy, entropyRaw: metric === 'entropy-nm' || settings ? raw : undefined, minShare, settings };
}

/**
 * A lower bound of the loss at this node and at every coarser node, from the node alone:
 * the loss itself for entropy, height and precision; n²/(most classes possible) for discernibility;
 * the loss with every record carrying the least share present, for loss.
 */
export function nodeBound(ctx: MetricContext, levels: ArrayLike<number>): number {
  if (ctx.settings) return settingsBound(ctx, ctx.settings, levels);
  const cols = ctx.columns;
  const n = ctx.rows;
  if (ctx.metric === 'aecs') {
    // Fewest records per class: as many classes as the node's label combinations allow, plus one suppressed group.
    let classes = 1;
    for (let c = 0; c < cols.length; c++) classes *= cols[c]!.labels[levels[c]!]!.length;
    return n / (Math.min(classes, n) + 1);
  }
  if (ctx.metric === 'discernibility' || ctx.metric === 'dm-star') {
    let classes = 1;
    for (let c = 0; c < cols.length; c++) classes *= cols[c]!.labels[levels[c]!]!.length;
    return (n * n) / Math.max(1, Math.min(classes, n));
  }
  if (ctx.metric === 'loss') {
    let gm = 1;
    for (let c = 0; c < cols.length; c++) {
      const min = n / cols[c]!.domainSize;
      const x = n * ctx.minShare![c]![levels[c]!]!;
      gm *= Math.pow((n === min ? 0 : arxRound(Math.max(0, (x - min) / (n - min)))) + 1, 1 / cols.length);
    }
    return gm - 1;
  }
  return nodeLoss(ctx, levels);
}

/** Loss of a node-only metric, also a lower bound for every metric at this node. */
export function nodeLoss(ctx: MetricContext, levels: ArrayLike<number>): number {
  const cols = ctx.columns;
  switch (ctx.metric) {
    case 'entropy':
    case 'entropy-nm': {
      let s = 0;
      for (let c = 0; c < cols.length; c++) s += ctx.entropy![c]![levels[c]!]!;
      return s;
    }
    case 'height': {
      let s = 0;
      for (let c = 0; c < cols.length; c++) s += levels[c]!;
      return s;
    }
    case 'precision': {
      let s = 0;
      for (let c = 0; c < cols.length; c++) {
        const h = cols[c]!.depth - 1;
        s += (h === 0 ? 0 : levels[c]! / h) / cols.length;
      }
      return s;
    }
    default:
      return 0;
  }
}

/** Loss and a lower bound valid for this node and every coarser one. */
export interface Evaluation {
  loss: number;
  bound: number;
}

/** Loss of a node given its classes; `outlier[i]` marks suppressed classes. */
export function classLoss(ctx: MetricContext, levels: ArrayLike<number>, fs: FrequencySet, outlier: Uint8Array): Evaluation {
  if (ctx.settings) return settingsLoss(ctx, ctx.settings, levels, fs, outlier);
  const n = ctx.rows;
  switch (ctx.metric) {
    case 'entropy':
    case 'height': {
      const v = nodeLoss(ctx, levels);
      return { loss: v, bound: v };
    }
    case 'precision': {
      let suppressed = 0;
      for (let i = 0; i < fs.size; i++) if (outlier[i]) suppressed += fs.counts[i]!;
      const kept = n - suppressed;
      const cols = ctx.columns;
      let s = 0;
      for (let c = 0; c < cols.length; c++) {
        const h = cols[c]!.depth - 1;
        s += ((kept * (h === 0 ? 0 : levels[c]! / h) + suppressed) / n) / cols.length;
      }
      return { loss: s, bound: nodeLoss(ctx, levels) };
    }
    case 'entropy-nm':
      return entropyWithSuppression(ctx, levels, fs, outlier);
    case 'aecs': {
      let kept = 0;
      let all = 0;
      // Classes without research-subset records are not published (ARX counts m.count > 0).
      for (let i = 0; i < fs.size; i++) if (fs.counts[i]! > 0) { all++; if (!outlier[i]) kept++; }
      return { loss: n / (kept + (kept === all ? 0 : 1)), bound: n / all };
    }
    case 'dm-star': {
      let s = 0;
      for (let i = 0; i < fs.size; i++) s += fs.counts[i]! * fs.counts[i]!;
      return { loss: s, bound: s };
    }
    case 'discernibility': {
      let dm = 0;
      let star = 0;
      for (let i = 0; i < fs.size; i++) {
        const c = fs.counts[i]!;
        star += c * c;
        dm += outlier[i] ? n * c : c * c;
      }
      return { loss: dm, bound: star };
    }
    case 'loss': {
      const cols = ctx.columns;
      const w = fs.width;
      let gm = 1;
      let gb = 1;
      for (let c = 0; c < cols.length; c++) {
        const col = cols[c]!;
        const share = col.share[levels[c]!]!;
        let agg = 0;
        let bound = 0;
        for (let i = 0; i < fs.size; i++) {
          const cnt = fs.counts[i]!;
          const sh = cnt * share[col.map[fs.keys[i * w + c]! * col.depth + levels[c]!]!]!;
          agg += outlier[i] ? cnt : sh;
          bound += sh;
        }
        const min = n / col.domainSize;
        const norm = (x: number): number => (n === min ? 0 : arxRound(Math.max(0, (x - min) / (n - min))));
        gm *= Math.pow(norm(agg) + 1, 1 / cols.length);
        gb *= Math.pow(norm(bound) + 1, 1 / cols.length);
      }
      return { loss: gm - 1, bound: gb - 1 };
    }
  }
}

// MetricMDNUNMEntropyPrecomputed.getInformationLossInternal: the suppressed records, grouped per column
// by their label at the node, add Σ s_v·log2(s_v/S) to the column's sum before the sign switch.
function entropyWithSuppression(ctx: MetricContext, levels: ArrayLike<number>, fs: FrequencySet, outlier: Uint8Array): Evaluation {
  const cols = ctx.columns;
  const w = fs.width;
  const bound = nodeLoss(ctx, levels);
  let suppressed = 0;
  for (let i = 0; i < fs.size; i++) if (outlier[i]) suppressed += fs.counts[i]!;
  if (suppressed === 0) return { loss: bound, bound };
  let total = 0;
  for (let c = 0; c < cols.length; c++) {
    const col = cols[c]!;
    const l = levels[c]!;
    const byLabel = new Float64Array(col.labels[l]!.length);
    for (let i = 0; i < fs.size; i++) if (outlier[i]) byLabel[col.map[fs.keys[i * w + c]! * col.depth + l]!]! += fs.counts[i]!;
    let v = ctx.entropyRaw![c]![l]!;
    for (const x of byLabel) if (x > 0) v += x * Math.log2(x / suppressed);
    total += v === 0 ? 0 : arxRound(-v);
  }
  return { loss: total, bound };
}
