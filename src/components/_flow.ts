// The consent dialogue as a state machine both components render: notice first, one switch per
// consent-based purpose (all off), a separate step per sensitive purpose, a guardian first for a
// child under 14, agree and refuse side by side. Every action records the view it was taken on,
// and the evidence hash on each event covers that trail: what was shown, in order, with the
// switch states (P8.2, S4.1.2, PIPL art. 29-31).
import { getCategory } from '../catalog/_categories.js';
import { canonicalJson, noticeRef, type Channel, type ConsentEventInput, type Ledger, type LedgerRecord, type Notice } from '../consent/index.js';
import { toHex } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import { needFunction, needObject, needString, oneOf, readingCaller } from '../errors/_args.js';
import { sha256, sm3 } from '../hash/_hashing.js';
import { LOCALES, textsFor, type Locale, type Texts } from './_texts.js';
import { assertFairConsentUi, type ConsentUi } from './_audit.js';

/**
 * Steps of the dialogue, in the order they can occur.
 * @example
 * ```ts
 * const step: ConsentStep = flow.view().step; // 'guardian' for a child under 14, then 'choose'
 * ```
 */
export type ConsentStep = 'guardian' | 'choose' | 'sensitive' | 'done';

/** What both consent screens (the dialogue and the preferences list) are told. @internal */
export interface _ConsentScreenOptions {
  notice: Notice;
  /** Pseudonymous subject id (never a phone number or ID number). */
  subject: string;
  collector: string;
  responsible: string;
  /** Default `mini-program`. */
  channel?: Channel;
  /** Default `zh-CN`. */
  locale?: Locale;
  now?: () => Date;
}

/**
 * What {@link createConsentFlow} takes.
 * @example
 * ```ts
 * const opts: ConsentFlowOptions = { notice, subject: 'u_8f3a', collector: 'mp-signup', responsible: 'privacy-office' };
 * ```
 */
export interface ConsentFlowOptions extends _ConsentScreenOptions {
  /** `YYYY-MM-DD`; under 14 on the day of the dialogue, a guardian decides first (PIPL art. 31). */
  birthDate?: string;
  /** Pseudonymous id of the guardian; default `<subject>:guardian`. */
  guardianSubject?: string;
  /** How the app verified the guardian (recorded on the events), e.g. `sms-code to guardian mobile`. */
  guardianVerification?: string;
  /** Per purpose with sensitive categories: why it is necessary and how it affects the person (PIPL art. 30). */
  sensitiveReasons?: Record<string, { necessity: string; impact: string }>;
}

/**
 * Everything a component needs to render the current step (plain data, safe for `setData`).
 * @example
 * ```ts
 * const v: ConsentView = flow.view();
 * v.purposes.every((p) => !p.on) // true before the person touches a switch
 * ```
 */
export interface ConsentView {
  step: ConsentStep;
  /** The heading of this step, in the view's locale. */
  title: string;
  locale: Locale;
  texts: Texts;
  notice: { id: string; version: string; controller: string; categories: string[]; retention: string; rights: string[]; text: string };
  basic: { id: string; description: string; basis: string }[];
  purposes: { id: string; description: string; categories: string[]; sensitive: boolean; on: boolean }[];
  sensitive?: { purpose: string; description: string; categories: string[]; necessity: string; impact: string };
  minor: boolean;
  granted: string[];
  /** The descriptions of the granted purposes, in notice order (what the done step lists). */
  grantedDescriptions: string[];
}

/**
 * A running consent dialogue: render {@link ConsentFlow.view}, feed it the person's actions, then
 * {@link ConsentFlow.commit} the events to a ledger.
 * @example
 * ```ts
 * const flow = createConsentFlow({ notice, subject: 'u_8f3a', collector: 'web-signup', responsible: 'dpo' });
 * flow.toggle('marketing', true);
 * flow.agree();
 * await flow.commit(ledger);
 * ```
 */
export interface ConsentFlow {
  view(): ConsentView;
  toggle(purpose: string, on: boolean): void;
  agree(): void;
  refuse(): void;
  /** On a `sensitive` step: the separate decision for that one purpose. */
  decideSensitive(consent: boolean): void;
  /** On the `guardian` step. */
  confirmGuardian(relation: 'parent' | 'guardian'): void;
  refuseAsGuardian(): void;
  /** The events the dialogue produced (on `done`), each with the same evidence hash. */
  events(): ConsentEventInput[];
  /** The trail of views acted on, and its hash (the events' `evidence`). */
  evidence(): { hash: string; trail: { action: string; view: ConsentView }[] };
  commit(ledger: Ledger): Promise<LedgerRecord[]>;
  /** The dialogue described for {@link auditConsentUi}. */
  ui(): ConsentUi;
}

