/**
 * k-anonymity releases on record: what was published, with k, suppression, information loss and
 * re-identification risk before and after, kept in the store beside the logs so that a report
 * can show them (namespace `releases` by default).
 */
import type { AnonymizeSummary } from '../kanon/index.js';
import { CustodiaError } from '../errors/index.js';
import { needObject, needString, readingCaller } from '../errors/_args.js';
import type { Store } from '../store/index.js';

/**
 * A release as the report reads it.
 * @example
 * ```ts
 * const r: Release = await recordRelease(store, { id: 'visits-2025-12', at, k: 5, records: rows.length, result, purpose: 'analytics' });
 * r.risk.after.highest // at most 1/k
 * ```
 */
export interface Release {
  id: string;
  at: string;
  purpose?: string;
  dataSet?: string;
  algorithm: 'optimal' | 'heuristic' | 'mondrian';
  k: number;
  records: number;
  suppressed: number;
  informationLoss: number;
  /** Prosecutor risk (highest, average, share of records above the threshold) before and after. */
  risk: { before: { highest: number; average: number; recordsAtRisk: number }; after: { highest: number; average: number; recordsAtRisk: number } };
}

/**
 * Input of {@link recordRelease}: the result of `anonymize` / `anonymizeColumns` (custodia/kanon) and what it was for.
 * @example
 * ```ts
 * const input: ReleaseInput = { id: 'visits-2025-12', at: new Date().toISOString(), k: 5, records: rows.length, result: anonymize(rows, opts) };
 * ```
 */
export interface ReleaseInput {
  id: string;
  at: string;
  k: number;
  records: number;
  result: AnonymizeSummary;
  purpose?: string;
  dataSet?: string;
}

/**
 * Keeps a k-anonymity release on record in `store` (namespace `ns`, default `'releases'`) so the
 * compliance report lists it. Stores figures only, never rows.
 * @example
 * ```ts
 * import { anonymize } from 'custodia/kanon';
 * import { recordRelease } from 'custodia/report';
 * const result = anonymize(rows, { quasiIdentifiers, k: 5 });
 * await recordRelease(store, { id: 'visits-2025-12', at: new Date().toISOString(), k: 5, records: rows.length, result, purpose: 'analytics' });
 * ```
 */
export async function recordRelease(store: Store, given: ReleaseInput, ns = 'releases'): Promise<Release> {
  needObject(store, 'store');
  needObject(given, 'input');
  needString(ns, 'ns');
  const input = readingCaller('input', () => ({ ...given }));
  needString(input.id, 'id');
  needObject(input.result, 'result');
  if (Number.isNaN(Date.parse(input.at))) throw new CustodiaError('INVALID_ARGUMENT', 'at expected an ISO date-time', { field: 'at' });
  if (!Number.isInteger(input.k) || input.k < 2) throw new CustodiaError('INVALID_K', 'k must be an integer of at least 2', { field: 'k' });
  const fig = (r: { highest: number; average: number; recordsAtRisk: number }) => ({ highest: r.highest, average: r.average, recordsAtRisk: r.recordsAtRisk });
  const result = readingCaller('result', () => ({ ...input.result, stats: { ...input.result.stats }, risk: { before: { ...input.result.risk.before }, after: { ...input.result.risk.after } } }));
  const release: Release = readingCaller('result', () => ({
    id: input.id,
    at: input.at,
    ...(input.purpose ? { purpose: input.purpose } : {}),
    ...(input.dataSet ? { dataSet: input.dataSet } : {}),
    algorithm: result.stats.algorithm,
    k: input.k,
    records: input.records,
    suppressed: result.suppressed,
    informationLoss: result.informationLoss,
    risk: { before: fig(result.risk.before.prosecutor), after: fig(result.risk.after.prosecutor) },
  }));
  await store.put(ns, input.id, JSON.stringify(release));
  return release;
}

/** Releases recorded in [from, to), in key order. @internal */
export async function _releasesIn(store: Store, ns: string, from: number, to: number): Promise<Release[]> {
  const out: Release[] = [];
  for await (const r of store.scan(ns)) {
    let v: Release;
    try {
      v = JSON.parse(r.value) as Release;
    } catch {
      throw new CustodiaError('VALIDATION_FAILED', `release record in ${ns} is not JSON`, { field: ns });
    }
    const t = Date.parse(v.at);
    if (t >= from && t < to) out.push(v);
  }
  return out;
}
