// A child process appending consent events to a SQLite ledger; bundled by the tests with esbuild.
// Prints "seq hash" after each append has resolved, so the parent knows what must survive.
import { createLedger } from '../../src/consent/index.js';
import { sqliteStore } from '../../src/store/sqlite/index.js';
import { event } from '../consent/_fixtures.js';

const [path, countArg, tag] = process.argv.slice(2);
const count = Number(countArg);
const ledger = createLedger({ store: sqliteStore({ path: path!, synchronous: 'FULL' }) });
for (let i = 0; count === 0 || i < count; i++) {
  const r = await ledger.append(event({ subject: `u_${tag}_${i % 5}`, collector: `worker-${tag}` }));
  process.stdout.write(`${r.seq} ${r.hash}\n`);
}
