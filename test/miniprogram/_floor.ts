// A node:vm realm at custodia's mini-program runtime floor (docs/runtimes.md: base library
// 2.15.0, iOS 14): no WebAssembly global but a path-only WXWebAssembly, no TextEncoder /
// TextDecoder / crypto / process / Buffer / structuredClone, none of the ES2022+ built-ins
// iOS 14's JavaScriptCore lacks, no eval, and `require` as WeChat resolves it over the files
// WeChat's compiler produced (custodia/mask → miniprogram_npm/custodia/mask.js).
import { randomFillSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import vm from 'node:vm';
import { loadInRealm, makeRealm } from '../store-wx/_realm.js';

/** Built-ins newer than iOS 14.0's JavaScriptCore (Safari 14): removed from the realm. BigInt itself stays (Safari 14 has it). */
export const ABOVE_FLOOR = [
  'Object.hasOwn',
  'Array.prototype.at',
  'String.prototype.at',
  'Object.getPrototypeOf(Uint8Array.prototype).at',
  'Array.prototype.findLast',
  'Array.prototype.findLastIndex',
  'Object.getPrototypeOf(Uint8Array.prototype).findLast',
  'Array.prototype.toSorted',
  'Array.prototype.toReversed',
  'Array.prototype.with',
  'Object.groupBy',
  'Map.groupBy',
  'Promise.withResolvers',
  'String.prototype.isWellFormed',
  'Intl.Segmenter',
  'WeakRef',
  'FinalizationRegistry',
  'globalThis.structuredClone',
  // Safari 15: BigInt typed arrays and DataView's BigInt accessors.
  'DataView.prototype.setBigUint64',
  'DataView.prototype.getBigUint64',
  'DataView.prototype.setBigInt64',
  'DataView.prototype.getBigInt64',
  'globalThis.BigInt64Array',
  'globalThis.BigUint64Array',
];

export interface FloorApp {
  ctx: vm.Context;
  /** require() as a page at `from` sees it. */
  require(id: string, from?: string): Record<string, unknown>;
  /** Every compiled file evaluated so far, in order. */
  loaded: string[];
  /** Package paths WXWebAssembly.instantiate was given. */
  instantiated: string[];
  wx: { storage: Map<string, { json: string; encrypt: boolean }> };
}

export function floorApp(out: string): FloorApp {
  const instantiated: string[] = [];
  const realm = makeRealm({
    __hostRandom: (n: number) => Array.from(randomFillSync(new Uint8Array(n))),
    // WeChat's WXWebAssembly: a package path of a .wasm in the compiled package, nothing else.
    WXWebAssembly: {
      instantiate(path: string, imports?: WebAssembly.Imports) {
        if (typeof path !== 'string' || !/^\/miniprogram_npm\/[\w/.-]+\.wasm$/.test(path) || !existsSync(join(out, path)))
          return Promise.reject(new Error('WXWebAssembly.instantiate: not a package file path'));
        instantiated.push(path);
        return WebAssembly.instantiate(readFileSync(join(out, path)), imports);
      },
    },
  });
  const ctx = realm.ctx;
  for (const p of ABOVE_FLOOR) vm.runInContext(`delete ${p};`, ctx);
  const wx = loadInRealm<{ wx: FloorApp['wx'] }>(
    realm,
    `import { makeWx } from './_wx.ts';
     const hostRandom = __hostRandom;
     export const wx = makeWx({ later: (f) => setTimeout(f, 0), random: (n) => new Uint8Array(hostRandom(n)) });`,
    'wx',
  ).wx;
  vm.runInContext('(w) => { globalThis.wx = w; delete globalThis.__hostRandom; }', ctx)(wx);

  const cache = new Map<string, { exports: Record<string, unknown> }>();
  const loaded: string[] = [];
  const resolve = (id: string, from: string): string => {
    const base = id.startsWith('.') ? posix.join(posix.dirname(from), id) : /^custodia(\/|$)/.test(id) ? `miniprogram_npm/${id}` : undefined;
    if (base === undefined) throw new Error(`require of ${id} refused: not a relative path or custodia`);
    for (const f of [base, `${base}.js`, `${base}/index.js`]) if (existsSync(join(out, f)) && f.endsWith('.js')) return f;
    throw new Error(`module ${id} not found from ${from}`);
  };
  const load = (file: string): Record<string, unknown> => {
    const hit = cache.get(file);
    if (hit) return hit.exports;
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module);
    loaded.push(file);
    const fn = vm.runInContext(`(function (require, module, exports) {${readFileSync(join(out, file), 'utf8')}\n})`, ctx, { filename: file }) as (
      r: (id: string) => unknown,
      m: typeof module,
      e: unknown,
    ) => void;
    fn((id) => load(resolve(id, file)), module, module.exports);
    return module.exports;
  };
  return { ctx, loaded, instantiated, wx, require: (id, from = 'app.js') => load(resolve(id, from)) };
}
