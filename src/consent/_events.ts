/**
 * Consent events, after Kantara Consent Receipt v1.1 and ISO/IEC TS 27560: who (a
 * pseudonymous subject), what (purposes, sensitive categories), under which notice, how,
 * through which channel, collected by whom, with which evidence, when and until when.
 */
import * as z from 'zod/mini';
import { _isoDateTimeSchema } from '../catalog/_iso.js';
import { getCategory, isCategory, isValidResidentId, type ParsingSchema } from '../catalog/index.js';

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

const hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const id = z.string().check(z.minLength(1), z.maxLength(128));
const text = z.string().check(z.minLength(1), z.maxLength(256));
const isSensitiveCategory = (c: string) => isCategory(c) && getCategory(c).sensitivity === 'sensitive';
const looksIdentifying = (s: string) => /^1[3-9]\d{9}$/.test(s) || isValidResidentId(s) || /@/.test(s);

const build = () =>
  z
    .strictObject({
      id: z.optional(id),
      subject: id.check(z.refine((s) => !looksIdentifying(s), { params: { code: 'subject_not_pseudonymous' } })),
      event: z.enum(CONSENT_EVENTS),
      purposes: z.array(id).check(z.minLength(1), z.maxLength(64), z.refine((p) => new Set(p).size === p.length, { params: { code: 'duplicate_purpose' } })),
      notice: z.optional(z.strictObject({ id, version: text, hash: hex64, terms: z.optional(z.record(id, hex64)) })),
      method: z.enum(CONSENT_METHODS),
      separate: z._default(z.boolean(), false),
      sensitiveCategories: z._default(z.array(id.check(z.refine(isSensitiveCategory, { params: { code: 'not_a_sensitive_category' } }))), []),
      ageUnder14: z.optional(z.boolean()),
      guardian: z.optional(z.strictObject({ subject: id, relation: z.enum(['parent', 'guardian']), verification: text })),
      channel: z.enum(CHANNELS),
      collector: text,
      responsible: text,
      source: z.optional(z.strictObject({ provider: text, authorization: hex64 })),
      evidence: z.optional(hex64),
      at: _isoDateTimeSchema(),
      expires: z.optional(_isoDateTimeSchema()),
    })
    .check(z.superRefine((e, ctx) => {
    const rule = (ok: boolean, path: string, code: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], params: { code }, message: code });
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

let cached: ReturnType<typeof build> | undefined;

/**
 * Zod schema (zod/mini) of a consent event (built on first use); the ledger parses every append with it.
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

// Written out, not inferred, so the published .d.ts name no zod type (zod is bundled, not a
// dependency); the checks below fail to compile if a schema and its type ever drift apart.
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
type _Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type _Assert<T extends true> = T;
/** @internal */
export type _BuildInMatches = _Assert<_Same<_BuildIn, z.input<ReturnType<typeof build>>>>;
/** @internal */
export type _BuildOutMatches = _Assert<_Same<_BuildOut, z.output<ReturnType<typeof build>>>>;