const ageOn = (birth: string, now: Date): number => {
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age--;
  return age;
};
const validDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
};
const duration = (iso: string, locale: Locale) => {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(iso);
  if (!m || (!m[1] && !m[2] && !m[3])) return iso;
  const parts: [string | undefined, string, string][] = [[m[1], '年', 'year'], [m[2], '个月', 'month'], [m[3], '天', 'day']];
  return parts
    .filter(([n]) => n)
    .map(([n, zh, en]) => (locale === 'en' ? `${n} ${en}${n === '1' ? '' : 's'}` : `${n}${zh}`))
    .join(locale === 'en' ? ' ' : '');
};

/**
 * Starts a consent dialogue for one notice and one person. It checks itself with
 * {@link auditConsentUi} first and throws `DARK_PATTERN` if a rule fails (e.g. a sensitive
 * purpose without necessity and impact texts).
 * @example
 * ```ts
 * const flow = createConsentFlow({ notice, subject: 'u_8f3a', collector: 'mp-signup', responsible: 'privacy-office',
 *   sensitiveReasons: { faceid: { necessity: '刷脸入场核验身份', impact: '人脸信息泄露难以更改' } } });
 * flow.view().step // 'choose'
 * ```
 */
export function createConsentFlow(opts: ConsentFlowOptions): ConsentFlow {
  needObject(opts, 'opts');
  return readingCaller('opts', () => create(opts));
}

function create(opts: ConsentFlowOptions): ConsentFlow {
  const o = readingCaller('opts', () => ({ ...opts }));
  needObject(o.notice, 'opts.notice');
  for (const f of ['subject', 'collector', 'responsible'] as const) needString(o[f], `opts.${f}`);
  const locale = o.locale ?? 'zh-CN';
  oneOf(locale, LOCALES, 'opts.locale');
  const notice = o.notice;
  if (typeof notice.hash !== 'string' || typeof notice.sensitive !== 'object')
    throw new CustodiaError('INVALID_ARGUMENT', 'opts.notice expected a notice made by defineNotice', { field: 'opts.notice' });
  const now = o.now ?? (() => new Date());
  if (o.birthDate !== undefined && (typeof o.birthDate !== 'string' || !validDate(o.birthDate)))
    throw new CustodiaError('INVALID_ARGUMENT', 'opts.birthDate expected a date YYYY-MM-DD', { field: 'opts.birthDate' });
  const minor = o.birthDate !== undefined && ageOn(o.birthDate, now()) < 14;
  const reasons = o.sensitiveReasons ?? {};
  const texts = textsFor(locale);
  const catName = (c: string) => (locale === 'en' ? c : getCategory(c).zh);
  const optional = notice.purposes.filter((p) => p.basis === 'consent');
  const on = new Map(optional.map((p) => [p.id, false]));
  const separate = new Map<string, boolean>();
  let step: ConsentStep = minor ? 'guardian' : 'choose';
  let queue: string[] = [];
  let relation: 'parent' | 'guardian' | undefined;
  const trail: { action: string; view: ConsentView }[] = [];

  const granted = () =>
    optional.filter((p) => on.get(p.id) && (notice.sensitive[p.id]!.length === 0 || separate.get(p.id) === true)).map((p) => p.id);
  const view = (): ConsentView => {
    const s = step === 'sensitive' ? optional.find((p) => p.id === queue[0])! : undefined;
    const yes = step === 'done' ? granted() : [];
    return {
      step,
      title: step === 'guardian' ? texts.guardianTitle : step === 'sensitive' ? texts.sensitiveTitle : step === 'done' ? texts.doneTitle : texts.title,
      locale,
      texts,
      notice: {
        id: notice.id,
        version: notice.version,
        controller: notice.controller.name,
        categories: notice.categories.map(catName),
        retention: duration(notice.retention, locale),
        rights: notice.rights.map((r) => texts.rightNames[r] ?? r),
        text: notice.text,
      },
      basic: notice.purposes.filter((p) => p.basis !== 'consent').map((p) => ({ id: p.id, description: p.description, basis: p.basis })),
      purposes: optional.map((p) => ({ id: p.id, description: p.description, categories: p.categories.map(catName), sensitive: notice.sensitive[p.id]!.length > 0, on: on.get(p.id)! })),
      ...(s ? { sensitive: { purpose: s.id, description: s.description, categories: notice.sensitive[s.id]!.map(catName), necessity: reasons[s.id]?.necessity ?? '', impact: reasons[s.id]?.impact ?? '' } } : {}),
      minor,
      granted: yes,
      grantedDescriptions: optional.filter((p) => yes.includes(p.id)).map((p) => p.description),
    };
  };
  const act = (action: string, allowed: ConsentStep, then: () => void) => {
    if (step !== allowed) throw new CustodiaError('INVALID_ARGUMENT', `${action} is not possible on the ${step} step`, { field: action });
    trail.push({ action, view: view() });
    then();
  };
  const next = () => {
    step = queue.length ? 'sensitive' : 'done';
  };
  const evidenceHash = () => toHex((notice.hashAlg === 'sm3' ? sm3 : sha256)(canonicalJson({ notice: notice.hash, trail })));

  const flow: ConsentFlow = {
    view,
    toggle(purpose, value) {
      if (step !== 'choose') throw new CustodiaError('INVALID_ARGUMENT', `toggle is not possible on the ${step} step`, { field: 'toggle' });
      if (!on.has(purpose)) throw new CustodiaError('UNKNOWN_PURPOSE', 'purpose is not a consent-based purpose of this notice', { field: 'purpose' });
      on.set(purpose, value === true);
    },
    agree: () =>
      act('agree', 'choose', () => {
        queue = optional.filter((p) => on.get(p.id) && notice.sensitive[p.id]!.length > 0).map((p) => p.id);
        next();
      }),
    refuse: () =>
      act('refuse', 'choose', () => {
        for (const k of on.keys()) on.set(k, false);
        step = 'done';
      }),
    decideSensitive: (consent) =>
      act(consent ? 'sensitive-agree' : 'sensitive-refuse', 'sensitive', () => {
        separate.set(queue.shift()!, consent === true);
        next();
      }),
    confirmGuardian: (r) =>
      act('guardian-confirm', 'guardian', () => {
        oneOf(r, ['parent', 'guardian'] as const, 'relation');
        relation = r;
        step = 'choose';
      }),
    refuseAsGuardian: () =>
      act('guardian-refuse', 'guardian', () => {
        step = 'done';
      }),
    events() {
      if (step !== 'done') throw new CustodiaError('INVALID_ARGUMENT', `events are known on the done step, not ${step}`, { field: 'events' });
      const at = now().toISOString();
      const base = {
        subject: o.subject, notice: noticeRef(notice), channel: o.channel ?? 'mini-program', collector: o.collector, responsible: o.responsible, evidence: evidenceHash(), at,
        ...(minor ? { ageUnder14: true, ...(relation ? { guardian: { subject: o.guardianSubject ?? `${o.subject}:guardian`, relation, verification: o.guardianVerification ?? 'in-app guardian confirmation' } } : {}) } : {}),
      } as const;
      const yes = granted();
      const plain = yes.filter((p) => notice.sensitive[p]!.length === 0);
      const out: ConsentEventInput[] = [];
      if (plain.length) out.push({ ...base, event: 'given', purposes: plain, method: 'toggle' });
      for (const p of yes.filter((x) => notice.sensitive[x]!.length > 0))
        out.push({ ...base, event: 'given', purposes: [p], method: 'click', separate: true, sensitiveCategories: [...notice.sensitive[p]!] });
      const no = optional.map((p) => p.id).filter((p) => !yes.includes(p));
      if (no.length) out.push({ ...base, event: 'refused', purposes: no, method: 'click' });
      return out;
    },
    evidence: () => ({ hash: evidenceHash(), trail: trail.map((t) => ({ ...t })) }),
    async commit(ledger) {
      needObject(ledger, 'ledger');
      needFunction(ledger.append, 'ledger.append');
      const out: LedgerRecord[] = [];
      for (const e of flow.events()) out.push(await ledger.append(e));
      return out;
    },
    ui: () => describeFlow(notice, reasons, minor),
  };
  assertFairConsentUi(flow.ui());
  return flow;
}

