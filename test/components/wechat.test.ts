// @vitest-environment jsdom
// The shipped WeChat components (dist/miniprogram/components/…, as WeChat's npm build copies
// them) rendered by miniprogram-simulate, WeChat's own component test library, with the wx
// storage and privacy APIs of test/store-wx/_wx.ts. Taps go through the WXML bindings.
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import simulate from 'miniprogram-simulate';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/consent/index.js';
import { wxStore } from '../../src/store/wx/index.js';
import { makeWx, type FakeWx } from '../store-wx/_wx.js';
import { notice1, REASONS } from './_fixtures.js';

const BUILT = resolve(__dirname, '../../dist/miniprogram');
let consentId: string;
let prefsId: string;
let wx: FakeWx;

beforeAll(() => {
  if (!existsSync(`${BUILT}/components/custodia-consent/index.js`)) throw new Error('dist/miniprogram is missing: npm test builds it (or npm run build)');
  // As WeChat's npm build lays it out (miniprogram_npm/custodia/…), where .js files are CommonJS
  // (in the repository, package.json's "type": "module" would make Node read them as ESM).
  const pkg = mkdtempSync(join(tmpdir(), 'custodia-mp-'));
  cpSync(BUILT, pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"type":"commonjs"}');
  const DIST = join(pkg, 'components');
  // One root for both, so WeChat's compiler (wcc) sees custodia-consent/index.wxml and
  // custodia-preferences/index.wxml in one compilation instead of two clashing 'index.wxml'.
  consentId = simulate.load(`${DIST}/custodia-consent/index`, 'custodia-consent', { rootPath: DIST });
  prefsId = simulate.load(`${DIST}/custodia-preferences/index`, 'custodia-preferences', { rootPath: DIST });
});
const installWx = (needAuthorization = false) => {
  wx = makeWx({ later: (f) => setTimeout(f, 0), random: (n) => new Uint8Array(n).map((_, i) => i), needAuthorization });
  (globalThis as unknown as { wx: FakeWx }).wx = wx;
};
afterEach(() => {
  delete (globalThis as { wx?: unknown }).wx;
});

// Each state as rendered, kept as HTML; CUSTODIA_UPDATE_DOCS=1 turns them into docs/ screenshots.
const SHOTS = join(resolve(__dirname, '../../test-artifacts'), 'wechat-screens');
const BUILT_INS = `body{margin:0;padding:8px;background:#ededed;font-family:"Noto Sans CJK SC",sans-serif;zoom:.5}
wx-view,wx-radio-group{display:block} wx-text{display:inline} wx-label{display:block;margin:12px 0}
wx-button{display:flex;align-items:center;justify-content:center;border-radius:10px;font-weight:600;box-sizing:border-box}
wx-switch{flex:none;width:104px;height:64px;border-radius:32px;background:#e9e9ea;position:relative}
wx-switch::after{content:"";position:absolute;top:4px;left:4px;width:56px;height:56px;border-radius:50%;background:#fff;box-shadow:0 2px 6px #0003}
wx-switch[data-on=true]{background:#07c160} wx-switch[data-on=true]::after{left:44px}
wx-radio{display:inline-block;width:40px;height:40px;border-radius:50%;border:2px solid #d1d1d1;vertical-align:middle;margin-right:12px}
wx-radio[data-on=true]{background:#07c160;border-color:#07c160}`;
function snapshot(c: Comp, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  const html = c.dom.outerHTML;
  const styles = [...document.head.querySelectorAll('style')].map((s) => s.textContent).join('\n');
  writeFileSync(join(SHOTS, `${name}.html`), `<!doctype html><meta charset="utf-8"><style>${BUILT_INS}\n${styles}</style>${html}`);
}
afterAll(() => {
  if (process.env['CUSTODIA_UPDATE_DOCS'] !== '1') return;
  const docs = resolve(__dirname, '../../docs/img/components');
  const r = spawnSync(process.execPath, [join(__dirname, '_screens.mjs'), SHOTS, docs], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`screenshots failed: ${r.stderr}`);
});

