// The batch sequencer under several processes on a real PostgreSQL server (issue 18 item 5):
// 8 writer processes make one tree whose every entry has a valid inclusion proof and whose
// checkpoints taken during the run are consistent; a sequencer killed with SIGKILL mid-batch
// loses no acknowledged entry, and the next one resumes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/consent/index.js';
import { createMerkleLog, leafHash, treeRoot, verifyConsistency, verifyInclusion, type TreeHead } from '../../src/merkle/index.js';
import { postgresStore, type PostgresStore } from '../../src/store/postgres/index.js';
import { usePostgres } from '../pg/use.js';

const pgEnv = usePostgres();
const worker = '.custodia-tmp/pg-seq-worker.mjs';
const KEY = 'k'.repeat(32);
const keyBytes = new TextEncoder().encode(KEY);
const keyHex = Buffer.from(KEY).toString('hex');

beforeAll(async () => {
  mkdirSync('.custodia-tmp', { recursive: true });
  await build({ entryPoints: ['test/store-postgres/_seqWorker.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: worker, external: ['pg'], logLevel: 'error' });
});

interface Acks { queued: Map<number, number>; sequenced: Map<number, number>; exit: Promise<number | null>; proc: ChildProcess }

function spawnWriter(schema: string, w: number, count: number, conc: number, mode: string, key: string, hash: string): Acks {
  const proc = spawn(process.execPath, [worker, pgEnv.server.url, schema, String(w), String(count), String(conc), mode, key, hash], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Acks = { queued: new Map(), sequenced: new Map(), proc, exit: new Promise((res) => proc.on('exit', (code) => res(code))) };
  let buf = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d));
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      const [k, i, v] = l.split(' ');
      if (k === 'q') acks.queued.set(Number(i), Number(v));
      if (k === 's') acks.sequenced.set(Number(i), Number(v));
    }
  });
  void acks.exit.then((code) => { if (code !== 0 && code !== null) console.error(`writer ${w} exited ${code}: ${err}`); });
  return acks;
}

const open = (schema: string, extra: object = {}) => postgresStore({ connectionString: pgEnv.server.url, schema, config: { max: 4 }, ...extra });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every entry: whose (writer, index) it is; each once. */
async function entriesOf(s: PostgresStore): Promise<{ values: string[]; who: string[] }> {
  const values: string[] = [];
  for await (const e of s.read('consent')) {
    expect(e.seq).toBe(values.length);
    values.push(e.value);
  }
  const who = values.map((v) => {
    const d = (JSON.parse(v) as { data: { subject: string; collector: string } }).data;
    return `${d.subject.slice(1)}:${d.collector.slice(1)}`;
  });
  expect(new Set(who).size).toBe(who.length);
  return { values, who };
}

/** The tree in the store is the tree of the entries: root, every inclusion proof, and consistency from each checkpoint. */
async function checkTree(s: PostgresStore, values: string[], alg: 'sha256' | 'sm3', checkpoints: TreeHead[]) {
  const tree = createMerkleLog({ store: s, log: 'consent', hash: alg });
  const head = await tree.treeHead();
  expect(head.size).toBe(values.length);
  expect(Buffer.from(head.root).equals(Buffer.from(treeRoot(alg, values)))).toBe(true);
  for (let i = 0; i < values.length; i++)
    expect(verifyInclusion(alg, i, head.size, leafHash(alg, values[i]!), await tree.inclusionProof(i, head.size), head.root)).toBe(true);
  const sizes = new Set<number>();
  for (const cp of [...checkpoints, head].filter((c) => c.size > 0)) {
    if (sizes.has(cp.size)) continue;
    sizes.add(cp.size);
    expect(verifyConsistency(alg, cp.size, head.size, await tree.consistencyProof(cp.size, head.size), cp.root, head.root)).toBe(true);
  }
  return sizes.size;
}

