// One writer process of the PostgreSQL writers bench (bench/_pgWriters.mjs), on the BUILT package:
// opens the store, appends one event (the ledger reads the chain once), prints `ready`, waits for
// `go` on stdin, appends `count` consent events through createLedger with `inflight` appends in
// flight, prints `done <wall ms> <cpu ms>`, and closes on `quit` (so the parent can read the
// server's CPU while this process's backend still lives).
// argv: url schema count inflight mode(sequenced|locked|direct). `direct` queues the same events
// with store.sequence (sealed as the ledger's records, but without the ledger's per-event schema
// validation): the sequencer's own capacity.
import { createInterface } from 'node:readline';
import { createLedger } from '../dist/consent/index.js';
import { initWasm } from '../dist/hash/index.js';
import { postgresStore } from '../dist/store/postgres/index.js';

const [url, schema, count, inflight, mode] = process.argv.slice(2);
await initWasm();
const store = await postgresStore({ connectionString: url, schema, migrate: false, sequencer: mode !== 'locked', config: { max: 4 } });
const ledger = createLedger({ store });
const event = (i) => ({
  subject: `u_${(i * 7919) % 50_000}`, event: i % 7 === 6 ? 'withdrawn' : 'given', purposes: ['marketing', 'membership'],
  notice: { id: 'member-privacy', version: '2024-06', hash: 'c'.repeat(64) }, method: 'checkbox', channel: 'mini-program',
  collector: 'mp-signup', responsible: 'crm-owner', evidence: 'e'.repeat(64), at: new Date(1_720_000_000_000 + i * 1000).toISOString(),
});
await ledger.append(event(0));
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write('ready\n');
await lines.next();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let next = 1;
await Promise.all(Array.from({ length: Number(inflight) }, async () => {
  for (let i = next++; i <= Number(count); i = next++)
    if (mode === 'direct') await store.sequence('consent', JSON.stringify(event(i)), { kind: 'consent', alg: 'sha256' });
    else await ledger.append(event(i));
}));
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(`done ${ms} ${(cpu.user + cpu.system) / 1000}\n`);
await lines.next();
await store.close();
process.exit(0);
