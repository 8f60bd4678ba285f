/**
 * Re-identification risk (prosecutor, journalist, marketer) from equivalence-class sizes.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { needArray, needObject, readingCaller } from '../errors/_args.js';
import { cell, type InputRow } from './_encode.js';

/**
 * Risk figures for one attacker model.
 * @example
 * ```ts
 * const f: RiskFigures = assessRisk([{ sex: 'F' }, { sex: 'F' }, { sex: 'M' }], ['sex'], { threshold: 0.5 }).prosecutor;
 * f; // { highest: 1, average: 0.666…, recordsAtRisk: 0.333… }: the one M is unique
 * ```
 */
export interface RiskFigures {
  /** Highest probability of re-identifying a single record. */
  highest: number;
  /** Average probability over all records. */
  average: number;
  /** Fraction of records whose risk exceeds the threshold. */
  recordsAtRisk: number;
}

/**
 * Risk of a table.
 * @example
 * ```ts
 * const report: RiskReport = assessRisk(rows, ['age', 'sex', 'zip']);
 * if (report.smallestClass < 5) console.warn(`${report.classes} classes, the smallest of ${report.smallestClass}`);
 * ```
 */
export interface RiskReport {
  /** Attacker who knows the target is in the table: 1/|class|. */
  prosecutor: RiskFigures;
  /** Attacker who matches against a population table: 1/|population class| (only when a population is given). */
  journalist?: RiskFigures;
  /** Expected fraction of records re-identified when linking all of them (prosecutor model; journalist model if population given). */
  marketer: number;
  /** Threshold used for `recordsAtRisk`. */
  threshold: number;
  /** Equivalence classes and the smallest class size. */
  classes: number;
  smallestClass: number;
}

/** Builds a report from class sizes (and, optionally, the population size of each class). */
export function riskFromClasses(sizes: ArrayLike<number>, threshold: number, population?: ArrayLike<number>): RiskReport {
  let n = 0;
  let min = Number.POSITIVE_INFINITY;
  let atRisk = 0;
  let classes = 0;
  for (let i = 0; i < sizes.length; i++) {
    const f = sizes[i]!;
    if (f === 0) continue;
    classes++;
    n += f;
    if (f < min) min = f;
    if (1 / f > threshold) atRisk += f;
  }
  if (n === 0) throw new CustodiaError('INVALID_ARGUMENT', 'risk needs at least one record', { field: 'rows' });
  const report: RiskReport = {
    prosecutor: { highest: 1 / min, average: classes / n, recordsAtRisk: atRisk / n },
    marketer: classes / n,
    threshold,
    classes,
    smallestClass: min,
  };
  if (population) {
    let highest = 0;
    let sum = 0;
    let risky = 0;
    for (let i = 0; i < sizes.length; i++) {
      const f = sizes[i]!;
      if (f === 0) continue;
      const big = Math.max(f, population[i]!);
      sum += f / big;
      if (1 / big > highest) highest = 1 / big;
      if (1 / big > threshold) risky += f;
    }
    report.journalist = { highest, average: sum / n, recordsAtRisk: risky / n };
    report.marketer = sum / n;
  }
  return report;
}

/**
 * Options of {@link assessRisk}.
 * @example
 * ```ts
 * const opts: RiskOptions = { threshold: 0.1, population: census };
 * assessRisk(rows, ['age', 'sex', 'zip'], opts).journalist?.highest;
 * ```
 */
export interface RiskOptions {
  /** Records whose risk exceeds this count as at risk (default 0.2). */
  threshold?: number;
  /** Population table with the same quasi-identifier columns, for journalist risk. */
  population?: readonly InputRow[];
}

/**
 * Prosecutor, journalist and marketer re-identification risk of a table as published.
 *
 * @example
 * ```ts
 * const r = assessRisk(rows, ['age', 'sex', 'zip'], { threshold: 0.2 });
 * r.prosecutor.highest; // 1 when some record is unique
 * ```
 */
export function assessRisk(rows: readonly InputRow[], quasiIdentifiers: readonly string[], options: RiskOptions = {}): RiskReport {
  needArray(rows as unknown, 'rows');
  needArray(quasiIdentifiers as unknown, 'quasiIdentifiers');
  needObject(options as unknown, 'options');
  return readingCaller('rows', () => {
    const threshold = options.threshold ?? 0.2;
    if (!(threshold >= 0 && threshold <= 1)) throw new CustodiaError('INVALID_ARGUMENT', 'threshold must be between 0 and 1', { field: 'threshold' });
    const keyOf = (r: InputRow, i: number): string => quasiIdentifiers.map((q) => cell(r, q, i)).join('\u0000');
    const index = new Map<string, number>();
    const sizes: number[] = [];
    rows.forEach((r, i) => {
      const key = keyOf(r, i);
      const c = index.get(key);
      if (c === undefined) { index.set(key, sizes.length); sizes.push(1); } else sizes[c]!++;
    });
    let pop: number[] | undefined;
    if (options.population) {
      pop = new Array<number>(sizes.length).fill(0);
      options.population.forEach((r, i) => {
        const c = index.get(keyOf(r, i));
        if (c !== undefined) pop![c]!++;
      });
    }
    return riskFromClasses(sizes, threshold, pop);
  });
}
