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

const shared: Options = {
  entry,
  outDir: 'dist',
  target: 'es2022',
  sourcemap: false,
  treeshake: true,
  splitting: true,
  // Node-only peers stay external; everything else is bundled so CJS works with ESM-only deps.
  external: ['better-sqlite3', 'pg', '@duckdb/node-api', 'idb'],
  noExternal: [/^@noble\//, 'hash-wasm', 'zod'],
};

export default defineConfig([
  { ...shared, format: ['esm'], dts: true, clean: true },
  { ...shared, format: ['cjs'], dts: true },
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
