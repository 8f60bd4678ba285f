// examples/miniprogram through WeChat's own toolchain (miniprogram-ci: 构建 npm, then the upload
// compiler with es6 + enhance + minify), then the compiled output run at the runtime floor of
// docs/runtimes.md. `npm test` builds dist/ first; this test packs it as `npm pack` would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABOVE_FLOOR, floorApp } from './_floor.js';
import { textWithTables } from './_tables.js';
import { generateNoteKey as nodeNoteKey, noteSigner as nodeSigner } from '../../src/merkle/index.js';
import { verifyConsentReceipt as nodeVerifyReceipt } from '../../src/receipt/index.js';

const REPO = process.cwd();
const KB = 1024;
/**
 * Ceilings in bytes after WeChat's compile, Babel helpers it adds included. Issue 15 asks for
 * consent + purpose + mask ≤ 60 KB and everything ≤ 450 KB; both are met (the history below).
 * These ceilings only stop growth. `everything` is the library; the consent
 * components (issue 21, added on top) are measured on their own: what a page using
 * custodia-consent and custodia-preferences loads beyond custodia/consent.
 */
// everything: 436.4 KB on the size work's own branch; 461.1 KB once merged with issue 17's faster
// scanner and issue 16's mask fast paths (+12 KB of raw JS; the components entry itself adds
// 134 B to the library's chunks); 540.8 KB with issue 18's merkle and receipt subpaths (Ed25519
// and SM2 from @noble/curves). consent + purpose + mask: 119.0 -> 126.5 KB with issue 18, because
// @noble/hashes' utils module is one module for the whole build and @noble/curves uses more of
// it, so the hash chunk consent loads carries the union (+9 KB raw). Issue 15's 450 KB and 60 KB
// are missed; these ceilings only stop growth.
// Issue 15's size work, second pass: 126.5 -> 110.0 KB and 540.8 -> 517.5 KB. @noble/curves and
// argon2id get their own copy of the @noble/hashes files they reach (tsup.config.ts,
// ownNobleHashes), so consent's hash chunk holds SHA-256/SM3's part only (-8.9 KB); async
// functions and async generators become promise chains at our build (asyncToPromises), so
// WeChat's compile adds no regenerator runtime (-7.6 KB on consent pages, -23 KB overall).
// Then the build hands WeChat ES5 (toES5: classes as prototype methods, object spread as
// Object.assign, Babel's helpers once in chunk-babel-helpers.js): 110.0 -> 106.2 KB, 517.5 -> 506.0 KB;
// a page that only masks loads 17.8 KB (was 19.9). Issue 18's rest adds the BigInt-safe `**` helper that
// makes Ed25519 verify after WeChat's compile, tiles stored with their inner levels, the ClickHouse executor and
// Mondrian push-down in kanon/sql: 506.0 -> 510.3 KB; ARX's models and metrics in kanon (issue 19): 519.7 KB.
// Issue 15's third pass on consent + purpose + mask: 106.2 -> 71.2 KB. custodia's own schemas without zod
// (catalog/_rules.ts, proven against the zod schemas in test/consent/rules.test.ts): 80.8; consent, purpose and
// hashing import the files they use rather than catalog/, bytes/ and hash's loader through index files (esbuild
// puts a file an entry reaches in that entry's chunks): 77.7, 72.0, 71.2; _AsyncGenerator only in the helper copy
// async generators use, the taxonomy as one string, no helpers WeChat adds for a computed key and Object.entries.
// everything: 519.7 -> 495.7 KB (no zod anywhere). components 34 -> 39 KB (38.5 measured) on purpose: a page with
// both consent components loads 97.6 KB instead of 127.5, but files custodia/consent no longer loads and the
// components still do (catalog/index, bytes/index, the async-generator helper copy) now count as beyond consent.
// Data tables deflated in the build (tsup.miniprogram-data.ts: place names, surnames, region codes;
// fflate's inflate in one chunk only their modules load): 519.7 -> 480.8 KB; argon2's block loop as
// an iterator, not a generator (tsup.miniprogram-argon2.ts), so no regenerator runtime: 473.9 KB;
// argon2 and the curves share one copy of the @noble/hashes files they reach: 471.8 KB; place codes
// implicit where they follow the previous sibling's: 469.5 KB. The measure counted the components'
// own logic chunk (16 KB, loaded only by them) in `everything` as well: 453.5 KB without it. Tables
// deflated by Zopfli, one byte per character where they fit, arrays of JSON values packed too
// (the card ranges): 449.3 KB, issue 15's 450 KB met (zod's replacement, another engineer's, not counted).
// Issue 19 (arxmetrics): ARX's metric options and risk-based models in kanon: +11.2 KB compiled.
// Issue 19 (arxsearch): heuristic search (Lightning) and (ε,δ)-differential privacy (SafePub's parameters with
// interval arithmetic, sampling from the CSPRNG through custodia/runtime): +12.6 KB compiled.
// Issue 18 after all merges: ledger.appendMany and the path through a sequencing store join consent: 71.2 -> 72.8 KB
// on a consent page; consent + purpose + mask raised 72 -> 73 KB on purpose. everything after all merges: 458.4 KB
// (449.3 with zod still in, then -zod, +ARX's models, heuristic and DP in kanon, +appendMany and the sequencer path):
// raised to 459 KB on purpose, issue 15's 450 missed by 8.4 KB.
// Issue 15's fourth pass: consent + purpose + mask 72.8 -> 62.6 KB, everything 458.4 -> 441.2 KB (450 met again).
// A name a file reads twice or more from a chunk it requires is a local alias, which the minifier
// shortens (tsup.config.ts, localChunkNames: -7 KB on consent pages with the split below, -16 KB overall), a
// chunk's exports one Object.assign; bytes/ and hash/ keep what a consent page does not call (base64, fromHex,
// utf8Decode, hmacBatch, leaf batches, streaming, setBackend) in files of their own, ERROR_CODES is apart
// from errors/index.ts; mask's BMP-only patterns lost the `u` flag (WeChat spells each \s under it as a
// 70-character class: -0.8 KB), consent pages' array `includes` became indexOf (no polyfill). components
// 39 -> 41 KB on purpose: a page with both components and custodia/consent loads 92.3 KB (was 97.6), but
// files custodia/consent no longer loads (base64, utf8Decode, ...) now count as beyond consent. mask 17.8 -> 15.3 KB.
// After the merges of detect, sqlite, pgseq and ARX's evaluation and pruning: 63.1 and 449.2 KB, both over their ceilings.
// Issue 15's fifth pass: 63.1 -> 58.7 KB, issue 15's 60 KB met; everything 449.2 -> 438.5 KB. esbuild minifies the names
// chunks export to each other (entries map the public names to them): -2.0 KB on consent pages, about -6 KB overall;
// entries leave out requires of chunks an earlier require already loaded (-0.2 KB, -2 overall); no node:crypto hash backend, which no
// mini-program has (-1.2 KB); wrapNativeSuper written for the floor instead of Babel's (-1.0 KB). components 40.4 -> 39.5,
// mask 15.3 -> 14.6 KB. consent + purpose + mask's ceiling lowered to 59 KB; the others stay as they were.
// One path per mask (the string indexed unless it holds a surrogate; no code-unit copy beside the Array.from one) and
// a plain options check: mask 14.6 -> 14.0 KB, consent + purpose + mask 58.7 -> 58.2 KB. Ceilings unchanged.
// components 41 -> 43 KB on purpose: the wx store gained appendMany, putMany and appendManyAndPut, all or none through
// one committing journal item and its recovery on open (39.5 -> 42.0 KB; the components are the only loader of the wx
// store), so a consent log on the device writes entries, Merkle tiles and head as one unit. everything 438.4 -> 440.9,
// then 442.0 with the memory store's batch writes; its ceiling 442 -> 445 KB on purpose (issue 15's budget is 450).
const BUDGET = { consentPurposeMask: 59 * KB, everything: 445 * KB, components: 43 * KB, mask: 16 * KB };

