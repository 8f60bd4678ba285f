// A child process appending batches to a Merkle log on SQLite; bundled by the tests with esbuild.
// Prints "index entry" for every entry of a batch once appendMany has resolved (acknowledged).
import { isCustodiaError } from '../../src/errors/index.js';
import { createMerkleLog } from '../../src/merkle/index.js';
import { sqliteStore } from '../../src/store/sqlite/index.js';

const [path, tag] = process.argv.slice(2);
const log = createMerkleLog({ store: sqliteStore({ path: path!, synchronous: 'FULL' }), log: 'events' });
for (let i = 0; ; ) {
  // Mostly small batches, and now and then one of 70: the SQLite store writes those 32 rows per INSERT.
  const batch = Array.from({ length: i % 5 === 3 ? 70 : 1 + (i % 17) }, (_, k) => JSON.stringify({ w: tag, i: i + k }));
  let first: number;
  try {
    first = await log.appendMany(batch);
  } catch (e) {
    if (isCustodiaError(e, 'STORE_CONFLICT') || isCustodiaError(e, 'LEDGER_CONFLICT')) continue; // another writer got there first
    throw e;
  }
  process.stdout.write(batch.map((b, k) => `${first + k} ${b}\n`).join(''));
  i += batch.length;
}
