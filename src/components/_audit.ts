// Dark-pattern rules as checks: a consent UI, described as its screens, against policy art. 8,
// T/CCAGM 4.1.2 / 4.2.2 and PIPL art. 29-31. Both components describe themselves and refuse to
// run on a failing description; an app can audit its own hand-made consent pages the same way.
import { CustodiaError } from '../errors/index.js';
import { needArray, needObject, readingCaller } from '../errors/_args.js';

/**
 * How much a button stands out: a refuse must stand out as much as the agree it answers.
 * @example
 * ```ts
 * const refuse = { action: 'refuse', emphasis: 'primary' satisfies Emphasis };
 * ```
 */
export type Emphasis = 'primary' | 'secondary' | 'link' | 'hidden';
const RANK: Record<Emphasis, number> = { primary: 3, secondary: 2, link: 1, hidden: 0 };

/**
 * A consent UI as {@link auditConsentUi} reads it: ordered screens with what each shows.
 * @example
 * ```ts
 * const ui: ConsentUi = { purposes: [{ id: 'marketing', basis: 'consent', sensitive: false }],
 *   screens: [{ kind: 'choose', notice: true, switches: [{ purposes: ['marketing'], on: false }],
 *     buttons: [{ action: 'agree', emphasis: 'primary' }, { action: 'refuse', emphasis: 'primary' }] }],
 *   consentTaps: 1, withdrawTaps: 1, refuseKeepsBasicService: true };
 * ```
 */
export interface ConsentUi {
  purposes: { id: string; basis: string; sensitive: boolean }[];
  screens: ConsentScreen[];
  /** The person is under 14 (a guardian must decide first). */
  minor?: boolean;
  /** Taps from the consent screen to a recorded consent, and from settings to a recorded withdrawal. */
  consentTaps: number;
  withdrawTaps: number;
  /** Refusing every optional purpose leaves the basic service usable (P8.2). */
  refuseKeepsBasicService: boolean;
}

/**
 * One screen of a consent UI.
 * @example
 * ```ts
 * const s: ConsentScreen = { kind: 'sensitive', purpose: 'faceid', necessity: '…', impact: '…',
 *   buttons: [{ action: 'agree', emphasis: 'primary' }, { action: 'refuse', emphasis: 'primary' }] };
 * ```
 */
export interface ConsentScreen {
  kind: 'guardian' | 'choose' | 'sensitive' | 'collect' | 'other';
  /** The notice (summary and a way to the full text) is on this screen. */
  notice?: boolean;
  switches?: { purposes: string[]; on: boolean }[];
  /** Personal data asked for on this screen; `voluntary` fields (e.g. phone binding, T/CCAGM 4.2.2.1) must not be required. */
  fields?: { category: string; required: boolean; voluntary?: boolean }[];
  /** On a `sensitive` screen: the one purpose it asks about, and why / with what impact. */
  purpose?: string;
  necessity?: string;
  impact?: string;
  buttons: { action: 'agree' | 'refuse' | 'guardian-confirm' | 'guardian-refuse' | 'next'; emphasis: Emphasis }[];
}

/**
 * A broken rule: its id, the clause it protects, and where (screen index, purpose id).
 * @example
 * ```ts
 * const f: ConsentUiFinding = { rule: 'PRE_TICKED', clause: 'P8.4', screen: 0, purpose: 'marketing', message: '…' };
 * ```
 */
export interface ConsentUiFinding {
  rule:
    | 'NOTICE_NOT_FIRST' | 'PRE_TICKED' | 'BUNDLED_PURPOSES' | 'PURPOSE_WITHOUT_SWITCH' | 'REFUSE_NOT_EQUAL'
    | 'SENSITIVE_NOT_SEPARATE' | 'SENSITIVE_WITHOUT_REASONS' | 'MINOR_WITHOUT_GUARDIAN' | 'WITHDRAW_HARDER'
    | 'BASIC_SERVICE_DENIED' | 'VOLUNTARY_FIELD_REQUIRED';
  clause: string;
  screen?: number;
  purpose?: string;
  message: string;
}

/**
 * Checks a consent UI against the rules of policy art. 8 and T/CCAGM 4.1.2: notice before any
 * collection, no pre-ticked or bundled purposes, refuse beside agree with the same weight, a
 * separate screen naming necessity and impact per sensitive purpose, a guardian first for a child
 * under 14, withdrawal no harder than consent, basic service kept on refusal, voluntary fields
 * optional. Returns every finding (empty when fair).
 * @example
 * ```ts
 * auditConsentUi({ ...ui, screens: [{ ...ui.screens[0], switches: [{ purposes: ['marketing'], on: true }] }] })
 *   .map((f) => f.rule) // ['PRE_TICKED']
 * ```
 */
