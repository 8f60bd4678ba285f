// examples/miniprogram run as WeChat would run it after "build npm": app.js, the pages and
// dist/miniprogram (as miniprogram_npm/custodia) in a realm with no WebAssembly, TextEncoder,
// crypto or eval, a `wx` stand-in with the documented async shapes, WXWebAssembly loading the
// shipped .wasm by package path, and App/Page/getApp registering like the framework.
import { randomFillSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInRealm, makeRealm } from './_realm.js';
import type { FakeWx, makeWx as MakeWx } from './_wx.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MP = join(ROOT, 'examples/miniprogram/miniprogram');
const DIST = join(ROOT, 'dist/miniprogram');
type Storage = Map<string, { json: string; encrypt: boolean }>;
type Cfg = Record<string, unknown> & { data?: Record<string, unknown> };
interface PageInstance {
  data: Record<string, unknown>;
  [handler: string]: unknown;
}

interface Launch {
  wx: FakeWx;
  app: Cfg & { globalData: { backend: string; ready: Promise<string> } };
  page(route: string): PageInstance;
  /** Mounts the page's custom component `tag` (from the page's usingComponents), bound as its WXML binds it. */
  mount(page: PageInstance, route: string, tag: string, binds: { props: (pageData: Record<string, unknown>) => Record<string, unknown>; events: Record<string, string> }): PageInstance;
  call<T>(page: PageInstance, handler: string, event?: unknown): Promise<T>;
  custodia: Record<string, (...a: never[]) => unknown>;
  instantiated: string[];
}

