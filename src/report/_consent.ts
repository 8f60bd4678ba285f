/**
 * The consent side of the report, summed while the ledger streams past: events by type, purpose,
 * channel and month; withdrawals (people per purpose and month) kept open until the audit log
 * shows whether each was honoured; separate, guardian and renewed consents; notice versions.
 * Memory grows with the withdrawals in the period and, for retention, the subjects, never with
 * the number of events.
 */
import type { ConsentEvent } from '../consent/index.js';

type Counts = Record<string, number>;

/** One withdrawal of one purpose, waiting for the audit log to say whether it was honoured. @internal */
export interface _OpenWithdrawal {
  at: number;
  month: string;
  purpose: string;
  /** The subject's next grant of the purpose (uses after it are lawful again). */
  until: number;
  firstCheck?: number;
  firstDenied?: number;
  lastAllowed?: number;
}

/**
 * The consent figures of a report.
 * @example
 * ```ts
 * const { summary } = await buildReport({ store });
 * const c: ConsentSummary = summary.consent;
 * console.log(c.byType['withdrawn'] ?? 0, 'withdrawals;', c.byChannel['mini-program'] ?? 0, 'via the mini-program');
 * ```
 */
export interface ConsentSummary {
  events: number;
  byType: Counts;
  /** purpose → event type → events. */
  byPurpose: Record<string, Counts>;
  byChannel: Counts;
  /** YYYY-MM → event type → events. */
  byMonth: Record<string, Counts>;
  /** Granting events under each notice (`id@version`). */
  byNotice: Counts;
  /** Separate consents for sensitive categories: events, and per category. */
  separate: { events: number; byCategory: Counts };
  /** Consents given by a guardian for a person under 14. */
  guardian: { events: number; people: number };
  /** `renewed` events: re-consent after a notice change or expiry. */
  renewed: number;
  /** Withdrawals recorded as an unsubscribe (T/CCAGM 6.3.1). */
  unsubscribes: number;
  /** Granting events that carry evidence of what was shown; third-party events with the provider's authorization. */
  withEvidence: number;
  thirdPartyAuthorized: number;
}

/** The instant `iso` in the report's month, at `offsetMinutes` from UTC (China Standard Time: 480). @internal */
export const _monthOf = (ms: number, offsetMinutes: number): string => new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 7);

const add = (c: Counts, k: string, n = 1) => (c[k] = (c[k] ?? 0) + n);

/** @internal */
export class _ConsentTally {
  readonly s: ConsentSummary = {
    events: 0, byType: {}, byPurpose: {}, byChannel: {}, byMonth: {}, byNotice: {},
    separate: { events: 0, byCategory: {} }, guardian: { events: 0, people: 0 }, renewed: 0, unsubscribes: 0, withEvidence: 0, thirdPartyAuthorized: 0,
  };
  /** subject NUL purpose → its withdrawals in the period. */
  readonly open = new Map<string, _OpenWithdrawal[]>();
  /** purpose → month → subjects who withdrew it. */
  readonly withdrewPeople = new Map<string, Map<string, Set<string>>>();
  private readonly guardianPeople = new Set<string>();
  /** subject → purpose → latest status, only when retention needs consent states. */
  readonly states: Map<string, Record<string, { status: string; since: string; expires?: string }>> | undefined;

  constructor(private readonly from: number, private readonly to: number, private readonly offset: number, keepStates: boolean) {
    this.states = keepStates ? new Map() : undefined;
  }

  add(e: ConsentEvent): void {
    const t = Date.parse(e.at);
    const granting = e.event === 'given' || e.event === 'renewed';
    if (this.states) {
      let st = this.states.get(e.subject);
      if (!st) this.states.set(e.subject, (st = {}));
      // planRetention reads status, since and expires; a withdrawal of sensitive categories only keeps the consent.
      if (!(e.event === 'withdrawn' && e.sensitiveCategories.length > 0))
        for (const p of e.purposes) st[p] = { status: granting ? 'given' : e.event, since: e.at, ...(granting && e.expires ? { expires: e.expires } : {}) };
    }
    // A later grant closes the subject's open withdrawals of that purpose: uses after it are lawful.
    if (granting)
      for (const p of e.purposes) for (const w of this.open.get(`${e.subject}\u0000${p}`) ?? []) if (w.until > t && w.at < t) w.until = t;
    if (t < this.from || t >= this.to) return;
    const s = this.s;
    const month = _monthOf(t, this.offset);
    s.events++;
    add(s.byType, e.event);
    add(s.byChannel, e.channel);
    add((s.byMonth[month] ??= {}), e.event);
    for (const p of e.purposes) add((s.byPurpose[p] ??= {}), e.event);
    if (granting && e.notice) add(s.byNotice, `${e.notice.id}@${e.notice.version}`);
    if (granting && e.separate) {
      s.separate.events++;
      for (const c of e.sensitiveCategories) add(s.separate.byCategory, c);
    }
    if (granting && e.guardian) {
      s.guardian.events++;
      this.guardianPeople.add(e.subject);
      s.guardian.people = this.guardianPeople.size;
    }
    if (e.event === 'renewed') s.renewed++;
    if (e.method === 'unsubscribe') s.unsubscribes++;
    if (granting && e.evidence) s.withEvidence++;
    if (e.source) s.thirdPartyAuthorized++;
    if (e.event === 'withdrawn' && e.sensitiveCategories.length === 0)
      for (const p of e.purposes) {
        const key = `${e.subject}\u0000${p}`;
        let l = this.open.get(key);
        if (!l) this.open.set(key, (l = []));
        l.push({ at: t, month, purpose: p, until: Infinity });
        let byMonth = this.withdrewPeople.get(p);
        if (!byMonth) this.withdrewPeople.set(p, (byMonth = new Map()));
        let people = byMonth.get(month);
        if (!people) byMonth.set(month, (people = new Set()));
        people.add(e.subject);
      }
  }
}
