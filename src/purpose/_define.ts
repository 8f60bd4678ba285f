/** Purposes: why data is processed, on which legal basis, which categories, for how long. */
import * as z from 'zod/mini';
import { isCategory, isoDuration, parseWith } from '../catalog/index.js';
import { LEGAL_BASES, type LegalBasis, type Notice } from '../consent/index.js';
import { needObject, readingCaller } from '../errors/_args.js';

const build = () =>
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
      retention: z.optional(isoDuration() as unknown as z.ZodMiniString<string>),
      atExpiry: z._default(z.enum(['delete', 'anonymize']), 'delete'),
    })
    .check(
      z.superRefine((p, ctx) => {
        // Policy 8.2 / PIPL art. 16: a basic service cannot hang on a consent the person may withdraw.
        if (p.basic && p.basis === 'consent') ctx.addIssue({ code: 'custom', path: ['basis'], params: { code: 'basic_service_on_consent' }, message: 'basic_service_on_consent' });
      }),
    );
let schema: ReturnType<typeof build> | undefined;

/**
 * What {@link definePurpose} takes.
 * @example
 * ```ts
 * const input: PurposeInput = { id: 'delivery', basis: 'contract', basic: true, categories: ['identity.name', 'contact'] };
 * const delivery = definePurpose(input);
 * ```
 */
export type PurposeInput = _BuildIn;

/**
 * A defined purpose.
 * @example
 * ```ts
 * const p: Purpose = definePurpose({ id: 'marketing', basis: 'consent', marketing: true, categories: ['contact.mobile'] });
 * [p.basic, p.atExpiry] // [false, 'delete']: the defaults
 * ```
 */
export interface Purpose {
  readonly id: string;
  readonly description?: string | undefined;
  /** Legal basis (PIPL art. 13). Only `consent` purposes need a consent in the ledger. */
  readonly basis: LegalBasis;
  /** Categories (and their descendants) the purpose may use. */
  readonly categories: readonly string[];
  /** Part of the basic service: withdrawing other consents must not stop it (policy 8.2). */
  readonly basic: boolean;
  /** Messages to the person (promotions, and the T/CCAGM 6.3.1 basic-service messages): always honour unsubscribe. */
  readonly marketing: boolean;
  /** Maintaining public security: may use images and identity-recognition data (T/CCAGM 6.2). */
  readonly publicSecurity: boolean;
  /** Roles allowed to process for this purpose (T/CCAGM 5.3); absent = any role. */
  readonly roles?: readonly string[] | undefined;
  /** How long data collected for it is kept (ISO 8601 duration). */
  readonly retention?: string | undefined;
  /** What happens at expiry (policy 9.2). */
  readonly atExpiry: 'delete' | 'anonymize';
}

/**
 * Defines a purpose. A basic-service purpose must not rest on consent (policy 8.2).
 *
 * @example
 * ```ts
 * const marketing = definePurpose({ id: 'marketing', basis: 'consent', marketing: true,
 *   categories: ['contact.mobile', 'transaction.history'], retention: 'P1Y' });
 * const orders = definePurpose({ id: 'orders', basis: 'contract', basic: true,
 *   categories: ['identity.name', 'contact', 'transaction'], retention: 'P3Y' });
 * ```
 */
export function definePurpose(input: PurposeInput): Purpose {
  const p = parseWith((schema ??= build()), input, 'purpose');
  return Object.freeze({ ...p, categories: Object.freeze([...p.categories]) });
}

/**
 * The purposes a notice declares, as {@link Purpose}s (retention falls back to the notice's);
 * `extra` adds the flags a notice does not carry.
 *
 * @example
 * ```ts
 * const purposes = purposesOf(notice, { marketing: { marketing: true }, orders: { basic: true } });
 * ```
 */
export function purposesOf(notice: Notice, extra: Record<string, Partial<Pick<PurposeInput, 'basic' | 'marketing' | 'publicSecurity' | 'roles' | 'atExpiry'>>> = {}): Record<string, Purpose> {
  needObject(notice, 'notice');
  needObject(extra, 'extra');
  return readingCaller('notice', () => {
    const out: Record<string, Purpose> = {};
    for (const p of notice.purposes)
      out[p.id] = definePurpose({ id: p.id, description: p.description, basis: p.basis, categories: p.categories, retention: p.retention ?? notice.retention, ...extra[p.id] });
    return out;
  });
}

// Written out, not inferred, so the published .d.ts name no zod type (zod is bundled, not a
// dependency); the checks below fail to compile if a schema and its type ever drift apart.
type _BuildIn = {
  id: string;
  basis: 'consent' | 'contract' | 'hr' | 'legal-duty' | 'public-health' | 'news' | 'public-info' | 'other-law';
  categories: string[];
  description?: string | undefined;
  basic?: boolean | undefined;
  marketing?: boolean | undefined;
  publicSecurity?: boolean | undefined;
  roles?: string[] | undefined;
  retention?: string | undefined;
  atExpiry?: 'delete' | 'anonymize' | undefined;
};
type _Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type _Assert<T extends true> = T;
/** @internal */
export type _BuildInMatches = _Assert<_Same<_BuildIn, z.input<ReturnType<typeof build>>>>;
