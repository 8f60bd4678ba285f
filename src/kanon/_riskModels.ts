/**
 * ARX's risk-based privacy models (ARX aacd487fb, org.deidentifier.arx.criteria):
 * - AverageReidentificationRisk(t): 1 / (average size of the published classes) ≤ t; with highest risk h
 *   and records-at-risk r also: the fraction of records in classes smaller than ParameterTranslation.getSizeThreshold(h) ≤ r.
 * - SampleUniqueness(t): the fraction of records in classes of size 1 ≤ t.
 * Both are sample-based (RiskBasedCriterion.enforce): after the class-based models marked their
 * outliers, ARX builds a HashGroupifyDistribution of the kept classes (classes whose every QI is `*`,
 * "completely generalized", are left out and not counted as suppressed) sorted by size, then, for
 * the loss metric, by the class's own loss (MetricMDNMLoss.getInformationLossInternal(node, entry)),
 * then by the class's first row; and suppresses the shortest prefix a binary search
 * (suppressWhileNotFulfilledBinary) finds, aborting once over the suppression limit.
 * - PopulationUniqueness(t, ZAYATZ, population): the fraction of the population unique in its class, as
 *   ModelZayatz estimates it from the kept classes' size histogram (n records, C classes, c_s classes of size s,
 *   population N): u = (c_1/C·P_1) / Σ_s (c_s/C)·P_s with P_s = P[X = 1], X hypergeometric (N, s, n);
 *   uniques = c_1·u·N/n; fulfilled when 0 < uniques/N ≤ t, or when no class has size 1. ARX's PITMAN, SNB and
 *   DANKAR models solve equations numerically (ModelPitman, ModelSNB with ARX's solver): not built.
 * - KMap(k, significance, population, estimator): k-map estimated without a population table, as
 *   k-anonymity with ARX's derived k (KMap.initialize): λ = (rows / population)·k; POISSON: the least c+1
 *   with P[X ≤ c] ≥ 1 − significance (counted up to k); ZERO_TRUNCATED_POISSON: the least c with
 *   Σ_{1..c−1} P[X = i] / (1 − P[X = 0]) ≥ 1 − significance; then at most rows and at most k.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import type { EncodedColumn } from './_encode.js';
import type { FrequencySet } from './_freq.js';
import type { MetricContext } from './_metrics.js';
import { aggregateValues } from './_metricSettings.js';
import { kMapDerivedK, type KMapEstimate } from './_kmap.js';
import { zayatzUniques } from './_zayatz.js';

export { kMapDerivedK, type KMapEstimate } from './_kmap.js';

/**
 * ARX `AverageReidentificationRisk(average, highest, recordsAtRisk)`.
 * @example
 * ```ts
 * anonymize(rows, { quasiIdentifiers, k: 1, suppressionLimit: 0.04, averageRisk: { average: 0.05, highest: 0.2, recordsAtRisk: 0.01 } });
 * ```
 */
export interface AverageRisk {
  /** Largest average re-identification risk, 1 / average class size. */
  readonly average: number;
  /** With `recordsAtRisk`: records in classes whose risk exceeds this (0 < highest ≤ 1) may make up at most `recordsAtRisk`. */
  readonly highest?: number;
  readonly recordsAtRisk?: number;
}

/**
 * ARX `PopulationUniqueness(threshold, PopulationUniquenessModel.ZAYATZ, ARXPopulationModel)`.
 * @example
 * ```ts
 * anonymize(rows, { quasiIdentifiers, k: 1, suppressionLimit: 0.04, populationUniqueness: { threshold: 0.0001, populationSize: 317238626, model: 'zayatz' } });
 * ```
 */
export interface PopulationUniqueness {
  /** Largest fraction of the population that may be unique. */
  readonly threshold: number;
  readonly populationSize: number;
  /** Only Zayatz's model is built (ARX's Pitman, SNB and Dankar need numeric solvers). */
  readonly model: 'zayatz';
}

/** The risk options of `anonymize`. */
export interface RiskModelOptions {
  averageRisk?: number | AverageRisk;
  sampleUniqueness?: number;
  populationUniqueness?: PopulationUniqueness;
  kMap?: number | KMapEstimate;
}

const bad = (field: string, rule: string): CustodiaError => new CustodiaError('INVALID_ARGUMENT', `${field} ${rule}`, { field });
const fraction = (x: unknown): x is number => typeof x === 'number' && x >= 0 && x <= 1;

/**
 * A node-level enforcement run after the per-class checks: may suppress more classes; returns the
 * records counted as suppressed (ARX's internalGetNumSuppressedRecords). `limit` aborts the search early.
 */