const props = { notice: notice1, subject: 'u_mp01', collector: 'mp-signup', responsible: 'privacy-office', sensitiveReasons: REASONS, storePrefix: 't:' };
// What these tests use of j-component's node wrappers (its published types leave most out).
interface Comp {
  dom: Element;
  instance: { data: { v: { purposes: { on: boolean }[] } } };
  querySelector(selector: string): Comp;
  querySelectorAll(selector: string): Comp[];
  dispatchEvent(name: string, init?: { detail?: unknown }): void;
  addEventListener(name: string, fn: (e: { detail: unknown }) => void): void;
}
function mount(id: string, p: Record<string, unknown>): Comp {
  const c = simulate.render(id, p);
  c.attach(document.createElement('parent-wrapper'));
  return c as unknown as Comp;
}
const events = (c: Comp, name: string) => {
  const seen: unknown[] = [];
  c.addEventListener(name, (e) => seen.push(e.detail));
  return seen;
};
async function until(f: () => boolean) {
  for (let i = 0; i < 200 && !f(); i++) await simulate.sleep(5);
  expect(f()).toBe(true);
}
const stepOf = (c: Comp) => c.querySelector('.custodia')?.dom?.getAttribute('data-step');
const ledger = () => createLedger({ store: wxStore({ prefix: 't:' }), hash: 'sm3' });
const toggle = (c: Comp, purpose: string, value: boolean) =>
  c.querySelectorAll('.switch').find((s) => s.dom.getAttribute('data-purpose') === purpose)!.dispatchEvent('change', { detail: { value } });

