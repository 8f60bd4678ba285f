/**
 * (ε, δ)-differential privacy as ARX's SafePub does it with a data-independent generalization
 * (org.deidentifier.arx.criteria.EDDifferentialPrivacy with a DataGeneralizationScheme): β and k
 * from (ε, δ) (`_dpparams.ts`), each record sampled with probability β (EDDifferentialPrivacy.initialize),
 * the sample generalized to levels fixed before looking at the data (DataGeneralizationScheme, a
 * degree per quasi-identifier: level = round(factor × max level)), and every class of fewer than k
 * sampled records suppressed, whatever the suppression limit (ARX: absMaxOutliers = all records).
 * Only sampled records in classes of ≥ k are published: the rest are not returned at all (Li et al.'s
 * (β,k)-SDGS removes them), since even a row of `*` would reveal that a record existed.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { randomBytes } from '../runtime/index.js';
import type { EncodedTable } from './_encode.js';
import { groupBy, levelMaps, type GroupSource } from './_freq.js';
import { classLoss, metricContext, type MetricKind } from './_metrics.js';
import { dpParameters } from './_dpparams.js';
import { markOutliers } from './_search.js';
import { subsetColumns } from './_subset.js';
import { riskFromClasses, type RiskReport } from './risk.js';

/**
 * ARX's GeneralizationDegree: the level is round(factor × the hierarchy's top level), factors
 * none 0, low 0.2, low-medium 0.4, medium 0.5, medium-high 0.6, high 0.8, complete 1.
 * @example
 * ```ts
 * const g: GeneralizationDegree = 'low-medium'; // age 0..4 → level 2, sex 0..1 → level 0
 * ```
 */
export type GeneralizationDegree = 'none' | 'low' | 'low-medium' | 'medium' | 'medium-high' | 'high' | 'complete';

const FACTORS: Readonly<Record<GeneralizationDegree, number>> = { none: 0, low: 0.2, 'low-medium': 0.4, medium: 0.5, 'medium-high': 0.6, high: 0.8, complete: 1 };

/**
 * (ε, δ)-differential privacy by sampling and data-independent generalization (ARX
 * `EDDifferentialPrivacy(ε, δ, DataGeneralizationScheme)`, SafePub's data-independent form).
 * @example
 * ```ts
 * const out = anonymize(rows, { quasiIdentifiers, k: 1, differentialPrivacy: { epsilon: 2, delta: 1e-5, generalization: 'low-medium' } });
 * out.differentialPrivacy; // { epsilon: 2, delta: 1e-5, beta: 0.8646…, k: 114, sampled, published, levels }
 * out.rows;                // the published records only
 * ```
 */
export interface DifferentialPrivacy {
  /** ε > 0. */
  readonly epsilon: number;
  /** 0 < δ < 1. */
  readonly delta: number;
  /** One degree for every quasi-identifier, or a level or degree per quasi-identifier (others: level 0). Chosen without looking at the data. */
  readonly generalization: GeneralizationDegree | Readonly<Record<string, number | GeneralizationDegree>>;
  /**
   * Source of uniform numbers in [0, 1), called once per record in input order to draw the sample
   * (record i is sampled when the number is < β). Default: the platform CSPRNG (`crypto.getRandomValues`,
   * else `node:crypto`, else the source given to `setRandomSource`), 53 random bits per number.
   * Give one only to reproduce a run (tests): a predictable source voids the privacy guarantee.
   */
  readonly random?: () => number;
}

/** What {@link DifferentialPrivacy} derived and drew. */
export interface DifferentialPrivacyReport {
  epsilon: number;
  delta: number;
  /** Sampling probability, 1 − e^(−ε) (ARX ParameterCalculation). */
  beta: number;
  /** Least class size published (ARX ParameterCalculation). */
  k: number;
  /** Records drawn into the sample. */
  sampled: number;
  /** Sampled records in classes of ≥ k: the rows returned. */
  published: number;
  /** The data-independent generalization levels. */
  levels: Record<string, number>;
}

/** Java's Math.round for the non-negative products here: floor(x + 0.5). */
const javaRound = (x: number): number => Math.floor(x + 0.5);

