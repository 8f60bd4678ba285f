// One writer process on a sequenced PostgreSQL store: bundled by the tests (and the bench) with
// esbuild and run with node. Writes `count` consent events, `concurrency` at a time, each naming
// its writer and index (subject `w<w>`, collector `i<i>`), and prints one line per acknowledgement
// as it happens, so a process killed mid-run has already told what was acknowledged:
//   q <i> <ticket>   queued: the queue row is committed (mode `queue` only)
//   s <i> <seq>      sequenced: the entry, its tiles and the tree head are committed
// Modes: `ledger` appends through createLedger (the API users call), `queue` through
// store.sequencer.enqueue + wait (the two acknowledgements apart), `locked` through a ledger on
// the plain store (today's lock per append), for the bench.
import { createLedger } from '../../src/consent/index.js';
import { postgresStore } from '../../src/store/postgres/index.js';

const [url, schema, wid, count, concurrency, mode, keyHex, hash] = process.argv.slice(2) as [string, string, string, string, string, string, string, string];
const key = keyHex === '-' ? undefined : Uint8Array.from(Buffer.from(keyHex, 'hex'));
const alg = hash === 'sm3' ? 'sm3' : 'sha256';
const store = await postgresStore({
  connectionString: url, schema, migrate: false, sequencer: mode !== 'locked',
  config: { max: 4, application_name: `custodia-seqw-${wid}` },
});
const ledger = createLedger({ store, hash: alg, ...(key ? { key } : {}) });
const event = (i: number) => ({
  subject: `w${wid}`, event: 'given' as const, purposes: ['marketing'], method: 'checkbox' as const, channel: 'app' as const,
  notice: { id: 'n', version: '1', hash: 'a'.repeat(64) }, evidence: 'b'.repeat(64),
  collector: `i${i}`, responsible: 'dpo', at: '2026-01-01T00:00:00Z',
});
const out: string[] = [];
const say = (line: string) => {
  out.push(line);
  if (out.length >= 64) flush();
};
const flush = () => {
  if (out.length) process.stdout.write(`${out.join('\n')}\n`);
  out.length = 0;
};
const timer = setInterval(flush, 20);
const cpu0 = process.cpuUsage();
const t0 = performance.now();

let next = 0;
const one = async (i: number) => {
  if (mode === 'queue') {
    const chain = { kind: 'consent', alg, ...(key ? { alg: `hmac-${alg}` as const, key } : {}) } as const;
    const [ticket] = await store.sequencer!.enqueue('consent', [JSON.stringify(event(i))], chain);
    say(`q ${i} ${ticket}`);
    const [e] = await store.sequencer!.wait([ticket!]);
    say(`s ${i} ${e!.seq}`);
  } else {
    const r = await ledger.append(event(i));
    say(`s ${i} ${r.seq}`);
  }
};
await Promise.all(Array.from({ length: Number(concurrency) }, async () => {
  for (let i = next++; i < Number(count); i = next++) await one(i);
}));
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(timer);
flush();
process.stdout.write(`done ${ms} ${(cpu.user + cpu.system) / 1000}\n`);
await store.close();
