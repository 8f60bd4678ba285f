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
  return readingCaller('rows', () => {
    const limit = options.suppressionLimit ?? 0;
    validateParams(rows.length, options.k, limit, leastK(options));
    const metric = resolveMetric(options.metric ?? 'entropy');
    const reader = rowsReader(rows);
    const table = encodeTable(reader, options.quasiIdentifiers);
    const node = table.columns.map((col) => {
      const l = levels[col.name];
      if (!Number.isInteger(l) || (l as number) < 0 || (l as number) >= col.depth)
        throw new CustodiaError('INVALID_ARGUMENT', `levels.${col.name} must be an integer level of its hierarchy (0..${col.depth - 1})`, { field: `levels.${col.name}` });
      return l as number;
    });
    for (const name of Object.keys(levels))
      if (!table.columns.some((c) => c.name === name)) throw new CustodiaError('INVALID_ARGUMENT', `levels.${name} is not a quasi-identifier`, { field: `levels.${name}` });
    const sens = sensitiveSetup(reader, options);
    const sub = subsetSetup(table.rows, options);
    const src = { kind: 'rows' as const, width: node.length, size: table.rows, keys: table.codes, sensitive: sens.codes, domains: sens.domains, ...(sub.member ? { subset: sub.member } : {}) };
    const set = groupBy(src, levelMaps(table.columns), node);
    const outlier = new Uint8Array(set.size);
    const failing = markOutliers({ k: options.k, sensitive: [...sub.checks, ...sens.checks] }, set, outlier);
    let suppressed = 0;
    let classes = 0;
    for (let i = 0; i < set.size; i++) { if (outlier[i]) suppressed += set.counts[i]!; if (set.counts[i]! > 0) classes++; }
    const loss = classLoss(metricContext(metric, subsetColumns(table, sub.member), sub.size), node, set, outlier).loss;
    // failing is infinite when a class without subset records breaks δ-presence.
    return { informationLoss: loss, suppressed, anonymous: failing <= Math.floor(limit * sub.size), classes };
  });
}
