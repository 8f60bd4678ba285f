// Issue 18 item 5's PostgreSQL figure: 8 writer PROCESSES appending consent events to ONE ledger
// through createLedger, with the batch sequencer (postgresStore({ sequencer: true })), single
// appends and appendMany batches, against today's lock per append (the plain store: head row
// lock + ifLength, retried on conflict), in one run, rounds interleaved, best of ROUNDS. Every
// round ends by verifying what was written: the log holds every event once, the ledger's chain
// verifies, and the Merkle tree head covers the whole log with the root of its entries. Besides
// events/s (wall), the CPU every process spent (the writers' process.cpuUsage, the server's from
// /proc): on a machine shared with other work, wall time measures the others too.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const WRITERS = 8;
// Warm-up events per writer before the measured window: enough for V8 to optimise the ledger's
// validation and sealing and pg's paths (the lock per append is slow: a few).
const WARM = { single: 500, batch: 1000, locked: 32 };
const worker = fileURLToPath(new URL('./_pgWriter.mjs', import.meta.url));
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

/**
 * CPU ms of the postmaster and all its children (backends, WAL writer, checkpointer…), those that
 * exited included: a backend that ends in the window (an idle pool connection closed, an
 * autovacuum worker) leaves the sum of the living, and its CPU moves to the postmaster's cutime.
 */
function serverCpu(dataDir) {
  const pm = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  let ticks = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat;
    try { stat = readFileSync(`/proc/${d}/stat`, 'utf8'); } catch { continue; }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(d) === pm || Number(f[1]) === pm) ticks += Number(f[11]) + Number(f[12]);
    if (Number(d) === pm) ticks += Number(f[13]) + Number(f[14]);
  }
  return ticks * TICK_MS;
}

function writer(args) {
  const p = spawn(process.execPath, [...(process.env.PG_WRITER_ARGS ? process.env.PG_WRITER_ARGS.split(' ') : []), worker, ...args.map(String)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = '';
  const waiting = [];
  p.stdout.on('data', (d) => {
    buf += d;
    let at;
    while ((at = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, at);
      buf = buf.slice(at + 1);
      waiting.shift()?.(line);
    }
  });
  const exit = new Promise((res) => p.on('exit', res));
  return { next: () => new Promise((res) => waiting.push(res)), send: (s) => p.stdin.write(`${s}\n`), exit };
}

/** What the round wrote is one log of every event, one valid chain, and one tree over all of it. */
async function verifyRound(lib, url, schema, mode, expected) {
  const s = await lib.postgresStore({ connectionString: url, schema, migrate: false });
  try {
    const values = [];
    for await (const e of s.read('consent')) values.push(e.value);
    if (values.length !== expected || (await s.length('consent')) !== expected) throw new Error(`${mode}: log holds ${values.length}, expected ${expected}`);
    const v = await lib.createLedger({ store: s }).verify();
    if (!v.ok) throw new Error(`${mode}: the chain does not verify: ${JSON.stringify(v)}`);
    if (mode === 'locked') return;
    const head = await lib.createMerkleLog({ store: s, log: 'consent' }).treeHead();
    const root = lib.treeRoot('sha256', values);
    if (head.size !== expected || Buffer.compare(Buffer.from(head.root), Buffer.from(root)) !== 0) throw new Error(`${mode}: the tree head does not cover the log`);
  } finally {
    await s.close();
  }
}

async function round(lib, url, dataDir, schema, mode, count, inflight, batch) {
  await lib.postgresStore({ connectionString: url, schema, sequencer: true }).then((s) => s.close());
  const ws = Array.from({ length: WRITERS }, () => writer([url, schema, count, inflight, mode, batch, WARM[mode]]));
  await Promise.all(ws.map((w) => w.next().then((l) => { if (l !== 'ready') throw new Error(`writer: ${l}`); })));
  const server0 = serverCpu(dataDir);
  const t = performance.now();
  const dones = ws.map((w) => w.next());
  ws.forEach((w) => w.send('go'));
  const lines = await Promise.all(dones);
  const wall = performance.now() - t;
  const server = serverCpu(dataDir) - server0;
  const cpus = lines.map((l) => Number(l.split(' ')[2]));
  const client = cpus.reduce((a, c) => a + c, 0);
  ws.forEach((w) => w.send('quit'));
  await Promise.all(ws.map((w) => w.exit));
  await verifyRound(lib, url, schema, mode, WRITERS * (count + WARM[mode]));
  const events = WRITERS * count;
  // The busiest writer is the sequencer (it seals every batch): one process, so at most one core.
  return { rate: (events / wall) * 1000, cpuPerK: ((client + server) / events) * 1000, client, server, wall, busiest: Math.max(...cpus), load: loadavg()[0], batches: mode === 'locked' ? undefined : await batchCount(url, schema) };
}

/** How many sequencer batches (transactions) the round took: few large ones is what batching buys. */
async function batchCount(url, schema) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(`SELECT count(*)::int AS n FROM "${schema}".custodia_queue_batches`)).rows[0].n;
  } finally {
    await c.end();
  }
}

