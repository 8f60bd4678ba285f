// ARX's ported anonymization cases (cases.json, written by port.mjs from ARX's test sources) turned
// into custodia options, or into the reason custodia cannot express them. ARX's test harness
// (AbstractAnonymizationTest.getDataObject) makes every attribute with a hierarchy file a
// quasi-identifier except the case's sensitive attribute; the transformation lists levels in the
// data's column order.
import { readFileSync } from 'node:fs';
import type { AnonymizeOptions, MetricName, MetricOptions } from '../../../src/kanon/index.js';
import { ADULT_DIR } from '../_adult.js';

/** A value from ARX's Java source: literal, array, `{ type, args }` (new), `{ call, args }` or `{ ref }`. */
export type JavaValue = number | string | boolean | null | JavaValue[] | { type?: string; call?: string; ref?: string; args?: JavaValue[] };

/** One ported ARXAnonymizationTestCase. */
export interface ArxCase {
  id: string;
  file: string;
  index: number;
  config: {
    suppressionLimit?: number;
    metric?: { call: string; args: JavaValue[] } | null;
    models?: { type?: string; call?: string; args: JavaValue[] }[];
    settings?: { call: string; args: JavaValue[] }[];
    fileSettings?: { call: string; source: string }[];
    source?: unknown;
  };
  dataset: string;
  sensitive: string;
  loss?: number;
  lossText?: string;
  transformation?: number[] | null;
  practical?: boolean;
  hashcode?: number;
  delta?: number;
  builders?: unknown;
}

export interface Ported {
  commit: string;
  count: number;
  cases: ArxCase[];
  /** Research subsets as sorted row indexes, by the key a model's `subset` field names. */
  subsets: Record<string, number[]>;
}

export const PORTED: Ported = JSON.parse(readFileSync(new URL('./cases.json', import.meta.url), 'utf8')) as Ported;

/** Adult's columns in file order (the order of ARX's transformation vectors). */
export const ADULT_COLUMNS = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation', 'salary-class'];

const subsetOf = (v: JavaValue | undefined): string | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as { subset?: string }).subset : undefined);
const ref = (v: JavaValue | undefined): string | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v.ref : undefined);
const hierarchyFile = (attr: string): string[][] =>
  readFileSync(`${ADULT_DIR}adult_hierarchy_${attr}.csv`, 'utf8').trim().split(/\r?\n/).map((l) => l.split(';'));

/** The options for a case, or why custodia cannot run it. */
export type Mapping = { options: AnonymizeOptions; qis: string[] } | { reason: string };

export function mapCase(c: ArxCase, hierarchies: Record<string, string[][]>): Mapping {
  if (c.dataset !== 'adult') return { reason: `other dataset (${c.dataset}, not in ARX's repository)` };
  if (c.hashcode !== undefined) return { reason: 'local recoding (ARX optimizeIterative)' };
  if (c.builders) return { reason: "ARX's interval hierarchy builders" };
  const cfg = c.config;
  if (cfg.source) return { reason: 'data-dependent differential privacy (SafePub)' };
  for (const s of [...(cfg.settings ?? []), ...(cfg.fileSettings ?? [])]) {
    if (s.call === 'setAlgorithm') return { reason: `heuristic search (${('source' in s ? String(s.source) : '').replace('AnonymizationAlgorithm.', '')})` };
    if (s.call === 'setCostBenefitConfiguration') return { reason: 'profitability models (game-theoretic)' };
  }
  const qis = ADULT_COLUMNS.filter((x) => x !== c.sensitive);
  const options: AnonymizeOptions = { quasiIdentifiers: Object.fromEntries(qis.map((q) => [q, hierarchies[q]!])), k: 1, suppressionLimit: cfg.suppressionLimit ?? 0 };
  const lDiversity: NonNullable<AnonymizeOptions['lDiversity']> & unknown[] = [];
  const tCloseness: NonNullable<AnonymizeOptions['tCloseness']> & unknown[] = [];
  const betaLikeness: NonNullable<AnonymizeOptions['betaLikeness']> & unknown[] = [];
  const useSubset = (v: JavaValue | undefined): string | undefined => {
    const key = subsetOf(v);
    if (!key || !PORTED.subsets[key]) return 'research subset not derivable';
    if (options.researchSubset && options.researchSubset !== PORTED.subsets[key]) return 'two different research subsets';
    options.researchSubset = PORTED.subsets[key];
    return undefined;
  };
  for (const m of cfg.models ?? []) {
    const a = m.args;
    switch (m.type) {
      case 'KAnonymity':
        options.k = Math.max(options.k, a[0] as number);
        break;
      case 'DistinctLDiversity':
        lDiversity.push({ attribute: a[0] as string, l: a[1] as number });
        break;
      case 'EntropyLDiversity': {
        const est = ref(a[2]);
        lDiversity.push({ attribute: a[0] as string, l: a[1] as number, variant: 'entropy', ...(est === 'EntropyEstimator.GRASSBERGER' ? { estimator: 'grassberger' as const } : {}) });
        break;
      }
      case 'RecursiveCLDiversity':
        lDiversity.push({ attribute: a[0] as string, c: a[1] as number, l: a[2] as number, variant: 'recursive' });
        break;
      case 'EqualDistanceTCloseness':
        tCloseness.push({ attribute: a[0] as string, t: a[1] as number });
        break;
      case 'HierarchicalDistanceTCloseness':
        tCloseness.push({ attribute: a[0] as string, t: a[1] as number, hierarchy: hierarchyFile(a[0] as string) });
        break;
      case 'DPresence': {
        const why = useSubset(a[2]);
        if (why) return { reason: why };
        options.dPresence = { dMin: a[0] as number, dMax: a[1] as number };
        break;
      }
      case 'Inclusion': {
        const why = useSubset(a[0]);
        if (why) return { reason: why };
        break;
      }
      case 'KMap': {
        if (a.length === 3 || a.length === 4) {
          // KMap(k, significance, ARXPopulationModel.create(Region.X)[, CellSizeEstimator.Y]); ARXPopulationModel.Region.USA is 317,238,626.
          const region = JSON.stringify(a[2]).includes('"Region.USA"') ? 317238626 : undefined;
          if (!region) return { reason: 'k-map population model other than Region.USA' };
          const est = ref(a[3]) === 'CellSizeEstimator.ZERO_TRUNCATED_POISSON' ? 'zero-truncated-poisson' as const : 'poisson' as const;
          options.kMap = { k: a[0] as number, significanceLevel: a[1] as number, populationSize: region, estimator: est };
          break;
        }
        if (a.length !== 2) return { reason: 'k-map with a cell-size estimator' };
        const why = useSubset(a[1]);
        if (why) return { reason: why };
        options.kMap = a[0] as number;
        break;
      }
      case 'OrderedDistanceTCloseness':
        tCloseness.push({ attribute: a[0] as string, t: a[1] as number, ordered: true });
        break;
      case 'BasicBLikeness':
      case 'EnhancedBLikeness':
        betaLikeness.push({ attribute: a[0] as string, beta: a[1] as number, enhanced: m.type === 'EnhancedBLikeness' });
        break;
      case 'EDDifferentialPrivacy':
        return { reason: '(ε,δ)-differential privacy (SafePub)' };
      case 'AverageReidentificationRisk':
        options.averageRisk = a.length === 3 ? { average: a[0] as number, highest: a[1] as number, recordsAtRisk: a[2] as number } : (a[0] as number);
        break;
      case 'SampleUniqueness':
        options.sampleUniqueness = a[0] as number;
        break;
      default:
        if (m.call === 'getPopulationUniqueness') {
          // TestAnonymizationRiskBased.getPopulationUniqueness: ARXPopulationModel.create(Region.USA) (317,238,626).
          if (ref(a[1]) !== 'PopulationUniquenessModel.ZAYATZ') return { reason: `population uniqueness, ${String(ref(a[1])).replace('PopulationUniquenessModel.', '')} model (numeric solver, not built)` };
          options.populationUniqueness = { threshold: a[0] as number, populationSize: 317238626, model: 'zayatz' };
          break;
        }
        return { reason: `privacy model ${m.type ?? m.call}` };
    }
  }
  if (lDiversity.length) options.lDiversity = lDiversity;
  if (tCloseness.length) options.tCloseness = tCloseness;
  if (betaLikeness.length) options.betaLikeness = betaLikeness;
  const metric = cfg.metric;
  if (!metric) return { reason: 'no metric' };
  const mapped = mapMetric(metric);
  if ('reason' in mapped) return mapped;
  options.metric = mapped.metric;
  return { options, qis };
}

