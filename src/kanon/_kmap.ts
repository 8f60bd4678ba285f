/**
 * ARX's KMap with a population model and cell-size estimator (org.deidentifier.arx.criteria.KMap, aacd487fb):
 * KMap.initialize derives the class size k-anonymity must reach. λ = (rows / population)·k; POISSON: the least
 * c+1 with P[X ≤ c] ≥ 1 − significance (counted up to k); ZERO_TRUNCATED_POISSON: the least c with
 * Σ_{1..c−1} P[X = i] / (1 − P[X = 0]) ≥ 1 − significance; then at most rows and at most k.
 * @module
 */
import { CustodiaError } from '../errors/index.js';

const bad = (field: string, rule: string): CustodiaError => new CustodiaError('INVALID_ARGUMENT', `${field} ${rule}`, { field });
const fraction = (x: unknown): x is number => typeof x === 'number' && x >= 0 && x <= 1;

/**
 * k-map estimated from the population size (ARX `KMap(k, significanceLevel, ARXPopulationModel, CellSizeEstimator)`).
 * @example
 * ```ts
 * // ARXPopulationModel.create(Region.USA) is 317,238,626 people
 * anonymize(rows, { quasiIdentifiers, k: 1, suppressionLimit: 0.05, kMap: { k: 3, significanceLevel: 0.01, populationSize: 317238626, estimator: 'zero-truncated-poisson' } });
 * ```
 */
export interface KMapEstimate {
  /** Every published record matches at least k people of the population (estimated). */
  readonly k: number;
  /** Size of the population the table is a sample of. */
  readonly populationSize: number;
  /** Accepted probability that a class is smaller in the population than estimated (0..1). */
  readonly significanceLevel: number;
  /** ARX's cell-size estimator (default `poisson`, as ARX's three-argument constructor). */
  readonly estimator?: 'poisson' | 'zero-truncated-poisson';
}

// ln(x!) by summation: exact enough for the small counts k-map's estimators walk through.
const logFactorial = (x: number): number => { let s = 0; for (let i = 2; i <= x; i++) s += Math.log(i); return s; };
const poisson = (lambda: number, x: number): number => Math.exp(-lambda + x * Math.log(lambda) - logFactorial(x));

/** ARX KMap.initialize: the class size k-anonymity must reach for the estimated k-map; validates `kMap`. */
export function kMapDerivedK(est: KMapEstimate, rows: number): number {
  if (typeof est !== 'object' || est === null) throw bad('kMap', 'must be an integer or { k, populationSize, significanceLevel, estimator }');
  if (!Number.isInteger(est.k) || est.k < 1) throw bad('kMap.k', 'must be a positive integer');
  if (!(typeof est.populationSize === 'number' && Number.isFinite(est.populationSize) && est.populationSize >= rows)) throw bad('kMap.populationSize', 'must be a number at least the table size');
  if (!fraction(est.significanceLevel)) throw bad('kMap.significanceLevel', 'must be between 0 and 1');
  const estimator = est.estimator ?? 'poisson';
  if (estimator !== 'poisson' && estimator !== 'zero-truncated-poisson') throw bad('kMap.estimator', 'must be poisson or zero-truncated-poisson');
  const lambda = (rows / est.populationSize) * est.k;
  const threshold = 1 - est.significanceLevel;
  let derived: number;
  if (estimator === 'poisson') {
    let counter = 0;
    let value = 0;
    let cdf = 0;
    while (value < threshold) {
      cdf += poisson(lambda, counter);
      value = cdf;
      counter++;
      if (counter >= est.k) break;
    }
    derived = counter + 1;
  } else {
    const v2 = 1 - Math.exp(-lambda);
    let counter = 1;
    let value = 0;
    while (value < threshold) {
      value += poisson(lambda, counter) / v2;
      counter++;
      if (counter >= est.k) break;
    }
    derived = counter;
  }
  return Math.min(est.k, Math.min(derived, rows));
}

