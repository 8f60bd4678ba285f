import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// Entries follow package.json's exports map, so a module ships exactly when it is exported.
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> };
const entry: Record<string, string> = {};
for (const key of Object.keys(pkg.exports)) {
  if (key === './package.json') continue;
  const name = key === '.' ? 'index' : `${key.slice(2)}/index`;
  entry[name] = key === '.' ? 'src/index.ts' : `src/${key.slice(2)}/index.ts`;
}

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
  external: ['better-sqlite3', 'pg', '@duckdb/node-api', 'idb'],
  noExternal: [/^@noble\//, 'hash-wasm', 'zod', 'commander', 'csv-parse', 'csv-stringify', 'cli-progress'],
};

const cli: Options = {
  ...shared,
  entry: { 'cli/index': cliEntry! },
  platform: 'node',
};

export default defineConfig([
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
  {
    // WeChat's npm build copies this folder: CommonJS that requires only relative files,
    // with no eval, no Node globals, and the .wasm beside it for WXWebAssembly.
    entry: { index: 'src/miniprogram.ts' },
    outDir: 'dist/miniprogram',
    format: ['cjs'],
    target: 'es2018',
    platform: 'neutral',
    splitting: false,
    treeshake: true,
    noExternal: [/.*/],
    outExtension: () => ({ js: '.js' }),
    esbuildOptions(o) {
      o.mainFields = ['module', 'main'];
      o.conditions = ['import', 'default'];
    },
    onSuccess: async () => {
      mkdirSync('dist/miniprogram', { recursive: true });
      for (const f of ['custodia.wasm', 'custodia-simd.wasm'])
        if (existsSync(`wasm/build/${f}`)) copyFileSync(`wasm/build/${f}`, `dist/miniprogram/${f}`);
    },
  },
]);
