/**
 * `<custodia-consent>` and `<custodia-preferences>`: framework-free custom elements (shadow DOM,
 * native controls, zh-CN and en, themable with `--custodia-*` CSS custom properties) that run the
 * consent dialogue of `custodia/components` and write to a ledger (e.g. on the IndexedDB store)
 * or post the events to the app's endpoint.
 * @module
 */
import type { Ledger, LedgerRecord } from '../../consent/index.js';
import { CustodiaError } from '../../errors/index.js';
import { needObject, readingCaller } from '../../errors/_args.js';
import { createConsentFlow, type ConsentFlow, type ConsentFlowOptions } from '../_flow.js';
import { createPreferences, type Preferences, type PreferencesOptions } from '../_preferences.js';
import { renderPreferences, renderView, STYLE } from './_render.js';

/**
 * What `<custodia-consent>`'s `configure` takes: the dialogue's options, and where the events go.
 * @example
 * ```ts
 * const cfg: ConsentElementConfig = { notice, subject: 'u_8f3a', collector: 'web-signup', responsible: 'dpo', ledger };
 * ```
 */
export type ConsentElementConfig = ConsentFlowOptions & ({ ledger: Ledger; endpoint?: never } | { endpoint: string; ledger?: never });

/**
 * The `detail` of the `custodia-done` event.
 * @example
 * ```ts
 * el.addEventListener('custodia-done', (e) => console.log((e as CustomEvent<ConsentDoneDetail>).detail.granted));
 * ```
 */
export interface ConsentDoneDetail {
  granted: string[];
  /** Ledger records when writing to a ledger; empty when posting to an endpoint. */
  records: LedgerRecord[];
  evidence: string;
}

/**
 * Registers `<custodia-consent>` and `<custodia-preferences>` (once; later calls do nothing).
 * Looks `customElements` and `HTMLElement` up when called, so importing this module in Node or
 * a mini-program is harmless.
 * @example
 * ```ts
 * defineConsentElements();
 * const el = document.createElement('custodia-consent') as ConsentElement;
 * el.configure({ notice, subject: 'u_8f3a', collector: 'web-signup', responsible: 'dpo', ledger });
 * document.body.append(el);
 * el.addEventListener('custodia-done', (e) => console.log(e.detail.granted));
 * ```
 */
export function defineConsentElements(tags: { consent?: string; preferences?: string } = {}): void {
  const g = globalThis as unknown as { customElements?: CustomElementRegistry; HTMLElement?: typeof HTMLElement };
  if (!g.customElements || !g.HTMLElement)
    throw new CustodiaError('BACKEND_UNAVAILABLE', 'custom elements need a browser (customElements and HTMLElement)', { field: 'customElements' });
  const consent = tags.consent ?? 'custodia-consent';
  const prefs = tags.preferences ?? 'custodia-preferences';
  if (!g.customElements.get(consent)) g.customElements.define(consent, consentElementClass(g.HTMLElement));
  if (!g.customElements.get(prefs)) g.customElements.define(prefs, preferencesElementClass(g.HTMLElement));
}

/**
 * The `<custodia-consent>` element's own API.
 * @example
 * ```ts
 * (document.querySelector('custodia-consent') as ConsentElement).configure(cfg);
 * ```
 */
export interface ConsentElement extends HTMLElement {
  configure(config: ConsentElementConfig): void;
  /** The running dialogue (after `configure`). */
  readonly flow: ConsentFlow | undefined;
}

/**
 * The `<custodia-preferences>` element's own API.
 * @example
 * ```ts
 * await (document.querySelector('custodia-preferences') as PreferencesElement).configure({ ledger, notice, subject: 'u_8f3a', collector: 'web-settings', responsible: 'dpo', channel: 'website' });
 * ```
 */
export interface PreferencesElement extends HTMLElement {
  configure(options: PreferencesOptions): Promise<void>;
}

