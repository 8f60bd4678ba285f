// dist/miniprogram as WeChat runs it: CommonJS requiring only its own folder, in a realm with
// no WebAssembly, TextEncoder, TextDecoder, crypto, process, Buffer, eval or Node require.
// `npm test` builds dist/ first; this test does not build it.
import { randomFillSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { argon2id } from '@noble/hashes/argon2.js';
import { parse } from 'acorn';
import { beforeAll, describe, expect, it } from 'vitest';

const DIR = join(process.cwd(), 'dist', 'miniprogram');
// index.js and every chunk it requires: the build is one file per subpath plus shared chunks.
const FILES = new Map<string, string>();
(function collect(file: string): void {
  if (FILES.has(file)) return;
  FILES.set(file, readFileSync(join(DIR, file), 'utf8'));
  for (const m of FILES.get(file)!.matchAll(/require\(["']\.\/([^"']+)["']\)/g)) collect(m[1]!);
})('index.js');
const SOURCE = [...FILES.values()].join('\n');

type Mp = Record<string, (...a: never[]) => unknown>;
interface Loaded {
  mp: Mp;
  ctx: vm.Context;
  instantiated: string[];
}

function load(): Loaded {
  const instantiated: string[] = [];
  const sandbox = {
    console,
    setTimeout,
    clearTimeout,
    // wx.getRandomValues is asynchronous; the app prefetches a pool (see docs/hash.md).
    wx: {
      getRandomValues(o: { length: number; success(r: { randomValues: ArrayBuffer }): void }) {
        o.success({ randomValues: randomFillSync(new Uint8Array(o.length)).buffer });
      },
    },
    // WXWebAssembly.instantiate takes a package path only, like WeChat's.
    WXWebAssembly: {
      async instantiate(path: string, imports?: WebAssembly.Imports) {
        if (!/^\/?miniprogram_npm\/custodia\/custodia(-simd)?\.wasm$/.test(path)) throw new Error('WXWebAssembly: not a package path');
        instantiated.push(path);
        const bytes = readFileSync(join(DIR, path.split('/').pop()!));
        return WebAssembly.instantiate(bytes, imports);
      },
    },
  };
  const ctx = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
  vm.runInContext('delete globalThis.WebAssembly;', ctx);
  // CommonJS as WeChat runs it: relative files of the package only, each evaluated once.
  const cache = new Map<string, { exports: Record<string, unknown> }>();
  const req = (file: string): Record<string, unknown> => {
    const hit = cache.get(file);
    if (hit) return hit.exports;
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module);
    const fn = vm.runInContext(`(function (module, exports, require) {${FILES.get(file)}\n})`, ctx, { filename: `dist/miniprogram/${file}` }) as (
      m: object,
      e: object,
      r: (id: string) => unknown,
    ) => void;
    fn(module, module.exports, (id) => {
      const m = /^\.\/(chunk-[\w-]+\.js|data-places\.js)$/.exec(id);
      if (!m || !FILES.has(m[1]!)) throw new Error(`mini-program require of ${id} refused`);
      return req(m[1]!);
    });
    return module.exports;
  };
  return { mp: req('index.js') as unknown as Mp, ctx, instantiated };
}

const hex = (mp: Mp, b: unknown): string => (mp['toHex'] as (b: unknown) => string)(b);
const call = <T>(mp: Mp, name: string, ...a: unknown[]): T => (mp[name] as unknown as (...x: unknown[]) => T)(...a);

/** What an app does in app.js: prefetch wx.getRandomValues bytes and hand them to setRandomSource. */
function installRandom(l: Loaded): void {
  // The app's code runs in the mini-program realm, so its bytes are that realm's Uint8Array.
  const U8 = vm.runInContext('Uint8Array', l.ctx) as typeof Uint8Array;
  let pool = new U8(0);
  vm.runInContext('wx', l.ctx).getRandomValues({ length: 4096, success: (r: { randomValues: ArrayBuffer }) => (pool = new U8(r.randomValues)) });
  call(l.mp, 'setRandomSource', (n: number) => {
    const out = pool.slice(0, n);
    pool = pool.slice(n);
    return out;
  });
}

