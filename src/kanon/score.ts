/**
 * `scoreTransformation`: the information loss of one given transformation (levels per
 * quasi-identifier) under a metric, with the classes that fail the privacy model suppressed, as
 * ARX reports a node's score (ARXUtilityMetricsTestCase evaluates given transformations this way).
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { needArray, needObject, readingCaller } from '../errors/_args.js';
import { encodeTable, rowsReader, type InputRow } from './_encode.js';
import { groupBy, levelMaps } from './_freq.js';
import { classLoss, metricContext, resolveMetric } from './_metrics.js';
import { dimensionValues, rankVector, resolveMetricSettings } from './_metricSettings.js';
import { riskSetup } from './_riskModels.js';
import { markOutliers } from './_search.js';
import { sensitiveSetup } from './_sensitive.js';
import { subsetColumns, subsetSetup } from './_subset.js';
import { leastK, validateParams, type AnonymizeOptions } from './anonymize.js';

/**
 * The score of one transformation.
 * @example
 * ```ts
 * const s: TransformationScore = scoreTransformation(rows, { quasiIdentifiers, k: 5 }, { age: 1, sex: 0 });
 * s.anonymous; // true when at most floor(limit × rows) records had to be suppressed
 * ```
 */
export interface TransformationScore {
  /** Information loss under `options.metric` (default `entropy`), ARX's definition. */
  informationLoss: number;
  /** Records in classes failing the model (suppressed). */
  suppressed: number;
  /** The transformation satisfies the model within the suppression limit. */
  anonymous: boolean;
  /** Equivalence classes at the transformation. */
  classes: number;
  /**
   * Multi-dimensional metrics (loss, entropy, precision, height) given ARX options (gsFactor, aggregate,
   * weights or monotonic precision): ARX's value per quasi-identifier before aggregation.
   */
  dimensions?: Record<string, number>;
  /** `aggregate: 'rank'`: ARX's ILMultiDimensionalRank vector, weighted values sorted descending (`informationLoss` is its scalar mean). */
  rank?: number[];
}

/**
 * Scores a given transformation: the loss ARX reports for that lattice node, without searching.
 * `levels` names every quasi-identifier with a level within its hierarchy.
 *
 * @example
 * ```ts
 * import { scoreTransformation } from 'custodia/kanon';
 * const s = scoreTransformation(rows, { quasiIdentifiers: { age: AGE, sex: SEX }, k: 2, metric: { name: 'discernibility', monotonic: true } }, { age: 1, sex: 0 });
 * s.informationLoss; // Σ |E|² over the classes (ARX's DM*)
 * ```
 */
export function scoreTransformation(rows: readonly InputRow[], options: AnonymizeOptions, levels: Readonly<Record<string, number>>): TransformationScore {
  needArray(rows as unknown, 'rows');
  needObject(options as unknown, 'options');
  needObject(levels as unknown, 'levels');
  return scoreTransformations(rows, options, [levels])[0]!;
}

/**
 * {@link scoreTransformation} for many transformations of one table: the table is encoded once.
 *
 * @example
 * ```ts
 * import { scoreTransformations } from 'custodia/kanon';
 * const [a, b] = scoreTransformations(rows, { quasiIdentifiers: { age: AGE, sex: SEX }, k: 2, metric: { name: 'loss', aggregate: 'rank' } }, [{ age: 1, sex: 0 }, { age: 2, sex: 1 }]);
 * a.rank; // ARX's RANK vector: per-attribute losses sorted descending
 * ```
 */
export function scoreTransformations(rows: readonly InputRow[], options: AnonymizeOptions, levelsList: readonly Readonly<Record<string, number>>[]): TransformationScore[] {
  needArray(rows as unknown, 'rows');
  needObject(options as unknown, 'options');
  needArray(levelsList as unknown, 'levels');
  return readingCaller('rows', () => {
    const limit = options.suppressionLimit ?? 0;
    validateParams(rows.length, options.k, limit, leastK(options));
    const metric = resolveMetric(options.metric ?? 'entropy');
    const reader = rowsReader(rows);
    const table = encodeTable(reader, options.quasiIdentifiers);
    const settings = resolveMetricSettings(options.metric, metric, table.columns.map((c) => c.name));
    const risk = riskSetup(options, table.rows);
    const sub = subsetSetup(table.rows, risk.subsetOptions);
    const sens = sensitiveSetup(reader, options, sub.member);
    const k = Math.max(options.k, risk.k);
    const lm = levelMaps(table.columns);
    const src = { kind: 'rows' as const, width: table.columns.length, size: table.rows, keys: table.codes, sensitive: sens.codes, domains: sens.domains, ...(sub.member ? { subset: sub.member } : {}) };
    const ctx = metricContext(metric, subsetColumns(table, sub.member), sub.size, settings);
    const sample = risk.sample(table.columns, ctx);
    return levelsList.map((levels) => {
      needObject(levels as unknown, 'levels');
      const node = table.columns.map((col) => {
        const l = levels[col.name];
        if (!Number.isInteger(l) || (l as number) < 0 || (l as number) >= col.depth)
          throw new CustodiaError('INVALID_ARGUMENT', `levels.${col.name} must be an integer level of its hierarchy (0..${col.depth - 1})`, { field: `levels.${col.name}` });
        return l as number;
      });
      for (const name of Object.keys(levels))
        if (!table.columns.some((c) => c.name === name)) throw new CustodiaError('INVALID_ARGUMENT', `levels.${name} is not a quasi-identifier`, { field: `levels.${name}` });
      const set = groupBy(src, lm, node);
      const outlier = new Uint8Array(set.size);
      const failing = markOutliers({ k, sensitive: [...sub.checks, ...sens.checks], sample }, set, outlier, node);
      let suppressed = 0;
      let classes = 0;
      for (let i = 0; i < set.size; i++) { if (outlier[i]) suppressed += set.counts[i]!; if (set.counts[i]! > 0) classes++; }
      const loss = classLoss(ctx, node, set, outlier).loss;
      // failing is infinite when a class without subset records breaks δ-presence.
      const out: TransformationScore = { informationLoss: loss, suppressed, anonymous: failing <= Math.floor(limit * sub.size), classes };
      if (settings && metric !== 'aecs') {
        const { values } = dimensionValues(ctx, settings, node, set, outlier);
        out.dimensions = Object.fromEntries(table.columns.map((c, i) => [c.name, values[i]!]));
        if (settings.aggregate === 'rank') out.rank = rankVector(values, settings.weights);
      }
      return out;
    });
  });
}
