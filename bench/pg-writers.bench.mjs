// Issue 18 item 5's PostgreSQL figure (bench/_pgWriters.mjs): 8 writer processes into one consent
// ledger, batch sequencer vs lock per append. A throw-away server (Debian's binaries or PG_BIN, a
// temp dir, 127.0.0.1) with durable commits: fsync and synchronous_commit on, PostgreSQL's
// defaults, so an acknowledged entry is on disk, as a deployment would run it.
// PG_WRITERS=<events per writer>,<rounds>,<batch> (default 5000,3,500).
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedger } from '../dist/consent/index.js';
import { initWasm } from '../dist/hash/index.js';
import { createMerkleLog, treeRoot } from '../dist/merkle/index.js';
import { postgresStore } from '../dist/store/postgres/index.js';
import { pgWritersTable } from './_pgWriters.mjs';

const root = '/usr/lib/postgresql';
const ver = process.env.PG_BIN ? '' : existsSync(root) ? readdirSync(root).sort((a, b) => b - a)[0] : undefined;
const bin = process.env.PG_BIN ?? (ver && join(root, ver, 'bin'));
if (!bin || !existsSync(join(bin, 'initdb'))) {
  console.log('PostgreSQL not found (apt-get install postgresql, or PG_BIN): skipping the PostgreSQL writers table');
} else {
  await initWasm();
  const asRoot = process.getuid?.() === 0;
  const run = (cmd, args) => {
    const [c, a] = asRoot ? ['runuser', ['-u', 'nobody', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(c, a, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  const dir = mkdtempSync(join(tmpdir(), 'custodia-pgwriters-'));
  if (asRoot) chownSync(dir, 65534, 65534);
  const port = await new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
  run(join(bin, 'initdb'), ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const durable = '-c fsync=on -c synchronous_commit=on -c full_page_writes=on';
  run(join(bin, 'pg_ctl'), ['-D', `${dir}/data`, '-l', `${dir}/log`, '-w', '-o', `-h 127.0.0.1 -p ${port} -k '' ${durable} -c max_connections=100`, 'start']);
  try {
    await pgWritersTable({
      url: `postgres://postgres@127.0.0.1:${port}/postgres`, dataDir: `${dir}/data`, only: process.env.PG_WRITERS_ONLY,
      lib: { postgresStore, createLedger, createMerkleLog, treeRoot }, note: 'fsync and synchronous_commit on; ',
    });
  } finally {
    run(join(bin, 'pg_ctl'), ['-D', `${dir}/data`, '-m', 'immediate', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  }
}