describe('S5.5: the batch sequencer under several processes (PostgreSQL)', () => {
  it('S5.5: 8 writer processes x 400 ledger appends make one HMAC chain and one tree: every entry proven, every checkpoint consistent', async () => {
    await open('eight', { sequencer: true }).then((s) => s.close());
    const writers = Array.from({ length: 8 }, (_, w) => spawnWriter('eight', w, 400, 16, 'ledger', keyHex, 'sha256'));
    const reader = await open('eight');
    const tree = createMerkleLog({ store: reader, log: 'consent' });
    const checkpoints: TreeHead[] = [];
    let running = true;
    const exits = Promise.all(writers.map((w) => w.exit)).finally(() => (running = false));
    while (running) {
      checkpoints.push(await tree.treeHead());
      await sleep(50);
    }
    expect(await exits).toEqual(Array(8).fill(0));
    const { values, who } = await entriesOf(reader);
    expect(values.length).toBe(3200);
    writers.forEach((w, k) => {
      expect(w.sequenced.size).toBe(400);
      for (const [i, seq] of w.sequenced) expect(who[seq]).toBe(`${k}:${i}`);
    });
    expect(await createLedger({ store: reader, key: keyBytes }).verify()).toEqual({ ok: true });
    // Checkpoints were taken while the writers ran (the tree grew under them), and each is consistent with the final tree.
    expect(new Set(checkpoints.map((c) => c.size)).size).toBeGreaterThan(2);
    await checkTree(reader, values, 'sha256', checkpoints);
    await reader.close();
  }, 240_000);

  it('S5.5: the sequencer killed with SIGKILL mid-batch loses no acknowledged entry; the next sequencer resumes (SM3 chain and tree)', async () => {
    const schema = 'killseq';
    await open(schema, { sequencer: true }).then((s) => s.close());
    const writers = Array.from({ length: 4 }, (_, w) => spawnWriter(schema, w, 1200, 32, 'queue', '-', 'sm3'));
    const admin = pgEnv.admin;
    while (Number((await admin.query(`SELECT length FROM ${schema}.custodia_log_heads WHERE log = 'consent'`)).rows[0]?.length ?? 0) < 400) await sleep(20);
    // Hold the sequencer inside its batch: lock the queued rows, so that its statement writing the
    // next batch (log head, entries, tiles and tree head first, in that order) waits to delete them,
    // written but not committed. Tried again if the queue happened to be empty.
    const hold = await admin.connect();
    let stuck: { application_name: string; backend_xid: string | null } | undefined;
    for (let tries = 0; tries < 20 && !stuck; tries++) {
      await hold.query('BEGIN');
      try {
        await hold.query(`SELECT 1 FROM ${schema}.custodia_queue WHERE log = 'consent' FOR UPDATE`);
      } catch (e) {
        // The sequencer's statement locks the same rows in its own order; PostgreSQL ends such a
        // deadlock by aborting one side. When it is this one, let go and try again.
        if ((e as { code?: unknown }).code !== '40P01') throw e;
        await hold.query('ROLLBACK');
        continue;
      }
      for (let k = 0; k < 100 && !stuck; k++) {
        const { rows } = await admin.query<{ application_name: string; backend_xid: string | null }>(
          `SELECT application_name, backend_xid::text FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name LIKE 'custodia-seqw-%' AND backend_xid IS NOT NULL`);
        stuck = rows[0];
        if (!stuck) await sleep(10);
      }
      if (!stuck) await hold.query('ROLLBACK');
    }
    expect(stuck?.application_name).toMatch(/^custodia-seqw-\d$/);
    expect(stuck?.backend_xid).not.toBeNull(); // it has written: mid-batch, uncommitted
    const victim = Number(stuck!.application_name.slice('custodia-seqw-'.length));
    const lengthAtKill = Number((await admin.query(`SELECT length FROM ${schema}.custodia_log_heads WHERE log = 'consent'`)).rows[0].length);
    writers[victim]!.proc.kill('SIGKILL');
    await writers[victim]!.exit;
    await hold.query('COMMIT');
    hold.release();
    const codes = await Promise.all(writers.map((w) => w.exit));
    expect(codes.filter((c) => c === 0).length).toBe(3);
    // What the killed writer queued is sealed by whichever sequencer comes next: here one that only serves.
    const s = await open(schema, { sequencer: true });
    s.sequencer!.serve('consent', { kind: 'consent', alg: 'sm3' });
    while (Number((await admin.query(`SELECT count(*) AS n FROM ${schema}.custodia_queue`)).rows[0].n) > 0) await sleep(20);
    const { values, who } = await entriesOf(s);
    const present = new Set(who);
    const killed = writers[victim]!;
    expect(killed.queued.size).toBeGreaterThan(0);
    expect(killed.queued.size).toBeLessThan(1200); // killed before it had queued everything
    for (const i of killed.queued.keys()) expect(present.has(`${victim}:${i}`)).toBe(true);
    writers.forEach((w, k) => {
      if (k === victim) return;
      expect(w.sequenced.size).toBe(1200);
      for (const [i, seq] of w.sequenced) expect(who[seq]).toBe(`${k}:${i}`);
    });
    expect(values.length).toBeGreaterThan(lengthAtKill);
    expect(await createLedger({ store: s, hash: 'sm3' }).verify()).toEqual({ ok: true });
    await checkTree(s, values, 'sm3', []);
    await s.close();
  }, 240_000);
});
