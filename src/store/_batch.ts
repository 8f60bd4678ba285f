// Argument checks of the optional batch writes (Store.putMany, appendMany, appendManyAndPut),
// shared by the stores that have them so every engine refuses the same bad input the same way.
import { CustodiaError } from '../errors/index.js';

/** One record of a batch write. */
export type Put = { key: string; value: string; ifVersion?: number | undefined };

/** The records of a batch, copied (a caller's array or getter cannot change them mid-write). */
export function needPuts(list: unknown): Put[] {
  if (!Array.isArray(list) || list.some((r: Put | null) => typeof r !== 'object' || r === null || typeof r.key !== 'string' || typeof r.value !== 'string'))
    throw new CustodiaError('INVALID_ARGUMENT', 'records expected an array of { key, value, ifVersion? }', { field: 'records' });
  return list.map((r: Put) => ({ key: r.key, value: r.value, ifVersion: r.ifVersion }));
}

/** The values of a batch append. */
export function needValues(values: unknown): readonly string[] {
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))
    throw new CustodiaError('INVALID_ARGUMENT', 'values expected an array of strings', { field: 'values' });
  return values as string[];
}
