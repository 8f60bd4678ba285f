// The package as a user receives it: `npm pack`, the tarball installed into a fresh folder with
// no network (it has no dependencies, so npm needs none), then an ESM and a CommonJS consumer
// (test/package/consumer/) typechecked with skipLibCheck false under moduleResolution node16 and
// bundler, and run by node; the bundled CLI runs with nothing else installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const TSC = resolve(ROOT, 'node_modules/.bin/tsc');
let tmp = '';
let app = '';

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A tsconfig for the consumer: strict, skipLibCheck false, no @types of any kind. */
function tsconfig(name: string, module: string, moduleResolution: string): void {
  const compilerOptions = { target: 'ES2022', lib: ['ES2022', 'DOM'], module, moduleResolution, strict: true, skipLibCheck: false, noEmit: true, types: [] };
  writeFileSync(join(app, name), JSON.stringify({ compilerOptions, files: ['esm.mts', 'cjs.cts', 'types.mts'] }));
}

beforeAll(() => {
  expect(existsSync(resolve(ROOT, 'dist/index.js')), 'run npm run build first').toBe(true);
  tmp = mkdtempSync(join(tmpdir(), 'custodia-consumer-'));
  // --ignore-scripts: dist/ is already built (prepack would rebuild it for minutes).
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { filename: string }[];
  app = join(tmp, 'app');
  cpSync(resolve(__dirname, 'consumer'), app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  run('npm', ['install', '--offline', '--no-package-lock', join(tmp, packed[0]!.filename)], app);
  tsconfig('tsconfig.node16.json', 'node16', 'node16');
  tsconfig('tsconfig.bundler.json', 'preserve', 'bundler');
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed tarball in a fresh folder', () => {
  it('installs alone: no dependency comes with it', () => {
    const installed = readdirSync(join(app, 'node_modules')).filter((d) => !d.startsWith('.'));
    expect(installed).toEqual(['custodia']);
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/custodia/package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['dependencies']).toBeUndefined();
  });

  it.each(['node16', 'bundler'])('typechecks the ESM and CJS consumers with skipLibCheck false (moduleResolution %s)', (mode) => {
    const r = spawnSync(TSC, ['-p', `tsconfig.${mode}.json`], { cwd: app, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  it('runs the ESM consumer: hashes, masks, redacts and opens a ledger', () => {
    run(TSC, ['-p', 'tsconfig.node16.json', '--noEmit', 'false', '--outDir', 'out'], app);
    const esm = JSON.parse(run('node', ['out/esm.mjs'], app)) as string[];
    expect(esm).toEqual(['ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hmac ok', '138****5678', '电话138****5678', 'ledger ok', 'errors ok']);
    const cjs = JSON.parse(run('node', ['out/cjs.cjs'], app)) as string[];
    expect(cjs).toEqual(['ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', '138****5678']);
  }, 60_000);

  it('runs the bundled CLI with no dependency installed (commander, csv-parse, cli-progress inside dist/cli)', () => {
    const help = run('node', ['node_modules/custodia/dist/cli/index.js', '--help'], app);
    expect(help).toContain('tokenize');
    writeFileSync(join(app, 'in.csv'), 'name,phone\n张三,13812345678\n');
    run('node', ['node_modules/custodia/dist/cli/index.js', 'mask', 'in.csv', '-c', 'phone=phone', '-o', 'out.csv'], app);
    expect(readFileSync(join(app, 'out.csv'), 'utf8')).toContain('138****5678');
    const bin = spawnSync(join(app, 'node_modules/.bin/custodia'), ['--version'], { cwd: app, encoding: 'utf8' });
    expect(bin.stdout.trim()).toBe(JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).version);
  }, 60_000);
});