function launch(o: { storage?: Storage; needAuthorization?: boolean; wasm?: 'both' | 'scalar-only' | 'none' } = {}): Launch {
  const instantiated: string[] = [];
  const WXWebAssembly = {
    // Like WeChat: a package path only, never bytes or a URL.
    async instantiate(path: string, imports?: WebAssembly.Imports) {
      instantiated.push(path);
      const m = /^\/miniprogram_npm\/custodia\/(custodia(-simd)?\.wasm)$/.exec(path);
      if (!m) throw new Error('WXWebAssembly.instantiate: not a code package path');
      if (m[2] && o.wasm === 'scalar-only') throw new Error('CompileError: SIMD unsupported (WeChat < 8.0.25)');
      return WebAssembly.instantiate(readFileSync(join(DIST, m[1]!)), imports);
    },
  };
  const realm = makeRealm(o.wasm === 'none' ? {} : { WXWebAssembly });
  const { makeWx } = loadInRealm<{ makeWx: typeof MakeWx }>(realm, `export { makeWx } from './_wx.ts'`, 'wx');
  const wx = makeWx({
    later: (fn) => setImmediate(fn),
    random: (n) => randomFillSync(new Uint8Array(n)),
    needAuthorization: o.needAuthorization ?? false,
    ...(o.storage ? { storage: o.storage } : {}),
  });
  realm.ctx.wx = wx;
  let app: Cfg | undefined;
  const pages = new Map<string, Cfg>();
  let route = '';
  realm.ctx.App = (c: Cfg) => (app = c);
  realm.ctx.getApp = () => app;
  realm.ctx.Page = (c: Cfg) => pages.set(route, c);
  let component: Cfg | undefined;
  realm.ctx.Component = (c: Cfg) => (component = c);

  const cache = new Map<string, { exports: unknown }>();
  const load = (file: string): unknown => {
    const hit = cache.get(file);
    if (hit) return hit.exports;
    const module = { exports: {} as unknown };
    cache.set(file, module);
    const fn = vm.runInContext(`(function (module, exports, require) {${readFileSync(file, 'utf8')}\n})`, realm.ctx, { filename: file }) as (
      m: object,
      e: unknown,
      r: (s: string) => unknown,
    ) => void;
    fn(module, module.exports, (spec) => {
      if (spec === 'custodia') return load(join(DIST, 'index.js'));
      if (spec.startsWith('custodia/')) return load(join(DIST, `${spec.slice('custodia/'.length)}.js`));
      if (!spec.startsWith('.')) throw new Error(`mini-program require of ${spec} refused`);
      const target = resolve(dirname(file), spec);
      // miniprogram_npm/custodia is dist/miniprogram here: its files require their shared chunks.
      if (!target.startsWith(MP) && !target.startsWith(DIST)) throw new Error(`require outside the code package: ${spec}`);
      return load(target.endsWith('.js') ? target : `${target}.js`);
    });
    return module.exports;
  };
  load(join(MP, 'app.js'));
  (app!.onLaunch as () => void).call(app);
  return {
    wx,
    app: app as Launch['app'],
    custodia: load(join(DIST, 'index.js')) as Launch['custodia'],
    instantiated,
    page(r) {
      route = r;
      load(join(MP, `${r}.js`));
      const cfg = pages.get(r)!;
      const inst: PageInstance = { ...cfg, data: JSON.parse(JSON.stringify(cfg.data ?? {})) as Record<string, unknown> };
      const children: { id: string; sync: () => void; c: PageInstance }[] = [];
      // Like the framework: page data bound to a component's properties flows down on setData.
      inst.setData = (patch: Record<string, unknown>) => {
        Object.assign(inst.data, patch);
        for (const ch of children) ch.sync();
      };
      inst.selectComponent = (sel: string) => children.find((ch) => `#${ch.id}` === sel)?.c ?? null;
      inst._children = children;
      return inst;
    },
    mount(pageInst, r, tag, binds) {
      const using = (JSON.parse(readFileSync(join(MP, `${r}.json`), 'utf8')) as { usingComponents: Record<string, string> }).usingComponents;
      const file = join(DIST, `${using[tag]!.slice('custodia/'.length)}.js`);
      cache.delete(file); // each mount runs Component(...) again, as each instance gets its definition
      load(file);
      const def = component as Cfg & { properties: Record<string, { value: unknown }>; methods: Record<string, unknown>; lifetimes: { attached(): void }; observers?: Record<string, () => void> };
      const defaults = Object.fromEntries(Object.entries(def.properties).map(([k, v]) => [k, v.value]));
      const c: PageInstance = { ...def.methods, data: { ...defaults, ...JSON.parse(JSON.stringify(def.data ?? {})), ...JSON.parse(JSON.stringify(binds.props(pageInst.data))) } };
      c.setData = (patch: Record<string, unknown>) => Object.assign(c.data, patch);
      c.triggerEvent = (name: string, detail: unknown) => {
        const h = binds.events[name];
        if (h) void (pageInst[h] as (e: unknown) => unknown).call(pageInst, { detail });
      };
      const sync = () => {
        const next = JSON.parse(JSON.stringify(binds.props(pageInst.data))) as Record<string, unknown>;
        const changed = Object.keys(next).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(c.data[k]));
        Object.assign(c.data, next);
        if (changed.length) for (const [keys, fn] of Object.entries(def.observers ?? {})) if (keys.split(',').some((k) => changed.includes(k.trim()))) fn.call(c);
      };
      (pageInst._children as { id: string; sync: () => void; c: PageInstance }[]).push({ id: tag === 'custodia-consent' ? 'consent' : 'prefs', sync, c });
      def.lifetimes.attached.call(c);
      return c;
    },
    call: async <T>(p: PageInstance, h: string, e?: unknown) => (await (p[h] as (e?: unknown) => Promise<T>).call(p, e)) as T,
  };
}

const submit = (name: string, phone: string) => ({ detail: { value: { name, phone } } });

