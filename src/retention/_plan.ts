/** Retention plans (policy 9.2, T/CCAGM 7): keep while a purpose needs the data, then delete or anonymize. */
import { addDuration } from '../catalog/index.js';
import type { LegalBasis, SubjectState } from '../consent/index.js';
import { CustodiaError } from '../errors/index.js';
import { needDate, needIterable, needObject, readingCaller } from '../errors/_args.js';

/**
 * What the plan needs to know about one stored record.
 * @example
 * ```ts
 * const rec: RetentionRecord = { id: 'r1', subject: 'u_8f3a', purposes: ['marketing'], collectedAt: '2023-01-01T00:00:00Z' };
 * planRetention([rec], { purposes: { marketing } }, now); // with a P1Y marketing purpose: delete
 * ```
 */
export interface RetentionRecord {
  id: string;
  /** Pseudonymous subject id, to find holds and consents. */
  subject?: string;
  /** Purposes the record was collected for. */
  purposes: readonly string[];
  /** ISO time of collection; retention runs from here unless the purpose says `from: 'lastActivity'`. */
  collectedAt: string;
  lastActivityAt?: string;
}

/**
 * How long one purpose keeps data. `Purpose` objects from custodia/purpose fit.
 * @example
 * ```ts
 * const web: PurposeRetention = { retention: 'P90D', from: 'lastActivity', atExpiry: 'anonymize' };
 * planRetention(records, { purposes: { orders, web } }, now); // orders: a Purpose
 * ```
 */
export interface PurposeRetention {
  /** ISO 8601 duration. */
  retention?: string | undefined;
  atExpiry?: 'delete' | 'anonymize';
  /** Consent-based purposes end when the consent does. */
  basis?: LegalBasis;
  from?: 'collected' | 'lastActivity';
}

/**
 * A legal hold: matching records are kept whatever their purposes say (policy 9.2 "unless the law says otherwise").
 * @example
 * ```ts
 * const hold: LegalHold = { reason: '诉讼保全', subjects: ['u_9'], until: '2026-12-31T00:00:00Z' };
 * planRetention(records, { purposes, legalHolds: [hold] }, now);
 * ```
 */
export interface LegalHold {
  reason: string;
  recordIds?: readonly string[];
  subjects?: readonly string[];
  /** ISO end time; open-ended when absent. */
  until?: string;
}

/**
 * A retention policy.
 * @example
 * ```ts
 * const policy: RetentionPolicy = { purposes: { orders, marketing }, defaultRetention: 'P3Y', consents: { u_8f3a: state } };
 * const plan = planRetention(await data.retentionRecords(), policy, new Date());
 * ```
 */
export interface RetentionPolicy {
  purposes: Readonly<Record<string, PurposeRetention>>;
  /** Retention for purposes that do not set one. Without it such a purpose is an error. */
  defaultRetention?: string;
  legalHolds?: readonly LegalHold[];
  /** Consent states by subject: a withdrawn, refused or expired consent ends its purpose now. */
  consents?: ReadonlyMap<string, SubjectState> | Readonly<Record<string, SubjectState>>;
}

/**
 * Why a decision was made.
 * @example
 * ```ts
 * const ended: RetentionRule[] = ['RETENTION_EXPIRED', 'CONSENT_ENDED'];
 * const due = plan.filter((d) => ended.includes(d.rule));
 * ```
 */
export type RetentionRule = 'LEGAL_HOLD' | 'WITHIN_RETENTION' | 'RETENTION_EXPIRED' | 'CONSENT_ENDED' | 'NO_PURPOSE';

/**
 * One record's fate.
 * @example
 * ```ts
 * const plan: RetentionDecision[] = planRetention(records, policy, new Date());
 * await data.apply(plan.filter((d) => d.action !== 'keep'), staff);
 * ```
 */
export interface RetentionDecision {
  id: string;
  action: 'keep' | 'delete' | 'anonymize';
  rule: RetentionRule;
  /** Keep: the date the decision should be revisited. */
  until?: string;
  /** The purposes still in force (keep) or the one that decided the action. */
  purposes: string[];
}

