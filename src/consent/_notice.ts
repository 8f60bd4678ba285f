/**
 * Notices (policy 8.1, T/CCAGM 4.1.2): what is collected, why, for how long, for whom, and
 * the person's rights, with a content hash and per-purpose "terms" hashes over the material
 * parts (categories, recipients, retention, legal basis) so a change that needs fresh consent
 * (policy 4.5, T/CCAGM 6.1.2) is told apart from a rewording.
 */
import * as z from 'zod/mini';
import { toHex } from '../bytes/index.js';
import { coveredBy, getCategory, isCategory, isoDuration, parseWith } from '../catalog/index.js';
import { sha256, sm3 } from '../hash/_hashing.js';
import type { HashAlg } from '../hash/index.js';
import { canonicalJson } from './_canonical.js';
import { CHANNELS } from './_events.js';
import { needObject, readingCaller } from '../errors/_args.js';

/**
 * Legal bases of PIPL art. 13; only `consent` purposes need a consent in the ledger.
 *
 * @example
 * ```ts
 * LEGAL_BASES.includes('contract') // true
 * ```
 */
export const LEGAL_BASES = ['consent', 'contract', 'hr', 'legal-duty', 'public-health', 'news', 'public-info', 'other-law'] as const;
/**
 * A legal basis for processing.
 * @example
 * ```ts
 * const basis: LegalBasis = 'contract'; // needs no consent in the ledger
 * const askFor = notice.purposes.filter((p) => p.basis === 'consent').map((p) => p.id);
 * ```
 */
export type LegalBasis = (typeof LEGAL_BASES)[number];

/**
 * The four rights of policy art. 4(6); a notice must state them.
 *
 * @example
 * ```ts
 * REQUIRED_RIGHTS // ['query', 'correct', 'delete', 'withdraw']
 * ```
 */
export const REQUIRED_RIGHTS = ['query', 'correct', 'delete', 'withdraw'] as const;

const id = z.string().check(z.minLength(1), z.maxLength(128));
const nonEmpty = () => z.string().check(z.minLength(1));

const build = () => {
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
            retention: z.optional(isoDuration() as unknown as z.ZodMiniString<string>),
          }),
        )
        .check(z.minLength(1)),
      categories: z.array(category).check(z.minLength(1)),
      retention: isoDuration() as unknown as z.ZodMiniString<string>,
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
let schema: ReturnType<typeof build> | undefined;

/**
 * What {@link defineNotice} takes.
 * @example
 * ```ts
 * const input: NoticeInput = JSON.parse(readFileSync('notice.json', 'utf8'));
 * const notice = defineNotice(input, { hash: 'sm3' });
 * ```
 */
export type NoticeInput = _BuildIn;

/**
 * A defined notice: the parsed content plus its hashes.
 * @example
 * ```ts
 * const notice: Notice = defineNotice(input);
 * notice.sensitive['marketing'] // sensitive categories needing a separate consent
 * ```
 */
export type Notice = _BuildOut & {
  /** Hex hash of the canonical JSON of the whole notice. */
  readonly hash: string;
  /** Per purpose id, hex hash of its material terms (categories, recipients, retention, basis). */
  readonly terms: Readonly<Record<string, string>>;
  readonly hashAlg: HashAlg;
  /** Sensitive categories per purpose: these need a separate consent (policy 8.2). */
  readonly sensitive: Readonly<Record<string, readonly string[]>>;
};

const digest = (alg: HashAlg, v: unknown) => toHex((alg === 'sm3' ? sm3 : sha256)(canonicalJson(v)));
const sorted = (a: readonly string[]) => [...new Set(a)].sort();

/**
 * Defines a notice and hashes it. Throws `VALIDATION_FAILED` (paths and codes) on bad
 * input, e.g. a purpose using a category the notice does not declare, or a missing right.
 *
 * @example
 * ```ts
 * const notice = defineNotice({
 *   id: 'member-privacy', version: '2024-06', controller: { name: '某百货', contact: 'privacy@example.cn' },
 *   purposes: [
 *     { id: 'membership', description: '会员服务', basis: 'contract', categories: ['identity.name', 'contact.mobile'] },
 *     { id: 'marketing', description: '营销推送', categories: ['contact.mobile', 'transaction.history'], retention: 'P1Y' },
 *   ],
 *   categories: ['identity.name', 'contact.mobile', 'transaction.history'], retention: 'P3Y',
 *   rights: ['query', 'correct', 'delete', 'withdraw'], channels: ['mini-program'], language: 'zh-CN', text: '……',
 * });
 * notice.terms.marketing // hex hash of the marketing purpose's material terms
 * ```
 */
