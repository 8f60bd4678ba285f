/** ISO 8601 durations (`P3Y`, `P6M`, `P30D`, `PT12H`) added to dates in UTC calendar arithmetic. */
import { _DURATION as RE } from './_isoDuration.js';
import { CustodiaError } from '../errors/index.js';
import { label, needDate, needObject } from '../errors/_args.js';


/**
 * A parsed duration: calendar parts apply with UTC calendar rules, clock parts as elapsed time.
 * @example
 * ```ts
 * const d: Duration = parseDuration('P6M'); // { years: 0, months: 6, days: 0, seconds: 0 }
 * addDuration(collectedAt, d);
 * ```
 */
export interface Duration {
  years: number;
  months: number;
  days: number;
  seconds: number;
}

/**
 * Parses an ISO 8601 duration (designators Y M W D and T H M S, whole numbers).
 *
 * @example
 * ```ts
 * parseDuration('P1Y6M') // { years: 1, months: 6, days: 0, seconds: 0 }
 * ```
 */
export function parseDuration(text: string, field = 'duration'): Duration {
  field = label(field, 'duration');
  const m = typeof text === 'string' ? RE.exec(text) : null;
  if (!m) throw new CustodiaError('INVALID_ARGUMENT', 'expected an ISO 8601 duration such as P3Y or P30D', { field });
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  return { years: n(1), months: n(2), days: n(3) * 7 + n(4), seconds: n(5) * 3600 + n(6) * 60 + n(7) };
}

/**
 * `date` plus `duration`. Adding months clamps to the month's last day (2024-01-31 + P1M = 2024-02-29),
 * as java.time and Temporal do.
 *
 * @example
 * ```ts
 * addDuration(new Date('2024-02-29T00:00:00Z'), 'P1Y').toISOString() // '2025-02-28T00:00:00.000Z'
 * ```
 */
export function addDuration(date: Date, duration: string | Duration): Date {
  needDate(date, 'date');
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  needObject(d, 'duration');
  for (const k of ['years', 'months', 'days', 'seconds'] as const)
    if (!Number.isSafeInteger(d[k])) throw new CustodiaError('INVALID_ARGUMENT', `duration.${k} expected an integer`, { field: 'duration' });
  const y = date.getUTCFullYear() + d.years;
  const mo = date.getUTCMonth() + d.months;
  const ty = y + Math.floor(mo / 12);
  const tm = ((mo % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), last);
  const t = Date.UTC(ty, tm, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
  return new Date(t + d.days * 86_400_000 + d.seconds * 1000);
}
