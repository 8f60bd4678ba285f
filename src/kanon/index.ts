/**
 * custodia/kanon — k-anonymity and privacy models for analytics and traffic-flow data
 * (T/CCAGM 002-2021 §3.5–3.9, 5.1): ARX-compatible optimal generalization, Mondrian,
 * l-diversity, t-closeness, re-identification risk, hierarchy builders and small-count
 * suppression for 客流 aggregates.
 * @module
 */
export {
  anonymize,
  anonymizeColumns,
  type AnonymizeColumnsResult,
  type AnonymizeOptions,
  type AnonymizeResult,
  type AnonymizeSummary,
} from './anonymize.js';
export type { CellValue } from './_encode.js';
export { scoreTransformation, scoreTransformations, type TransformationScore } from './score.js';
export type { AggregateFunction } from './_metricSettings.js';
export type { AverageRisk, KMapEstimate, PopulationUniqueness } from './_riskModels.js';
export type { MetricName, MetricOptions } from './_metrics.js';
export type { BetaLikeness, LDiversity, TCloseness } from './_models.js';
export type { DPresence } from './_subset.js';
export {
  categorical,
  dates,
  fromRows,
  intervals,
  masking,
  type CategoryTree,
  type Hierarchy,
  type HierarchyInput,
  type IntervalOptions,
  type MaskingOptions,
} from './hierarchy.js';
export { regionCode, regionCodeOf, regionName, type RegionCodeOptions } from './region.js';
export { assessRisk, type RiskFigures, type RiskOptions, type RiskReport } from './risk.js';
export { suppressSmallCounts, type CountCell, type SuppressOptions, type SuppressResult } from './counts.js';
