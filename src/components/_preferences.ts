// The settings side of consent: what the person agreed to, from the ledger, and withdrawal with
// one tap, as easy as giving it (T/CCAGM 4.1.2). Basic-service purposes are listed as needing no
// consent, so withdrawing an optional one can never look like losing the service (P8.2).
import { getCategory } from '../catalog/_categories.js';
import { canonicalJson, noticeRef, type Ledger, type LedgerRecord } from '../consent/index.js';
import { toHex } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import { needFunction, needObject, needString, oneOf, readingCaller } from '../errors/_args.js';
import { sha256, sm3 } from '../hash/_hashing.js';
import type { _ConsentScreenOptions } from './_flow.js';
import { LOCALES, textsFor, type Texts } from './_texts.js';

/**
 * One row of the preferences list.
 * @example
 * ```ts
 * const row: PreferenceItem = (await prefs.list()).find((p) => p.id === 'marketing')!;
 * if (row.withdrawable) await prefs.withdraw(row.id);
 * ```
 */
export interface PreferenceItem {
  id: string;
  description: string;
  categories: string[];
  /** `basic` purposes rest on another legal basis and need no consent. */
  status: 'given' | 'refused' | 'withdrawn' | 'expired' | 'none' | 'basic';
  /** `status` as the list shows it, in the preferences' locale. */
  statusText: string;
  since?: string;
  withdrawable: boolean;
}

/**
 * What {@link createPreferences} takes.
 * @example
 * ```ts
 * const opts: PreferencesOptions = { ledger, notice, subject: 'u_8f3a', collector: 'mp-settings', responsible: 'privacy-office' };
 * ```
 */
export interface PreferencesOptions extends _ConsentScreenOptions {
  ledger: Ledger;
}

/**
 * The person's consents and their withdrawal.
 * @example
 * ```ts
 * const prefs = createPreferences({ ledger, notice, subject: 'u_8f3a', collector: 'web-settings', responsible: 'dpo' });
 * await prefs.withdraw('marketing');
 * ```
 */
export interface Preferences {
  texts: Texts;
  list(): Promise<PreferenceItem[]>;
  /** Appends a `withdrawn` event for one purpose (method `toggle`); throws `CONSENT_MISSING` if none is in force. */
  withdraw(purpose: string): Promise<LedgerRecord>;
}

/**
 * Reads a subject's consents for one notice's purposes and withdraws them.
 * @example
 * ```ts
 * const prefs = createPreferences({ ledger, notice, subject: 'u_8f3a', collector: 'mp-settings', responsible: 'privacy-office' });
 * (await prefs.list()).filter((p) => p.withdrawable).map((p) => p.id) // ['marketing']
 * ```
 */
export function createPreferences(opts: PreferencesOptions): Preferences {
  needObject(opts, 'opts');
  const o = readingCaller('opts', () => ({ ...opts }));
  needObject(o.ledger, 'opts.ledger');
  needFunction(o.ledger.stateOf, 'opts.ledger.stateOf');
  needFunction(o.ledger.append, 'opts.ledger.append');
  needObject(o.notice, 'opts.notice');
  for (const f of ['subject', 'collector', 'responsible'] as const) needString(o[f], `opts.${f}`);
  const locale = o.locale ?? 'zh-CN';
  oneOf(locale, LOCALES, 'opts.locale');
  const { ledger, notice } = o;
  const catName = (c: string) => (locale === 'en' ? c : getCategory(c).zh);
  const texts = textsFor(locale);
  const list = async (): Promise<PreferenceItem[]> => {
    const state = await ledger.stateOf(o.subject);
    return readingCaller('opts.notice', () => notice.purposes.map((p) => {
      const c = state.purposes[p.id];
      const status = p.basis !== 'consent' ? 'basic' : (c?.status ?? 'none');
      const statusText = status === 'basic' ? texts.prefsBasic : status === 'given' ? texts.statusGiven : texts.statusOff;
      return { id: p.id, description: p.description, categories: p.categories.map(catName), status, statusText, ...(c && p.basis === 'consent' ? { since: c.since } : {}), withdrawable: status === 'given' };
    }));
  };
  return {
    texts,
    list,
    async withdraw(purpose) {
      needString(purpose, 'purpose');
      const shown = await list();
      const row = shown.find((p) => p.id === purpose);
      if (!row) throw new CustodiaError('UNKNOWN_PURPOSE', 'purpose is not in this notice', { field: 'purpose' });
      if (!row.withdrawable) throw new CustodiaError('CONSENT_MISSING', 'no consent in force to withdraw for this purpose', { field: 'purpose' });
      const evidence = toHex((notice.hashAlg === 'sm3' ? sm3 : sha256)(canonicalJson({ notice: notice.hash, action: 'withdraw', purpose, shown })));
      return ledger.append({
        subject: o.subject, event: 'withdrawn', purposes: [purpose], notice: noticeRef(notice), method: 'toggle',
        channel: o.channel ?? 'mini-program', collector: o.collector, responsible: o.responsible, evidence, at: (o.now?.() ?? new Date()).toISOString(),
      });
    },
  };
}
