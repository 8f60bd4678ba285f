/**
 * `anonymize`: optimal full-domain generalization (ARX-compatible) or Mondrian local recoding.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { cell, encodeSensitive, encodeTable, type EncodedColumn, type EncodedTable } from './_encode.js';
import { groupBy, levelMaps, type FrequencySet, type GroupSource } from './_freq.js';
import { metricContext, type MetricName } from './_metrics.js';
import { lDiversityCheck, tClosenessCheck, type LDiversity, type SensitiveCheck, type TCloseness } from './_models.js';
import { markOutliers, searchLattice } from './_search.js';
import { toHierarchy, type HierarchyInput } from './hierarchy.js';
import { mondrian } from './mondrian.js';
import { riskFromClasses, type RiskReport } from './risk.js';

/** Options of {@link anonymize}. */
export interface AnonymizeOptions {
  /** Quasi-identifiers and their hierarchies (a {@link Hierarchy} or ARX-style rows `[value, level1, …]`). */
  quasiIdentifiers: Readonly<Record<string, HierarchyInput>>;
  /** Minimum equivalence-class size, ≥ 2. */
  k: number;
  /** Fraction of rows that may be suppressed (0..1, default 0); ARX allows floor(limit × rows). */
  suppressionLimit?: number;
  /** Information-loss metric to minimize (default `entropy`); ignored by Mondrian. */
  metric?: MetricName;
  /** `optimal` (default) full-domain generalization, or `mondrian` multidimensional local recoding. */
  algorithm?: 'optimal' | 'mondrian';
  /** l-diversity on sensitive attributes, combined with k. */
  lDiversity?: LDiversity | readonly LDiversity[];
  /** t-closeness on sensitive attributes, combined with k. */
  tCloseness?: TCloseness | readonly TCloseness[];
  /** Re-identification risk threshold for `risk.recordsAtRisk` (default 0.2 = 1/5). */
  riskThreshold?: number;
  /** Population table for journalist risk (rows with the same quasi-identifier columns). */
  population?: readonly Readonly<Record<string, string>>[];
}

/** The result of {@link anonymize}. */
export interface AnonymizeResult {
  /** Generalization level chosen per quasi-identifier (`optimal`; all 0 for Mondrian). */
  levels: Record<string, number>;
  /** The anonymized rows: quasi-identifiers generalized, suppressed rows `*` in every QI, other columns as given. */
  rows: Record<string, string>[];
  /** Records suppressed. */
  suppressed: number;
  /** Information loss of the result under the chosen metric (Mondrian: normalized certainty penalty, 0..1). */
  informationLoss: number;
  /** Re-identification risk before and after. */
  risk: { before: RiskReport; after: RiskReport };
  /** Search statistics. */
  stats: { algorithm: 'optimal' | 'mondrian'; checkedNodes: number; latticeSize: number; classes: number };
}

const METRICS: readonly MetricName[] = ['entropy', 'discernibility', 'loss', 'height', 'precision'];

function list<T>(x: T | readonly T[] | undefined): readonly T[] {
  return x === undefined ? [] : Array.isArray(x) ? (x as readonly T[]) : [x as T];
}

/** Validates k and the suppression limit against the table size. */
export function validateParams(n: number, k: number, limit: number): void {
  if (!Number.isInteger(k) || k < 2) throw new CustodiaError('INVALID_K', 'k must be an integer of at least 2', { field: 'k' });
  if (k > n) throw new CustodiaError('INVALID_K', 'k must not exceed the number of rows', { field: 'k' });
  if (!(limit >= 0 && limit <= 1)) throw new CustodiaError('INVALID_SUPPRESSION_LIMIT', 'suppressionLimit must be a fraction between 0 and 1', { field: 'suppressionLimit' });
}

/** Compiled sensitive-attribute models with the per-row codes they read. */
export interface SensitiveSetup {
  checks: SensitiveCheck[];
  codes: Int32Array[];
  domains: number[];
  /** True when only distinct l-diversity is used (monotone even with suppression). */
  monotoneWithSuppression: boolean;
}

/** Encodes sensitive attributes and compiles l-diversity / t-closeness checks. */
export function sensitiveSetup(rows: readonly Readonly<Record<string, string>>[], opts: Pick<AnonymizeOptions, 'lDiversity' | 'tCloseness'>): SensitiveSetup {
  const codes: Int32Array[] = [];
  const models = sensitiveModels(opts, (attribute) => {
    const e = encodeSensitive(rows, attribute);
    codes.push(e.codes);
    const counts = new Float64Array(e.values.length);
    for (const c of e.codes) counts[c]!++;
    return { values: e.values, counts };
  });
  return { ...models, codes };
}