export type SampleEnforcer = (fs: FrequencySet, outlier: Uint8Array, levels: ArrayLike<number>, limit: number) => number;

type Condition = (records: number, classes: number, sizes: Map<number, number>) => boolean;

/** ParameterTranslation.getSizeThreshold: the least class size whose risk is at most `risk` (1 % relative slack). */
export function sizeThreshold(risk: number): number {
  if (risk === 0) return Number.MAX_SAFE_INTEGER;
  const size = 1 / risk;
  let floor = Math.floor(size);
  if (1 / floor - 1 / size >= 0.01 * risk) floor += 1;
  return floor;
}

/** Compiles averageRisk / sampleUniqueness into one enforcer, or undefined without them. */
export function sampleModels(opts: RiskModelOptions, columns: readonly EncodedColumn[], metric: MetricContext): SampleEnforcer | undefined {
  const conditions: Condition[] = [];
  const avg = opts.averageRisk;
  if (avg !== undefined) {
    const a: AverageRisk = typeof avg === 'number' ? { average: avg } : avg;
    if (typeof a !== 'object' || a === null || !fraction(a.average)) throw bad('averageRisk', 'must be a risk between 0 and 1 or { average, highest, recordsAtRisk }');
    const both = a.highest !== undefined || a.recordsAtRisk !== undefined;
    if (both && !(typeof a.highest === 'number' && a.highest > 0 && a.highest <= 1)) throw bad('averageRisk.highest', 'must be above 0 and at most 1');
    if (both && !fraction(a.recordsAtRisk)) throw bad('averageRisk.recordsAtRisk', 'must be between 0 and 1');
    const smallest = both ? sizeThreshold(a.highest!) : 0;
    conditions.push((records, classes, sizes) => {
      if (records === 0) return true;
      if (!(1 / (records / classes) <= a.average)) return false;
      if (!both) return true;
      let f = 0;
      // ARX sums sizes 1, 2, … below the threshold in order.
      for (const s of [...sizes.keys()].filter((x) => x < smallest).sort((x, y) => x - y)) f += (sizes.get(s)! * s) / records;
      return f <= a.recordsAtRisk!;
    });
  }
  const su = opts.sampleUniqueness;
  if (su !== undefined) {
    if (!fraction(su)) throw bad('sampleUniqueness', 'must be a fraction between 0 and 1');
    conditions.push((records, _classes, sizes) => (records === 0 ? 0 : (sizes.get(1) ?? 0) / records) <= su);
  }
  const pu = opts.populationUniqueness;
  if (pu !== undefined) {
    if (typeof pu !== 'object' || pu === null || !fraction(pu.threshold)) throw bad('populationUniqueness.threshold', 'must be a fraction between 0 and 1');
    if (pu.model !== 'zayatz') throw bad('populationUniqueness.model', 'must be zayatz (the Pitman, SNB and Dankar models are not built)');
    if (!(typeof pu.populationSize === 'number' && Number.isFinite(pu.populationSize) && pu.populationSize >= 1)) throw bad('populationUniqueness.populationSize', 'must be a positive number');
    conditions.push((records, classes, sizes) => {
      if (records === 0) return true;
      const uniques = zayatzUniques(sizes, records, classes, Math.floor(pu.populationSize)) / pu.populationSize;
      return (uniques > 0 && uniques <= pu.threshold) || (uniques === 0 && !sizes.has(1));
    });
  }
  if (!conditions.length) return undefined;
  return (fs, outlier, levels, limit) => enforce(fs, outlier, levels, limit, conditions, columns, metric);
}