async function until(f: () => boolean) {
  for (let i = 0; i < 400 && !f(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(f()).toBe(true);
}

/** The sign-up page with its custodia-consent component mounted as index.wxml binds it, loaded and ready. */
async function signUpPage(L: Launch) {
  const page = L.page('pages/index/index');
  const consent = L.mount(page, 'pages/index/index', 'custodia-consent', {
    props: (d) => ({ notice: d.notice, subject: d.subject, collector: 'mp-signup-page', responsible: 'privacy-office', sensitiveReasons: d.reasons }),
    events: { done: 'onConsentDone', error: 'onConsentError' },
  });
  await L.call(page, 'onLoad');
  await L.call(page, 'onReady');
  return { page, consent };
}

/** Taps through the component: switches as given, then agree (face pay refused on its separate step). */
async function choose(consent: PageInstance, on: Record<string, boolean>) {
  for (const [purpose, value] of Object.entries(on)) (consent.onToggle as (e: unknown) => void).call(consent, { currentTarget: { dataset: { purpose } }, detail: { value } });
  (consent.onAgree as (e: unknown) => void).call(consent, { currentTarget: { id: 'custodia-agree' } });
  if ((consent.data.v as { step: string }).step === 'sensitive') (consent.onSensitiveRefuse as () => void).call(consent);
}

beforeAll(() => {
  if (!existsSync(join(DIST, 'index.js'))) throw new Error('dist/miniprogram is missing: run `npm run build` first (npm test does)');
});

describe('examples/miniprogram in a mini-program realm', () => {
  it('launch: randomness from wx.getRandomValues, the SIMD core from the shipped file via WXWebAssembly', async () => {
    const L = launch();
    expect(await L.app.globalData.ready).toBe('wasm');
    expect(L.instantiated).toEqual(['/miniprogram_npm/custodia/custodia-simd.wasm']);
    expect(L.custodia.getBackend!()).toBe('wasm');
    expect(L.wx.randomCalls).toBe(1);
    expect((L.custodia.randomBytes! as (n: number) => Uint8Array)(32).length).toBe(32);
    // GB/T 32905-2016 A.1 on the core loaded through WXWebAssembly.
    expect((L.custodia.toHex! as (b: unknown) => string)((L.custodia.sm3! as (s: string) => unknown)('abc'))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('falls back to the scalar core without SIMD, and to pure JS without WXWebAssembly', async () => {
    const scalar = launch({ wasm: 'scalar-only' });
    expect(await scalar.app.globalData.ready).toBe('wasm');
    expect(scalar.instantiated).toEqual(['/miniprogram_npm/custodia/custodia-simd.wasm', '/miniprogram_npm/custodia/custodia.wasm']);
    const none = launch({ wasm: 'none' });
    expect(await none.app.globalData.ready).toBe('js');
    expect((none.custodia.toHex! as (b: unknown) => string)((none.custodia.sm3! as (s: string) => unknown)('abc'))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('P8.1: the sign-up page shows the consent component first; WeChat\'s privacy prompt is answered by its agree button', async () => {
    const L = launch({ needAuthorization: true });
    const { page, consent } = await signUpPage(L);
    const v = consent.data.v as { step: string; notice: { text: string }; purposes: { id: string; on: boolean }[] };
    expect(v.step).toBe('choose');
    expect(v.notice.text).toContain('撤回同意');
    expect(v.purposes.map((x) => [x.id, x.on])).toEqual([['marketing', false], ['face-pay', false]]);
    expect(page.data.consented).toBe(false);
    // A privacy-protected API called before agreeing: WeChat asks the app's listener.
    const asked = L.wx._triggerPrivacy();
    await choose(consent, { marketing: true });
    expect(await asked).toEqual({ event: 'agree', buttonId: 'custodia-agree' });
  });

  it('P8.2: consent goes to the ledger in wx storage, the page keeps only masked values, a restart reads it back verified, and settings withdraws with one tap', async () => {
    const L = launch();
    const { page: p, consent } = await signUpPage(L);
    await choose(consent, { marketing: true });
    await until(() => p.data.consented === true);
    await L.call(p, 'onSubmit', submit('欧阳娜娜', '13812345678'));
    expect(p.data).toMatchObject({ done: true, maskedName: '欧阳**', maskedPhone: '138****5678', marketingState: 'given', ledgerLength: 2, ledgerVerify: 'ok', backend: 'wasm' });
    const stored = [...L.wx.storage].map(([k, v]) => k + v.json).join('\n');
    expect([...L.wx.storage.keys()].filter((k) => k.startsWith('custodia:')).length).toBeGreaterThan(0);
    for (const raw of ['13812345678', '欧阳娜娜']) {
      expect(JSON.stringify(p.data).includes(raw)).toBe(false);
      expect(stored.includes(raw)).toBe(false);
    }
    // The app is closed and opened again on the same device; the history page is in a subpackage.
    const R = launch({ storage: L.wx.storage });
    await R.app.globalData.ready;
    const h = R.page('packageLedger/pages/history/index');
    await R.call(h, 'onLoad');
    expect(h.data.verify).toBe('ok');
    expect(h.data.rows).toMatchObject([{ seq: 0, event: 'given', purposes: 'marketing' }, { seq: 1, event: 'refused', purposes: 'face-pay' }]);
    // Settings: withdrawal with one tap, the basic service untouched.
    const s = R.page('pages/settings/index');
    const prefs = R.mount(s, 'pages/settings/index', 'custodia-preferences', { props: (d) => ({ notice: d.notice, subject: d.subject, collector: 'mp-settings-page', responsible: 'privacy-office' }), events: { withdrawn: 'onWithdrawn' } });
    await R.call(s, 'onLoad');
    await R.call(s, 'onReady');
    await until(() => (prefs.data.rows as unknown[]).length === 3);
    expect((prefs.data.rows as { id: string; status: string; withdrawable: boolean }[]).map((r) => [r.id, r.status, r.withdrawable])).toEqual([
      ['membership', 'basic', false], ['marketing', 'given', true], ['face-pay', 'refused', false],
    ]);
    await R.call(prefs, 'onWithdraw', { currentTarget: { dataset: { purpose: 'marketing' } } });
    await until(() => s.data.lastWithdrawn === 'marketing');
    expect(s.data.seq).toBe(2);
    const state = await (R.custodia.createLedger!({ store: (R.custodia.wxStore! as (o: object) => never)({ prefix: 'custodia:' }), hash: 'sm3' } as never) as { stateOf(s: string): Promise<{ purposes: Record<string, { status: string }> }> }).stateOf(s.data.subject as string);
    expect(state.purposes['marketing']!.status).toBe('withdrawn');
  });

  it('S5.5: a ledger record edited in wx storage is caught by the history page', async () => {
    const L = launch();
    const { page: p, consent } = await signUpPage(L);
    await choose(consent, { marketing: true });
    await until(() => p.data.consented === true);
    const [key, item] = [...L.wx.storage].find(([k]) => k.startsWith('custodia:e'))!;
    expect(item.json).toContain('given');
    L.wx.storage.set(key, { ...item, json: item.json.replace('given', 'refused') });
    const R = launch({ storage: L.wx.storage });
    const h = R.page('packageLedger/pages/history/index');
    await R.call(h, 'onLoad');
    expect(h.data.verify).toMatch(/^broken at 0: BAD_/);
    expect(h.data.rows).toEqual([]);
  });

  it('code package sizes: main package (with miniprogram_npm/custodia) and each subpackage ≤ 2 MB, total ≤ 20 MB', () => {
    const app = JSON.parse(readFileSync(join(MP, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] };
    const roots = (app.subPackages ?? []).map((s) => s.root);
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? (d.name === 'miniprogram_npm' ? [] : files(join(dir, d.name))) : [join(dir, d.name)]));
    const size = (fs: string[]) => fs.reduce((a, f) => a + statSync(f).size, 0);
    const all = files(MP);
    const sub = Object.fromEntries(roots.map((r) => [r, size(all.filter((f) => relative(MP, f).startsWith(`${r}/`)))]));
    const main = size(all.filter((f) => !roots.some((r) => relative(MP, f).startsWith(`${r}/`)))) + size(files(DIST));
    const MB2 = 2 * 1024 * 1024;
    console.log(`mini-program packages: main ${(main / 1024).toFixed(0)} KiB (dist/miniprogram ${(size(files(DIST)) / 1024).toFixed(0)} KiB), ${Object.entries(sub).map(([r, s]) => `${r} ${(s / 1024).toFixed(1)} KiB`).join(', ')}`);
    expect(roots).toEqual(['packageLedger']);
    expect(main).toBeLessThanOrEqual(MB2);
    for (const s of Object.values(sub)) expect(s).toBeLessThanOrEqual(MB2);
    expect(main + Object.values(sub).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20 * 1024 * 1024);
  });
});
