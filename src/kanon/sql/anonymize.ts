/**
 * `anonymizeSql`: optimal k-anonymity where the data lives. The engine computes the frequency
 * set with one GROUP BY; the lattice search and metrics of custodia/kanon run on those counts;
 * the chosen transformation is written back with joins on hierarchy tables.
 * @module
 */
import { toHex } from '../../bytes/index.js';
import { CustodiaError, isCustodiaError } from '../../errors/index.js';
import { needObject } from '../../errors/_args.js';
import { randomBytes } from '../../runtime/index.js';
import { leastK, sensitiveModels, validateParams, type AnonymizeOptions } from '../anonymize.js';
import { groupBy, levelMaps } from '../_freq.js';
import { metricContext, resolveMetric } from '../_metrics.js';
import { searchSettings } from '../_metricSettings.js';
import { kMapDerivedK, type KMapEstimate } from '../_riskModels.js';
import { readHeuristic, runSearch } from '../_strategy.js';
import type { HeuristicReport } from '../_heuristic.js';
import { toHierarchy, type Hierarchy } from '../hierarchy.js';
import { riskFromClasses, type RiskReport } from '../risk.js';
import { isUnreachable, rowBatches, unavailable, type SqlExecutor, type SqlRow } from './_executor.js';
import { FrequencyReader } from './_frequency.js';
import { frequencyQuery, sourceOf, textOf } from './_sql.js';
import { writeOutput } from './_output.js';
import { chFrequencyQuery, chSource, chText } from './_clickhouseSql.js';
import { chColumns, clickhousePlan, writeClickHouseOutput } from './_clickhouseOutput.js';
import type { SqlStatement } from './replay.js';

/**
 * Options of {@link anonymizeSql}.
 * @example
 * ```ts
 * const opts: AnonymizeSqlOptions = { table: "(SELECT * FROM visits WHERE city = 'Shenzhen')", quasiIdentifiers: { age, gender }, k: 10, output: { table: 'visits_anon' } };
 * await anonymizeSql(db, opts);
 * ```
 */
export interface AnonymizeSqlOptions extends Pick<AnonymizeOptions, 'quasiIdentifiers' | 'k' | 'suppressionLimit' | 'metric' | 'lDiversity' | 'tCloseness' | 'betaLikeness' | 'riskThreshold' | 'heuristic'> {
  /**
   * k-map estimated from the population size (ARX KMap with a cell-size estimator): k-anonymity with ARX's derived k.
   * The integer form (a research subset's k-map) is refused here: it needs row identity.
   */
  kMap?: number | KMapEstimate;
  /** `optimal` or `heuristic` (as `anonymize`; default: optimal up to `heuristic.threshold` lattice nodes); `mondrian` is `mondrianSql`. */
  algorithm?: AnonymizeOptions['algorithm'];
  /** A table name (`schema.table` allowed), a subquery in parentheses, or (DuckDB) a Parquet / CSV path. */
  table: string;
  /** Write the anonymized table here (CREATE TABLE AS under a temporary name, renamed when everything succeeded). */
  output?: { table: string };
}

/**
 * The result of {@link anonymizeSql}: the same figures as in-memory `anonymize`, and the SQL that ran
 * (replayable with `toReplayableSql`).
 * @example
 * ```ts
 * const r: AnonymizeSqlResult = await anonymizeSql(db, opts);
 * console.log(r.levels, r.suppressed, r.stats.rows, r.risk.after.prosecutor.highest);
 * toReplayableSql(r); // r.statements with their values inlined
 * ```
 */
export interface AnonymizeSqlResult {
  /** Generalization level chosen per quasi-identifier. */
  levels: Record<string, number>;
  /** Records suppressed (all quasi-identifiers `*` in the output). */
  suppressed: number;
  /** Information loss under the chosen metric (ARX's definition, as `anonymize`). */
  informationLoss: number;
  /** Re-identification risk before and after. */
  risk: { before: RiskReport; after: RiskReport };
  /** Every statement executed, in order, with `$n` placeholders (values went as parameters); repeated texts listed once. */
  sql: string[];
  /**
   * Every statement executed, in order, with the values bound to its `$n` placeholders: what a
   * replay on another engine needs (`toReplayableSql` inlines them as SQL literals).
   */
  statements: SqlStatement[];
  /** Rows in the table, equivalence classes in the frequency set and after generalization, lattice nodes checked. */
  stats: { rows: number; bottomClasses: number; classes: number; checkedNodes: number; latticeSize: number; algorithm?: 'optimal' | 'heuristic'; heuristic?: HeuristicReport };
}


const list = <T>(x: T | readonly T[] | undefined): readonly T[] => (x === undefined ? [] : Array.isArray(x) ? (x as readonly T[]) : [x as T]);

