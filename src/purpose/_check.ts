/** checkPurpose and minimumView: is this use of these fields allowed now, and what may it see. */
import { coveredBy } from '../catalog/_categories.js';
import type { Catalog } from '../catalog/index.js';
import type { Notice, PurposeConsent, SubjectState } from '../consent/index.js';
import type { Purpose } from './_define.js';
import { needObject, readingCaller } from '../errors/_args.js';

/**
 * Why a use is denied.
 * @example
 * ```ts
 * const askAgain: PurposeReasonCode[] = ['NO_CONSENT', 'CONSENT_EXPIRED', 'NOTICE_OUTDATED'];
 * if (r.reasons.some((x) => askAgain.includes(x.code))) showConsentDialog([marketing.id]);
 * ```
 */
export type PurposeReasonCode =
  | 'NO_CONSENT'
  | 'CONSENT_WITHDRAWN'
  | 'CONSENT_EXPIRED'
  | 'SEPARATE_CONSENT_REQUIRED'
  | 'GUARDIAN_CONSENT_REQUIRED'
  | 'FIELD_NOT_IN_PURPOSE'
  | 'NOTICE_OUTDATED'
  | 'MARKETING_UNSUBSCRIBED'
  | 'PUBLIC_SECURITY_ONLY'
  | 'ROLE_NOT_ALLOWED'
  | 'UNKNOWN_FIELD';

/**
 * One reason, with the field and category it concerns (names only, never values).
 * @example
 * ```ts
 * const reasons: PurposeReason[] = checkPurpose(input).reasons;
 * for (const r of reasons) console.warn(`${r.purpose}: ${r.code}${r.field ? ` (${r.field})` : ''}`);
 * ```
 */
export interface PurposeReason {
  code: PurposeReasonCode;
  purpose: string;
  field?: string;
  category?: string;
}

/**
 * Input of {@link checkPurpose}.
 * @example
 * ```ts
 * const input: CheckInput = { purpose: marketing, fields: ['phone'], subjectState: await ledger.stateOf('u_8f3a'),
 *   catalog, now: new Date(), notice, role: 'crm-operator' };
 * const { allowed, reasons } = checkPurpose(input);
 * ```
 */
export interface CheckInput {
  purpose: Purpose;
  /** Field names of the catalog the use touches. */
  fields: readonly string[];
  subjectState: SubjectState;
  catalog: Catalog;
  now: Date;
  /** The notice in force: a consent under older material terms gives `NOTICE_OUTDATED`. */
  notice?: Notice;
  /** The operator's role, checked against `purpose.roles`. */
  role?: string;
}

const live = (c: PurposeConsent | undefined, now: Date) =>
  c !== undefined && c.status === 'given' && (c.expires === undefined || Date.parse(c.expires) > now.getTime());
// PIPL art. 29 asks separate consent where consent or contract is the basis; a legal duty needs none.
const needsSeparate = (p: Purpose) => p.basis === 'consent' || p.basis === 'contract';

/**
 * Decides whether `purpose` may use `fields` of this subject now (policy 4.3, 4.5, 8.2;
 * T/CCAGM 4.1.3, 6.1, 6.2, 6.3.1). Every reason is listed, not only the first.
 *
 * @example
 * ```ts
 * const r = checkPurpose({ purpose: marketing, fields: ['phone'], subjectState: await ledger.stateOf(id), catalog, now: new Date() });
 * if (!r.allowed) console.log(r.reasons.map((x) => x.code)); // e.g. ['CONSENT_WITHDRAWN']
 * ```
 */