export function auditConsentUi(ui: ConsentUi): ConsentUiFinding[] {
  needObject(ui, 'ui');
  return readingCaller('ui', () => audit(ui));
}

function audit(ui: ConsentUi): ConsentUiFinding[] {
  needArray(ui.purposes, 'ui.purposes');
  needArray(ui.screens, 'ui.screens');
  const out: ConsentUiFinding[] = [];
  const add = (rule: ConsentUiFinding['rule'], clause: string, message: string, where: { screen?: number; purpose?: string } = {}) =>
    out.push({ rule, clause, message, ...where });
  const optional = ui.purposes.filter((p) => p.basis === 'consent');
  const sensitive = new Set(optional.filter((p) => p.sensitive).map((p) => p.id));
  const firstNotice = ui.screens.findIndex((s) => s.notice === true);

  ui.screens.forEach((s, i) => {
    const asks = (s.switches?.length ?? 0) > 0 || (s.fields?.length ?? 0) > 0 || s.buttons.some((b) => b.action === 'agree');
    if (asks && (firstNotice < 0 || firstNotice > i)) add('NOTICE_NOT_FIRST', 'P8.1', 'a screen asks for data or consent before the notice is shown', { screen: i });
    for (const sw of s.switches ?? []) {
      if (sw.on) for (const p of sw.purposes) add('PRE_TICKED', 'P8.4', 'a purpose is switched on before the person chose it', { screen: i, purpose: p });
      if (sw.purposes.length > 1) add('BUNDLED_PURPOSES', 'P8.4', 'one switch covers several purposes', { screen: i });
      for (const p of sw.purposes)
        if (sensitive.has(p) && !ui.screens.some((t) => t.kind === 'sensitive' && t.purpose === p))
          add('SENSITIVE_NOT_SEPARATE', 'P8.2', 'a sensitive purpose has no separate consent screen', { screen: i, purpose: p });
    }
    for (const f of s.fields ?? []) if (f.voluntary && f.required) add('VOLUNTARY_FIELD_REQUIRED', 'S4.2.2', 'a voluntary field is required', { screen: i });
    const weight = (a: string[]) => Math.max(-1, ...s.buttons.filter((b) => a.includes(b.action)).map((b) => RANK[b.emphasis] ?? 0));
    for (const [yes, no] of [[['agree'], ['refuse']], [['guardian-confirm'], ['guardian-refuse']]] as const) {
      const y = weight([...yes]);
      if (y >= 0 && weight([...no]) < y) add('REFUSE_NOT_EQUAL', 'P8.4', 'refusing is missing or less prominent than agreeing on this screen', { screen: i });
    }
    if (s.kind === 'sensitive') {
      if (!s.purpose || !sensitive.has(s.purpose)) add('SENSITIVE_NOT_SEPARATE', 'P8.2', 'a sensitive screen names no sensitive purpose of the notice', { screen: i });
      if (!s.necessity?.trim() || !s.impact?.trim())
        add('SENSITIVE_WITHOUT_REASONS', 'S4.1.2', 'a sensitive consent screen must state the necessity and the impact on the person', { screen: i, ...(s.purpose ? { purpose: s.purpose } : {}) });
    }
  });
  for (const p of optional)
    if (!ui.screens.some((s) => s.switches?.some((sw) => sw.purposes.includes(p.id))))
      add('PURPOSE_WITHOUT_SWITCH', 'P8.2', 'a consent-based purpose has no switch of its own', { purpose: p.id });
  if (ui.minor) {
    const g = ui.screens.findIndex((s) => s.kind === 'guardian');
    const choose = ui.screens.findIndex((s) => (s.switches?.length ?? 0) > 0);
    if (g < 0 || (choose >= 0 && g > choose)) add('MINOR_WITHOUT_GUARDIAN', 'P8.2', 'a person under 14 chooses before a guardian is asked');
  }
  if (!(ui.withdrawTaps <= ui.consentTaps)) add('WITHDRAW_HARDER', 'S4.1.2', 'withdrawing takes more taps than consenting');
  if (ui.refuseKeepsBasicService !== true) add('BASIC_SERVICE_DENIED', 'P8.2', 'refusing optional purposes ends the basic service');
  return out;
}

/**
 * Throws `DARK_PATTERN` naming every failed rule, or returns quietly.
 * @example
 * ```ts
 * assertFairConsentUi(myPage) // throws if, say, marketing is pre-ticked
 * ```
 */
export function assertFairConsentUi(ui: ConsentUi): void {
  const f = auditConsentUi(ui);
  if (f.length) throw new CustodiaError('DARK_PATTERN', `consent UI breaks ${[...new Set(f.map((x) => `${x.rule} (${x.clause})`))].join(', ')}`, { field: 'ui' });
}