/** Runs statements, records them, and turns engine failures into CustodiaErrors. */
export class Session {
  readonly sql: string[] = [];
  readonly statements: SqlStatement[] = [];
  constructor(readonly db: SqlExecutor) {}
  private note(text: string, params: readonly unknown[]): void {
    if (this.sql[this.sql.length - 1] !== text) this.sql.push(text);
    this.statements.push({ text, params: [...params] });
  }
  fail(step: string, e: unknown): CustodiaError {
    if (isCustodiaError(e)) return e;
    if (isUnreachable(e)) return unavailable('sql', e);
    return new CustodiaError('ENGINE_ERROR', `the engine rejected the ${step} statement`, { field: 'db', cause: e });
  }
  /** Runs one statement; with `shard`, on that shard's own server (ClickHouse clusters). */
  async run(step: string, text: string, params: readonly unknown[] = [], shard?: number): Promise<SqlRow[]> {
    this.note(text, params);
    try {
      if (shard !== undefined && this.db.clickhouse) return await this.db.clickhouse.onShard(shard, text);
      return await this.db.query(text, params);
    } catch (e) {
      throw this.fail(step, e);
    }
  }
  async *stream(step: string, text: string, params: readonly unknown[]): AsyncIterable<readonly SqlRow[]> {
    this.note(text, params);
    try {
      yield* rowBatches(this.db, text, params);
    } catch (e) {
      throw this.fail(step, e);
    }
  }
}

/** A table opened for push-down: its source, and a text expression for each wanted column (which must exist). */
export interface _OpenTable {
  ch: SqlExecutor['clickhouse'];
  chSrc: ReturnType<typeof chSource> | undefined;
  src: { sql: string; params: readonly unknown[] };
  /** Every column of the table, in its order. */
  columns: string[];
  exprs: string[];
}

export async function openTable(s: Session, table: string, wanted: readonly string[]): Promise<_OpenTable> {
  const ch = s.db.clickhouse;
  const chSrc = ch ? chSource(table) : undefined;
  const src = chSrc ? { sql: chSrc.sql, params: [] } : sourceOf(table);
  // One row tells the columns (and which ones the engine already returns as text).
  // On ClickHouse a table's columns come from DESCRIBE (an empty table then fails on k after the GROUP BY).
  const described = chSrc ? await chColumns(s, chSrc) : undefined;
  const probe = described ? [] : await s.run('probe', `SELECT * FROM ${src.sql} LIMIT 1`, src.params);
  if (!described && probe.length === 0) throw new CustodiaError('INVALID_K', 'k must not exceed the number of rows (the table is empty)', { field: 'k' });
  const first: SqlRow = probe[0] ?? {};
  const columns = described ?? Object.keys(first);
  for (const c of wanted) if (!columns.includes(c)) throw new CustodiaError('UNKNOWN_COLUMN', `column ${c} does not exist in the table`, { field: c });
  // ClickHouse's JSON returns 64-bit integers as strings too, so there every column is converted.
  const exprs = wanted.map((c) => (ch ? chText(c) : textOf(c, typeof first[c] === 'string')));
  return { ch, chSrc, src, columns, exprs };
}

/**
 * k-anonymity (plus l-diversity / t-closeness) computed inside a SQL engine: rows never cross
 * into JavaScript, only the frequency set of the quasi-identifiers does. Levels, suppressed
 * count and loss equal those of in-memory `anonymize` on the same rows.
 *
 * @example
 * ```ts
 * import { anonymizeSql, duckdbExecutor } from 'custodia/kanon/sql';
 * import { intervals } from 'custodia/kanon';
 * const db = duckdbExecutor();
 * const r = await anonymizeSql(db, {
 *   table: 'visits.parquet',
 *   quasiIdentifiers: { age: intervals({ min: 0, max: 99, widths: [5, 10, 20] }), gender: [['M', '*'], ['F', '*']] },
 *   k: 10, suppressionLimit: 0.01, output: { table: 'visits_anon' },
 * });
 * r.levels; // { age: 1, gender: 0 }
 * await db.close();
 * ```
 */