const stateOf = (p: RetentionPolicy, subject: string | undefined): SubjectState | undefined => {
  if (!subject || !p.consents) return undefined;
  return p.consents instanceof Map ? p.consents.get(subject) : (p.consents as Record<string, SubjectState>)[subject];
};

/**
 * Decides, per record, whether to keep, delete or anonymize it now: legal holds first, then
 * the longest-living purpose (a consent-based purpose ends when its consent is withdrawn,
 * refused or expired), then the last purpose's `atExpiry`. A record with no known purpose is
 * deleted (policy 9.2: keep no longer than the purpose needs).
 *
 * @example
 * ```ts
 * const plan = planRetention(records, { purposes: { orders, marketing }, legalHolds: [{ reason: '诉讼保全', subjects: ['u_9'] }] }, new Date());
 * plan.filter((d) => d.action !== 'keep') // [{ id: 'r1', action: 'delete', rule: 'RETENTION_EXPIRED', purposes: ['marketing'] }]
 * ```
 */
export function planRetention(records: Iterable<RetentionRecord>, policy: RetentionPolicy, now: Date): RetentionDecision[] {
  needIterable(records, 'records');
  needObject(policy, 'policy');
  needDate(now, 'now');
  return readingCaller('records or policy', () => {
    const t = now.getTime();
    const out: RetentionDecision[] = [];
    for (const r of records) {
      const hold = (policy.legalHolds ?? []).find(
        (h) => (h.until === undefined || Date.parse(h.until) > t) && (h.recordIds?.includes(r.id) || (r.subject !== undefined && h.subjects?.includes(r.subject))),
      );
      if (hold) {
        out.push({ id: r.id, action: 'keep', rule: 'LEGAL_HOLD', ...(hold.until ? { until: hold.until } : {}), purposes: [...r.purposes] });
        continue;
      }
      const state = stateOf(policy, r.subject);
      let live: { id: string; until: number }[] = [];
      let last: { id: string; end: number; rule: RetentionRule; atExpiry: 'delete' | 'anonymize' } | undefined;
      for (const id of r.purposes) {
        const p = policy.purposes[id];
        if (!p) continue;
        const retention = p.retention ?? policy.defaultRetention;
        if (retention === undefined) throw new CustodiaError('INVALID_ARGUMENT', 'purpose has no retention and the policy no default', { field: id });
        const start = p.from === 'lastActivity' && r.lastActivityAt ? r.lastActivityAt : r.collectedAt;
        // A bad date must never read as "expired long ago" and delete data.
        if (Number.isNaN(Date.parse(start))) throw new CustodiaError('INVALID_ARGUMENT', 'record time is not an ISO date', { field: 'collectedAt' });
        let end = addDuration(new Date(start), retention).getTime();
        let rule: RetentionRule = 'RETENTION_EXPIRED';
        const c = state?.purposes[id];
        if (p.basis === 'consent' && state && (!c || c.status !== 'given' || (c.expires !== undefined && Date.parse(c.expires) <= t))) {
          const ended = c ? Date.parse(c.status === 'given' ? c.expires! : c.since) : t;
          if (ended < end) [end, rule] = [ended, 'CONSENT_ENDED'];
        }
        if (end > t) live.push({ id, until: end });
        else if (!last || end > last.end) last = { id, end, rule, atExpiry: p.atExpiry ?? 'delete' };
      }
      if (live.length) {
        live = live.sort((a, b) => b.until - a.until);
        out.push({ id: r.id, action: 'keep', rule: 'WITHIN_RETENTION', until: new Date(live[0]!.until).toISOString(), purposes: live.map((x) => x.id) });
      } else if (last) out.push({ id: r.id, action: last.atExpiry, rule: last.rule, purposes: [last.id] });
      else out.push({ id: r.id, action: 'delete', rule: 'NO_PURPOSE', purposes: [] });
    }
    return out;
  });
}
