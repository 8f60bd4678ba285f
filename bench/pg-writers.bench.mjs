// Issue 18 item 5's PostgreSQL figure (bench/_pgWriters.mjs): 8 writer processes into one consent
// ledger, batch sequencer vs lock per append. A throw-away server (Debian's binaries or PG_BIN, a
// temp dir, 127.0.0.1) with durable commits: fsync and synchronous_commit on, PostgreSQL's
// defaults, so an acknowledged entry is on disk, as a deployment would run it.
// PG_WRITERS=<events per writer>,<rounds>,<batch> (default 5000,3,500).
import { createLedger } from '../dist/consent/index.js';
import { initWasm } from '../dist/hash/index.js';
import { createMerkleLog, treeRoot } from '../dist/merkle/index.js';
import { postgresStore } from '../dist/store/postgres/index.js';
import { startPostgres } from './_pgServer.mjs';
import { pgWritersTable } from './_pgWriters.mjs';

// Durable commits, PostgreSQL's defaults: an acknowledged entry is on disk.
const server = await startPostgres('custodia-pgwriters-', '-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=100');
if (!server) {
  console.log('PostgreSQL not found (apt-get install postgresql, or PG_BIN): skipping the PostgreSQL writers table');
} else {
  await initWasm();
  try {
    await pgWritersTable({
      url: server.url, dataDir: server.dataDir, only: process.env.PG_WRITERS_ONLY,
      lib: { postgresStore, createLedger, createMerkleLog, treeRoot }, note: 'fsync and synchronous_commit on; ',
    });
  } finally {
    server.stop();
  }
}