describe('custodia-consent in miniprogram-simulate', () => {
  it('P8.1 / P8.4: shows the notice with every optional switch off, and agree and refuse with the same class', () => {
    installWx();
    const c = mount(consentId, props);
    expect(stepOf(c)).toBe('choose');
    expect(c.dom.textContent).toContain('某百货股份有限公司');
    const switches = c.querySelectorAll('.switch');
    expect(switches.map((s) => s.dom.getAttribute('data-purpose'))).toEqual(['marketing', 'face-pay', 'analytics']);
    expect(c.instance.data.v.purposes.every((p) => !p.on)).toBe(true);
    const agree = c.querySelector('#custodia-agree').dom as Element;
    const refuse = c.querySelector('#custodia-refuse').dom as Element;
    expect(agree.getAttribute('class')).toBe(refuse.getAttribute('class'));
    snapshot(c, 'consent-wechat-choose-zh-CN');
    c.querySelector('#custodia-full').dispatchEvent('tap');
    return simulate.sleep(0).then(() => expect(c.querySelector('.full').dom.textContent).toContain(notice1.text));
  });

  it('P8.2: tap marketing and face pay on, agree, consent separately: events in the wx-store ledger, WeChat privacy resolved by the agree button', async () => {
    installWx(true);
    const c = mount(consentId, props);
    const done = events(c, 'done');
    const privacy = wx._triggerPrivacy(); // a privacy API was called: WeChat waits for the user
    let answered: unknown;
    void privacy.then((r) => (answered = r));
    toggle(c, 'marketing', true);
    toggle(c, 'face-pay', true);
    await simulate.sleep(0);
    expect(answered).toBeUndefined();
    c.querySelector('#custodia-agree').dispatchEvent('tap');
    await simulate.sleep(0);
    expect(stepOf(c)).toBe('sensitive');
    expect(c.querySelector('.necessity').dom.textContent).toBe(REASONS['face-pay'].necessity);
    snapshot(c, 'consent-wechat-sensitive-zh-CN');
    expect(await privacy).toEqual({ event: 'agree', buttonId: 'custodia-agree' });
    c.querySelector('#custodia-sensitive-agree').dispatchEvent('tap');
    await until(() => done.length === 1);
    expect(stepOf(c)).toBe('done');
    const recs = await ledger().export();
    expect(recs.map((r) => [r.data.event, r.data.purposes, r.data.separate, r.data.channel])).toEqual([
      ['given', ['marketing'], false, 'mini-program'],
      ['given', ['face-pay'], true, 'mini-program'],
      ['refused', ['analytics'], false, 'mini-program'],
    ]);
    expect(new Set(recs.map((r) => r.data.evidence)).size).toBe(1);
    expect(done[0]).toMatchObject({ granted: ['marketing', 'face-pay'], evidence: recs[0]!.data.evidence });
    expect((await ledger().verify()).ok).toBe(true);
  });

  it('P8.2: refuse records a refusal, answers WeChat "disagree", and no consent is in force', async () => {
    installWx(true);
    const c = mount(consentId, props);
    const done = events(c, 'done');
    const privacy = wx._triggerPrivacy();
    c.querySelector('#custodia-refuse').dispatchEvent('tap');
    expect(await privacy).toEqual({ event: 'disagree' });
    await until(() => done.length === 1);
    const state = await ledger().stateOf('u_mp01');
    expect(Object.values(state.purposes).map((p) => p.status)).toEqual(['refused', 'refused', 'refused']);
  });

  it('P8.2: under 14 the guardian step comes first and the events name the guardian', async () => {
    installWx();
    const c = mount(consentId, { ...props, birthDate: '2016-05-01', guardianVerification: 'sms-code to guardian mobile' });
    const done = events(c, 'done');
    expect(stepOf(c)).toBe('guardian');
    expect(c.querySelectorAll('.switch')).toHaveLength(0);
    snapshot(c, 'consent-wechat-guardian-zh-CN');
    c.querySelector('.relation').dispatchEvent('change', { detail: { value: 'guardian' } });
    c.querySelector('#custodia-guardian-confirm').dispatchEvent('tap');
    await simulate.sleep(0);
    expect(stepOf(c)).toBe('choose');
    toggle(c, 'marketing', true);
    c.querySelector('#custodia-agree').dispatchEvent('tap');
    await until(() => done.length === 1);
    const [given] = await ledger().export();
    expect(given!.data).toMatchObject({ ageUnder14: true, guardian: { relation: 'guardian', verification: 'sms-code to guardian mobile' } });
  });

  it('a notice whose hash does not match its content is refused with a code, not rendered', () => {
    installWx();
    const c = mount(consentId, { ...props, notice: { ...notice1, hash: '0'.repeat(64) } });
    expect(c.querySelector('.custodia')).toBeUndefined();
    expect(c.querySelector('.failed').dom.textContent).toContain('VALIDATION_FAILED');
  });
});

describe('custodia-preferences in miniprogram-simulate', () => {
  it('S4.1.2 / P8.2: lists the consents and withdraws marketing with one tap; basic service has no withdraw button', async () => {
    installWx();
    const c = mount(consentId, props);
    const done = events(c, 'done');
    toggle(c, 'marketing', true);
    c.querySelector('#custodia-agree').dispatchEvent('tap');
    await until(() => done.length === 1);

    const p = mount(prefsId, props);
    await until(() => p.querySelectorAll('.item').length === 4);
    const status = () => p.querySelectorAll('.item').map((i) => [i.dom.getAttribute('data-purpose'), i.dom.getAttribute('data-status')]);
    expect(status()).toEqual([['membership', 'basic'], ['marketing', 'given'], ['face-pay', 'refused'], ['analytics', 'refused']]);
    expect(p.querySelectorAll('.withdraw').map((b) => b.dom.getAttribute('data-purpose'))).toEqual(['marketing']);
    snapshot(p, 'preferences-wechat-zh-CN');
    const withdrawn = events(p, 'withdrawn');
    p.querySelector('#withdraw-marketing').dispatchEvent('tap');
    await until(() => withdrawn.length === 1);
    expect(status()[1]).toEqual(['marketing', 'withdrawn']);
    expect((await ledger().stateOf('u_mp01')).purposes['marketing']?.status).toBe('withdrawn');
    expect(p.querySelectorAll('.withdraw')).toHaveLength(0);
  });
});
