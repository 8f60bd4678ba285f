/**
 * `anonymize` / `anonymizeColumns`: optimal full-domain generalization (ARX-compatible) or
 * Mondrian local recoding, with k-anonymity, l-diversity and t-closeness.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { needArray, needObject, readingCaller } from '../errors/_args.js';
import { columnsReader, encodeTable, rowsReader, type CellValue, type EncodedTable, type InputRow, type TableReader } from './_encode.js';
import { groupBy, levelMaps, type FrequencySet, type GroupSource } from './_freq.js';
import { metricContext, resolveMetric, type MetricName, type MetricOptions } from './_metrics.js';
import { searchSettings } from './_metricSettings.js';
import { riskSetup, type AverageRisk, type KMapEstimate, type PopulationUniqueness } from './_riskModels.js';
import type { BetaLikeness, LDiversity, TCloseness } from './_models.js';
import { sensitiveSetup } from './_sensitive.js';
import { markOutliers } from './_search.js';
import { readHeuristic, runSearch, type HeuristicOptions } from './_strategy.js';
import type { HeuristicReport } from './_heuristic.js';
import { runDifferentialPrivacy, type DifferentialPrivacy, type DifferentialPrivacyReport } from './_dp.js';
import { subsetColumns, subsetSetup, type DPresence } from './_subset.js';
import { toHierarchy, type HierarchyInput } from './hierarchy.js';
import { mondrian, type MondrianResult } from './mondrian.js';
import { riskFromClasses, type RiskReport } from './risk.js';

/**
 * Options of {@link anonymize}.
 * @example
 * ```ts
 * const opts: AnonymizeOptions = { quasiIdentifiers: { age: intervals({ min: 0, max: 99, widths: [10] }), zip: masking({ length: 6 }) }, k: 5, algorithm: 'mondrian' };
 * const out = anonymize(rows, opts);
 * ```
 */
export interface AnonymizeOptions {
  /** Quasi-identifiers and their hierarchies (a {@link kanon!Hierarchy | Hierarchy} or ARX-style rows `[value, level1, …]`). */
  quasiIdentifiers: Readonly<Record<string, HierarchyInput>>;
  /**
   * Minimum equivalence-class size, ≥ 2; or 1 when l-diversity, t-closeness, δ-presence or k-map is
   * given (that model alone, as ARX runs it without KAnonymity).
   */
  k: number;
  /** Fraction of rows that may be suppressed (0..1, default 0); ARX allows floor(limit × rows). */
  suppressionLimit?: number;
  /** Information-loss metric to minimize (default `entropy`), or a {@link MetricOptions} variant; ignored by Mondrian. */
  metric?: MetricName | MetricOptions;
  /**
   * `optimal` full-domain generalization, `heuristic` (a Lightning-style search within a budget, for
   * lattices too large to enumerate), or `mondrian` multidimensional local recoding. Default: `optimal`
   * when the lattice has at most `heuristic.threshold` nodes (100,000), `heuristic` above.
   */
  algorithm?: 'optimal' | 'heuristic' | 'mondrian';
  /** Budget and threshold of the heuristic search. */
  heuristic?: HeuristicOptions;
  /** l-diversity on sensitive attributes, combined with k. */
  lDiversity?: LDiversity | readonly LDiversity[];
  /** t-closeness on sensitive attributes, combined with k. */
  tCloseness?: TCloseness | readonly TCloseness[];
  /** β-likeness on sensitive attributes (ARX BasicBLikeness / EnhancedBLikeness), combined with k. */
  betaLikeness?: BetaLikeness | readonly BetaLikeness[];
  /** Re-identification risk threshold for `risk.*.recordsAtRisk` (default 0.2 = 1/5). */
  riskThreshold?: number;
  /** Population table for journalist risk (rows with the same quasi-identifier columns). */
  population?: readonly InputRow[];
  /**
   * Indexes of the rows forming the research subset (ARX DataSubset): the subset is what is
   * published, the whole table stands for the population. k, the other models, suppression and the
   * metric count subset records; `dPresence` and `kMap` compare with the whole table's classes.
   */
  researchSubset?: readonly number[];
  /** δ-presence of the research subset (ARX DPresence); needs `researchSubset`. */
  dPresence?: DPresence;
  /**
   * k-map: an integer (ARX KMap(k, subset)): every published class matches at least this many table records,
   * needs `researchSubset`; or a {@link KMapEstimate} (ARX KMap with a population model and cell-size estimator).
   */
  kMap?: number | KMapEstimate;
  /** ARX AverageReidentificationRisk: largest average re-identification risk (1 / average class size), or with highest risk and records at risk. */
  averageRisk?: number | AverageRisk;
  /** ARX SampleUniqueness: largest fraction of records unique in the published table. */
  sampleUniqueness?: number;
  /** ARX PopulationUniqueness with Zayatz's model: largest estimated fraction of the population unique in its class. */
  populationUniqueness?: PopulationUniqueness;
  /**
   * (ε, δ)-differential privacy by random sampling and a data-independent generalization (ARX
   * EDDifferentialPrivacy, SafePub): only the published records are returned. Alone with `k` (any ≥ 1:
   * the larger of it and the derived k applies); the suppression limit does not apply.
   */
  differentialPrivacy?: DifferentialPrivacy;
}

