// Starts a throw-away PostgreSQL server for tests: Debian's binaries (or PG_BIN), a fresh data
// directory under the temp dir, 127.0.0.1 on a free port, no Unix socket, trust auth. As root
// the server runs as `nobody` (PostgreSQL refuses to run as root).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgServer {
  port: number;
  url: string;
  /** e.g. `PostgreSQL 15.18` */
  version: string;
  dataDir: string;
  /** `immediate` is a crash (recovery replays the WAL); `fast` a clean shutdown. */
  restart(mode?: 'fast' | 'immediate'): void;
  stop(): void;
}

export function findPgBin(): string | undefined {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], 'bin');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const asRoot = () => process.getuid?.() === 0;

function run(bin: string, args: string[]): string {
  const [cmd, argv] = asRoot() ? ['runuser', ['-u', 'nobody', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr || r.stdout || r.error}`);
  return r.stdout;
}

export async function startPostgres(): Promise<PgServer> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL not found: apt-get install -y postgresql (or set PG_BIN to its bin directory)');
  const dir = mkdtempSync(join(tmpdir(), 'custodia-pg-'));
  if (asRoot()) chownSync(dir, 65534, 65534);
  const dataDir = join(dir, 'data');
  const log = join(dir, 'server.log');
  run(join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  // fsync=off keeps tests fast; an immediate-mode restart only kills processes, so the WAL the
  // server wrote before acknowledging a commit is still in the OS cache for recovery.
  const opts = `-h 127.0.0.1 -p ${port} -k '' -c fsync=off -c max_connections=60`;
  const ctl = (args: string[]) => run(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', log, '-w', '-t', '60', ...args]);
  ctl(['-o', opts, 'start']);
  const version = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim().replace(/^postgres \(PostgreSQL\) /, 'PostgreSQL ');
  let running = true;
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    dataDir,
    restart(mode = 'fast') {
      ctl(['-m', mode, '-o', opts, 'restart']);
    },
    stop() {
      if (!running) return;
      running = false;
      try {
        ctl(['-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