/** The README's mini-program size table: what each row measures, and issue 15's target where it set one. */
const README_ROWS = [
  ['consentPurposeMask', 'consent + purpose + mask', 'a page that records consent, checks a purpose and masks', '60 KiB, met (63.1 before the fifth size pass; docs/runtimes.md)'],
  ['mask', 'mask', 'a page that only masks', ''],
  ['everything', 'everything', 'every file of the package and the Babel helpers they load, the components aside', '450 KiB, met (458.4 before the fourth size pass; docs/runtimes.md)'],
  ['components', 'consent components', 'custodia-consent and custodia-preferences beyond custodia/consent', ''],
] as const;
const README_START = '<!-- miniprogram-size-table: measured and checked by test/miniprogram/wechat-ci.test.ts -->';
const README_END = '<!-- /miniprogram-size-table -->';
function readmeTable(sizes: Record<keyof typeof BUDGET, number>): string {
  const kib = (n: number) => `${(n / KB).toFixed(1)} KiB`;
  const rows = README_ROWS.map(([key, name, what, target]) => `| \`${name}\` | ${what} | ${kib(sizes[key])} | ${kib(BUDGET[key])} | ${target || '-'} |`);
  return [README_START, '', '| after WeChat\'s compile | what it loads | size | ceiling | issue 15 target |', '|---|---|---:|---:|---|', ...rows, '', README_END].join('\n');
}