/** A sensitive column as the models see it: distinct values (code order) and records per value. */
export interface SensitiveValues {
  values: readonly string[];
  counts: ArrayLike<number>;
}

/**
 * Compiles l-diversity / t-closeness checks; `valuesOf` is called once per model, in order, and
 * its codes are the histogram slots of the frequency set (rows in memory, or a SQL GROUP BY).
 */
export function sensitiveModels(
  opts: Pick<AnonymizeOptions, 'lDiversity' | 'tCloseness'>,
  valuesOf: (attribute: string) => SensitiveValues,
): Omit<SensitiveSetup, 'codes'> {
  const checks: SensitiveCheck[] = [];
  const domains: number[] = [];
  let monotone = true;
  for (const m of list(opts.lDiversity)) {
    if (!Number.isInteger(m.l) || m.l < 1) throw new CustodiaError('INVALID_ARGUMENT', 'lDiversity.l must be a positive integer', { field: 'lDiversity.l' });
    if ((m.variant ?? 'distinct') === 'recursive' && !(typeof m.c === 'number' && m.c > 0))
      throw new CustodiaError('INVALID_ARGUMENT', 'recursive l-diversity needs c > 0', { field: 'lDiversity.c' });
    const e = valuesOf(m.attribute);
    checks.push(lDiversityCheck(m, domains.length));
    domains.push(e.values.length);
    if ((m.variant ?? 'distinct') !== 'distinct') monotone = false;
  }
  for (const m of list(opts.tCloseness)) {
    if (!(m.t >= 0 && m.t <= 1)) throw new CustodiaError('INVALID_ARGUMENT', 'tCloseness.t must be between 0 and 1', { field: 'tCloseness.t' });
    const e = valuesOf(m.attribute);
    let total = 0;
    for (let v = 0; v < e.values.length; v++) total += e.counts[v]!;
    const overall = Float64Array.from({ length: e.values.length }, (_, v) => e.counts[v]! / total);
    let parents: Int32Array[] | undefined;
    let sizes: number[] | undefined;
    if (m.hierarchy) {
      const col = encodeTable(e.values.map((v) => ({ [m.attribute]: v })), { [m.attribute]: toHierarchy(m.hierarchy) }).columns[0]!;
      ({ parents, sizes } = parentTables(col));
    }
    checks.push(tClosenessCheck(m, domains.length, overall, parents, sizes));
    domains.push(e.values.length);
    monotone = false;
  }
  return { checks, domains, monotoneWithSuppression: monotone };
}

// Leaf codes of the sensitive column equal value codes (values were encoded in order).
function parentTables(col: EncodedColumn): { parents: Int32Array[]; sizes: number[] } {
  const sizes = col.labels.map((l) => l.length);
  const parents: Int32Array[] = [];
  for (let l = 0; l + 1 < col.depth; l++) {
    const par = new Int32Array(sizes[l]!);
    for (let leaf = 0; leaf < col.leaves; leaf++) par[col.map[leaf * col.depth + l]!] = col.map[leaf * col.depth + l + 1]!;
    parents.push(par);
  }
  return { parents, sizes };
}

/** Grouping source over encoded rows. */
export function rowSource(t: EncodedTable, s: SensitiveSetup): GroupSource {
  return { kind: 'rows', width: t.columns.length, size: t.rows, keys: t.codes, sensitive: s.codes, domains: s.domains };
}

/**
 * Anonymizes a table so that every record shares its quasi-identifiers with at least k−1 others
 * (plus l-diversity / t-closeness if asked), minimizing information loss like ARX.
 *
 * @example
 * ```ts
 * import { anonymize, intervals } from 'custodia/kanon';
 * const out = anonymize(rows, {
 *   quasiIdentifiers: { age: intervals({ min: 0, max: 99, widths: [5, 10, 20] }), sex: [['M', '*'], ['F', '*']] },
 *   k: 5, suppressionLimit: 0.02, metric: 'entropy',
 * });
 * out.levels; // { age: 2, sex: 0 }
 * ```
 */
