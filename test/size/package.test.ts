// Package hygiene on what `npm pack` would publish: the file list (no tests, sources, source maps
// or secrets; every export target and the mini-program .wasm files present), publint, and
// @arethetypeswrong/cli across node10, node16 (CJS and ESM) and bundler resolution.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publint } from 'publint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, unknown>>;
  bin?: Record<string, string>;
};

let files: string[] = [];
beforeAll(() => {
  expect(existsSync(resolve(ROOT, 'dist/index.js')), 'run npm run build first').toBe(true);
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
});

/** Every string leaf of an exports target (import, require, types.import, ...). */
function targets(t: unknown): string[] {
  if (typeof t === 'string') return [t];
  if (t && typeof t === 'object') return Object.values(t).flatMap(targets);
  return [];
}

describe('npm pack contents', () => {
  it('ship no tests, sources, source maps, keys or env files', () => {
    const bad = files.filter((f) => /^(test|src|bench|examples|wasm\/assembly)\//.test(f) || /\.map$|\.env|\.pem$|\.key$|custodia-keys|\.test\./.test(f));
    expect(bad).toEqual([]);
  });

  it('ship every file an export or bin points at', () => {
    const wanted = [...Object.values(pkg.exports).flatMap(targets), ...Object.values(pkg.bin ?? {})].map((p) => p.replace(/^\.\//, ''));
    expect(wanted.filter((w) => !files.includes(w))).toEqual([]);
  });

  it('ship the licence package.json names (Apache-2.0) and the README', () => {
    expect(files).toContain('LICENSE');
    expect(files).toContain('README.md');
    expect(readFileSync(resolve(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0');
  });

  it('ship both WASM cores beside the mini-program build', () => {
    for (const f of ['dist/miniprogram/index.js', 'dist/miniprogram/custodia.wasm', 'dist/miniprogram/custodia-simd.wasm']) expect(files).toContain(f);
  });
});

describe('linters of published packages', () => {
  it('publint finds no error or warning', async () => {
    const { messages } = await publint({ pkgDir: ROOT, level: 'warning', pack: 'npm' });
    expect(messages.map((m) => `${m.type} ${m.code} ${m.path.join('.')}`)).toEqual([]);
  });

  it('@arethetypeswrong/cli finds no problem for any entry point under any resolution', () => {
    // Packed here with --ignore-scripts: `attw --pack` would run prepack (a full build) first.
    const dir = mkdtempSync(join(tmpdir(), 'custodia-attw-'));
    const filename = (JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { filename: string }[])[0]!.filename;
    const r = spawnSync(resolve(ROOT, 'node_modules/.bin/attw'), [join(dir, filename), '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    const report = JSON.parse(r.stdout) as { analysis: { problems?: { kind: string; entrypoint?: string; resolutionKind?: string }[] } };
    const problems = (report.analysis.problems ?? []).map((p) => `${p.kind} ${p.entrypoint ?? ''} ${p.resolutionKind ?? ''}`);
    expect(problems).toEqual([]);
    expect(r.status).toBe(0);
  }, 120_000);
});