let work: string;
let out: string;
let result: { pack: { miniProgramPackNum: number; otherNpmPackNum: number; warnList: unknown[] }; landed: string[]; installed: string[]; files: string[] };

beforeAll(() => {
  if (!existsSync(join(REPO, 'dist', 'miniprogram', 'index.js'))) throw new Error('dist/miniprogram is missing: run `npm run build` first (npm test does)');
  // CUSTODIA_WECHAT_WORK=<dir> reuses a finished run of _wechat-build.cjs (it takes minutes on a busy machine).
  const reuse = process.env['CUSTODIA_WECHAT_WORK'];
  if (reuse) {
    result = JSON.parse(readFileSync(join(reuse, 'result.json'), 'utf8')) as typeof result;
    out = join(reuse, 'out');
    return;
  }
  work = mkdtempSync(join(tmpdir(), 'custodia-wechat-'));
  const r = spawnSync(process.execPath, [join(REPO, 'test', 'miniprogram', '_wechat-build.cjs'), REPO, work], { encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`WeChat build failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  result = JSON.parse(readFileSync(join(work, 'result.json'), 'utf8')) as typeof result;
  out = join(work, 'out');
}, 250_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * A compiled file and every file it requires when loaded, transitively (relative requires; WeChat
 * appends .js). `return require(...)` is a lazily loaded chunk (argon2id), not loaded with the file.
 */
function closure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const m of readFileSync(join(out, entry), 'utf8').matchAll(/(?<!return )require\("(\.{1,2}\/[^"]+)"\)/g)) {
    const p = posix.join(posix.dirname(entry), m[1]!);
    closure(p.endsWith('.js') ? p : `${p}.js`, seen);
  }
  return seen;
}
const bytes = (files: Iterable<string>): number => [...files].reduce((n, f) => n + statSync(join(out, f)).size, 0);
const NPM = 'miniprogram_npm/custodia';

describe("WeChat's npm build and compiler on examples/miniprogram", () => {
  it('构建 npm copies custodia alone, with no warnings, from a tarball that installs nothing else', () => {
    expect(result.installed.filter((n) => !n.startsWith('.'))).toEqual(['custodia']);
    expect(result.landed).toEqual(['custodia']);
    expect(result.pack).toEqual({ miniProgramPackNum: 1, otherNpmPackNum: 0, warnList: [] });
    for (const sub of ['index', 'mask', 'consent', 'purpose', 'detect', 'kanon', 'hash', 'cipher', 'tokenize', 'catalog', 'audit', 'retention', 'normalize', 'store', 'store/wx', 'components', 'components/wechat'])
      expect(result.files).toContain(`${NPM}/${sub}.js`);
    // The pages' usingComponents resolve into the npm build, with the component's own files.
    for (const c of ['custodia-consent', 'custodia-preferences'])
      for (const ext of ['js', 'json', 'wxml', 'wxss']) expect(result.files).toContain(`${NPM}/components/${c}/index.${ext}`);
  });

  it('sizes after es6 + enhance + minify: consent + purpose + mask and the whole package within budget', () => {
    const light = new Set<string>();
    for (const e of ['consent', 'purpose', 'mask']) closure(`${NPM}/${e}.js`, light);
    const all = result.files.filter((f) => f.startsWith(`${NPM}/`));
    const helpers = new Set<string>();
    for (const f of all.filter((x) => x.endsWith('.js'))) for (const d of closure(f)) if (!d.startsWith(NPM)) helpers.add(d);
    const consent = closure(`${NPM}/consent.js`);
    const ui = new Set<string>();
    for (const c of ['custodia-consent', 'custodia-preferences']) {
      closure(`${NPM}/components/${c}/index.js`, ui);
      for (const ext of ['json', 'wxml', 'wxss']) if (all.includes(`${NPM}/components/${c}/index.${ext}`)) ui.add(`${NPM}/components/${c}/index.${ext}`);
    }
    const uiOnly = [...ui].filter((f) => !consent.has(f));
    // Files only the components reach (their folder, components/wechat.js and chunks no library entry loads).
    const library = new Set<string>();
    const isComponents = (x: string) => x.startsWith(`${NPM}/components/`) || x === `${NPM}/components.js`;
    // A chunk the components load is the library's only when a library file requires it: walking
    // from every chunk counted the components' own logic chunk (16 KB) in `everything` too.
    const viaComponents = closure(`${NPM}/components.js`, new Set(ui));
    for (const f of all.filter((x) => x.endsWith('.js') && !isComponents(x) && !viaComponents.has(x))) closure(f, library);
    const componentsOnly = all.filter((f) => !library.has(f) && (isComponents(f) || ui.has(f)));
    const sizes = { consentPurposeMask: bytes(light), everything: bytes(all) + bytes(helpers) - bytes(componentsOnly), components: bytes(uiOnly), mask: bytes(closure(`${NPM}/mask.js`)) };
    console.log(`compiled sizes: consent+purpose+mask ${(sizes.consentPurposeMask / KB).toFixed(1)} KB, everything ${(sizes.everything / KB).toFixed(1)} KB (+ ${(bytes(componentsOnly) / KB).toFixed(1)} KB only the components use), a page that only masks ${(sizes.mask / KB).toFixed(1)} KB, the two consent components over custodia/consent ${(sizes.components / KB).toFixed(1)} KB (with it: ${(bytes(new Set([...ui, ...consent])) / KB).toFixed(1)} KB)`);
    expect(sizes.components).toBeLessThanOrEqual(BUDGET.components);
    expect(sizes.consentPurposeMask).toBeLessThanOrEqual(BUDGET.consentPurposeMask);
    expect(sizes.everything).toBeLessThanOrEqual(BUDGET.everything);
    expect(sizes.mask).toBeLessThanOrEqual(BUDGET.mask);

    // The README's table is this measurement: same rows and ceilings, sizes within 3%.
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const now = readme.slice(readme.indexOf(README_START), readme.indexOf(README_END) + README_END.length);
    const parse = (t: string) => [...t.matchAll(/^\| `([^`]+)` \| .* \| ([\d.]+) KiB \| ([\d.]+) KiB \| .* \|$/gm)].map((m) => ({ name: m[1]!, size: Number(m[2]) * KB, ceiling: Number(m[3]) * KB }));
    const expected = parse(readmeTable(sizes));
    const inReadme = parse(now);
    const hint = `README.md's mini-program size table should read:\n${readmeTable(sizes)}`;
    expect(inReadme.map((r) => [r.name, r.ceiling]), hint).toEqual(expected.map((r) => [r.name, r.ceiling]));
    for (const [i, r] of inReadme.entries()) expect(Math.abs(r.size - expected[i]!.size) / expected[i]!.size, hint).toBeLessThan(0.03);
  });

  it('the place names are one chunk, required by detect and kanon and not by mask, consent or purpose', () => {
    // Place names ship deflated (tsup.miniprogram-data.ts): looked for in the files' packed tables too.
    const places = [...closure(`${NPM}/data-places.js`)].filter((f) => textWithTables(join(out, f)).includes('门头沟区'));
    expect(places).toHaveLength(1);
    const holders = result.files.filter((f) => f.endsWith('.js') && textWithTables(join(out, f)).includes('门头沟区'));
    expect(holders).toEqual(places);
    for (const e of ['detect', 'kanon']) expect(closure(`${NPM}/${e}.js`).has(places[0]!)).toBe(true);
    for (const e of ['mask', 'consent', 'purpose']) expect(closure(`${NPM}/${e}.js`).has(places[0]!)).toBe(false);
  });
});

