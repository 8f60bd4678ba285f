// One appender process: bundled by the test with esbuild and run with node. Appends `count`
// hash-chained entries to one log with ifLength, re-syncing on conflicts and on outages, and
// prints the sequence numbers the store acknowledged.
import { createHash } from 'node:crypto';
import { isCustodiaError } from '../../src/errors/index.js';
import { postgresStore } from '../../src/store/postgres/index.js';

const [url, schema, wid, count] = process.argv.slice(2) as [string, string, string, string];
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LOG = 'ledger';

const store = await retry(() => postgresStore({ connectionString: url, schema, config: { max: 1, application_name: 'custodia-worker' } }));
// Head of the chain as this worker knows it: length and hash of the last entry.
async function entryAt(seq: number): Promise<string | undefined> {
  for await (const e of store.read(LOG, { from: seq, limit: 1 })) return e.value;
  return undefined;
}
async function retry<T>(f: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await f();
    } catch {
      await sleep(50);
    }
  }
}
const sync = () =>
  retry(async () => {
    const n = await store.length(LOG);
    const last = n > 0 ? await entryAt(n - 1) : undefined;
    return { n, prev: last === undefined ? '0'.repeat(64) : sha(last) };
  });

const acked: number[] = [];
const unacked: number[] = [];
let outages = 0;
let head = await sync();
for (let i = 0; i < Number(count); i++) {
  for (;;) {
    const value = JSON.stringify({ prev: head.prev, w: Number(wid), i });
    try {
      const seq = await store.append(LOG, value, { ifLength: head.n });
      acked.push(seq);
      head = { n: seq + 1, prev: sha(value) };
      break;
    } catch (e) {
      const down = isCustodiaError(e, 'STORE_UNAVAILABLE');
      if (!down && !isCustodiaError(e, 'STORE_CONFLICT')) throw e;
      if (down) outages++;
      const now = await sync();
      // After an outage the append may have committed without its reply reaching us: the
      // entry at the attempted seq tells, so nothing is appended twice.
      if (down && now.n > head.n && (await retry(() => entryAt(head.n))) === value) {
        unacked.push(head.n);
        head = { n: head.n + 1, prev: sha(value) };
        break;
      }
      head = now;
    }
  }
}
await store.close();
process.stdout.write(JSON.stringify({ acked, unacked, outages }));
