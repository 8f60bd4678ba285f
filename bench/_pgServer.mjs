// A throw-away PostgreSQL server for the benches: Debian's binaries (or PG_BIN), a temp dir, 127.0.0.1
// on a free port, started as `nobody` when the bench runs as root (initdb refuses root).
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts a server with `settings` (postgres `-c` flags); undefined when no PostgreSQL is installed.
 * `stop()` kills it (immediate mode) and removes its directory.
 */
export async function startPostgres(tmpPrefix, settings) {
  const root = '/usr/lib/postgresql';
  const ver = process.env.PG_BIN ? '' : existsSync(root) ? readdirSync(root).sort((a, b) => b - a)[0] : undefined;
  const bin = process.env.PG_BIN ?? (ver && join(root, ver, 'bin'));
  if (!bin || !existsSync(join(bin, 'initdb'))) return undefined;
  const asRoot = process.getuid?.() === 0;
  const run = (cmd, args) => {
    const [c, a] = asRoot ? ['runuser', ['-u', 'nobody', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(c, a, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  const dir = mkdtempSync(join(tmpdir(), tmpPrefix));
  if (asRoot) chownSync(dir, 65534, 65534);
  const port = await new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
  run(join(bin, 'initdb'), ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  run(join(bin, 'pg_ctl'), ['-D', `${dir}/data`, '-l', `${dir}/log`, '-w', '-o', `-h 127.0.0.1 -p ${port} -k '' ${settings}`, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir: `${dir}/data`,
    stop() {
      run(join(bin, 'pg_ctl'), ['-D', `${dir}/data`, '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
