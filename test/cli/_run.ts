// Drives the real built binary (dist/cli/index.js, what `npx custodia` runs) in a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
// CUSTODIA_CLI_BIN runs the tests against another build (e.g. an older one, to see a test fail before a fix).
export const BIN = process.env.CUSTODIA_CLI_BIN ?? resolve(ROOT, 'dist/cli/index.js');

export function built(): boolean {
  return existsSync(BIN);
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: readonly string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd ?? ROOT,
    maxBuffer: 1 << 28,
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The passphrase the CLI tests' key files are wrapped with. */
export const PASS = { CUSTODIA_PASSPHRASE: 'correct horse battery staple' };

/** A temp dir holding a fresh key file made by `custodia keys generate` (checked to succeed). */
export function keyFileFixture(): { dir: string; keys: string } {
  const dir = tempDir();
  const keys = join(dir, 'keys.json');
  const r = cli(['keys', 'generate', keys], { env: PASS });
  if (r.code !== 0) throw new Error(`keys generate exited ${r.code}: ${r.stderr}`);
  return { dir, keys };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'custodia-cli-'));
}

export function writeFile(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Mobiles and resident IDs with valid check characters (GB 11643 MOD 11-2), from a seeded LCG. */
export function people(n: number, seed = 1): { name: string; phone: string; id: string }[] {
  let x = seed >>> 0;
  const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const out = [];
  for (let i = 0; i < n; i++) {
    const phone = `13${next() % 10}${String(next() % 1e8).padStart(8, '0')}`;
    const body = `110105${1950 + (next() % 50)}${String(1 + (next() % 12)).padStart(2, '0')}${String(1 + (next() % 28)).padStart(2, '0')}${String(next() % 1000).padStart(3, '0')}`;
    let s = 0;
    for (let j = 0; j < 17; j++) s += Number(body[j]) * W[j]!;
    const id = body + '10X98765432'[s % 11]!;
    out.push({ name: `${'王李张刘陈'[i % 5]}${'伟芳娜敏静'[next() % 5]}`, phone, id });
  }
  return out;
}
