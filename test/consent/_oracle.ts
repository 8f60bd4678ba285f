// The oracle of test/consent/rules.test.ts: custodia's schemas as they were written in zod/mini
// before issue 15 moved them onto catalog/_rules.ts (no zod in a mini-program page). Each build
// is the zod schema verbatim; the type checks at the end fail to compile if the hand-written
// types of the published .d.ts drift from what zod infers for these schemas.
import * as z from 'zod/mini';
import { AUDIT_ACTIONS } from '../../src/audit/index.js';
import type { _BuildDataSetIn, _BuildDataSetOut, _BuildEntryIn, _BuildEntryOut } from '../../src/audit/_entry.js';
import { coveredBy, getCategory, isCategory, isValidResidentId } from '../../src/catalog/index.js';
import { CHANNELS, CONSENT_EVENTS, CONSENT_METHODS, LEGAL_BASES, REQUIRED_RIGHTS } from '../../src/consent/index.js';
import type { _BuildIn as EventIn, _BuildOut as EventOut } from '../../src/consent/_events.js';
import type { _BuildIn as NoticeIn, _BuildOut as NoticeOut } from '../../src/consent/_notice.js';
import type { _BuildIn as PurposeIn } from '../../src/purpose/_define.js';

const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
export const isoDurationZod = () => z.string().check(z.regex(DURATION));
export const isoDateTimeZod = () => z.iso.datetime({ offset: true });
export const isoDateZod = () => z.iso.date();

/** catalog's default schema per category (src/catalog/_schemas.ts). */
export function defaultSchemaZod(category: string): z.ZodMiniType<string> | undefined {
  switch (category) {
    case 'contact.mobile':
      return z.string().check(z.regex(/^1[3-9]\d{9}$/));
    case 'contact.email':
      return z.email();
    case 'identity.birthDate':
      return isoDateZod();
    case 'identity.residentId':
      return z.string().check(z.refine(isValidResidentId, { params: { code: 'invalid_resident_id' } }));
    default:
      return undefined;
  }
}

const hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const id = z.string().check(z.minLength(1), z.maxLength(128));
const text = z.string().check(z.minLength(1), z.maxLength(256));
const isSensitiveCategory = (c: string) => isCategory(c) && getCategory(c).sensitivity === 'sensitive';
const looksIdentifying = (s: string) => /^1[3-9]\d{9}$/.test(s) || isValidResidentId(s) || /@/.test(s);
const nonEmpty = () => z.string().check(z.minLength(1));

export const consentEventZod = () =>
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
      at: isoDateTimeZod(),
      expires: z.optional(isoDateTimeZod()),
    })
    .check(z.superRefine((e, ctx) => {
      const rule = (ok: boolean, path: string, code: string) => {
        if (!ok) ctx.addIssue({ code: 'custom', path: [path], params: { code }, message: code });
      };
      const granting = e.event === 'given' || e.event === 'renewed';
      rule(!granting || e.notice !== undefined, 'notice', 'notice_required');
      rule(!granting || e.evidence !== undefined, 'evidence', 'evidence_required');
      rule(!granting || e.sensitiveCategories.length === 0 || e.separate, 'separate', 'separate_consent_required');
      rule(!e.separate || e.sensitiveCategories.length > 0, 'sensitiveCategories', 'separate_without_categories');
      rule(!granting || e.ageUnder14 !== true || e.guardian !== undefined, 'guardian', 'guardian_required');
      rule(e.channel !== 'third-party' || e.source !== undefined, 'source', 'third_party_authorization_required');
      rule(e.expires === undefined || Date.parse(e.expires) > Date.parse(e.at), 'expires', 'expires_not_after_at');
    }));

export const noticeZod = () => {
  const category = z.string().check(z.refine(isCategory, { params: { code: 'unknown_category' } }));
  return z
    .strictObject({
      id,
      version: z.string().check(z.minLength(1), z.maxLength(64)),
      controller: z.strictObject({ name: nonEmpty(), contact: nonEmpty() }),
      purposes: z
        .array(
          z.strictObject({
            id,
            description: nonEmpty(),
            basis: z._default(z.enum(LEGAL_BASES), 'consent'),
            categories: z.array(category).check(z.minLength(1)),
            recipients: z._default(z.array(nonEmpty()), []),
            retention: z.optional(isoDurationZod()),
          }),
        )
        .check(z.minLength(1)),
      categories: z.array(category).check(z.minLength(1)),
      retention: isoDurationZod(),
      rights: z.array(z.enum([...REQUIRED_RIGHTS, 'portability', 'explanation', 'complaint'])),
      channels: z.array(z.enum(CHANNELS)).check(z.minLength(1)),
      language: z.string().check(z.minLength(2), z.maxLength(16)),
      text: nonEmpty(),
    })
    .check(z.superRefine((n, ctx) => {
      n.purposes.forEach((p, i) => {
        p.categories.forEach((c, j) => {
          if (!coveredBy(n.categories, c)) ctx.addIssue({ code: 'custom', path: ['purposes', i, 'categories', j], params: { code: 'category_not_in_notice' }, message: 'category_not_in_notice' });
        });
      });
      if (new Set(n.purposes.map((p) => p.id)).size !== n.purposes.length) ctx.addIssue({ code: 'custom', path: ['purposes'], params: { code: 'duplicate_purpose' }, message: 'duplicate_purpose' });
      for (const r of REQUIRED_RIGHTS)
        if (!n.rights.includes(r)) ctx.addIssue({ code: 'custom', path: ['rights'], params: { code: `missing_right_${r}` }, message: 'missing_right' });
    }));
};