export function anonymize(rows: readonly Readonly<Record<string, string>>[], options: AnonymizeOptions): AnonymizeResult {
  const limit = options.suppressionLimit ?? 0;
  validateParams(rows.length, options.k, limit);
  const metric = options.metric ?? 'entropy';
  if (!METRICS.includes(metric)) throw new CustodiaError('INVALID_ARGUMENT', 'metric must be one of entropy, discernibility, loss, height, precision', { field: 'metric' });
  const algorithm = options.algorithm ?? 'optimal';
  if (algorithm !== 'optimal' && algorithm !== 'mondrian') throw new CustodiaError('INVALID_ARGUMENT', 'algorithm must be optimal or mondrian', { field: 'algorithm' });
  const table = encodeTable(rows, options.quasiIdentifiers);
  const sens = sensitiveSetup(rows, options);
  const names = table.columns.map((c) => c.name);
  const threshold = options.riskThreshold ?? 0.2;
  if (!(threshold >= 0 && threshold <= 1)) throw new CustodiaError('INVALID_ARGUMENT', 'riskThreshold must be between 0 and 1', { field: 'riskThreshold' });
  const src = rowSource(table, sens);
  const lm = levelMaps(table.columns);
  const zero = new Array<number>(names.length).fill(0);
  const bottom = groupBy(src, lm, zero);
  const pop = options.population;
  const before = riskFromClasses(bottom.counts, threshold, pop && populationSizes(pop, options, table, bottom, zero));
  if (algorithm === 'mondrian') {
    const m = mondrian(rows, table, sens, options.k);
    const sizes = new Int32Array(m.partitions);
    for (const p of m.partitionOf) sizes[p]!++;
    return {
      levels: Object.fromEntries(names.map((n) => [n, 0])),
      rows: m.rows,
      suppressed: 0,
      informationLoss: m.loss,
      risk: { before, after: riskFromClasses(sizes, threshold) },
      stats: { algorithm, checkedNodes: 0, latticeSize: 0, classes: m.partitions },
    };
  }
  const res = searchLattice({
    bottom,
    levelMaps: lm,
    rows: rows.length,
    maxOutliers: Math.floor(limit * rows.length),
    k: options.k,
    sensitive: sens.checks,
    monotone: limit === 0 || sens.monotoneWithSuppression,
    metric: metricContext(metric, table.columns, rows.length),
  });
  const out = materialize(rows, table, src, res.levels, options.k, sens.checks);
  // Suppressed records form one class of all-`*` values.
  const sizes = Int32Array.from(res.set.counts, (c, i) => (res.outlier[i] ? 0 : c));
  const afterSizes = [...sizes, res.outliers];
  const afterPop = pop && [...populationSizes(pop, options, table, res.set, res.levels, res.outlier), pop.length];
  return {
    levels: Object.fromEntries(names.map((n, c) => [n, res.levels[c]!])),
    rows: out.rows,
    suppressed: out.suppressed,
    informationLoss: res.loss,
    risk: { before, after: riskFromClasses(afterSizes, threshold, afterPop) },
    stats: { algorithm, checkedNodes: res.checked, latticeSize: res.latticeSize, classes: res.set.size },
  };
}

function materialize(
  rows: readonly Readonly<Record<string, string>>[],
  table: EncodedTable,
  src: GroupSource,
  levels: readonly number[],
  k: number,
  sensitive: readonly SensitiveCheck[],
): { rows: Record<string, string>[]; suppressed: number } {
  const classOf = new Int32Array(rows.length);
  const set: FrequencySet = groupBy(src, levelMaps(table.columns), levels, classOf);
  const outlier = new Uint8Array(set.size);
  const suppressed = markOutliers({ k, sensitive }, set, outlier);
  const w = table.columns.length;
  const out = new Array<Record<string, string>>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r: Record<string, string> = { ...rows[i] };
    const sup = outlier[classOf[i]!] === 1;
    for (let c = 0; c < w; c++) {
      const col = table.columns[c]!;
      const l = levels[c]!;
      r[col.name] = sup ? '*' : col.labels[l]![col.map[table.codes[i * w + c]! * col.depth + l]!]!;
    }
    out[i] = r;
  }
  return { rows: out, suppressed };
}

// Population records per class: population rows generalized with the same levels, matched on labels.
function populationSizes(
  population: readonly Readonly<Record<string, string>>[],
  options: AnonymizeOptions,
  table: EncodedTable,
  set: FrequencySet,
  levels: readonly number[],
  outlier?: Uint8Array,
): number[] {
  const cols = table.columns;
  const w = cols.length;
  const index = new Map<string, number>();
  for (let i = 0; i < set.size; i++) {
    if (outlier?.[i]) continue;
    const key = cols.map((col, c) => col.labels[levels[c]!]![col.map[set.keys[i * w + c]! * col.depth + levels[c]!]!]!).join('\u0000');
    index.set(key, i);
  }
  const hs = cols.map((col) => toHierarchy(options.quasiIdentifiers[col.name]!));
  const out = new Array<number>(set.size).fill(0);
  population.forEach((r, i) => {
    const parts: string[] = [];
    for (let c = 0; c < w; c++) {
      const label = hs[c]!.row(cell(r, cols[c]!.name, i))?.[levels[c]!];
      if (label === undefined) return;
      parts.push(label);
    }
    const cls = index.get(parts.join('\u0000'));
    if (cls !== undefined) out[cls]!++;
  });
  return out;
}