/**
 * Runs the rounds and prints the table. `lib`: the built package's postgresStore, createLedger,
 * createMerkleLog and treeRoot. PG_WRITERS=<events per writer>,<rounds>,<batch> (default
 * 5000,3,500); `only` runs one mode (profiling).
 */
export async function pgWritersTable({ url, dataDir, lib, inflight = 32, batchInflight = 2, only, note = '' }) {
  const [count = 5000, rounds = 3, batch = 500] = (process.env.PG_WRITERS ?? '').split(',').filter(Boolean).map(Number);
  const best = {};
  let n = 0;
  for (let r = 0; r < rounds; r++)
    for (const mode of only ? [only] : ['single', 'batch', 'locked']) {
      // The lock-per-append path is slow: a tenth of the events keeps the run short (a rate is a rate).
      const c = mode === 'locked' ? Math.max(100, Math.round(count / 10)) : count;
      const res = await round(lib, url, dataDir, `w${n++}`, mode, c, mode === 'batch' ? batchInflight : inflight, batch);
      console.error(`  round ${r + 1} ${mode}: ${Math.round(res.rate)} events/s, ${res.cpuPerK.toFixed(0)} CPU ms per 1,000 (writers ${(res.client / 1000).toFixed(1)} s, the busiest ${(res.busiest / 1000).toFixed(1)} s, server ${(res.server / 1000).toFixed(1)} s, wall ${(res.wall / 1000).toFixed(1)} s, load ${res.load.toFixed(1)})${res.batches ? `, ${res.batches} batches` : ''}, verified`);
      if (!best[mode] || res.rate > best[mode].rate) best[mode] = { ...res, count: c };
    }
  if (only) return best;
  const fmt = (x) => Math.round(x).toLocaleString('en-US');
  const [s, b, l] = [best.single, best.batch, best.locked];
  console.log(`\n8 writer processes into one consent ledger (createLedger), best of ${rounds} interleaved rounds, each verified after (every event once, the chain, the tree head over the whole log); ${note}load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs shared with other work\n`);
  console.log('| 8 writer processes | events per writer | events/s (wall) | vs lock per append | CPU ms per 1,000 events (writers + server) | load (1 min) in the best round | target |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  const row = (what, x, target) => console.log(`| ${what} | ${fmt(x.count)} | ${fmt(x.rate)} | ${(x.rate / l.rate).toFixed(1)}× | ${fmt(x.cpuPerK)} | ${x.load.toFixed(1)} | ${target} |`);
  row(`batch sequencer, single appends (ledger.append, ${inflight} in flight per process)`, s, '≥ 10,000/s');
  row(`batch sequencer, appendMany batches of ${batch} (${batchInflight} in flight per process)`, b, '≥ 10,000/s');
  row(`lock per append (today: head row lock + ifLength, retry on conflict; no tiles; ledger.append, ${inflight} in flight per process)`, l, '—');
  return best;
}
