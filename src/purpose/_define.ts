/** Purposes: why data is processed, on which legal basis, which categories, for how long. */
import { isCategory } from '../catalog/_categories.js';
import { parseWith } from '../catalog/_parse.js';
import { _isoDuration } from '../catalog/_isoDuration.js';
import { _array, _boolean, _default, _enum, _max, _min, _object, _optional, _refine, _string, _superRefine } from '../catalog/_rules.js';
import { LEGAL_BASES, type LegalBasis, type Notice } from '../consent/index.js';
import { needObject, readingCaller } from '../errors/_args.js';

// The zod/mini schema this was written as is test/consent/_oracle.ts (the differential test's oracle).
const build = () =>
  _object<Purpose, _BuildIn>({
    id: _string(_min(1), _max(128)),
    description: _optional(_string(_min(1))),
    basis: _enum(LEGAL_BASES),
    categories: _array(_string(_refine(isCategory, 'unknown_category')), _min(1)),
    basic: _default(_boolean(), false),
    marketing: _default(_boolean(), false),
    publicSecurity: _default(_boolean(), false),
    roles: _optional(_array(_string(_min(1)))),
    retention: _optional(_isoDuration()),
    atExpiry: _default(_enum(['delete', 'anonymize']), 'delete'),
  }).check(
    _superRefine((p: Purpose, add) => {
      // Policy 8.2 / PIPL art. 16: a basic service cannot hang on a consent the person may withdraw.
      if (p.basic && p.basis === 'consent') add(['basis'], 'basic_service_on_consent');
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

// Written out for the published .d.ts; test/consent/_oracle.ts checks them against the zod schema's types.
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
/** @internal */
export type { _BuildIn };