function checkVectors(mp: Mp): void {
  // FIPS 180-4 "abc"; GB/T 32905 A.1/A.2; RFC 4231 case 2 (HMAC-SHA256).
  expect(hex(mp, call(mp, 'sha256', 'abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  expect(hex(mp, call(mp, 'sm3', 'abc'))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  expect(hex(mp, call(mp, 'sm3', 'abcd'.repeat(16)))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  const jefe = call<Uint8Array>(mp, 'utf8Encode', 'Jefe');
  const want = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
  expect(hex(mp, call(mp, 'hmac', 'sha256', jefe, 'what do ya want for nothing?'))).toBe(want);
  const batch = hex(mp, call(mp, 'hmacBatch', 'sha256', jefe, ['what do ya want for nothing?', '手机\ud800', 'what do ya want for nothing?']));
  expect(batch.slice(0, 64)).toBe(want);
  expect(batch.slice(128)).toBe(want);
  const h = call<{ update(d: string): unknown; digest(): Uint8Array }>(mp, 'createHash', 'sm3');
  for (let i = 0; i < 16; i++) h.update('abcd');
  expect(hex(mp, h.digest())).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
}

describe('dist/miniprogram in a WeChat-like realm', () => {
  let L: Loaded;
  beforeAll(() => {
    L = load();
  });

  it('requires nothing but relative files, and uses no eval', () => {
    expect(SOURCE.match(/require\(["'][^."'][^"']*["']\)/g) ?? []).toEqual([]);
    expect(FILES.size).toBeGreaterThan(5);
    expect(SOURCE).not.toMatch(/\bimport\(/); // WeChat has no dynamic import: lazy chunks are required
    // WeChat's ES5 compile turns `a ** b` into Math.pow(a, b), which throws on BigInts (it broke
    // every Ed25519 verification): only number-literal bases may be left for it to lower.
    const pows: string[] = [];
    const visit = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(visit);
      if (n === null || typeof n !== 'object') return;
      const e = n as { type?: string; operator?: string; left?: { type: string; value?: unknown; start: number; end: number } };
      if ((e.type === 'BinaryExpression' && e.operator === '**' && !(e.left!.type === 'Literal' && typeof e.left!.value === 'number')) || (e.type === 'AssignmentExpression' && e.operator === '**='))
        pows.push(`${file}: ${code.slice(e.left!.start, e.left!.end + 20)}`);
      for (const v of Object.values(e)) if (typeof v === 'object') visit(v);
    };
    let file = '';
    let code = '';
    for (file of readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))) {
      code = readFileSync(join(DIR, file), 'utf8');
      visit(parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true }));
    }
    expect(pows).toEqual([]);
    expect(vm.runInContext('typeof WebAssembly + typeof TextEncoder + typeof TextDecoder + typeof crypto + typeof process + typeof Buffer', L.ctx)).toBe(
      'undefined'.repeat(6),
    );
  });

  it('validates with zod/mini where code generation is refused (catalog, consent event, purpose)', () => {
    expect(vm.runInContext('(() => { try { new Function(""); return true; } catch (e) { return false; } })()', L.ctx)).toBe(false);
    const catalog = call<{ parse(x: unknown): unknown; safeParse(x: unknown): unknown }>(L.mp, 'defineCatalog', {
      fields: { name: { category: 'identity.name' }, phone: { category: 'contact.mobile', required: true }, idNo: { category: 'identity.residentId' } },
    });
    expect(JSON.stringify(catalog.parse({ name: '张三', phone: '13800138000', idNo: '11010519491231002X' }))).toBe('{"name":"张三","phone":"13800138000","idNo":"11010519491231002X"}');
    expect(JSON.stringify(catalog.safeParse({ phone: '12345678901', idNo: '110105194912310021', extra: 1 }))).toBe(
      '{"ok":false,"issues":[{"path":"phone","code":"invalid_format"},{"path":"idNo","code":"invalid_resident_id"},{"path":"extra","code":"unrecognized_keys"}]}',
    );
    const schema = call<unknown>(L.mp, 'consentEventSchema');
    const hash = 'a'.repeat(64);
    const event = { subject: 'u_1', event: 'given', purposes: ['marketing'], notice: { id: 'n', version: '1', hash }, method: 'click', channel: 'mini-program', collector: 'c', responsible: 'r', evidence: hash, at: '2024-07-01T10:00:00+08:00' };
    expect(JSON.stringify(call(L.mp, 'parseWith', schema, event, 'consent event'))).toContain('"separate":false,"sensitiveCategories":[]');
    const bad = (() => {
      try {
        call(L.mp, 'definePurpose', { id: 'orders', basis: 'consent', basic: true, categories: ['transaction'] });
      } catch (x) {
        return x as { code: string; issues: unknown };
      }
    })();
    expect(bad?.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad?.issues)).toBe('[{"path":"basis","code":"basic_service_on_consent"}]');
  });

  it('runs the standard vectors on the js backend', () => {
    expect(call(L.mp, 'getBackend')).toBe('js');
    checkVectors(L.mp);
  });

  // The build lowers `class CustodiaError extends Error` to ES5 with its own wrapNativeSuper (tsup.config.ts, FLOOR_HELPERS).
  it("errors are the realm's Errors and instances of custodia's error classes", () => {
    const RealmError = vm.runInContext('Error', L.ctx) as ErrorConstructor;
    const thrown = (f: () => unknown): Error & { code: string } => {
      try {
        f();
      } catch (x) {
        return x as Error & { code: string };
      }
      throw new Error('expected a throw');
    };
    const v = thrown(() => call(L.mp, 'definePurpose', { id: 'orders', basis: 'consent', basic: true, categories: ['transaction'] }));
    const c = thrown(() => call(L.mp, 'maskAs', 'nope', 'x'));
    for (const [e, name] of [[v, 'ValidationError'], [c, 'CustodiaError']] as const) {
      expect(e).toBeInstanceOf(RealmError);
      expect(e).toBeInstanceOf(L.mp['CustodiaError'] as unknown as ErrorConstructor);
      expect(e.name).toBe(name);
      expect(Object.prototype.toString.call(e)).toBe('[object Error]');
      expect(e.stack).toMatch(/Error/);
    }
    expect(v).toBeInstanceOf(L.mp['ValidationError'] as unknown as ErrorConstructor);
    expect(c).not.toBeInstanceOf(L.mp['ValidationError'] as unknown as ErrorConstructor);
    expect([v.code, c.code]).toEqual(['VALIDATION_FAILED', 'INVALID_ARGUMENT']);
    expect(c.message).toMatch(/^maskAs: unknown mask kind/);
  });

  it('randomness comes from the app-provided wx source; without it NO_RANDOMNESS', () => {
    const e = (() => {
      try {
        call(L.mp, 'randomBytes', 8);
      } catch (x) {
        return x;
      }
    })();
    expect(call(L.mp, 'isCustodiaError', e, 'NO_RANDOMNESS')).toBe(true);
    installRandom(L);
    expect(call<Uint8Array>(L.mp, 'randomBytes', 16).length).toBe(16);
  });

  it('hashes passwords with pure-JS argon2id (no WebAssembly here)', async () => {
    installRandom(L);
    const phc = await call<Promise<string>>(L.mp, 'hashPassword', '密码', { memoryCost: 64, timeCost: 1 });
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    expect(await call<Promise<boolean>>(L.mp, 'verifyPassword', '密码', phc)).toBe(true);
  });

  // The build rewrites @noble's argon2 block loop from a generator into an iterator
  // (tsup.miniprogram-argon2.ts): its outputs must stay those of @noble/hashes as published, run
  // here in Node. Several lanes, passes and 128-block address segments, in both directions.
  it('argon2id of the build equals @noble/hashes argon2id in Node (lanes, passes, address blocks)', async () => {
    installRandom(L);
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64').replace(/=+$/, '');
    const salt = Uint8Array.from({ length: 16 }, (_, i) => i * 7 + 1);
    for (const [m, t, p] of [[64, 1, 1], [64, 3, 2], [512, 2, 1], [256, 2, 4]] as const) {
      const node = argon2id('密码', salt, { m, t, p, dkLen: 32 });
      const phc = `$argon2id$v=19$m=${m},t=${t},p=${p}$${b64(salt)}$${b64(node)}`;
      expect(await call<Promise<boolean>>(L.mp, 'verifyPassword', '密码', phc)).toBe(true);
      expect(await call<Promise<boolean>>(L.mp, 'verifyPassword', '密碼', phc)).toBe(false);
    }
    const made = await call<Promise<string>>(L.mp, 'hashPassword', '密码', { memoryCost: 128, timeCost: 2 });
    const [, , , , saltB64, hashB64] = made.split('$');
    const again = argon2id('密码', Buffer.from(saltB64!, 'base64'), { m: 128, t: 2, p: 1, dkLen: Buffer.from(hashB64!, 'base64').length });
    expect(b64(again)).toBe(hashB64);
  });

  it.each(['custodia.wasm', 'custodia-simd.wasm'])('runs the vectors on the shipped %s through WXWebAssembly.instantiate(path)', async (file) => {
    const fresh = load();
    const wxwa = vm.runInContext('WXWebAssembly', fresh.ctx) as { instantiate(p: string, i: object): Promise<{ instance: object }> };
    const inst = await wxwa.instantiate(`/miniprogram_npm/custodia/${file}`, {});
    await call<Promise<void>>(fresh.mp, 'initWasm', inst);
    call(fresh.mp, 'setBackend', 'wasm');
    expect(call(fresh.mp, 'getBackend')).toBe('wasm');
    expect(fresh.instantiated).toEqual([`/miniprogram_npm/custodia/${file}`]);
    checkVectors(fresh.mp);
  });
});
