/**
 * Consent events, after Kantara Consent Receipt v1.1 and ISO/IEC TS 27560: who (a
 * pseudonymous subject), what (purposes, sensitive categories), under which notice, how,
 * through which channel, collected by whom, with which evidence, when and until when.
 */
import { _isoDateTimeSchema } from '../catalog/_iso.js';
import { _array, _boolean, _default, _enum, _max, _min, _object, _optional, _record, _refine, _regex, _string, _superRefine } from '../catalog/_rules.js';
import { getCategory, isCategory } from '../catalog/_categories.js';
import { isValidResidentId } from '../catalog/_schemas.js';
import type { ParsingSchema } from '../catalog/_schemaLike.js';

/**
 * Collection channels of policy art. 7 and T/CCAGM 4.2.1 (online) and 4.2.2 (offline).
 *
 * @example
 * ```ts
 * CHANNELS.includes('parking') // true: T/CCAGM 4.2.2.6 plate capture
 * ```
 */
export const CHANNELS = [
  'app', 'website', 'mini-program', 'social-media', 'payment', 'online-shop',
  'store-counter', 'shopping-guide', 'gift-scan', 'sample-scan', 'pos', 'parking', 'survey',
  'customer-service', 'hotline', 'third-party', 'other',
] as const;
/**
 * A collection channel.
 * @example
 * ```ts
 * const offline: Channel[] = ['store-counter', 'pos', 'parking'];
 * const collectedOffline = (await ledger.history('u_8f3a')).filter((r) => offline.includes(r.data.channel));
 * ```
 */
export type Channel = (typeof CHANNELS)[number];

/**
 * What happened to the consent.
 *
 * @example
 * ```ts
 * CONSENT_EVENTS // ['given', 'refused', 'withdrawn', 'expired', 'renewed']
 * ```
 */
export const CONSENT_EVENTS = ['given', 'refused', 'withdrawn', 'expired', 'renewed'] as const;
/**
 * A consent event type.
 * @example
 * ```ts
 * const granting: ConsentEventType[] = ['given', 'renewed'];
 * const grants = (await ledger.history('u_8f3a')).filter((r) => granting.includes(r.data.event));
 * ```
 */
export type ConsentEventType = (typeof CONSENT_EVENTS)[number];

/**
 * How the person expressed it; `unsubscribe` marks a marketing opt-out (T/CCAGM 6.3.1).
 *
 * @example
 * ```ts
 * await ledger.append({ ...e, event: 'withdrawn', method: 'unsubscribe' });
 * ```
 */
export const CONSENT_METHODS = [
  'click', 'checkbox', 'toggle', 'signature', 'sms-code', 'verbal-recorded', 'paper-form', 'unsubscribe', 'system',
] as const;

const isSensitiveCategory = (c: string) => isCategory(c) && getCategory(c).sensitivity === 'sensitive';
const looksIdentifying = (s: string) => /^1[3-9]\d{9}$/.test(s) || isValidResidentId(s) || /@/.test(s);

// The zod/mini schema this was written as is test/consent/_oracle.ts (the differential test's oracle).
const build = () => {
  const hex64 = _string(_regex(/^[0-9a-f]{64}$/));
  const id = _string(_min(1), _max(128));
  const text = _string(_min(1), _max(256));
  return _object<_BuildOut, _BuildIn>({
    id: _optional(id),
    subject: id.check(_refine((s: string) => !looksIdentifying(s), 'subject_not_pseudonymous')),
    event: _enum(CONSENT_EVENTS),
    purposes: _array(id, _min(1), _max(64), _refine((p: string[]) => new Set(p).size === p.length, 'duplicate_purpose')),
    notice: _optional(_object({ id, version: text, hash: hex64, terms: _optional(_record(id, hex64)) })),
    method: _enum(CONSENT_METHODS),
    separate: _default(_boolean(), false),
    sensitiveCategories: _default(_array(id.check(_refine(isSensitiveCategory, 'not_a_sensitive_category'))), []),
    ageUnder14: _optional(_boolean()),
    guardian: _optional(_object({ subject: id, relation: _enum(['parent', 'guardian']), verification: text })),
    channel: _enum(CHANNELS),
    collector: text,
    responsible: text,
    source: _optional(_object({ provider: text, authorization: hex64 })),
    evidence: _optional(hex64),
    at: _isoDateTimeSchema(),
    expires: _optional(_isoDateTimeSchema()),
  }).check(_superRefine((e: _BuildOut, add) => {
    const rule = (ok: boolean, path: string, code: string) => {
      if (!ok) add([path], code);
    };
    const granting = e.event === 'given' || e.event === 'renewed';
    rule(!granting || e.notice !== undefined, 'notice', 'notice_required');
    rule(!granting || e.evidence !== undefined, 'evidence', 'evidence_required');
    // PIPL art. 29, policy 8.2: sensitive categories only by a separate consent, and a separate consent names them.
    rule(!granting || e.sensitiveCategories.length === 0 || e.separate, 'separate', 'separate_consent_required');
    rule(!e.separate || e.sensitiveCategories.length > 0, 'sensitiveCategories', 'separate_without_categories');
    rule(!granting || e.ageUnder14 !== true || e.guardian !== undefined, 'guardian', 'guardian_required');
    rule(e.channel !== 'third-party' || e.source !== undefined, 'source', 'third_party_authorization_required');
    rule(e.expires === undefined || Date.parse(e.expires) > Date.parse(e.at), 'expires', 'expires_not_after_at');
  }));
};

