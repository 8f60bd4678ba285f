/**
 * Research subsets (ARX DataSubset): the published sample is a subset of the table, the table
 * standing for the population. Classes are formed over the whole table; k, l-diversity,
 * t-closeness, suppression and the metrics count the subset's records (ARX's `count`), δ-presence
 * and k-map read the whole table's class sizes (ARX's `pcount`).
 * - δ-presence: ARX criteria.DPresence, δ = count / pcount within [dMin, dMax] (0 for an empty class);
 *   monotone under generalization only without suppression (DPresence: super(false, true)).
 * - k-map: ARX criteria.KMap(k, subset), pcount ≥ k (monotone).
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import type { EncodedColumn, EncodedTable } from './_encode.js';
import type { SensitiveCheck } from './_models.js';

/**
 * δ-presence of the research subset in the table (ARX DPresence): every published class's share
 * of its population class lies within [dMin, dMax]. Needs `researchSubset`.
 * @example
 * ```ts
 * anonymize(rows, { quasiIdentifiers, k: 1, researchSubset: sampleRowIndexes, dPresence: { dMin: 0.05, dMax: 0.15 } });
 * ```
 */
export interface DPresence {
  readonly dMin: number;
  readonly dMax: number;
}

/** What the subset options compile to. */
export interface SubsetSetup {
  /** Membership per row, or undefined without a subset. */
  readonly member: Uint8Array | undefined;
  /** Records in the subset (the table's size without one). */
  readonly size: number;
  readonly checks: SensitiveCheck[];
  /** The subset models stay monotone with suppression (k-map only). */
  readonly monotoneWithSuppression: boolean;
}

/** Validates `researchSubset`, `dPresence` and `kMap`; bad input is INVALID_ARGUMENT naming the field. */
export function subsetSetup(rows: number, opts: { researchSubset?: readonly number[]; dPresence?: DPresence; kMap?: number }): SubsetSetup {
  const { researchSubset: subset, dPresence: dp, kMap } = opts;
  if (subset === undefined) {
    if (dp !== undefined || kMap !== undefined)
      throw new CustodiaError('INVALID_ARGUMENT', 'dPresence and kMap need researchSubset (the published rows)', { field: dp !== undefined ? 'dPresence' : 'kMap' });
    return { member: undefined, size: rows, checks: [], monotoneWithSuppression: true };
  }
  if (!Array.isArray(subset) || subset.length === 0) throw new CustodiaError('INVALID_ARGUMENT', 'researchSubset must be a non-empty array of row indexes', { field: 'researchSubset' });
  const member = new Uint8Array(rows);
  for (const i of subset) {
    if (!Number.isInteger(i) || i < 0 || i >= rows) throw new CustodiaError('INVALID_ARGUMENT', 'researchSubset holds row indexes within the table', { field: 'researchSubset' });
    if (member[i]) throw new CustodiaError('INVALID_ARGUMENT', 'researchSubset lists a row twice', { field: 'researchSubset' });
    member[i] = 1;
  }
  const checks: SensitiveCheck[] = [];
  if (dp !== undefined) {
    const ok = typeof dp === 'object' && dp !== null && typeof dp.dMin === 'number' && typeof dp.dMax === 'number' && dp.dMin >= 0 && dp.dMin <= dp.dMax && dp.dMax <= 1;
    if (!ok) throw new CustodiaError('INVALID_ARGUMENT', 'dPresence needs 0 ≤ dMin ≤ dMax ≤ 1', { field: 'dPresence' });
    const check: SensitiveCheck = (fs, cls) => {
      const c = fs.counts[cls]!;
      const delta = c === 0 ? 0 : c / fs.pcounts![cls]!;
      return delta >= dp.dMin && delta <= dp.dMax;
    };
    check.blocksEmpty = true;
    checks.push(check);
  }
  if (kMap !== undefined) {
    if (!Number.isInteger(kMap) || kMap < 1) throw new CustodiaError('INVALID_ARGUMENT', 'kMap must be a positive integer', { field: 'kMap' });
    checks.push((fs, cls) => fs.pcounts![cls]! >= kMap);
  }
  return { member, size: subset.length, checks, monotoneWithSuppression: dp === undefined };
}

/** The columns with label counts over the subset's records (ARX Cardinalities(data, subset, …)). */
export function subsetColumns(table: EncodedTable, member: Uint8Array | undefined): EncodedColumn[] {
  if (!member) return table.columns;
  const w = table.columns.length;
  return table.columns.map((col, c) => {
    const counts = col.counts.map((x) => new Float64Array(x.length));
    for (let i = 0; i < table.rows; i++) {
      if (!member[i]) continue;
      const leaf = table.codes[i * w + c]!;
      for (let l = 0; l < col.depth; l++) counts[l]![col.map[leaf * col.depth + l]!]!++;
    }
    return { ...col, counts };
  });
}