function consentElementClass(Base: typeof HTMLElement) {
  return class extends Base implements ConsentElement {
    #flow: ConsentFlow | undefined;
    #target: { ledger?: Ledger; endpoint?: string } = {};
    #full = false;
    #busy = false;
    get flow() {
      return this.#flow;
    }
    configure(config: ConsentElementConfig) {
      needObject(config, 'config');
      const c = readingCaller('config', () => ({ ...config }));
      if (!c.ledger === !c.endpoint) throw new CustodiaError('INVALID_ARGUMENT', 'config expected exactly one of ledger and endpoint', { field: 'config.ledger' });
      const { ledger, endpoint, ...flowOpts } = c;
      this.#flow = createConsentFlow({ channel: 'website', ...flowOpts });
      this.#target = ledger ? { ledger } : { endpoint: endpoint! };
      this.#render(false);
    }
    connectedCallback() {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: 'open' });
        root.addEventListener('click', (e) => void this.#onClick(e));
        root.addEventListener('change', (e) => this.#onChange(e));
      }
      this.#render(false);
    }
    #render(focus: boolean) {
      const root = this.shadowRoot;
      if (!root || !this.#flow) return;
      const doc = this.ownerDocument;
      const style = doc.createElement('style');
      style.textContent = STYLE;
      root.replaceChildren(style, renderView(doc, this.#flow.view(), this.#full));
      // A new step moves focus to its heading, so screen readers announce it.
      if (focus) {
        const h = root.querySelector('h2');
        h?.setAttribute('tabindex', '-1');
        h?.focus();
      }
    }
    #onChange(e: Event) {
      const box = e.target as HTMLInputElement;
      if (box.dataset?.['purpose'] && this.#flow) this.#flow.toggle(box.dataset['purpose'], box.checked);
    }
    async #onClick(e: Event) {
      const flow = this.#flow;
      const action = (e.target as HTMLElement).closest?.('[data-action]')?.getAttribute('data-action');
      if (!flow || !action || this.#busy) return;
      if (action === 'full') {
        this.#full = !this.#full;
        return this.#render(false);
      }
      if (action === 'agree') flow.agree();
      else if (action === 'refuse') flow.refuse();
      else if (action === 'sensitive-agree' || action === 'sensitive-refuse') flow.decideSensitive(action === 'sensitive-agree');
      else if (action === 'guardian-confirm') {
        const r = this.shadowRoot!.querySelector<HTMLInputElement>('input[name=relation]:checked');
        flow.confirmGuardian(r?.value === 'guardian' ? 'guardian' : 'parent');
      } else if (action === 'guardian-refuse') flow.refuseAsGuardian();
      else return;
      this.#render(true);
      if (flow.view().step === 'done') await this.#finish(flow);
    }
    async #finish(flow: ConsentFlow) {
      this.#busy = true;
      try {
        let records: LedgerRecord[] = [];
        if (this.#target.ledger) records = await flow.commit(this.#target.ledger);
        else {
          const res = await (globalThis as unknown as { fetch: typeof fetch }).fetch(this.#target.endpoint!, {
            method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: flow.events() }),
          });
          if (!res.ok) throw new CustodiaError('STORE_UNAVAILABLE', `the consent endpoint answered HTTP ${res.status}`, { field: 'endpoint' });
        }
        const detail: ConsentDoneDetail = { granted: flow.view().granted, records, evidence: flow.evidence().hash };
        this.dispatchEvent(new CustomEvent('custodia-done', { detail, bubbles: true, composed: true }));
      } catch (error) {
        this.dispatchEvent(new CustomEvent('custodia-error', { detail: { error }, bubbles: true, composed: true }));
      } finally {
        this.#busy = false;
      }
    }
  };
}

function preferencesElementClass(Base: typeof HTMLElement) {
  return class extends Base implements PreferencesElement {
    #prefs: Preferences | undefined;
    async configure(options: PreferencesOptions) {
      this.#prefs = createPreferences({ channel: 'website', ...options });
      await this.#render();
    }
    connectedCallback() {
      if (!this.shadowRoot) this.attachShadow({ mode: 'open' }).addEventListener('click', (e) => void this.#onClick(e));
      void this.#render();
    }
    async #render() {
      const root = this.shadowRoot;
      if (!root || !this.#prefs) return;
      const doc = this.ownerDocument;
      const style = doc.createElement('style');
      style.textContent = STYLE;
      root.replaceChildren(style, renderPreferences(doc, this.#prefs, await this.#prefs.list()));
    }
    async #onClick(e: Event) {
      const el = (e.target as HTMLElement).closest?.('[data-action=withdraw]');
      const purpose = el?.getAttribute('data-purpose');
      if (!purpose || !this.#prefs) return;
      try {
        const record = await this.#prefs.withdraw(purpose);
        await this.#render();
        this.dispatchEvent(new CustomEvent('custodia-withdrawn', { detail: { purpose, record }, bubbles: true, composed: true }));
      } catch (error) {
        this.dispatchEvent(new CustomEvent('custodia-error', { detail: { error }, bubbles: true, composed: true }));
      }
    }
  };
}
