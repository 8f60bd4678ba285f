/**
 * The audit-log side of the report, summed while the log streams past: purpose checks allowed
 * and denied (in checks and in people, per purpose and per reason code), accesses by role and
 * purpose, retention runs, subject-rights requests, data-set registrations, and, for each open
 * withdrawal, the first check after it and any use still allowed.
 */
import type { AuditEntry } from '../audit/index.js';
import { _monthOf, type _OpenWithdrawal } from './_consent.js';

type Counts = Record<string, number>;

/** Actions that use a person's data: what a purpose check decides. */
const USES = new Set(['read', 'update', 'export', 'other']);

/**
 * Checks and distinct people.
 * @example
 * ```ts
 * const c: CheckCount = summary.use.denied; // { checks: 120, people: 97 }
 * ```
 */
export interface CheckCount { checks: number; people: number }

/**
 * The audit-log figures of a report.
 * @example
 * ```ts
 * const u: UseSummary = summary.use;
 * u.byReason['CONSENT_WITHDRAWN']?.people // people denied because they withdrew
 * ```
 */
export interface UseSummary {
  entries: number;
  /** Purpose checks: logged uses of a person's data (read, update, export, other; collection writes are accesses, not checks) with their decision. */
  allowed: CheckCount;
  denied: CheckCount;
  /** purpose → allowed / denied, in checks and people. */
  byPurpose: Record<string, { allowed: CheckCount; denied: CheckCount }>;
  /** reason code → denied checks and the people they concern (one person denied for two reasons counts once under each). */
  byReason: Record<string, CheckCount>;
  /** role → purpose → logged accesses (every entry). */
  byRolePurpose: Record<string, Counts>;
  /** YYYY-MM → allowed / denied checks. */
  byMonth: Record<string, { allowed: number; denied: number }>;
  /** Subject-rights requests handled: query, correct, delete, withdraw. */
  rights: Counts;
  /** Data sets registered (T/CCAGM 5.2). */
  registrations: number;
}

/**
 * Retention runs carried out (audit entries of `createSubjectData().apply`).
 * @example
 * ```ts
 * const r: RetentionRuns = summary.retention.runs;
 * console.log(`${r.deleted} deleted, ${r.anonymized} anonymized, last run ${r.last}`);
 * ```
 */
export interface RetentionRuns {
  /** YYYY-MM → delete / anonymize → records. */
  byMonth: Record<string, Counts>;
  /** Rule that decided (`RETENTION_EXPIRED`, `CONSENT_ENDED`, `NO_PURPOSE`) → records. */
  byRule: Counts;
  deleted: number;
  anonymized: number;
  /** Latest run in the period (ISO). */
  last?: string;
}

const add = (c: Counts, k: string, n = 1) => (c[k] = (c[k] ?? 0) + n);

/** @internal */
export class _AuditTally {
  readonly use: UseSummary = { entries: 0, allowed: { checks: 0, people: 0 }, denied: { checks: 0, people: 0 }, byPurpose: {}, byReason: {}, byRolePurpose: {}, byMonth: {}, rights: {}, registrations: 0 };
  readonly runs: RetentionRuns = { byMonth: {}, byRule: {}, deleted: 0, anonymized: 0 };
  private readonly people = new Map<string, Set<string>>();
  /** data set id → hash of its latest logged registration (the register check of audit.verify()). */
  readonly registered = new Map<string, string>();

  constructor(private readonly from: number, private readonly to: number, private readonly offset: number, private readonly open: Map<string, _OpenWithdrawal[]>) {}

  private person(key: string, subject: string | undefined, c: CheckCount): void {
    if (subject === undefined) return;
    let s = this.people.get(key);
    if (!s) this.people.set(key, (s = new Set()));
    s.add(subject);
    c.people = s.size;
  }

  add(e: AuditEntry): void {
    if (e.action === 'register' && e.dataSet && e.ref) this.registered.set(e.dataSet, e.ref);
    const t = Date.parse(e.at);
    const use = USES.has(e.action);
    // Withdrawals are followed past the period's end: a use the day after still tells whether it was honoured.
    if (use && e.subject !== undefined)
      for (const w of this.open.get(`${e.subject}\u0000${e.purpose}`) ?? []) {
        if (t < w.at || t >= w.until) continue;
        w.firstCheck ??= t;
        if (e.decision === 'deny') w.firstDenied ??= t;
        else w.lastAllowed = Math.max(w.lastAllowed ?? t, t);
      }
    if (t < this.from || t >= this.to) return;
    const u = this.use;
    u.entries++;
    add((u.byRolePurpose[e.role] ??= {}), e.purpose);
    if (e.action === 'register') u.registrations++;
    if (e.purpose === 'subject-rights' || e.action === 'withdraw') add(u.rights, e.action);
    if ((e.action === 'delete' || e.action === 'anonymize') && e.purpose.startsWith('retention:')) {
      const r = this.runs;
      add((r.byMonth[_monthOf(t, this.offset)] ??= {}), e.action);
      add(r.byRule, e.purpose.slice('retention:'.length));
      if (e.action === 'delete') r.deleted++;
      else r.anonymized++;
      if (!r.last || t > Date.parse(r.last)) r.last = e.at;
    }
    if (!use) return;
    const month = (u.byMonth[_monthOf(t, this.offset)] ??= { allowed: 0, denied: 0 });
    const p = (u.byPurpose[e.purpose] ??= { allowed: { checks: 0, people: 0 }, denied: { checks: 0, people: 0 } });
    if (e.decision === 'allow') {
      u.allowed.checks++;
      p.allowed.checks++;
      month.allowed++;
      this.person('allow', e.subject, u.allowed);
      this.person(`allow\u0000${e.purpose}`, e.subject, p.allowed);
      return;
    }
    u.denied.checks++;
    p.denied.checks++;
    month.denied++;
    this.person('deny', e.subject, u.denied);
    this.person(`deny\u0000${e.purpose}`, e.subject, p.denied);
    for (const code of new Set(e.reasons)) {
      const c = (u.byReason[code] ??= { checks: 0, people: 0 });
      c.checks++;
      this.person(`reason\u0000${code}`, e.subject, c);
    }
  }
}