type Fn = (...a: never[]) => unknown;
type Mod = Record<string, Fn>;
const call = <T>(m: Record<string, unknown>, name: string, ...a: unknown[]): T => (m[name] as (...x: unknown[]) => T)(...a);

describe('the compiled package at the runtime floor (base library 2.15, iOS 14)', () => {
  it('the realm has no WebAssembly, TextEncoder, TextDecoder, crypto, process, Buffer, eval, nor the built-ins above the floor', () => {
    const app = floorApp(out);
    const probe = `[typeof WebAssembly, typeof TextEncoder, typeof TextDecoder, typeof crypto, typeof process, typeof Buffer, typeof structuredClone,
      typeof Object.hasOwn, typeof [].at, typeof [].findLast, typeof WXWebAssembly, typeof wx.getRandomValues,
      (() => { try { new Function(''); return 'eval'; } catch (e) { return 'no eval'; } })()].join()`;
    expect(vm.runInContext(probe, app.ctx)).toBe('undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,object,function,no eval');
    expect(ABOVE_FLOOR.length).toBeGreaterThan(10);
  });

  it('require("custodia/mask") loads mask and its few chunks only: no hashing, zod or place names', () => {
    const app = floorApp(out);
    const mask = app.require('custodia/mask') as Mod;
    expect(call(mask, 'maskAs', 'phone', '13812345678')).toBe('138****5678');
    expect(app.loaded).toEqual([...closure(`${NPM}/mask.js`)]);
    expect(app.loaded.every((f) => !textWithTables(join(out, f)).includes('门头沟区'))).toBe(true);
  });

  it('every module runs from the compiled output: hashes and hmacBatch on WXWebAssembly, pseudonyms, FPE, seal/open with SM4-GCM, vault, mask, scan/redact, ledger on wx storage + verify, checkPurpose, kanon', async () => {
    const app = floorApp(out);
    // The example's own compiled app code: randomness from wx.getRandomValues, the core via WXWebAssembly.
    const setup = app.require('./lib/setup.js') as Mod;
    await call(setup, 'installRandom', vm.runInContext('wx', app.ctx));
    expect(await call(setup, 'loadWasm', vm.runInContext('WXWebAssembly', app.ctx))).toBe('wasm');
    expect(app.instantiated).toEqual([`/${NPM}/custodia-simd.wasm`]);

    const hash = app.require('custodia/hash') as Mod;
    const root = app.require('custodia') as Mod;
    const hex = (b: unknown) => call<string>(root, 'toHex', b);
    expect(call(hash, 'getBackend')).toBe('wasm');
    // FIPS 180-4 "abc", GB/T 32905 A.1, RFC 4231 case 2 (one field and a batch of three).
    expect(hex(call(hash, 'sha256', 'abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(call(hash, 'sm3', 'abc'))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    const jefe = call(root, 'utf8Encode', 'Jefe');
    const rfc = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    expect(hex(call(hash, 'hmacBatch', 'sha256', jefe, ['what do ya want for nothing?', 'x', 'what do ya want for nothing?']))).toMatch(new RegExp(`^${rfc}[0-9a-f]{64}${rfc}$`));
    const phc = await call<Promise<string>>(hash, 'hashPassword', '密码', { memoryCost: 64, timeCost: 1 });
    expect(await call(hash, 'verifyPassword', '密码', phc)).toBe(true);

    // FF1 on the limb path (24 digits: radix^v > 2^45) and the NIST sample #1 on the fast path.
    const cipher = app.require('custodia/cipher') as Mod;
    const nist = call<{ encrypt(s: string): string }>(cipher, 'ff1', call(root, 'fromHex', '2B7E151628AED2A6ABF7158809CF4F3C'), { alphabet: '0123456789' });
    expect(nist.encrypt('0123456789')).toBe('2433477484');
    const long = call<{ encrypt(s: string): string; decrypt(s: string): string }>(cipher, 'ff1', call(root, 'randomBytes', 32), { alphabet: '0123456789' });
    expect(long.decrypt(long.encrypt('123456789012345678901234'))).toBe('123456789012345678901234');

    const tok = app.require('custodia/tokenize') as Mod;
    const ring = (tok['KeyRing'] as unknown as { generate(): unknown }).generate();
    const t = call<Record<string, (...a: unknown[]) => string>>(tok, 'createTokenizer', { keyring: ring, hash: 'sm3', fields: { phone: { normalize: 'mobile', fpe: { format: 'cn_mobile' } } } });
    expect(t['pseudonym']!('phone', '138 1234 5678')).toBe(t['pseudonym']!('phone', '+86 13812345678'));
    const fpe = t['formatPreserving']!('phone', '13812345678');
    expect(fpe).toMatch(/^1\d{10}$/);
    expect(t['reveal']!('phone', fpe)).toBe('13812345678');
    for (const alg of ['sm4-gcm', 'xchacha20poly1305', 'aes-256-gcm-siv']) {
      const sealed = t['seal']!('phone', '13812345678', { alg, aad: 'order-1' });
      expect(t['open']!('phone', sealed, { aad: 'order-1' })).toBe('13812345678');
    }
    const vault = call<Record<string, (...a: unknown[]) => Promise<string>>>(tok, 'createVault', { keyring: ring, store: call((app.require('custodia/store/wx') as Mod), 'wxStore', { prefix: 'vault:' }) });
    const vt = await vault['tokenize']!('phone', '13812345678', { subject: 'u_1' });
    expect(await vault['detokenize']!(vt)).toBe('13812345678');

    const detect = app.require('custodia/detect') as Mod;
    // The address is found through the division names: the place-name chunk, seen as detect's tree.
    const text = '请联系13812345678，身份证11010519491231002X，寄到北京市朝阳区建国路88号';
    expect(call<{ type: string }[]>(detect, 'scan', text).map((f) => f.type).sort()).toEqual(['cn_address', 'cn_mobile', 'cn_resident_id']);
    expect(call<string>(detect, 'redact', text)).not.toMatch(/13812345678|11010519491231002X|建国路88号/);

    // The example's ledger on wx storage, read back and verified; then the purpose check on it.
    const ledgerLib = app.require('./lib/ledger.js') as Record<string, unknown>;
    const ledger = call<{ verify(): Promise<unknown>; export(): Promise<unknown[]>; stateOf(s: string): Promise<unknown> }>(ledgerLib, 'getLedger');
    // The consent dialogue of the compiled custodia-consent component: marketing on, face pay off.
    const components = app.require('custodia/components') as Mod;
    const flow = call<{ toggle(p: string, on: boolean): void; agree(): void; commit(l: unknown): Promise<unknown[]> }>(components, 'createConsentFlow', {
      notice: ledgerLib['notice'], subject: call(ledgerLib, 'subjectId', vm.runInContext('wx', app.ctx)), collector: 'mp-signup-page', responsible: 'privacy-office', sensitiveReasons: ledgerLib['reasons'],
    });
    flow.toggle('marketing', true);
    flow.agree();
    expect(await flow.commit(ledger)).toHaveLength(2);
    expect(await ledger.export()).toHaveLength(2);
    expect(await ledger.verify()).toEqual({ ok: true });
    // verifyLedger over the records as stored, with one byte of the stored entry changed: caught.
    const consent = app.require('custodia/consent') as Mod;
    // A backup as the app would keep it: JSON text, parsed again in the mini-program realm.
    const realmJson = vm.runInContext('JSON', app.ctx) as JSON;
    const records = realmJson.parse(realmJson.stringify(await ledger.export())) as { data: { channel: string } }[];
    expect(call(consent, 'verifyLedger', records)).toEqual({ ok: true });
    records[0]!.data.channel = 'web';
    expect(call(consent, 'verifyLedger', records)).toMatchObject({ ok: false, index: 0 });
    expect([...app.wx.storage.keys()].some((k) => k.startsWith('custodia:'))).toBe(true);
    const purpose = app.require('custodia/purpose') as Mod;
    const catalog = call((app.require('custodia/catalog') as Mod), 'defineCatalog', { fields: { phone: { category: 'contact.mobile' } } });
    const P = call<Record<string, unknown>>(purpose, 'purposesOf', ledgerLib['notice'], { membership: { basic: true }, marketing: { marketing: true } });
    const state = await ledger.stateOf(call(ledgerLib, 'subjectId', vm.runInContext('wx', app.ctx)));
    expect(call(purpose, 'checkPurpose', { purpose: P['marketing'], fields: ['phone'], subjectState: state, catalog, now: new Date() })).toEqual({ allowed: true, reasons: [] });

    const kanon = app.require('custodia/kanon') as Mod;
    const rows = [25, 27, 31, 33, 38, 41, 44, 46].map((age, i) => ({ age: String(age), region: ['110105', '110108', '440305', '440304'][i % 4]!, diagnosis: 'x' }));
    const res = call<{ rows: Record<string, string>[]; suppressed: number }>(kanon, 'anonymize', rows, {
      quasiIdentifiers: { age: call(kanon, 'intervals', { min: 0, max: 99, widths: [10, 20, 100] }), region: call(kanon, 'regionCode') },
      k: 2,
    });
    expect(res.rows).toHaveLength(8);
    const classes = new Map<string, number>();
    for (const r of res.rows) classes.set(`${r['age']}|${r['region']}`, (classes.get(`${r['age']}|${r['region']}`) ?? 0) + 1);
    expect(Math.min(...classes.values())).toBeGreaterThanOrEqual(2);
    expect(res.rows.some((r) => r['age'] !== '25')).toBe(true);
    expect(call(kanon, 'regionName', '110105')).toEqual(['北京市', '市辖区', '朝阳区']);
  }, 60_000);
});

// Go's sumdb/note TestOpen (golang.org/x/mod fe2ec04f, as test/merkle/checkpoint.test.ts carries it).
const GO_PETER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_NOTE = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

describe('S5.5: consent receipts signed and checked in the compiled package at the runtime floor', () => {
  const ORIGIN = 'consent.example.cn/members';
  for (const [alg, hash] of [['ed25519', 'sha256'], ['sm2', 'sm3']] as const) {
    it(`${alg} with ${hash}: generateNoteKey -> proveRecord -> toConsentReceipt -> verifyConsentReceipt, and the example's receipt page`, async () => {
      const app = floorApp(out);
      const setup = app.require('./lib/setup.js') as Mod;
      await call(setup, 'installRandom', vm.runInContext('wx', app.ctx));
      const merkle = app.require('custodia/merkle') as Mod;
      const receipts = app.require('custodia/receipt') as Mod;
      const consent = app.require('custodia/consent') as Mod;
      const store = app.require('custodia/store') as Mod;
      const ledgerLib = app.require('./lib/ledger.js') as Record<string, unknown>;
      // Go's own note opens: Ed25519 verification (the multi-scalar multiply) survives WeChat's ES5 compile.
      expect(call(merkle, 'openNote', GO_NOTE, [GO_PETER])).toMatchObject({ signatures: [{ name: 'PeterNeumann', keyId: 0xc74f20a3 }] });

      const key = call<{ signerKey: string; verifierKey: string }>(merkle, 'generateNoteKey', ORIGIN, alg);
      const signer = call(merkle, 'noteSigner', [key.signerKey]);
      const ledger = call<{ append(e: unknown): Promise<{ hash: string }> }>(consent, 'createLedger', { store: call(store, 'memoryStore'), hash });
      const base = { subject: 'u_1', purposes: ['marketing'], notice: call(consent, 'noticeRef', ledgerLib['notice']), method: 'toggle', channel: 'mini-program', collector: 'mp-settings-page', responsible: 'privacy-office' };
      const evidence = 'ab'.repeat(32); // the hash of the dialogue the member saw
      await ledger.append({ ...base, event: 'given', evidence, at: '2026-01-01T00:00:00Z' });
      const withdrawal = await ledger.append({ ...base, event: 'withdrawn', at: '2026-02-01T00:00:00Z' });
      await ledger.append({ ...base, subject: 'u_2', event: 'given', evidence, at: '2026-02-02T00:00:00Z' });
      const proof = await call<Promise<unknown>>(receipts, 'proveRecord', ledger, withdrawal, { origin: ORIGIN, signer });
      const receipt = call(consent, 'toConsentReceipt', withdrawal, ledgerLib['notice'], { proof });
      // As the member keeps it: JSON text, parsed again in the realm.
      const realmJson = vm.runInContext('JSON', app.ctx) as JSON;
      const text = realmJson.stringify(receipt);
      const trusted = { verifierKeys: [key.verifierKey], origin: ORIGIN };
      expect(call(receipts, 'verifyConsentReceipt', realmJson.parse(text), trusted)).toMatchObject({ ok: true, treeSize: 3, record: { seq: 1, data: { event: 'withdrawn' } } });
      // The same receipt in Node from src/ (the key is the realm's): both sides agree.
      expect(nodeVerifyReceipt(JSON.parse(text) as never, trusted)).toMatchObject({ ok: true, treeSize: 3 });

      // The example page's check (packageLedger/lib/receipt.js), as compiled.
      const page = app.require('./packageLedger/lib/receipt.js') as Mod;
      expect(call(page, 'checkReceipt', text, trusted)).toEqual({ ok: true, event: '撤回同意', purposes: 'marketing', at: '2026-02-01T00:00:00Z', seq: 1, treeSize: 3, origin: ORIGIN });
      const forged = JSON.parse(text) as { proof: { entry: string } };
      forged.proof.entry = forged.proof.entry.replace('"withdrawn"', '"given"');
      expect(call(page, 'checkReceipt', JSON.stringify(forged), trusted)).toMatchObject({ ok: false, code: 'NOT_INCLUDED' });
      const stranger = nodeNoteKey(ORIGIN, alg);
      expect(call(page, 'checkReceipt', text, { verifierKeys: [stranger.verifierKey], origin: ORIGIN })).toMatchObject({ ok: false, code: 'CHECKPOINT_INVALID' });
      expect(call(page, 'checkReceipt', '{"consentReceiptID":', trusted)).toMatchObject({ ok: false, code: 'NOT_JSON' });
      // Against the example's published key, a receipt signed by another key is refused.
      expect(call(page, 'checkReceipt', text)).toMatchObject({ ok: false, code: 'CHECKPOINT_INVALID' });

      // A note signed in Node (src/) opens in the realm.
      const nodeNote = nodeSigner([stranger.signerKey])('custodia\n');
      expect(call(merkle, 'openNote', nodeNote, [stranger.verifierKey])).toMatchObject({ text: 'custodia\n' });
    }, 60_000);
  }
});