let cached: ReturnType<typeof build> | undefined;

/**
 * Schema of a consent event (built on first use; `parse`, `safeParse`, and zod 4's protocol, so it
 * nests in zod schemas); the ledger parses every append with it.
 *
 * @example
 * ```ts
 * consentEventSchema().safeParse(json).success
 * ```
 */
export function consentEventSchema(): ParsingSchema<ConsentEvent, ConsentEventInput> {
  return (cached ??= build());
}

/**
 * A consent event as written by callers (defaults not yet applied).
 * @example
 * ```ts
 * const withdrawal: ConsentEventInput = { subject: 'u_8f3a', event: 'withdrawn', purposes: ['marketing'],
 *   method: 'unsubscribe', channel: 'app', collector: 'app-settings', responsible: 'crm-owner', at: new Date().toISOString() };
 * await ledger.append(withdrawal);
 * ```
 */
export type ConsentEventInput = _BuildIn;
/**
 * A parsed consent event.
 * @example
 * ```ts
 * const e: ConsentEvent = (await ledger.append(input)).data;
 * e.separate // false: the default filled in
 * ```
 */
export type ConsentEvent = _BuildOut;

// Written out for the published .d.ts; test/consent/_oracle.ts checks them against the zod schema's types.
type _BuildIn = {
  subject: string;
  event: 'given' | 'refused' | 'withdrawn' | 'expired' | 'renewed';
  purposes: string[];
  method: 'click' | 'checkbox' | 'toggle' | 'signature' | 'sms-code' | 'verbal-recorded' | 'paper-form' | 'unsubscribe' | 'system';
  channel: 'other' | 'app' | 'website' | 'mini-program' | 'social-media' | 'payment' | 'online-shop' | 'store-counter' | 'shopping-guide' | 'gift-scan' | 'sample-scan' | 'pos' | 'parking' | 'survey' | 'customer-service' | 'hotline' | 'third-party';
  collector: string;
  responsible: string;
  at: string;
  id?: string | undefined;
  notice?: {
    id: string;
    version: string;
    hash: string;
    terms?: Record<string, string> | undefined;
  } | undefined;
  separate?: boolean | undefined;
  sensitiveCategories?: string[] | undefined;
  ageUnder14?: boolean | undefined;
  guardian?: {
    subject: string;
    relation: 'guardian' | 'parent';
    verification: string;
  } | undefined;
  source?: {
    provider: string;
    authorization: string;
  } | undefined;
  evidence?: string | undefined;
  expires?: string | undefined;
};
type _BuildOut = {
  subject: string;
  event: 'given' | 'refused' | 'withdrawn' | 'expired' | 'renewed';
  purposes: string[];
  method: 'click' | 'checkbox' | 'toggle' | 'signature' | 'sms-code' | 'verbal-recorded' | 'paper-form' | 'unsubscribe' | 'system';
  separate: boolean;
  sensitiveCategories: string[];
  channel: 'other' | 'app' | 'website' | 'mini-program' | 'social-media' | 'payment' | 'online-shop' | 'store-counter' | 'shopping-guide' | 'gift-scan' | 'sample-scan' | 'pos' | 'parking' | 'survey' | 'customer-service' | 'hotline' | 'third-party';
  collector: string;
  responsible: string;
  at: string;
  id?: string | undefined;
  notice?: {
    id: string;
    version: string;
    hash: string;
    terms?: Record<string, string> | undefined;
  } | undefined;
  ageUnder14?: boolean | undefined;
  guardian?: {
    subject: string;
    relation: 'guardian' | 'parent';
    verification: string;
  } | undefined;
  source?: {
    provider: string;
    authorization: string;
  } | undefined;
  evidence?: string | undefined;
  expires?: string | undefined;
};
/** @internal */
export type { _BuildIn, _BuildOut };