export function checkPurpose(input: CheckInput): { allowed: boolean; reasons: PurposeReason[] } {
  needObject(input, 'input');
  return readingCaller('input', () => {
    const { purpose, subjectState, catalog, now, notice } = input;
    const reasons: PurposeReason[] = [];
    const seen = new Set<string>();
    const add = (r: PurposeReason) => {
      const k = `${r.code}/${r.field ?? ''}`;
      if (seen.has(k)) return;
      seen.add(k);
      reasons.push(r);
    };
    const id = purpose.id;
    const c = subjectState.purposes[id];
    if (purpose.roles && (input.role === undefined || purpose.roles.indexOf(input.role) < 0)) add({ code: 'ROLE_NOT_ALLOWED', purpose: id });
    if (purpose.marketing && c?.unsubscribed) add({ code: 'MARKETING_UNSUBSCRIBED', purpose: id });
    if (purpose.basis === 'consent') {
      if (!c || c.status === 'refused') add({ code: 'NO_CONSENT', purpose: id });
      else if (c.status === 'withdrawn') add({ code: 'CONSENT_WITHDRAWN', purpose: id });
      else if (!live(c, now)) add({ code: 'CONSENT_EXPIRED', purpose: id });
      else {
        const terms = notice?.terms[id];
        if (notice && terms !== undefined && c.notice?.hash !== notice.hash && c.notice?.terms?.[id] !== terms) add({ code: 'NOTICE_OUTDATED', purpose: id });
        if (subjectState.minor && !c.guardian) add({ code: 'GUARDIAN_CONSENT_REQUIRED', purpose: id });
      }
    }
    const separate = live(c, now) ? c!.sensitiveCategories : [];
    for (const field of input.fields) {
      if (!catalog.has(field)) {
        add({ code: 'UNKNOWN_FIELD', purpose: id, field });
        continue;
      }
      const f = catalog.field(field);
      const at = { purpose: id, field, category: f.category };
      if (!coveredBy(purpose.categories, f.category)) add({ code: 'FIELD_NOT_IN_PURPOSE', ...at });
      const hasSeparate = coveredBy(separate, f.category);
      if (f.publicSecurityOnly && !purpose.publicSecurity && !hasSeparate) add({ code: 'PUBLIC_SECURITY_ONLY', ...at });
      else if (f.sensitivity === 'sensitive' && needsSeparate(purpose) && !hasSeparate) add({ code: 'SEPARATE_CONSENT_REQUIRED', ...at });
      if ((subjectState.minor || coveredBy(['minor'], f.category)) && needsSeparate(purpose) && f.sensitivity === 'sensitive' && !(live(c, now) && c!.guardian))
        add({ code: 'GUARDIAN_CONSENT_REQUIRED', ...at });
    }
    return { allowed: reasons.length === 0, reasons };
  });
}

/**
 * Options of {@link minimumView}.
 * @example
 * ```ts
 * const opts: MinimumViewOptions = { catalog, subjectState: await ledger.stateOf('u_8f3a'), role: 'crm-operator' };
 * const view = minimumView(customer, marketing, opts); // only the fields consented to
 * ```
 */
export interface MinimumViewOptions {
  catalog: Catalog;
  /** With a state, fields the subject has not (separately) consented to are dropped too. */
  subjectState?: SubjectState;
  now?: Date;
  notice?: Notice;
  role?: string;
}

/**
 * The part of `record` that `purpose` may see (policy 4.3 / 8.3, minimum necessary): only
 * catalog fields in the purpose's categories and, given a subject state, only those
 * {@link checkPurpose} allows. Fields unknown to the catalog never pass.
 *
 * @example
 * ```ts
 * minimumView({ name: '张三', phone: '13800138000', face: '…' }, delivery, { catalog })
 * // { name: '张三', phone: '13800138000' }
 * ```
 */
export function minimumView<R extends Record<string, unknown>>(record: R, purpose: Purpose, opts: MinimumViewOptions): Partial<R> {
  needObject(record, 'record');
  needObject(purpose, 'purpose');
  needObject(opts, 'opts');
  needObject(opts.catalog, 'catalog');
  return readingCaller('record or purpose', () => {
    const out: Partial<R> = {};
    const now = opts.now ?? new Date();
    for (const key of Object.keys(record) as (keyof R & string)[]) {
      if (!opts.catalog.has(key) || !coveredBy(purpose.categories, opts.catalog.field(key).category)) continue;
      if (opts.subjectState) {
        const r = checkPurpose({ purpose, fields: [key], subjectState: opts.subjectState, catalog: opts.catalog, now, ...(opts.notice ? { notice: opts.notice } : {}), ...(opts.role === undefined ? {} : { role: opts.role }) });
        if (!r.allowed) continue;
      }
      out[key] = record[key];
    }
    return out;
  });
}