function readDp(dp: unknown, table: EncodedTable): { epsilon: number; delta: number; levels: number[]; random: (() => number) | undefined } {
  if (typeof dp !== 'object' || dp === null || Array.isArray(dp))
    throw new CustodiaError('INVALID_ARGUMENT', 'differentialPrivacy must be an object { epsilon, delta, generalization, random? }', { field: 'differentialPrivacy' });
  const { epsilon, delta, generalization: g, random } = dp as Record<string, unknown>;
  if (typeof epsilon !== 'number' || !(epsilon > 0) || !Number.isFinite(epsilon))
    throw new CustodiaError('INVALID_ARGUMENT', 'differentialPrivacy.epsilon must be a positive finite number', { field: 'differentialPrivacy.epsilon' });
  if (typeof delta !== 'number' || !(delta > 0 && delta < 1))
    throw new CustodiaError('INVALID_ARGUMENT', 'differentialPrivacy.delta must be a number between 0 and 1 (exclusive)', { field: 'differentialPrivacy.delta' });
  if (random !== undefined && typeof random !== 'function')
    throw new CustodiaError('INVALID_ARGUMENT', 'differentialPrivacy.random must be a function returning numbers in [0, 1)', { field: 'differentialPrivacy.random' });
  const degree = (v: unknown, field: string): number => {
    if (typeof v !== 'string' || !Object.hasOwn(FACTORS, v))
      throw new CustodiaError('INVALID_ARGUMENT', `${field} must be one of ${Object.keys(FACTORS).join(', ')} or a level`, { field });
    return FACTORS[v as GeneralizationDegree];
  };
  let levels: number[];
  if (typeof g === 'string') {
    const f = degree(g, 'differentialPrivacy.generalization');
    levels = table.columns.map((col) => javaRound(f * (col.depth - 1)));
  } else if (typeof g === 'object' && g !== null && !Array.isArray(g)) {
    const per = g as Record<string, unknown>;
    for (const name of Object.keys(per))
      if (!table.columns.some((c) => c.name === name)) throw new CustodiaError('INVALID_ARGUMENT', 'differentialPrivacy.generalization names a column that is not a quasi-identifier', { field: 'differentialPrivacy.generalization' });
    levels = table.columns.map((col) => {
      const v = per[col.name];
      if (v === undefined) return 0;
      if (typeof v === 'number') {
        if (!Number.isInteger(v) || v < 0 || v >= col.depth)
          throw new CustodiaError('INVALID_ARGUMENT', 'differentialPrivacy.generalization levels must be integers within the hierarchy', { field: 'differentialPrivacy.generalization' });
        return v;
      }
      return javaRound(degree(v, 'differentialPrivacy.generalization') * (col.depth - 1));
    });
  } else {
    throw new CustodiaError('INVALID_ARGUMENT', 'differentialPrivacy.generalization must be a degree or a record of levels per quasi-identifier', { field: 'differentialPrivacy.generalization' });
  }
  return { epsilon, delta, levels, random: random as (() => number) | undefined };
}

/** Uniform numbers in [0, 1) from the platform CSPRNG, 53 bits each, fetched in blocks. */
function secureUniform(): () => number {
  let pool: Uint8Array = new Uint8Array(0);
  let at = 0;
  return () => {
    if (at + 7 > pool.length) { pool = randomBytes(7 * 4096); at = 0; }
    let hi = pool[at]! & 0x1f; // 5 bits + 48 bits = 53
    for (let i = 1; i < 3; i++) hi = hi * 256 + pool[at + i]!;
    let lo = 0;
    for (let i = 3; i < 7; i++) lo = lo * 256 + pool[at + i]!;
    at += 7;
    return (hi * 4294967296 + lo) / 9007199254740992;
  };
}

/** Draws the sample: record i is in it when the i-th uniform number is below β (ARX: random.nextDouble() < beta). */
export function sampleRecords(n: number, beta: number, random: () => number): Uint8Array {
  const member = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const u = random();
    if (typeof u !== 'number' || !(u >= 0 && u < 1))
      throw new CustodiaError('INVALID_ARGUMENT', 'differentialPrivacy.random must return numbers in [0, 1)', { field: 'differentialPrivacy.random' });
    member[i] = u < beta ? 1 : 0;
  }
  return member;
}

/** The DP run: which records are published, their labels and the summary figures. */
export interface DpOutcome {
  readonly keep: Uint8Array;
  readonly labelOf: (i: number, c: number) => string;
  readonly levels: number[];
  readonly loss: number;
  readonly suppressed: number;
  readonly classes: number;
  readonly after: RiskReport;
  readonly report: DifferentialPrivacyReport;
}

/** Samples, generalizes to the fixed levels, suppresses classes under k; the loss as ARX scores the node. */
export function runDifferentialPrivacy(table: EncodedTable, dpOption: unknown, k: number, metric: MetricKind, threshold: number): DpOutcome {
  const dp = readDp(dpOption, table);
  const params = dpParameters(dp.epsilon, dp.delta);
  const kk = Math.max(params.k, k);
  const member = sampleRecords(table.rows, params.beta, dp.random ?? secureUniform());
  let sampled = 0;
  for (const m of member) sampled += m;
  const w = table.columns.length;
  const src: GroupSource = { kind: 'rows', width: w, size: table.rows, keys: table.codes, sensitive: [], domains: [], subset: member };
  const classOf = new Int32Array(table.rows);
  const set = groupBy(src, levelMaps(table.columns), dp.levels, classOf);
  const outlier = new Uint8Array(set.size);
  const suppressed = markOutliers({ k: kk, sensitive: [] }, set, outlier);
  const loss = sampled === 0 ? 0 : classLoss(metricContext(metric, subsetColumns(table, member), sampled), dp.levels, set, outlier).loss;
  const keep = new Uint8Array(table.rows);
  const sizes: number[] = [];
  for (let i = 0; i < set.size; i++) if (!outlier[i] && set.counts[i]! > 0) sizes.push(set.counts[i]!);
  let published = 0;
  for (let i = 0; i < table.rows; i++) if (member[i] && !outlier[classOf[i]!]) { keep[i] = 1; published++; }
  const cols = table.columns;
  return {
    keep,
    levels: dp.levels,
    loss,
    suppressed,
    classes: sizes.length,
    // Nothing published (a small ε samples few records): no record, no risk.
    after: sizes.length ? riskFromClasses(sizes, threshold) : { prosecutor: { highest: 0, average: 0, recordsAtRisk: 0 }, marketer: 0, threshold, classes: 0, smallestClass: 0 },
    labelOf: (i, c) => {
      const col = cols[c]!;
      const l = dp.levels[c]!;
      return col.labels[l]![col.map[table.codes[i * w + c]! * col.depth + l]!]!;
    },
    report: {
      epsilon: dp.epsilon, delta: dp.delta, beta: params.beta, k: kk, sampled, published,
      levels: Object.fromEntries(cols.map((col, c) => [col.name, dp.levels[c]!])),
    },
  };
}
