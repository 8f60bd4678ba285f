/**
 * The WeChat mini-program components `custodia-consent` and `custodia-preferences`. The package
 * ships them ready in its mini-program build (`miniprogram_npm/custodia/components/custodia-consent`);
 * this module is the logic each one's `index.js` hands to `Component(...)`.
 * @module
 */
import { createLedger, defineNotice, type Ledger, type Notice, type NoticeInput } from '../../consent/index.js';
import { CustodiaError } from '../../errors/index.js';
import type { HashAlg } from '../../hash/index.js';
import { wxStore } from '../../store/wx/index.js';
import { createConsentFlow, type ConsentFlow, type ConsentView } from '../_flow.js';
import { createPreferences, type Preferences } from '../_preferences.js';

type PrivacyResolve = (r: { event: 'agree' | 'disagree'; buttonId?: string }) => void;
interface Wx {
  onNeedPrivacyAuthorization?(listener: (resolve: PrivacyResolve) => void): void;
  getPrivacySetting?(o: { success(r: { needAuthorization: boolean }): void; fail?(): void }): void;
}
interface Host {
  data: Record<string, unknown> & { notice?: Notice | NoticeInput; storePrefix: string; hash: HashAlg };
  setData(d: Record<string, unknown>): void;
  triggerEvent(name: string, detail: unknown): void;
  _ledger?: Ledger;
  _flow?: ConsentFlow;
  _prefs?: Preferences | undefined;
  _privacy: PrivacyResolve[];
}

const wxApi = () => (globalThis as unknown as { wx?: Wx }).wx;

/** The notice as given: made by defineNotice (checked by re-defining it) or its input. */
function noticeOf(n: unknown, hash: HashAlg): Notice {
  if (typeof n !== 'object' || n === null) throw new CustodiaError('INVALID_ARGUMENT', 'notice property expected a notice object', { field: 'notice' });
  const { hash: claimed, terms: _t, hashAlg, sensitive: _s, ...input } = n as Notice;
  const notice = defineNotice(input as NoticeInput, { hash: (hashAlg as HashAlg | undefined) ?? hash });
  if (claimed !== undefined && claimed !== notice.hash)
    throw new CustodiaError('VALIDATION_FAILED', 'notice property: its hash does not match its content', { field: 'notice.hash' });
  return notice;
}

const ledgerOf = (host: Host) => (host._ledger ??= createLedger({ store: wxStore({ prefix: host.data.storePrefix }), hash: host.data.hash }));

const common = {
  notice: { type: Object, value: null },
  subject: { type: String, value: '' },
  collector: { type: String, value: '' },
  responsible: { type: String, value: '' },
  channel: { type: String, value: 'mini-program' },
  locale: { type: String, value: 'zh-CN' },
  storePrefix: { type: String, value: 'custodia:' },
  hash: { type: String, value: 'sm3' },
};


/**
 * The `Component(...)` definition of `custodia-consent`: properties `notice`, `subject`,
 * `collector`, `responsible`, `channel`, `locale`, `birthDate`, `sensitiveReasons`, `storePrefix`,
 * `hash`; event `done` ({ granted, evidence, seqs }) and `error` ({ code }). It answers WeChat's
 * `onNeedPrivacyAuthorization` only after the person's choice, and its agree button is WeChat's
 * `agreePrivacyAuthorization` button. A page may hand it its own ledger with `useLedger`.
 * @example
 * ```ts
 * // miniprogram_npm/custodia/components/custodia-consent/index.js (shipped):
 * Component(require('../wechat.js').consentComponent());
 * // page.json: { "usingComponents": { "custodia-consent": "custodia/components/custodia-consent/index" } }
 * ```
 */
export function consentComponent(): Record<string, unknown> {
  return {
    options: { styleIsolation: 'isolated' },
    properties: { ...common, birthDate: { type: String, value: '' }, sensitiveReasons: { type: Object, value: null }, guardianVerification: { type: String, value: '' } },
    data: { v: null, grantedNames: '', full: false, relation: 'parent', failed: '' },
    lifetimes: {
      attached(this: Host) {
        this._privacy = [];
        const wx = wxApi();
        wx?.onNeedPrivacyAuthorization?.((resolve) => {
          this._privacy.push(resolve);
          this.setData({ privacyPending: true });
        });
        start(this);
      },
    },
    // A page that sets notice or subject after its first render (e.g. in onLoad) starts the dialogue then.
    observers: {
      'notice, subject'(this: Host) {
        if (this._privacy && !this._flow) start(this);
      },
    },
    methods: {
      useLedger(this: Host, ledger: Ledger) {
        this._ledger = ledger;
      },
      onFull(this: Host) {
        this.setData({ full: !this.data['full'] });
      },
      onToggle(this: Host, e: { currentTarget: { dataset: { purpose: string } }; detail: { value: boolean } }) {
        this._flow?.toggle(e.currentTarget.dataset.purpose, e.detail.value === true);
        render(this);
      },
      onRelation(this: Host, e: { detail: { value: string } }) {
        this.setData({ relation: e.detail.value === 'guardian' ? 'guardian' : 'parent' });
      },
      onAgree(this: Host, e?: { currentTarget?: { id?: string } }) {
        step(this, 'choose', (f) => f.agree(), { event: 'agree', buttonId: e?.currentTarget?.id || 'custodia-agree' });
      },
      onRefuse(this: Host) {
        step(this, 'choose', (f) => f.refuse(), { event: 'disagree' });
      },
      onSensitiveAgree(this: Host) {
        step(this, 'sensitive', (f) => f.decideSensitive(true));
      },
      onSensitiveRefuse(this: Host) {
        step(this, 'sensitive', (f) => f.decideSensitive(false));
      },
      onGuardianConfirm(this: Host) {
        step(this, 'guardian', (f) => f.confirmGuardian(this.data['relation'] === 'guardian' ? 'guardian' : 'parent'));
      },
      onGuardianRefuse(this: Host) {
        step(this, 'guardian', (f) => f.refuseAsGuardian(), { event: 'disagree' });
      },
    },
  };
}