/**
 * Everything {@link anonymize} reports besides the data.
 * @example
 * ```ts
 * const show = (s: AnonymizeSummary): void => console.log(s.levels, s.suppressed, s.risk.after.prosecutor.highest);
 * show(anonymize(rows, opts));
 * show(anonymizeColumns(columns, opts));
 * ```
 */
export interface AnonymizeSummary {
  /**
   * Generalization level chosen per quasi-identifier (`optimal`). Empty for Mondrian, which
   * recodes each partition on its own and has no single level: see `partitions`.
   */
  levels: Record<string, number>;
  /**
   * Mondrian only: how many partitions it made and, per quasi-identifier, in how many of them
   * the published value is a range or group rather than the original value.
   */
  partitions?: { count: number; generalized: Record<string, number> };
  /** Records suppressed (`*` in every quasi-identifier). */
  suppressed: number;
  /** Information loss under the chosen metric (Mondrian: normalized certainty penalty, 0..1). */
  informationLoss: number;
  /** Re-identification risk before and after; suppressed records count as one class. */
  risk: { before: RiskReport; after: RiskReport };
  /** With `differentialPrivacy`: the derived β and k, the sample drawn and the records published. */
  differentialPrivacy?: DifferentialPrivacyReport;
  /** Search statistics; `heuristic` says how far from proven-optimal a heuristic answer is. */
  stats: { algorithm: 'optimal' | 'heuristic' | 'mondrian'; checkedNodes: number; latticeSize: number; classes: number; heuristic?: HeuristicReport };
}

/**
 * The result of {@link anonymize}.
 * @example
 * ```ts
 * const out: AnonymizeResult = anonymize([{ sex: 'M', visits: '3' }, { sex: 'F', visits: '5' }], { quasiIdentifiers: { sex: [['M', '*'], ['F', '*']] }, k: 2 });
 * out.rows; // [{ sex: '*', visits: '3' }, { sex: '*', visits: '5' }]
 * ```
 */
export interface AnonymizeResult<R extends InputRow = Readonly<Record<string, string>>> extends AnonymizeSummary {
  /**
   * The anonymized rows: quasi-identifiers generalized (text), suppressed rows `*` in every QI, other
   * columns as given. Built from the input rows on first read, then kept (a plain property from
   * then on): read it before changing the input rows.
   */
  rows: R extends Readonly<Record<string, string>> ? Record<string, string>[] : Record<string, CellValue>[];
}

/**
 * The result of {@link anonymizeColumns}.
 * @example
 * ```ts
 * const out: AnonymizeColumnsResult = anonymizeColumns({ sex: ['M', 'F'], visits: ['3', '5'] }, { quasiIdentifiers: { sex: [['M', '*'], ['F', '*']] }, k: 2 });
 * out.columns; // { sex: ['*', '*'], visits: ['3', '5'] } (visits: the input array itself)
 * ```
 */
export interface AnonymizeColumnsResult extends AnonymizeSummary {
  /** Quasi-identifier columns replaced by generalized ones; other columns are the input arrays themselves. */
  columns: Record<string, readonly string[]>;
}

export { sensitiveModels, sensitiveSetup, type SensitiveSetup, type SensitiveValues } from './_sensitive.js';


/** Validates k (≥ `least`: 2, or 1 with another privacy model) and the suppression limit against the table size. */
export function validateParams(n: number, k: number, limit: number, least = 2): void {
  if (!Number.isInteger(k) || k < least) throw new CustodiaError('INVALID_K', `k must be an integer of at least ${least}`, { field: 'k' });
  if (k > n) throw new CustodiaError('INVALID_K', 'k must not exceed the number of rows', { field: 'k' });
  if (!(limit >= 0 && limit <= 1)) throw new CustodiaError('INVALID_SUPPRESSION_LIMIT', 'suppressionLimit must be a fraction between 0 and 1', { field: 'suppressionLimit' });
}

