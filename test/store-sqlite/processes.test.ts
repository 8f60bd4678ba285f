// The real engine under real concurrency: several OS processes appending to one database
// file, and processes killed with SIGKILL in the middle of appends.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger, verifyLedger } from '../../src/consent/index.js';
import { sqliteStore } from '../../src/store/sqlite/index.js';

const ROOT = resolve(__dirname, '../..');
// Inside the repo so the bundle resolves better-sqlite3 from node_modules.
const WORKER = join(ROOT, 'test-artifacts', `sqlite-worker-${process.pid}.mjs`);
const dir = mkdtempSync(join(tmpdir(), 'custodia-sqlite-proc-'));

beforeAll(async () => {
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  await build({ entryPoints: [join(__dirname, '_worker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: WORKER, external: ['better-sqlite3'], logLevel: 'silent' });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(WORKER, { force: true });
});

/** Starts a worker; `lines` fills with the "seq hash" lines it printed. */
function start(path: string, count: number, tag: string): { child: ChildProcess; lines: string[]; done: Promise<number | null> } {
  const child = spawn(process.execPath, [WORKER, path, String(count), tag], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((res) =>
    child.on('exit', (code) => {
      if (code && code !== 0) console.error(err);
      res(code);
    }),
  );
  return { child, lines, done };
}

describe('SQLite ledger across processes', () => {
  it('S5.5: four processes appending at once keep one verifiable chain holding every append', async () => {
    const path = join(dir, 'concurrent.db');
    sqliteStore({ path }).close();
    const workers = ['a', 'b', 'c', 'd'].map((t) => start(path, 40, t));
    expect(await Promise.all(workers.map((w) => w.done))).toEqual([0, 0, 0, 0]);
    const store = sqliteStore({ path });
    const recs = await createLedger({ store }).export();
    expect(recs.length).toBe(160);
    expect(verifyLedger(recs)).toEqual({ ok: true });
    // Each process saw its own appends resolve at distinct positions that hold its records.
    const seen = new Set<number>();
    for (const [i, w] of workers.entries()) {
      expect(w.lines.length).toBe(40);
      for (const l of w.lines) {
        const [seq, hash] = l.split(' ');
        const r = recs[Number(seq)]!;
        expect(r.hash).toBe(hash);
        expect(r.data.collector).toBe(`worker-${'abcd'[i]}`);
        seen.add(r.seq);
      }
    }
    expect(seen.size).toBe(160);
    await store.close();
  }, 120_000);

  it('S5.4 / S8: processes killed with SIGKILL mid-append leave a ledger that verifies and holds every resolved append', async () => {
    const path = join(dir, 'crash.db');
    sqliteStore({ path }).close();
    const resolved: string[] = [];
    for (let round = 0; round < 2; round++) {
      // Two writers race; both are killed while appending.
      const ws = [start(path, 0, `k${round}a`), start(path, 0, `k${round}b`)];
      const target = 8 + round * 5;
      await new Promise<void>((res) => {
        const t = setInterval(() => {
          if (ws.every((w) => w.lines.length >= target)) {
            clearInterval(t);
            res();
          }
        }, 2);
      });
      for (const w of ws) w.child.kill('SIGKILL');
      for (const w of ws) expect(await w.done).toBe(null);
      for (const w of ws) resolved.push(...w.lines);
      const store = sqliteStore({ path });
      const ledger = createLedger({ store });
      expect(await ledger.verify()).toEqual({ ok: true });
      const recs = await ledger.export();
      for (const l of resolved) {
        const [seq, hash] = l.split(' ');
        expect(recs[Number(seq)]?.hash).toBe(hash);
      }
      // The chain stays writable after the crash.
      await store.close();
    }
    const store = sqliteStore({ path });
    const ledger = createLedger({ store });
    const before = (await ledger.export()).length;
    expect(before).toBeGreaterThanOrEqual(resolved.length);
    const { event } = await import('../consent/_fixtures.js');
    const r = await ledger.append(event({ subject: 'u_after_crash' }));
    expect(r.seq).toBe(before);
    expect(await ledger.verify()).toEqual({ ok: true });
    await store.close();
  }, 120_000);
});