export function defineNotice(input: NoticeInput, opts: { hash?: HashAlg } = {}): Notice {
  needObject(input, 'input');
  needObject(opts, 'opts');
  const alg = opts.hash ?? 'sha256';
  const n = parseWith((schema ??= build()), input, 'notice');
  const terms: Record<string, string> = {};
  const sensitive: Record<string, string[]> = {};
  for (const p of n.purposes) {
    const material = { purpose: p.id, basis: p.basis, categories: sorted(p.categories), recipients: sorted(p.recipients), retention: p.retention ?? n.retention };
    terms[p.id] = digest(alg, material);
    sensitive[p.id] = p.categories.filter((c) => getCategory(c).sensitivity === 'sensitive');
  }
  return Object.freeze({ ...n, hash: digest(alg, n), terms: Object.freeze(terms), hashAlg: alg, sensitive: Object.freeze(sensitive) });
}

/**
 * What a consent event should say about the notice it was given under: pass as `event.notice`.
 *
 * @example
 * ```ts
 * await ledger.append({ ...fields, notice: noticeRef(notice) });
 * ```
 */
export function noticeRef(n: Notice): { id: string; version: string; hash: string; terms: Record<string, string> } {
  needObject(n, 'notice');
  return readingCaller('notice', () => ({ id: n.id, version: n.version, hash: n.hash, terms: { ...n.terms } }));
}

// Written out, not inferred, so the published .d.ts name no zod type (zod is bundled, not a
// dependency); the checks below fail to compile if a schema and its type ever drift apart.
type _BuildIn = {
  id: string;
  version: string;
  controller: {
    name: string;
    contact: string;
  };
  purposes: {
    id: string;
    description: string;
    categories: string[];
    basis?: 'consent' | 'contract' | 'hr' | 'legal-duty' | 'public-health' | 'news' | 'public-info' | 'other-law' | undefined;
    recipients?: string[] | undefined;
    retention?: string | undefined;
  }[];
  categories: string[];
  retention: string;
  rights: ('delete' | 'correct' | 'withdraw' | 'query' | 'portability' | 'explanation' | 'complaint')[];
  channels: ('other' | 'app' | 'website' | 'mini-program' | 'social-media' | 'payment' | 'online-shop' | 'store-counter' | 'shopping-guide' | 'gift-scan' | 'sample-scan' | 'pos' | 'parking' | 'survey' | 'customer-service' | 'hotline' | 'third-party')[];
  language: string;
  text: string;
};
type _BuildOut = {
  id: string;
  version: string;
  controller: {
    name: string;
    contact: string;
  };
  purposes: {
    id: string;
    description: string;
    basis: 'consent' | 'contract' | 'hr' | 'legal-duty' | 'public-health' | 'news' | 'public-info' | 'other-law';
    categories: string[];
    recipients: string[];
    retention?: string | undefined;
  }[];
  categories: string[];
  retention: string;
  rights: ('delete' | 'correct' | 'withdraw' | 'query' | 'portability' | 'explanation' | 'complaint')[];
  channels: ('other' | 'app' | 'website' | 'mini-program' | 'social-media' | 'payment' | 'online-shop' | 'store-counter' | 'shopping-guide' | 'gift-scan' | 'sample-scan' | 'pos' | 'parking' | 'survey' | 'customer-service' | 'hotline' | 'third-party')[];
  language: string;
  text: string;
};
type _Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type _Assert<T extends true> = T;
/** @internal */
export type _BuildInMatches = _Assert<_Same<_BuildIn, z.input<ReturnType<typeof build>>>>;
/** @internal */
export type _BuildOutMatches = _Assert<_Same<_BuildOut, z.output<ReturnType<typeof build>>>>;