/** The outcome of the core run: per record, its published labels come from `labels()`. */
interface Core {
  summary: AnonymizeSummary;
  table: EncodedTable;
  /** Records to return (differential privacy publishes only these); all when absent. */
  keep?: Uint8Array;
  /**
   * Makes the lookup of published labels: quasi-identifier `c` of record `i` (`*` when suppressed).
   * Called only when output is built, so a result whose rows are never read costs no per-record pass.
   */
  labels: () => (i: number, c: number) => string;
}

/** k = 1 is allowed only when another model protects the classes. */
export function leastK(options: Pick<AnonymizeOptions, 'lDiversity' | 'tCloseness' | 'betaLikeness' | 'dPresence' | 'kMap' | 'averageRisk' | 'sampleUniqueness' | 'populationUniqueness'>): number {
  const some = (x: unknown): boolean => x !== undefined && (!Array.isArray(x) || x.length > 0);
  return some(options.lDiversity) || some(options.tCloseness) || some(options.betaLikeness) || options.dPresence !== undefined || options.kMap !== undefined ||
    options.averageRisk !== undefined || options.sampleUniqueness !== undefined || options.populationUniqueness !== undefined ||
    (options as { differentialPrivacy?: unknown }).differentialPrivacy !== undefined ? 1 : 2;
}

/** Least class size the models imply: k, and l of every l-diversity variant (l distinct values need l records). */
export function leastClassSize(options: Pick<AnonymizeOptions, 'k' | 'lDiversity'>): number {
  return Math.max(options.k, ...[options.lDiversity ?? []].flat().map((m) => Math.ceil(m.l)));
}

function run(reader: TableReader, options: AnonymizeOptions): Core {
  const limit = options.suppressionLimit ?? 0;
  validateParams(reader.size, options.k, limit, leastK(options));
  const metric = resolveMetric(options.metric ?? 'entropy');
  const heuristic = readHeuristic(options.algorithm, options.heuristic);
  const algorithm = options.algorithm ?? 'optimal';
  const threshold = options.riskThreshold ?? 0.2;
  if (!(threshold >= 0 && threshold <= 1)) throw new CustodiaError('INVALID_ARGUMENT', 'riskThreshold must be between 0 and 1', { field: 'riskThreshold' });
  const table = encodeTable(reader, options.quasiIdentifiers);
  const risk = riskSetup(options, table.rows);
  const sub = subsetSetup(table.rows, risk.subsetOptions);
  const sens = sensitiveSetup(reader, options, sub.member);
  const k = Math.max(options.k, risk.k);
  if (sub.member && algorithm === 'mondrian') throw new CustodiaError('INVALID_ARGUMENT', 'researchSubset works with the optimal algorithm only', { field: 'researchSubset' });
  const checks = [...sub.checks, ...sens.checks];
  const names = table.columns.map((c) => c.name);
  const w = names.length;
  const src: GroupSource = { kind: 'rows', width: w, size: table.rows, keys: table.codes, sensitive: sens.codes, domains: sens.domains, ...(sub.member ? { subset: sub.member } : {}) };
  const lm = levelMaps(table.columns);
  const zero = new Array<number>(w).fill(0);
  const bottom = groupBy(src, lm, zero);
  const pop = options.population;
  const before = riskFromClasses(bottom.counts, threshold, pop && populationSizes(pop, options, table, bottom, zero));
  if (options.differentialPrivacy !== undefined) return differentiallyPrivate(table, options, metric, threshold, before);

  if (algorithm === 'mondrian') {
    if (risk.sampleBased) throw new CustodiaError('INVALID_ARGUMENT', 'averageRisk and sampleUniqueness work with the optimal algorithm only', { field: options.averageRisk !== undefined ? 'averageRisk' : options.sampleUniqueness !== undefined ? 'sampleUniqueness' : 'populationUniqueness' });
    const m = mondrian(table, sens, k);
    const sizes = new Int32Array(m.partitions);
    for (const p of m.partitionOf) sizes[p]!++;
    return {
      table,
      labels: () => (i, c) => m.labels[m.partitionOf[i]!]![c]!,
      summary: {
        levels: {},
        partitions: { count: m.partitions, generalized: generalizedPartitions(table, m) },
        suppressed: 0,
        informationLoss: m.loss,
        risk: { before, after: riskFromClasses(sizes, threshold) },
        stats: { algorithm, checkedNodes: 0, latticeSize: 0, classes: m.partitions },
      },
    };
  }

  const metricCtx = metricContext(metric, subsetColumns(table, sub.member), sub.size, searchSettings(options.metric, metric, names));
  const sample = risk.sample(table.columns, metricCtx);
  const searched = runSearch({
    bottom,
    levelMaps: lm,
    rows: table.rows,
    maxOutliers: Math.floor(limit * sub.size),
    k,
    sensitive: checks,
    leastClassSize: leastClassSize(options),
    // ARX declares its risk-based models monotone (RiskBasedCriterion: super(true, true)).
    monotone: limit === 0 || (sens.monotoneWithSuppression && sub.monotoneWithSuppression),
    metric: metricCtx,
    sample,
  }, options.algorithm === 'mondrian' ? undefined : options.algorithm, heuristic);
  const res = searched.result;
  // The summary reads the chosen node's classes as the search left them (first-row order, as
  // groupBy numbers them); the per-record classes are computed only when output is asked for.
  const set = res.set;
  const outlier = new Uint8Array(set.size);
  const suppressed = markOutliers({ k, sensitive: checks, sample }, set, outlier, res.levels);
  const sizes = Int32Array.from(set.counts, (c, i) => (outlier[i] ? 0 : c));
  return {
    table,
    labels: () => recordLabels(table, src, lm, res.levels, { k, sensitive: checks, sample }),
    summary: {
      levels: Object.fromEntries(names.map((n, c) => [n, res.levels[c]!])),
      suppressed,
      informationLoss: res.loss,
      // Suppressed records form one class of all-`*` values.
      risk: { before, after: riskFromClasses([...sizes, suppressed], threshold, pop && [...populationSizes(pop, options, table, set, res.levels, outlier), pop.length]) },
      stats: { algorithm: searched.algorithm, checkedNodes: res.checked, latticeSize: res.latticeSize, classes: set.size, ...(searched.report ? { heuristic: searched.report } : {}) },
    },
  };
}