/** The dialogue as screens, as {@link auditConsentUi} reads any consent UI. */
function describeFlow(notice: Notice, reasons: Record<string, { necessity: string; impact: string }>, minor: boolean): ConsentUi {
  const optional = notice.purposes.filter((p) => p.basis === 'consent');
  const sensitive = optional.filter((p) => notice.sensitive[p.id]!.length > 0);
  return {
    purposes: notice.purposes.map((p) => ({ id: p.id, basis: p.basis, sensitive: notice.sensitive[p.id]!.length > 0 })),
    minor,
    screens: [
      ...(minor ? [{ kind: 'guardian' as const, notice: true, buttons: [{ action: 'guardian-confirm' as const, emphasis: 'primary' as const }, { action: 'guardian-refuse' as const, emphasis: 'primary' as const }] }] : []),
      {
        kind: 'choose',
        notice: true,
        switches: optional.map((p) => ({ purposes: [p.id], on: false })),
        buttons: [{ action: 'agree', emphasis: 'primary' }, { action: 'refuse', emphasis: 'primary' }],
      },
      ...sensitive.map((p) => ({
        kind: 'sensitive' as const,
        purpose: p.id,
        necessity: reasons[p.id]?.necessity ?? '',
        impact: reasons[p.id]?.impact ?? '',
        buttons: [{ action: 'agree' as const, emphasis: 'primary' as const }, { action: 'refuse' as const, emphasis: 'primary' as const }],
      })),
    ],
    consentTaps: 1,
    withdrawTaps: 1,
    refuseKeepsBasicService: true,
  };
}