const AGGREGATE: Record<string, MetricOptions['aggregate']> = {
  'AggregateFunction.SUM': 'sum', 'AggregateFunction.MAXIMUM': 'maximum', 'AggregateFunction.ARITHMETIC_MEAN': 'arithmetic-mean',
  'AggregateFunction.GEOMETRIC_MEAN': 'geometric-mean', 'AggregateFunction.RANK': 'rank',
};

/**
 * ARX's metric factory call (org.deidentifier.arx.metric.Metric / v2.__MetricV2) as custodia's metric option:
 * the overloads' booleans (monotonic), doubles (gs-factor; a precomputation threshold first for the
 * createPrecomputed* ones, which changes nothing in the values) and AggregateFunction references.
 */
export function mapMetric(metric: { call: string; args: JavaValue[] }): { metric: MetricName | MetricOptions } | { reason: string } {
  const name = metric.call.replace('Metric.', '');
  const args = name.startsWith('createPrecomputed') ? metric.args.slice(1) : metric.args;
  const bool = args.find((a): a is boolean => typeof a === 'boolean');
  const gs = args.find((a): a is number => typeof a === 'number');
  const fn = args.map(ref).find((r) => r?.startsWith('AggregateFunction.'));
  const extra = { ...(gs !== undefined ? { gsFactor: gs } : {}), ...(fn ? { aggregate: AGGREGATE[fn]! } : {}) };
  // The plain name when ARX's defaults apply (as the cases were written before the options existed).
  const plain = (n: MetricName): { metric: MetricName | MetricOptions } => ({ metric: Object.keys(extra).length ? { name: n, ...extra } : n });
  switch (name) {
    case 'createPrecomputedEntropyMetric':
    case 'createEntropyMetric':
      // Without the boolean, ARX's non-monotonic entropy (createEntropyMetric() = createEntropyMetric(false)).
      return { metric: { name: 'entropy', monotonic: bool === true, ...extra } };
    case 'createPrecomputedLossMetric':
    case 'createLossMetric':
      return plain('loss');
    case 'createDiscernabilityMetric':
      return { metric: { name: 'discernibility', monotonic: bool === true } };
    case 'createAECSMetric':
      return plain('aecs');
    case 'createHeightMetric':
      return plain('height');
    case 'createPrecisionMetric':
      return bool ? { metric: { name: 'precision', monotonic: true, ...extra } } : plain('precision');
    default:
      return { reason: `metric ${name}` };
  }
}


/** ARX's score string: String.valueOf(double), compared with rounding to ARX's 10 decimals. */
export function scoreMatches(expected: number, actual: number, delta?: number): boolean {
  if (delta !== undefined) return Math.abs(expected - actual) <= delta;
  return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected));
}