export const purposeZod = () =>
  z
    .strictObject({
      id: z.string().check(z.minLength(1), z.maxLength(128)),
      description: z.optional(z.string().check(z.minLength(1))),
      basis: z.enum(LEGAL_BASES),
      categories: z.array(z.string().check(z.refine(isCategory, { params: { code: 'unknown_category' } }))).check(z.minLength(1)),
      basic: z._default(z.boolean(), false),
      marketing: z._default(z.boolean(), false),
      publicSecurity: z._default(z.boolean(), false),
      roles: z.optional(z.array(z.string().check(z.minLength(1)))),
      retention: z.optional(isoDurationZod()),
      atExpiry: z._default(z.enum(['delete', 'anonymize']), 'delete'),
    })
    .check(
      z.superRefine((p, ctx) => {
        if (p.basic && p.basis === 'consent') ctx.addIssue({ code: 'custom', path: ['basis'], params: { code: 'basic_service_on_consent' }, message: 'basic_service_on_consent' });
      }),
    );

export const auditEntryZod = () =>
  z.strictObject({
    operator: id,
    role: id,
    purpose: id,
    action: z.enum(AUDIT_ACTIONS),
    fields: z._default(z.array(id).check(z.maxLength(512)), []),
    subject: z.optional(id),
    dataSet: z.optional(id),
    decision: z.enum(['allow', 'deny']),
    reasons: z._default(z.array(z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/))), []),
    ref: z.optional(hex64),
    at: isoDateTimeZod(),
  });

export const dataSetZod = () =>
  z.strictObject({
    id,
    name: z.string().check(z.minLength(1), z.maxLength(256)),
    location: z.string().check(z.minLength(1), z.maxLength(512)),
    categories: z.array(z.string().check(z.refine(isCategory, { params: { code: 'unknown_category' } }))).check(z.minLength(1)),
    purposes: z.array(id).check(z.minLength(1)),
    responsible: z.strictObject({ name: nonEmpty(), role: nonEmpty(), contact: nonEmpty() }),
    custodians: z._default(z.array(id), []),
    encrypted: z.boolean(),
    deidentified: z._default(z.boolean(), false),
    residency: z._default(z.enum(['CN', 'cross-border-assessed']), 'CN'),
    registeredBy: id,
    registeredAt: isoDateTimeZod(),
  });

/** retention's record meta (src/retention/_rights.ts): z.object, unknown keys dropped. */
export const recordMetaZod = () =>
  z.object({
    purposes: z.array(z.string().check(z.minLength(1))),
    collectedAt: isoDateTimeZod(),
    lastActivityAt: z.optional(isoDateTimeZod()),
    channel: z.optional(z.string()),
    dataSet: z.optional(z.string()),
  });

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
/** Compile-time only: each hand-written type is what zod infers for the oracle schema. */
export type TypesMatch = [
  Assert<Same<EventIn, z.input<ReturnType<typeof consentEventZod>>>>,
  Assert<Same<EventOut, z.output<ReturnType<typeof consentEventZod>>>>,
  Assert<Same<NoticeIn, z.input<ReturnType<typeof noticeZod>>>>,
  Assert<Same<NoticeOut, z.output<ReturnType<typeof noticeZod>>>>,
  Assert<Same<PurposeIn, z.input<ReturnType<typeof purposeZod>>>>,
  Assert<Same<_BuildEntryIn, z.input<ReturnType<typeof auditEntryZod>>>>,
  Assert<Same<_BuildEntryOut, z.output<ReturnType<typeof auditEntryZod>>>>,
  Assert<Same<_BuildDataSetIn, z.input<ReturnType<typeof dataSetZod>>>>,
  Assert<Same<_BuildDataSetOut, z.output<ReturnType<typeof dataSetZod>>>>,
];
