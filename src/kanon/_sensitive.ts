/**
 * Sensitive attributes: their encoding and the compiled l-diversity / t-closeness checks, shared by
 * in-memory `anonymize` and `kanon/sql`.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { encodeSensitive, encodeTable, type EncodedColumn, type TableReader } from './_encode.js';
import { betaLikenessCheck, lDiversityCheck, orderedTClosenessCheck, tClosenessCheck, type BetaLikeness, type LDiversity, type SensitiveCheck, type TCloseness } from './_models.js';
import { toHierarchy } from './hierarchy.js';

function list<T>(x: T | readonly T[] | undefined): readonly T[] {
  return x === undefined ? [] : Array.isArray(x) ? (x as readonly T[]) : [x as T];
}

/** The models as given in the options. */
export interface SensitiveOptions {
  lDiversity?: LDiversity | readonly LDiversity[];
  tCloseness?: TCloseness | readonly TCloseness[];
  betaLikeness?: BetaLikeness | readonly BetaLikeness[];
}

/** Compiled sensitive-attribute models with the per-row codes they read. */
export interface SensitiveSetup {
  checks: SensitiveCheck[];
  codes: Int32Array[];
  domains: number[];
  /** True when only distinct l-diversity is used (monotone even with suppression). */
  monotoneWithSuppression: boolean;
}

/**
 * Encodes sensitive attributes and compiles l-diversity / t-closeness checks. With a research subset
 * (`member`), the table distribution t-closeness and β-likeness compare with is the subset's, as ARX's
 * DataManager.getDistribution / getTree count only subset rows.
 */
export function sensitiveSetup(reader: TableReader, opts: SensitiveOptions, member?: Uint8Array): SensitiveSetup {
  const codes: Int32Array[] = [];
  const models = sensitiveModels(opts, (attribute) => {
    const e = encodeSensitive(reader, attribute);
    codes.push(e.codes);
    const counts = new Float64Array(e.values.length);
    for (let i = 0; i < e.codes.length; i++) if (!member || member[i]) counts[e.codes[i]!]!++;
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
  opts: SensitiveOptions,
  valuesOf: (attribute: string) => SensitiveValues,
): Omit<SensitiveSetup, 'codes'> {
  const checks: SensitiveCheck[] = [];
  const domains: number[] = [];
  let monotone = true;
  for (const m of list(opts.lDiversity)) {
    if (!Number.isInteger(m.l) || m.l < 1) throw new CustodiaError('INVALID_ARGUMENT', 'lDiversity.l must be a positive integer', { field: 'lDiversity.l' });
    if ((m.variant ?? 'distinct') === 'recursive' && !(typeof m.c === 'number' && m.c > 0))
      throw new CustodiaError('INVALID_ARGUMENT', 'recursive l-diversity needs c > 0', { field: 'lDiversity.c' });
    if (m.estimator !== undefined && (m.estimator !== 'shannon' && m.estimator !== 'grassberger' || (m.variant ?? 'distinct') !== 'entropy'))
      throw new CustodiaError('INVALID_ARGUMENT', 'lDiversity.estimator must be shannon or grassberger, with variant entropy', { field: 'lDiversity.estimator' });
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
    if (m.ordered !== undefined) {
      if (m.hierarchy !== undefined) throw new CustodiaError('INVALID_ARGUMENT', 'tCloseness takes a hierarchy or an order, not both', { field: 'tCloseness.ordered' });
      checks.push(orderedTClosenessCheck(m.t, domains.length, overall, valueOrder(e.values, m.ordered)));
      domains.push(e.values.length);
      monotone = false;
      continue;
    }
    let tables: { parents: Int32Array[]; sizes: number[] } | undefined;
    if (m.hierarchy) tables = parentTables(encodeTable(e.values.map((v) => ({ [m.attribute]: v })), { [m.attribute]: toHierarchy(m.hierarchy) }).columns[0]!);
    checks.push(tClosenessCheck(m, domains.length, overall, tables?.parents, tables?.sizes));
    domains.push(e.values.length);
    monotone = false;
  }
  for (const m of list(opts.betaLikeness)) {
    if (typeof m !== 'object' || m === null || !(typeof m.beta === 'number' && m.beta > 0 && Number.isFinite(m.beta)))
      throw new CustodiaError('INVALID_ARGUMENT', 'betaLikeness.beta must be a positive number', { field: 'betaLikeness.beta' });
    if (m.enhanced !== undefined && typeof m.enhanced !== 'boolean') throw new CustodiaError('INVALID_ARGUMENT', 'betaLikeness.enhanced must be a boolean', { field: 'betaLikeness.enhanced' });
    const e = valuesOf(m.attribute);
    let total = 0;
    for (let v = 0; v < e.values.length; v++) total += e.counts[v]!;
    checks.push(betaLikenessCheck(m, domains.length, Float64Array.from({ length: e.values.length }, (_, v) => e.counts[v]! / total)));
    domains.push(e.values.length);
    monotone = false; // ARX: BasicBLikeness / EnhancedBLikeness are not monotone with suppression
  }
  return { checks, domains, monotoneWithSuppression: monotone };
}

// Codes of the values in t-closeness order: text order (ARX's string type), or the order given.
function valueOrder(values: readonly string[], ordered: true | readonly string[]): Int32Array {
  const codes = values.map((_, i) => i);
  if (ordered === true) return Int32Array.from(codes.sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0)));
  if (!Array.isArray(ordered)) throw new CustodiaError('INVALID_ARGUMENT', 'tCloseness.ordered must be true or the list of values in order', { field: 'tCloseness.ordered' });
  const at = new Map(ordered.map((v, i) => [v, i]));
  if (at.size !== ordered.length || values.some((v) => !at.has(v)))
    throw new CustodiaError('INVALID_ARGUMENT', 'tCloseness.ordered must list every value of the attribute once', { field: 'tCloseness.ordered' });
  return Int32Array.from(codes.sort((a, b) => at.get(values[a]!)! - at.get(values[b]!)!));
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