// Per record, its class at the chosen levels (groupBy over the rows numbers classes in first-row
// order, as the search's sets are) and that class's published labels; the marks are recomputed on
// these classes, so the labels are those of the classes the summary counted.
function recordLabels(
  table: EncodedTable, src: GroupSource, lm: ReturnType<typeof levelMaps>, levels: readonly number[], model: Parameters<typeof markOutliers>[0],
): (i: number, c: number) => string {
  const classOf = new Int32Array(table.rows);
  const set = groupBy(src, lm, levels, classOf);
  const outlier = new Uint8Array(set.size);
  markOutliers(model, set, outlier, levels);
  const w = table.columns.length;
  const cols = table.columns;
  return (i, c) => {
    if (outlier[classOf[i]!]) return '*';
    const col = cols[c]!;
    const l = levels[c]!;
    return col.labels[l]![col.map[table.codes[i * w + c]! * col.depth + l]!]!;
  };
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
 * out.levels; // e.g. { age: 2, sex: 0 }
 * ```
 */
export function anonymize<R extends InputRow>(rows: readonly R[], options: AnonymizeOptions): AnonymizeResult<R> {
  needArray(rows as unknown, 'rows');
  needObject(options as unknown, 'options');
  return readingCaller('rows', () => {
    const core = run(rowsReader(rows), options);
    const result = { ...core.summary } as AnonymizeResult<R>;
    // Rows are built on first read and kept (ARX's ARXResult builds its output handle lazily too):
    // a caller after the levels or the risk pays no per-record pass. Assigning `rows` replaces them.
    const settle = (value: AnonymizeResult<R>['rows']): AnonymizeResult<R>['rows'] => {
      Object.defineProperty(result, 'rows', { value, writable: true, enumerable: true, configurable: true });
      return value;
    };
    Object.defineProperty(result, 'rows', {
      enumerable: true,
      configurable: true,
      get: () => settle(readingCaller('rows', () => outputRows(rows, core)) as AnonymizeResult<R>['rows']),
      set: settle,
    });
    return result;
  });
}

// Input rows with their quasi-identifiers replaced by the published labels (DP: the kept records only).
function outputRows(rows: readonly InputRow[], core: Core): Record<string, CellValue>[] {
  const cols = core.table.columns;
  const labelOf = core.labels();
  const out: Record<string, CellValue>[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (core.keep && !core.keep[i]) continue;
    const r: Record<string, CellValue> = { ...rows[i]! };
    for (let c = 0; c < cols.length; c++) r[cols[c]!.name] = labelOf(i, c);
    out.push(r);
  }
  return out;
}

/**
 * {@link anonymize} for column-oriented data (one array per attribute), the shape for millions
 * of records: the input is read once into integer codes, and output columns hold references to
 * the shared label strings, so no second copy of the string data is made.
 *
 * @example
 * ```ts
 * const out = anonymizeColumns({ age: ['34', '35', '36'], sex: ['F', 'F', 'F'] }, {
 *   quasiIdentifiers: { age: intervals({ min: 0, max: 99, widths: [10] }), sex: [['F', '*'], ['M', '*']] }, k: 3,
 * });
 * out.columns.age; // ['30-39', '30-39', '30-39']
 * ```
 */
export function anonymizeColumns(columns: Readonly<Record<string, readonly string[]>>, options: AnonymizeOptions): AnonymizeColumnsResult {
  needObject(columns as unknown, 'columns');
  needObject(options as unknown, 'options');
  return readingCaller('columns', () => {
    const core = run(columnsReader(columns), options);
    const out: Record<string, readonly string[]> = { ...columns };
    const keep = core.keep;
    const labelOf = core.labels();
    // Differential privacy publishes only some records: every column is cut to them.
    if (keep) for (const name of Object.keys(out)) out[name] = out[name]!.filter((_, i) => keep[i]);
    core.table.columns.forEach((col, c) => {
      const arr: string[] = [];
      for (let i = 0; i < core.table.rows; i++) if (!keep || keep[i]) arr.push(labelOf(i, c));
      out[col.name] = arr;
    });
    return { ...core.summary, columns: out };
  });
}

// ARX's EDDifferentialPrivacy stands alone: no other model, subset or search choice goes with it.
function differentiallyPrivate(table: EncodedTable, options: AnonymizeOptions, metric: ReturnType<typeof resolveMetric>, threshold: number, before: RiskReport): Core {
  const other = (['lDiversity', 'tCloseness', 'betaLikeness', 'researchSubset', 'dPresence', 'kMap', 'population'] as const).find((o) => options[o] !== undefined);
  if (other || (options.algorithm !== undefined && options.algorithm !== 'optimal'))
    throw new CustodiaError('INVALID_ARGUMENT', 'differentialPrivacy cannot be combined with other privacy models, a research subset, a population or another algorithm', { field: 'differentialPrivacy' });
  const dp = runDifferentialPrivacy(table, options.differentialPrivacy, options.k, metric, threshold);
  return {
    table,
    keep: dp.keep,
    labels: () => dp.labelOf,
    summary: {
      levels: dp.report.levels,
      suppressed: dp.suppressed,
      informationLoss: dp.loss,
      risk: { before, after: dp.after },
      differentialPrivacy: dp.report,
      stats: { algorithm: 'optimal', checkedNodes: 1, latticeSize: 1, classes: dp.classes },
    },
  };
}

// Per QI, the partitions whose label differs from the original value of their rows (first row stands for all:
// a partition that keeps original values holds one value).
function generalizedPartitions(table: EncodedTable, m: MondrianResult): Record<string, number> {
  const w = table.columns.length;
  const first = new Int32Array(m.partitions).fill(-1);
  for (let i = 0; i < table.rows; i++) if (first[m.partitionOf[i]!] === -1) first[m.partitionOf[i]!] = i;
  const out: Record<string, number> = {};
  table.columns.forEach((col, c) => {
    let n = 0;
    for (let p = 0; p < m.partitions; p++) {
      const row = first[p]!;
      if (row >= 0 && m.labels[p]![c] !== col.labels[0]![table.codes[row * w + c]!]) n++;
    }
    out[col.name] = n;
  });
  return out;
}

// Population records per class: population rows generalized with the same levels, matched on labels.
function populationSizes(
  population: readonly InputRow[],
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
  const read = rowsReader(population);
  const getters = cols.map((col) => read.column(col.name));
  const out = new Array<number>(set.size).fill(0);
  for (let i = 0; i < population.length; i++) {
    const parts: string[] = [];
    for (let c = 0; c < w; c++) {
      const label = hs[c]!.row(getters[c]!(i))?.[levels[c]!];
      if (label === undefined) break;
      parts.push(label);
    }
    const cls = parts.length === w ? index.get(parts.join('\u0000')) : undefined;
    if (cls !== undefined) out[cls]!++;
  }
  return out;
}
