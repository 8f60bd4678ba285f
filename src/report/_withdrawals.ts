/**
 * Was every withdrawal honoured, and how fast? Decided from what the library records: the
 * ledger's withdrawal (its `at`) and the purpose checks the audit log holds for that person and
 * purpose afterwards, until the person consents again.
 * - honoured: no use of the purpose for the person was allowed after the withdrawal;
 * - honoured within a day: every use still allowed after it came within 24 hours of it;
 * - took effect after: the time from the withdrawal to the first check that denied the purpose.
 * A withdrawal with no check after it is honoured (nothing was used), and counted as such.
 */
import type { _OpenWithdrawal } from './_consent.js';

const DAY = 86_400_000;

/**
 * Withdrawal figures for one purpose and month, or in total.
 * @example
 * ```ts
 * const f: WithdrawalFigures | undefined = summary.withdrawals.byPurposeMonth['marketing']?.['2025-12'];
 * const everyOneHonoured = f !== undefined && f.honouredWithinDay === f.withdrawals;
 * ```
 */
export interface WithdrawalFigures {
  withdrawals: number;
  /** Distinct people who withdrew. */
  people: number;
  /** No use allowed after the withdrawal. */
  honoured: number;
  /** Every use allowed after it came within 24 h (includes `honoured`). */
  honouredWithinDay: number;
  /** Withdrawals followed by at least one purpose check. */
  checkedAfter: number;
  /** Hours from withdrawal to the first denied check: median and maximum (undefined without checks). */
  hoursToFirstDenial?: { median: number; max: number };
}

/**
 * Withdrawals by purpose and month, and in total.
 * @example
 * ```ts
 * const w: WithdrawalSummary = summary.withdrawals;
 * console.log(w.total.people, 'people withdrew;', w.total.honoured, 'withdrawals honoured at once');
 * ```
 */
export interface WithdrawalSummary {
  /** purpose → YYYY-MM → figures. */
  byPurposeMonth: Record<string, Record<string, WithdrawalFigures>>;
  total: WithdrawalFigures;
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

function figures(list: _OpenWithdrawal[], people: number): WithdrawalFigures {
  const delays = list.filter((w) => w.firstDenied !== undefined).map((w) => w.firstDenied! - w.at).sort((a, b) => a - b);
  return {
    withdrawals: list.length,
    people,
    honoured: list.filter((w) => w.lastAllowed === undefined).length,
    honouredWithinDay: list.filter((w) => w.lastAllowed === undefined || w.lastAllowed - w.at < DAY).length,
    checkedAfter: list.filter((w) => w.firstCheck !== undefined).length,
    ...(delays.length ? { hoursToFirstDenial: { median: hours(delays[(delays.length - 1) >> 1]!), max: hours(delays[delays.length - 1]!) } } : {}),
  };
}

/** @internal */
export function _withdrawals(open: Map<string, _OpenWithdrawal[]>, people: Map<string, Map<string, Set<string>>>): WithdrawalSummary {
  const groups = new Map<string, _OpenWithdrawal[]>();
  const all: _OpenWithdrawal[] = [];
  for (const l of open.values())
    for (const w of l) {
      const k = `${w.purpose}\u0000${w.month}`;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(w);
      all.push(w);
    }
  const byPurposeMonth: WithdrawalSummary['byPurposeMonth'] = {};
  for (const [k, l] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [purpose, month] = k.split('\u0000') as [string, string];
    (byPurposeMonth[purpose] ??= {})[month] = figures(l, people.get(purpose)?.get(month)?.size ?? 0);
  }
  const everyone = new Set<string>();
  for (const m of people.values()) for (const s of m.values()) for (const x of s) everyone.add(x);
  return { byPurposeMonth, total: figures(all, everyone.size) };
}
