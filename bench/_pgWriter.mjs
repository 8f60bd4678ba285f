// One writer process of the PostgreSQL writers bench (bench/_pgWriters.mjs), on the BUILT package:
// opens the store, appends `warm` events (the ledger reads the chain once; the JIT optimises the
// validation, sealing and pg paths; connections open), prints `ready`, waits for `go` on stdin, appends `count` consent events through
// createLedger, prints `done <wall ms> <cpu ms>`, and closes on `quit` (so the parent can read
// the server's CPU while this process's backend still lives).
// argv: url schema count inflight mode batch warm. Modes:
//   single  sequencer: true, ledger.append per event, `inflight` appends in flight
//   batch   sequencer: true, ledger.appendMany of `batch` events, `inflight` calls in flight
//   locked  the plain store (lock per append: head row lock + ifLength, retried), ledger.append
// PG_WRITER_PROFILE=<dir> writes a CPU profile of the measured window (not the start-up).
import { createInterface } from 'node:readline';
import { createLedger } from '../dist/consent/index.js';
import { initWasm } from '../dist/hash/index.js';
import { postgresStore } from '../dist/store/postgres/index.js';

const [url, schema, count, inflight, mode, batch, warm] = process.argv.slice(2);
await initWasm();
const store = await postgresStore({ connectionString: url, schema, migrate: false, sequencer: mode !== 'locked', config: { max: 4 } });
const ledger = createLedger({ store });
const event = (i) => ({
  subject: `u_${(i * 7919) % 50_000}`, event: i % 7 === 6 ? 'withdrawn' : 'given', purposes: ['marketing', 'membership'],
  notice: { id: 'member-privacy', version: '2024-06', hash: 'c'.repeat(64) }, method: 'checkbox', channel: 'mini-program',
  collector: 'mp-signup', responsible: 'crm-owner', evidence: 'e'.repeat(64), at: new Date(1_720_000_000_000 + i * 1000).toISOString(),
});
const B = Number(batch);
const run = async (from, n) => {
  let next = from;
  const end = from + n;
  await Promise.all(Array.from({ length: Number(inflight) }, async () => {
    if (mode === 'batch') for (let i = next; i < end; i = next) { next = Math.min(end, i + B); await ledger.appendMany(Array.from({ length: next - i }, (_, k) => event(i + k))); }
    else for (let i = next++; i < end; i = next++) await ledger.append(event(i));
  }));
};
await run(10_000_000, Number(warm)); // warm-up events, outside the measured window
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write('ready\n');
await lines.next();
const prof = process.env.PG_WRITER_PROFILE ? await profiler() : undefined;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await run(0, Number(count));
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await prof?.();
process.stdout.write(`done ${ms} ${(cpu.user + cpu.system) / 1000}\n`);
await lines.next();
await store.close();
process.exit(0);

async function profiler() {
  const { Session } = await import('node:inspector');
  const { writeFileSync } = await import('node:fs');
  const s = new Session();
  s.connect();
  const post = (m, p) => new Promise((res, rej) => s.post(m, p, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => {
    const { profile } = await post('Profiler.stop');
    writeFileSync(`${process.env.PG_WRITER_PROFILE}/w${process.pid}.cpuprofile`, JSON.stringify(profile));
  };
}