function enforce(fs: FrequencySet, outlier: Uint8Array, levels: ArrayLike<number>, limit: number, conditions: readonly Condition[], columns: readonly EncodedColumn[], metric: MetricContext): number {
  const w = fs.width;
  const star = columns.map((col, c) => col.labels[levels[c]!]!.indexOf('*'));
  const allStar = (i: number): boolean => {
    for (let c = 0; c < w; c++) {
      const col = columns[c]!;
      if (col.map[fs.keys[i * w + c]! * col.depth + levels[c]!] !== star[c]) return false;
    }
    return true;
  };
  // Class index order is first-row order (groupBy numbers classes as they first appear): ARX's representative.
  const entries: number[] = [];
  let suppressed = 0;
  let records = 0;
  const sizes = new Map<number, number>();
  for (let i = 0; i < fs.size; i++) {
    const cnt = fs.counts[i]!;
    if (!outlier[i] && cnt > 0 && !allStar(i)) { entries.push(i); records += cnt; sizes.set(cnt, (sizes.get(cnt) ?? 0) + 1); }
    else if (!allStar(i)) suppressed += cnt;
  }
  let classes = entries.length;
  const byLoss = metric.metric === 'loss' ? entryLoss(fs, levels, columns, metric) : undefined;
  entries.sort((a, b) => fs.counts[a]! - fs.counts[b]! || (byLoss ? byLoss[a]! - byLoss[b]! : 0) || a - b);
  const suppress = (i: number): void => {
    outlier[i] = 1;
    const cnt = fs.counts[i]!;
    classes--; records -= cnt; suppressed += cnt;
    const left = sizes.get(cnt)! - 1;
    if (left) sizes.set(cnt, left); else sizes.delete(cnt);
  };
  const unsuppress = (i: number): void => {
    outlier[i] = 0;
    const cnt = fs.counts[i]!;
    classes++; records += cnt; suppressed -= cnt;
    sizes.set(cnt, (sizes.get(cnt) ?? 0) + 1);
  };
  for (const holds of conditions) {
    if (holds(records, classes, sizes) || entries.length === 0) continue;
    // HashGroupifyDistribution.suppressWhileNotFulfilledBinary, step for step.
    const state = (): 'ok' | 'no' | 'abort' => (holds(records, classes, sizes) ? 'ok' : suppressed > limit ? 'abort' : 'no');
    let low = 0;
    let high = entries.length - 1;
    let mid = Math.trunc((low + high) / 2); // Java's int division (toward zero: -1/2 is 0)
    let s: 'ok' | 'no' | 'abort' = 'abort';
    for (let i = low; i <= mid; i++) suppress(entries[i]!);
    while (low <= high) {
      s = state();
      if (s === 'abort') break;
      if (s === 'ok') {
        high = mid - 1;
        mid = Math.trunc((low + high) / 2);
        for (let i = mid + 1; i < entries.length && outlier[entries[i]!]; i++) unsuppress(entries[i]!);
      } else {
        low = mid + 1;
        mid = Math.trunc((low + high) / 2);
        for (let i = low; i <= mid; i++) suppress(entries[i]!);
      }
    }
    if (s !== 'abort' && state() === 'no' && mid + 1 < entries.length && !outlier[entries[mid + 1]!]) suppress(entries[mid + 1]!);
  }
  return suppressed;
}

// MetricMDNMLoss.getInformationLossInternal(node, entry): per QI count·share of the class's label, aggregated.
function entryLoss(fs: FrequencySet, levels: ArrayLike<number>, columns: readonly EncodedColumn[], metric: MetricContext): Float64Array {
  const w = fs.width;
  const values = new Float64Array(w);
  const weights = metric.settings?.weights ?? new Float64Array(w).fill(1);
  const fn = metric.settings?.aggregate ?? 'geometric-mean';
  return Float64Array.from({ length: fs.size }, (_, i) => {
    for (let c = 0; c < w; c++) {
      const col = columns[c]!;
      values[c] = fs.counts[i]! * col.share[levels[c]!]![col.map[fs.keys[i * w + c]! * col.depth + levels[c]!]!]!;
    }
    return aggregateValues(values, weights, fn);
  });
}

/** The risk options compiled: the least class size they imply, the subset options left, the sample-based enforcer. */
export interface RiskSetup {
  /** k implied by an estimated k-map (1 without one). */
  readonly k: number;
  /** `kMap` as the research-subset models read it: only the integer form. */
  readonly subsetOptions: { researchSubset?: readonly number[]; dPresence?: { dMin: number; dMax: number }; kMap?: number };
  readonly sampleBased: boolean;
  readonly sample: (columns: readonly EncodedColumn[], metric: MetricContext) => SampleEnforcer | undefined;
}

/** Reads kMap (estimate form), averageRisk and sampleUniqueness; bad input is INVALID_ARGUMENT naming the field. */
export function riskSetup(opts: RiskModelOptions & { researchSubset?: readonly number[]; dPresence?: { dMin: number; dMax: number } }, rows: number): RiskSetup {
  const estimate = opts.kMap !== undefined && typeof opts.kMap !== 'number';
  const k = estimate ? kMapDerivedK(opts.kMap as KMapEstimate, rows) : 1;
  const { kMap, ...rest } = opts;
  const subsetOptions = { ...rest, ...(estimate || kMap === undefined ? {} : { kMap: kMap as number }) };
  const sampleBased = opts.averageRisk !== undefined || opts.sampleUniqueness !== undefined || opts.populationUniqueness !== undefined;
  // Validate now, compile when the columns and metric are known.
  if (sampleBased) sampleModels(opts, [], { metric: 'height' } as MetricContext);
  return { k, subsetOptions, sampleBased, sample: (columns, metric) => sampleModels(opts, columns, metric) };
}
