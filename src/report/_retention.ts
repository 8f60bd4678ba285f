/**
 * What is overdue: customer records (createSubjectData's namespace) still held although
 * planRetention, given the consent states the ledger pass left, says delete or anonymize now.
 * Read in pages, never all at once.
 */
import type { SubjectState } from '../consent/index.js';
import { planRetention, type PurposeRetention, type RetentionRecord } from '../retention/index.js';
import type { Store } from '../store/index.js';

/**
 * Records held and what the plan says of them at the report's end.
 * @example
 * ```ts
 * const due: RetentionDue | undefined = (await buildReport({ store, retention: { purposes } })).summary.retention.due;
 * if (due && due.overdueTotal > 0) console.warn(`${due.overdueTotal} records overdue`);
 * ```
 */
export interface RetentionDue {
  held: number;
  keep: number;
  /** Overdue: delete or anonymize now, by rule. */
  overdue: Record<string, number>;
  overdueTotal: number;
}

/** @internal */
export async function _retentionDue(
  store: Store,
  ns: string,
  purposes: Record<string, PurposeRetention>,
  states: Map<string, Record<string, { status: string; since: string; expires?: string }>>,
  at: Date,
): Promise<RetentionDue> {
  const due: RetentionDue = { held: 0, keep: 0, overdue: {}, overdueTotal: 0 };
  let page: RetentionRecord[] = [];
  const consents = new Map<string, SubjectState>();
  const flush = () => {
    for (const d of planRetention(page, { purposes, consents }, at)) {
      if (d.action === 'keep') due.keep++;
      else {
        due.overdue[d.rule] = (due.overdue[d.rule] ?? 0) + 1;
        due.overdueTotal++;
      }
    }
    page = [];
    consents.clear();
  };
  for await (const r of store.scan(ns)) {
    const i = r.key.indexOf('/');
    const subject = r.key.slice(0, i);
    const { meta } = JSON.parse(r.value) as { meta: { purposes: string[]; collectedAt: string; lastActivityAt?: string } };
    due.held++;
    page.push({ id: r.key, subject, purposes: meta.purposes, collectedAt: meta.collectedAt, ...(meta.lastActivityAt ? { lastActivityAt: meta.lastActivityAt } : {}) });
    const st = states.get(subject);
    // planRetention reads each purpose's status, since and expires.
    if (st) consents.set(subject, { subject, minor: false, purposes: st } as unknown as SubjectState);
    if (page.length === 500) flush();
  }
  flush();
  return due;
}
