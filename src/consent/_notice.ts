/**
 * Notices (policy 8.1, T/CCAGM 4.1.2): what is collected, why, for how long, for whom, and
 * the person's rights, with a content hash and per-purpose "terms" hashes over the material
 * parts (categories, recipients, retention, legal basis) so a change that needs fresh consent
 * (policy 4.5, T/CCAGM 6.1.2) is told apart from a rewording.
 */
import { toHex } from '../bytes/encoding.js';
import { coveredBy, getCategory, isCategory } from '../catalog/_categories.js';
import { parseWith } from '../catalog/_parse.js';
import { _isoDuration } from '../catalog/_isoDuration.js';
import { _array, _default, _enum, _max, _min, _object, _optional, _refine, _string, _superRefine } from '../catalog/_rules.js';
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

// The zod/mini schema this was written as is test/consent/_oracle.ts (the differential test's oracle).
const build = () => {
  const id = _string(_min(1), _max(128));
  const nonEmpty = _string(_min(1));
  const category = _string(_refine(isCategory, 'unknown_category'));
  return _object<_BuildOut, _BuildIn>({
    id,
    version: _string(_min(1), _max(64)),
    controller: _object({ name: nonEmpty, contact: nonEmpty }),
    purposes: _array(
      _object({
        id,
        description: nonEmpty,
        basis: _default(_enum(LEGAL_BASES), 'consent'),
        categories: _array(category, _min(1)),
        recipients: _default(_array(nonEmpty), []),
        retention: _optional(_isoDuration()),
      }),
      _min(1),
    ),
    categories: _array(category, _min(1)),
    retention: _isoDuration(),
    rights: _array(_enum([...REQUIRED_RIGHTS, 'portability', 'explanation', 'complaint'])),
    channels: _array(_enum(CHANNELS), _min(1)),
    language: _string(_min(2), _max(16)),
    text: nonEmpty,
  }).check(_superRefine((n: _BuildOut, add) => {
    n.purposes.forEach((p, i) => {
      p.categories.forEach((c, j) => {
        if (!coveredBy(n.categories, c)) add(['purposes', i, 'categories', j], 'category_not_in_notice');
      });
    });
    if (new Set(n.purposes.map((p) => p.id)).size !== n.purposes.length) add(['purposes'], 'duplicate_purpose');
    for (const r of REQUIRED_RIGHTS) if (n.rights.indexOf(r) < 0) add(['rights'], `missing_right_${r}`);
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

// Written out for the published .d.ts; test/consent/_oracle.ts checks them against the zod schema's types.
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
/** @internal */
export type { _BuildIn, _BuildOut };