function start(host: Host) {
  const d = host.data as Record<string, unknown>;
  if (!d['notice'] || !d['subject']) return; // not given yet: the observer starts it
  try {
    const notice = noticeOf(d['notice'], host.data.hash);
    host._flow = createConsentFlow({
      notice, subject: d['subject'] as string, collector: d['collector'] as string, responsible: d['responsible'] as string,
      channel: d['channel'] as 'mini-program', locale: d['locale'] as 'zh-CN',
      ...(d['birthDate'] ? { birthDate: d['birthDate'] as string } : {}),
      ...(d['guardianVerification'] ? { guardianVerification: d['guardianVerification'] as string } : {}),
      ...(d['sensitiveReasons'] ? { sensitiveReasons: d['sensitiveReasons'] as Record<string, { necessity: string; impact: string }> } : {}),
    });
    render(host);
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'INVALID_ARGUMENT';
    host.setData({ failed: code });
    host.triggerEvent('error', { code });
  }
}

function render(host: Host) {
  const v = host._flow!.view();
  // WXML cannot join an array with a separator: the one derived value it needs.
  host.setData({ v, grantedNames: v.grantedDescriptions.join('、') });
}

/** One action; a second tap (WeChat fires tap and the privacy event on one button) is ignored. */
function step(host: Host, on: ConsentView['step'], act: (f: ConsentFlow) => void, privacy?: Parameters<PrivacyResolve>[0]) {
  const flow = host._flow;
  if (!flow || flow.view().step !== on) return;
  act(flow);
  render(host);
  // WeChat's privacy prompt waits for the person's own answer: agree only by the agree button.
  if (privacy) while (host._privacy.length) host._privacy.shift()!(privacy);
  if (flow.view().step === 'done') void finish(host, flow);
}

async function finish(host: Host, flow: ConsentFlow) {
  try {
    const records = await flow.commit(ledgerOf(host));
    host.triggerEvent('done', { granted: flow.view().granted, evidence: flow.evidence().hash, seqs: records.map((r) => r.seq) });
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'STORE_UNAVAILABLE';
    host.setData({ failed: code });
    host.triggerEvent('error', { code });
  }
}

/**
 * The `Component(...)` definition of `custodia-preferences`: the subject's consents for one
 * notice from the ledger, each withdrawable with one tap (event `withdrawn` { purpose, seq }).
 * @example
 * ```ts
 * // miniprogram_npm/custodia/components/custodia-preferences/index.js (shipped):
 * Component(require('../wechat.js').preferencesComponent());
 * ```
 */
export function preferencesComponent(): Record<string, unknown> {
  return {
    options: { styleIsolation: 'isolated' },
    properties: common,
    data: { rows: [], texts: null, failed: '' },
    lifetimes: {
      attached(this: Host) {
        void refresh(this);
      },
    },
    observers: {
      'notice, subject'(this: Host) {
        this._prefs = undefined;
        void refresh(this);
      },
    },
    methods: {
      useLedger(this: Host, ledger: Ledger) {
        this._ledger = ledger;
        this._prefs = undefined;
        return refresh(this);
      },
      refresh(this: Host) {
        return refresh(this);
      },
      async onWithdraw(this: Host, e: { currentTarget: { dataset: { purpose: string } } }) {
        try {
          const r = await prefsOf(this).withdraw(e.currentTarget.dataset.purpose);
          await refresh(this);
          this.triggerEvent('withdrawn', { purpose: e.currentTarget.dataset.purpose, seq: r.seq });
        } catch (err) {
          const code = (err as { code?: string }).code ?? 'STORE_UNAVAILABLE';
          this.setData({ failed: code });
          this.triggerEvent('error', { code });
        }
      },
    },
  };
}

function prefsOf(host: Host): Preferences {
  const d = host.data as Record<string, unknown>;
  return (host._prefs ??= createPreferences({
    ledger: ledgerOf(host), notice: noticeOf(d['notice'], host.data.hash), subject: d['subject'] as string,
    collector: d['collector'] as string, responsible: d['responsible'] as string, channel: d['channel'] as 'mini-program', locale: d['locale'] as 'zh-CN',
  }));
}

async function refresh(host: Host) {
  const d = host.data as Record<string, unknown>;
  if (!d['notice'] || !d['subject']) return; // not given yet: the observer refreshes then
  try {
    const p = prefsOf(host);
    const t = p.texts;
    const rows = (await p.list()).map((r) => ({
      ...r,
      withdrawLabel: `${t.withdraw}: ${r.description}`,
    }));
    host.setData({ rows, texts: t });
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'INVALID_ARGUMENT';
    host.setData({ failed: code });
    host.triggerEvent('error', { code });
  }
}
