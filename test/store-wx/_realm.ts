// A node:vm realm shaped like the WeChat mini-program runtime: no WebAssembly, TextEncoder,
// TextDecoder, crypto, process, Buffer or require, and no code generation from strings (no
// eval, no Function constructor). Code is bundled with esbuild and run inside it, so every
// object it makes belongs to that realm.
import { buildSync } from 'esbuild';
import vm from 'node:vm';

export interface Realm {
  ctx: vm.Context;
  run<T>(code: string): T;
}

export function makeRealm(extra: Record<string, unknown> = {}): Realm {
  const ctx = vm.createContext({ console, setTimeout, clearTimeout, setImmediate, ...extra }, { codeGeneration: { strings: false, wasm: false } });
  vm.runInContext('delete globalThis.WebAssembly;', ctx);
  return { ctx, run: <T>(code: string) => vm.runInContext(code, ctx) as T };
}

/** Bundles `contents` (TS, resolved from test/store-wx) and evaluates it in the realm; returns its exports. */
export function loadInRealm<T>(realm: Realm, contents: string, name = 'bundle'): T {
  const out = buildSync({
    stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts', sourcefile: `${name}.ts` },
    bundle: true,
    format: 'iife',
    globalName: '__exports',
    platform: 'neutral',
    target: 'es2018',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'error',
  });
  return realm.run<T>(`${out.outputFiles[0]!.text}\n__exports`);
}
