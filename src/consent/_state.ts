/** A subject's consent state: the ledger's events for that subject folded in ledger order. */
import type { Channel, ConsentEvent } from './_events.js';
import type { Notice } from './_notice.js';
import { needDate, needIterable, needObject, needString, readingCaller } from '../errors/_args.js';

/**
 * Where one purpose stands for one subject.
 * @example
 * ```ts
 * const c: PurposeConsent | undefined = (await ledger.stateOf('u_8f3a')).purposes['marketing'];
 * const mayMarket = c?.status === 'given' && !c.unsubscribed;
 * ```
 */
export interface PurposeConsent {
  status: 'given' | 'refused' | 'withdrawn' | 'expired';
  /** Time of the event that set the status. */
  since: string;
  expires?: string;
  notice?: { id: string; version: string; hash: string; terms?: Record<string, string> | undefined };
  /** Sensitive categories covered by a separate consent still in force. */
  sensitiveCategories: string[];
  /** Consent was given by a guardian (subject under 14). */
  guardian: boolean;
  /** The person unsubscribed (T/CCAGM 6.3.1); marketing must stop whatever the legal basis. */
  unsubscribed: boolean;
  channel: Channel;
  /** Ledger sequence of the deciding event, when known. */
  seq?: number;
}

/**
 * Everything the ledger knows about one subject's consents.
 * @example
 * ```ts
 * const state: SubjectState = await ledger.stateOf('u_8f3a');
 * if (state.minor) requireGuardian(state.subject);
 * ```
 */
export interface SubjectState {
  subject: string;
  purposes: Record<string, PurposeConsent>;
  /** Under 14 (PIPL art. 31): consents need a guardian. */
  minor: boolean;
}

/**
 * Folds consent events (already in ledger order) into the state of `subject`; events of
 * other subjects are skipped. A `withdrawn` event naming sensitive categories withdraws only
 * those separate consents and keeps the purpose.
 *
 * @example
 * ```ts
 * const state = consentState('u_1', (await ledger.history('u_1')).map((r) => r.data));
 * state.purposes.marketing?.status // 'withdrawn'
 * ```
 */
export function consentState(subject: string, events: Iterable<ConsentEvent | { data: ConsentEvent; seq: number }>): SubjectState {
  needString(subject, 'subject');
  needIterable(events, 'events');
  return readingCaller('events', () => {
    const state: SubjectState = { subject, purposes: {}, minor: false };
    for (const item of events) {
      const e = 'data' in item ? item.data : item;
      const seq = 'data' in item ? item.seq : undefined;
      if (e.subject !== subject) continue;
      if (e.ageUnder14 !== undefined) state.minor = e.ageUnder14;
      for (const p of e.purposes) {
        const prev = state.purposes[p];
        const base = { since: e.at, channel: e.channel, ...(seq === undefined ? {} : { seq }) };
        if (e.event === 'given' || e.event === 'renewed') {
          const keep = prev?.status === 'given' ? prev.sensitiveCategories : [];
          state.purposes[p] = {
            ...base,
            status: 'given',
            ...(e.expires === undefined ? {} : { expires: e.expires }),
            ...(e.notice === undefined ? {} : { notice: e.notice }),
            sensitiveCategories: [...new Set([...keep, ...e.sensitiveCategories])],
            guardian: e.guardian !== undefined,
            unsubscribed: false,
          };
        } else if (e.event === 'withdrawn' && e.sensitiveCategories.length > 0 && prev) {
          const drop = new Set(e.sensitiveCategories);
          state.purposes[p] = { ...prev, sensitiveCategories: prev.sensitiveCategories.filter((c) => !drop.has(c)) };
        } else {
          const status = e.event === 'withdrawn' ? 'withdrawn' : e.event === 'expired' ? 'expired' : 'refused';
          state.purposes[p] = {
            ...base,
            status,
            ...(prev?.notice === undefined ? {} : { notice: prev.notice }),
            sensitiveCategories: [],
            guardian: prev?.guardian ?? false,
            unsubscribed: (prev?.unsubscribed ?? false) || e.method === 'unsubscribe',
          };
        }
      }
    }
    return state;
  });
}

/**
 * Why a purpose of a notice needs asking.
 * @example
 * ```ts
 * const reasons: ReconsentReason[] = needsReconsent(state, noticeV2).reasons;
 * reasons.filter((r) => r.code === 'MATERIAL_CHANGE').map((r) => r.purpose)
 * ```
 */
export interface ReconsentReason {
  purpose: string;
  /** `NEW_PURPOSE`: never answered; `MATERIAL_CHANGE`: terms changed since consent; `CONSENT_EXPIRED`. */
  code: 'NEW_PURPOSE' | 'MATERIAL_CHANGE' | 'CONSENT_EXPIRED';
}

/**
 * Whether to ask `subject` again under `notice` (policy 4.5, T/CCAGM 4.1.3, 6.1.2): for each
 * consent-based purpose, a consent given under different material terms (categories,
 * recipients, retention, basis), an expired consent, or a purpose never answered. A pure
 * rewording (same terms) needs nothing; refusals and withdrawals are respected, not re-asked.
 *
 * @example
 * ```ts
 * const r = needsReconsent(await ledger.stateOf('u_1'), noticeV2);
 * if (r.needed) showConsentDialog(r.purposes);
 * ```
 */
export function needsReconsent(state: SubjectState, notice: Notice, now: Date = new Date()): { needed: boolean; purposes: string[]; reasons: ReconsentReason[] } {
  needObject(state, 'state');
  needObject(notice, 'notice');
  needDate(now, 'now');
  return readingCaller('state or notice', () => {
    const reasons: ReconsentReason[] = [];
    for (const p of notice.purposes) {
      if (p.basis !== 'consent') continue;
      const s = state.purposes[p.id];
      if (!s) reasons.push({ purpose: p.id, code: 'NEW_PURPOSE' });
      else if (s.status === 'expired' || (s.status === 'given' && s.expires !== undefined && Date.parse(s.expires) <= now.getTime()))
        reasons.push({ purpose: p.id, code: 'CONSENT_EXPIRED' });
      else if (s.status === 'given' && s.notice?.hash !== notice.hash && s.notice?.terms?.[p.id] !== notice.terms[p.id])
        reasons.push({ purpose: p.id, code: 'MATERIAL_CHANGE' });
    }
    return { needed: reasons.length > 0, purposes: reasons.map((r) => r.purpose), reasons };
  });
}
