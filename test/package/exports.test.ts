// The built package as users get it: every subpath in package.json resolves for import and
// require to the same names, ships types without Node's, and nothing under src/ is left unexported.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: { import: string; require: string }; import: string; require: string }>;
  sideEffects: boolean;
  miniprogram: string;
};
const requireFromRoot = createRequire(resolve(ROOT, 'package.json'));
const NODE_ONLY = ['./store/sqlite', './store/postgres', './kanon/sql', './cli', './report'];
const subpaths = Object.entries(pkg.exports).filter(([k]) => k !== './package.json');

describe('package.json', () => {
  it('is side-effect free and points the mini-program build at dist/miniprogram', () => {
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.miniprogram).toBe('dist/miniprogram');
  });

  it('exports every module folder that has an index.ts', () => {
    const exported = new Set(subpaths.map(([k]) => k));
    const missing: string[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const d of readdirSync(resolve(ROOT, 'src', dir), { withFileTypes: true })) {
        if (!d.isDirectory()) continue;
        const rel = dir ? `${dir}/${d.name}` : d.name;
        if (existsSync(resolve(ROOT, 'src', rel, 'index.ts')) && !exported.has(`./${rel}`)) missing.push(`./${rel}`);
        walk(rel, prefix);
      }
    };
    walk('', '');
    // Low-level building blocks that are public through the root export only.
    expect(missing.filter((m) => !['./errors', './bytes', './runtime'].includes(m))).toEqual([]);
  });
});

describe.each(subpaths)('export %s', (key, target) => {
  if (typeof target === 'string') return;
  it('has its built files', () => {
    for (const f of [target.import, target.require, target.types.import, target.types.require])
      expect(existsSync(resolve(ROOT, f)), f).toBe(true);
  });
  it('gives the same names through import and require', async () => {
    const esm = await import(pathToFileURL(resolve(ROOT, target.import)).href);
    const cjs = requireFromRoot(resolve(ROOT, target.require));
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
    expect(Object.keys(esm).length).toBeGreaterThan(0);
  });
  it('ships types that need no Node types (unless Node-only)', () => {
    if (NODE_ONLY.includes(key)) return;
    const dts = readFileSync(resolve(ROOT, target.types.import), 'utf8');
    expect(dts).not.toMatch(/reference types="node"|from ['"]node:/);
  });
});
