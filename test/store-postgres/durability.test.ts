// Several processes append to one hash-chained ledger on a real PostgreSQL server, while the
// server crashes and restarts, or their connections are killed mid-transaction.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../../src/store/postgres/index.js';
import { startPostgres, type PgServer } from '../pg/server.js';

let server: PgServer;
let admin: pg.Pool;
const worker = '.custodia-tmp/pg-worker.mjs';

beforeAll(async () => {
  mkdirSync('.custodia-tmp', { recursive: true });
  const [s] = await Promise.all([
    startPostgres(),
    build({ entryPoints: ['test/store-postgres/_worker.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: worker, external: ['pg'], logLevel: 'error' }),
  ]);
  server = s;
  admin = new pg.Pool({ connectionString: server.url, max: 2 });
  admin.on('error', () => undefined);
});
afterAll(async () => {
  await admin?.end();
  server?.stop();
});

interface Report { acked: number[]; unacked: number[]; outages: number }

function runWorker(schema: string, id: number, count: number): Promise<Report> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [worker, server.url, schema, String(id), String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.stderr.on('data', (d: Buffer) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Report) : reject(new Error(`worker ${id} exited ${code}: ${err}`))));
  });
}

// One valid chain: gap-free seqs, each entry's prev is the SHA-256 of the one before, and every
// (worker, i) is there exactly once; every acknowledged seq holds that worker's entry.
async function checkChain(schema: string, workers: number, count: number, reports: Report[]) {
  const s = await postgresStore({ connectionString: server.url, schema, migrate: false });
  const entries: { seq: number; value: string }[] = [];
  for await (const e of s.read('ledger')) entries.push(e);
  expect(await s.length('ledger')).toBe(workers * count);
  await s.close();
  expect(entries.length).toBe(workers * count);
  let prev = '0'.repeat(64);
  const seen = new Set<string>();
  for (const [i, e] of entries.entries()) {
    expect(e.seq).toBe(i);
    const v = JSON.parse(e.value) as { prev: string; w: number; i: number };
    expect(v.prev).toBe(prev);
    seen.add(`${v.w}:${v.i}`);
    prev = createHash('sha256').update(e.value).digest('hex');
  }
  expect(seen.size).toBe(workers * count);
  reports.forEach((r, w) => {
    expect(r.acked.length + r.unacked.length).toBe(count);
    for (const seq of r.acked) expect((JSON.parse(entries[seq]!.value) as { w: number }).w).toBe(w);
  });
}

// The head row's length; retried, since the admin pool's connections die with a server restart.
async function lengthOf(schema: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await admin.query<{ length: string }>(`SELECT length FROM "${schema}".custodia_log_heads WHERE log = 'ledger'`);
      return Number(r.rows[0]?.length ?? 0);
    } catch (e) {
      if (attempt === 100) throw e;
      await new Promise((res) => setTimeout(res, 20));
    }
  }
}

async function waitForLength(schema: string, n: number) {
  while ((await lengthOf(schema)) < n) await new Promise((res) => setTimeout(res, 10));
}

describe('postgres store under several processes', () => {
  it('S5.5: 4 processes x 1,000 appends make one valid hash chain of 4,000', async () => {
    await postgresStore({ connectionString: server.url, schema: 'procs' }).then((s) => s.close());
    const reports = await Promise.all([0, 1, 2, 3].map((w) => runWorker('procs', w, 1000)));
    await checkChain('procs', 4, 1000, reports);
    expect(reports.every((r) => r.unacked.length === 0 && r.outages === 0)).toBe(true);
  }, 120_000);

  it('S5.5: a server crash and restart mid-run loses no acknowledged append', async () => {
    await postgresStore({ connectionString: server.url, schema: 'restart' }).then((s) => s.close());
    // The crash must land while the writers are busy: it comes after the first 60 of 2,400
    // appends, and what the server holds right after it proves the run was not over yet.
    const run = Promise.all([0, 1, 2, 3].map((w) => runWorker('restart', w, 600)));
    await waitForLength('restart', 60);
    server.restart('immediate');
    const atRestart = await lengthOf('restart');
    const reports = await run;
    await checkChain('restart', 4, 600, reports);
    expect(atRestart).toBeLessThan(2400);
    expect(reports.reduce((a, r) => a + r.outages, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('S5.5: backends killed and the server crashing under a pool in this process: calls fail with STORE_UNAVAILABLE, the process stays up', async () => {
    const s = await postgresStore({ connectionString: server.url, schema: 'inproc', config: { max: 4, application_name: 'custodia-inproc' } });
    let stop = false;
    let ok = 0;
    const codes = new Set<string>();
    const loops = [0, 1, 2, 3].map(async (w) => {
      for (let i = 0; !stop; i++) {
        try {
          await s.put('ns', `w${w}`, String(i));
          await s.append('log', String(i));
          await s.length('log');
          ok++;
        } catch (e) {
          codes.add((e as { code?: string }).code ?? String(e));
        }
      }
    });
    // Backends terminated one way (FATAL message first), then the server crashing (sockets just close).
    for (let k = 0; k < 6; k++) {
      await new Promise((res) => setTimeout(res, 25));
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'custodia-inproc'`);
    }
    for (let k = 0; k < 2; k++) {
      await new Promise((res) => setTimeout(res, 50));
      server.restart('immediate');
    }
    await new Promise((res) => setTimeout(res, 100));
    stop = true;
    await Promise.all(loops);
    await s.close();
    expect(ok).toBeGreaterThan(0);
    expect([...codes]).toEqual(['STORE_UNAVAILABLE']);
  });

  it('S5.5: connections killed mid-transaction lose nothing acknowledged and leave no half entry', async () => {
    await postgresStore({ connectionString: server.url, schema: 'killed' }).then((s) => s.close());
    const run = Promise.all([0, 1, 2, 3].map((w) => runWorker('killed', w, 500)));
    await waitForLength('killed', 100);
    // A writer that locked the head row and wrote an entry, then died before COMMIT: the
    // others wait on its lock, go on when it is gone, and its entry never appears.
    const dying = new pg.Client({ connectionString: server.url });
    dying.on('error', () => undefined);
    await dying.connect();
    await dying.query('BEGIN');
    const { rows } = await dying.query<{ length: string }>(`SELECT length FROM killed.custodia_log_heads WHERE log = 'ledger' FOR UPDATE`);
    await dying.query(`INSERT INTO killed.custodia_logs (log, seq, value) VALUES ('ledger', $1, 'half')`, [rows[0]!.length]);
    const pid = (await dying.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await new Promise((res) => setTimeout(res, 100));
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    // Then the workers' own connections, several times, wherever they are in a statement.
    for (let k = 0; k < 5; k++) {
      await new Promise((res) => setTimeout(res, 60));
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'custodia-worker'`);
    }
    const reports = await run;
    await checkChain('killed', 4, 500, reports);
    expect(reports.reduce((a, r) => a + r.outages, 0)).toBeGreaterThan(0);
    await dying.end().catch(() => undefined);
  }, 120_000);
});