export async function anonymizeSql(db: SqlExecutor, options: AnonymizeSqlOptions): Promise<AnonymizeSqlResult> {
  needObject(db, 'db');
  needObject(options, 'options');
  if (!db || typeof db.query !== 'function') throw new CustodiaError('INVALID_ARGUMENT', 'db must be a SqlExecutor', { field: 'db' });
  const limit = options.suppressionLimit ?? 0;
  validateParams(Number.MAX_SAFE_INTEGER, options.k, limit, leastK(options));
  const metric = resolveMetric(options.metric ?? 'entropy');
  if (options.algorithm === 'mondrian') throw new CustodiaError('INVALID_ARGUMENT', 'algorithm must be optimal or heuristic here (Mondrian is mondrianSql)', { field: 'algorithm' });
  const heuristic = readHeuristic(options.algorithm, options.heuristic);
  const threshold = options.riskThreshold ?? 0.2;
  if (!(threshold >= 0 && threshold <= 1)) throw new CustodiaError('INVALID_ARGUMENT', 'riskThreshold must be between 0 and 1', { field: 'riskThreshold' });
  const names = Object.keys(options.quasiIdentifiers ?? {});
  if (names.length === 0) throw new CustodiaError('INVALID_ARGUMENT', 'at least one quasi-identifier is required', { field: 'quasiIdentifiers' });
  const hierarchies: Hierarchy[] = names.map((n) => toHierarchy(options.quasiIdentifiers[n]!));
  const sensNames = [...new Set([...list(options.lDiversity), ...list(options.tCloseness), ...list(options.betaLikeness)].map((m) => m.attribute))];
  const s = new Session(db);
  const { ch, chSrc, src, columns, exprs } = await openTable(s, options.table, [...names, ...sensNames]);

  const reader = new FrequencyReader(names.length, sensNames.length);
  const freq = ch ? chFrequencyQuery(src.sql, exprs) : frequencyQuery(src, exprs);
  for await (const batch of s.stream('frequency', freq, src.params)) reader.add(batch);
  const rows = reader.rows;
  validateParams(rows, options.k, limit, leastK(options));
  // Models that need row identity (research subsets, first-row order of sample-based risk models) do not run on GROUP BY counts.
  const extra = options as { researchSubset?: unknown; dPresence?: unknown; averageRisk?: unknown; sampleUniqueness?: unknown; populationUniqueness?: unknown };
  for (const field of ['researchSubset', 'dPresence', 'averageRisk', 'sampleUniqueness', 'populationUniqueness'] as const)
    if (extra[field] !== undefined) throw new CustodiaError('INVALID_ARGUMENT', `${field} is not supported by kanon/sql (use anonymize in memory)`, { field });
  if (options.kMap !== undefined && typeof options.kMap !== 'object') throw new CustodiaError('INVALID_ARGUMENT', 'kanon/sql takes kMap as { k, populationSize, significanceLevel, estimator }', { field: 'kMap' });
  const k = Math.max(options.k, options.kMap ? kMapDerivedK(options.kMap, rows) : 1);
  const cols = names.map((n, c) => reader.column(c, n, hierarchies[c]!));
  const slots: number[] = [];
  const sens = sensitiveModels(options, (attribute) => {
    const i = sensNames.indexOf(attribute);
    slots.push(i);
    return reader.sensitive(i, attribute);
  });
  const lm = levelMaps(cols);
  const bottom = groupBy({ kind: 'freq', set: reader.frequencySet(slots) }, lm, new Array<number>(names.length).fill(0));
  const searched = runSearch({
    bottom,
    levelMaps: lm,
    rows,
    maxOutliers: Math.floor(limit * rows),
    k,
    sensitive: sens.checks,
    monotone: limit === 0 || sens.monotoneWithSuppression,
    metric: metricContext(metric, cols, rows, searchSettings(options.metric, metric, names)),
  }, options.algorithm, heuristic);
  const res = searched.result;

  if (options.output && ch) {
    const plan = clickhousePlan({ names, exprs, cols, values: reader.qi.map((d) => d.values as string[]), levels: res.levels, set: res.set, outlier: res.outlier });
    await writeClickHouseOutput(s, ch, { ...plan, output: options.output.table, src: chSrc!, columns, suffix: toHex(randomBytes(6)) });
  } else if (options.output) {
    await writeOutput(s, {
      output: options.output.table,
      src,
      columns,
      names,
      exprs: exprs.slice(0, names.length),
      cols,
      values: reader.qi.map((d) => d.values),
      levels: res.levels,
      set: res.set,
      outlier: res.outlier,
      suffix: toHex(randomBytes(6)),
    });
  }
  const sizes = Int32Array.from(res.set.counts, (c, i) => (res.outlier[i] ? 0 : c));
  return {
    levels: Object.fromEntries(names.map((n, c) => [n, res.levels[c]!])),
    suppressed: res.outliers,
    informationLoss: res.loss,
    risk: { before: riskFromClasses(bottom.counts, threshold), after: riskFromClasses([...sizes, res.outliers], threshold) },
    sql: s.sql,
    statements: s.statements,
    stats: {
      rows, bottomClasses: bottom.size, classes: res.set.size, checkedNodes: res.checked, latticeSize: res.latticeSize,
      algorithm: searched.algorithm, ...(searched.report ? { heuristic: searched.report } : {}),
    },
  };
}
