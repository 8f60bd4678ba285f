// A throw-away ClickHouse cluster for tests: two (or more) clickhouse-server processes from
// Debian's package (18.16) on free loopback ports, each with its own data and tmp directory
// under one temp folder, and a `remote_servers` entry naming all of them as shards of one
// cluster. Tables: `createSharded` makes a local table on every shard and a `Distributed`
// table over them on the first; `insertSharded` splits rows round-robin across the shards'
// local tables. `stop` kills the processes (SIGKILL, no shutdown to wait for) and removes the folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../pg/server.js';

export const CLICKHOUSE_BIN = process.env['CLICKHOUSE_SERVER'] ?? '/usr/sbin/clickhouse-server';
export const CLICKHOUSE_PRESENT = existsSync(CLICKHOUSE_BIN);
export const CLUSTER = 'custodia';
const REQUIRED = process.env['CUSTODIA_REQUIRE_ENGINES'] === '1';
/** Why the ClickHouse tests skip here, or undefined when they run (in CI a missing server fails instead). */
export const CLICKHOUSE_SKIP = CLICKHOUSE_PRESENT || REQUIRED ? undefined : `clickhouse-server not found at ${CLICKHOUSE_BIN} (apt-get install -y clickhouse-server; .ci/run installs it)`;
if (CLICKHOUSE_SKIP) console.warn(`custodia: ClickHouse tests skipped: ${CLICKHOUSE_SKIP}`);

export interface Shard {
  readonly http: number;
  readonly tcp: number;
  /** HTTP endpoint, e.g. `http://127.0.0.1:34567`. */
  readonly url: string;
  readonly dir: string;
  process: ChildProcess | undefined;
}

export interface Cluster {
  readonly shards: readonly Shard[];
  /** The first shard's URL: where the Distributed tables live and queries are sent. */
  readonly url: string;
  /** Runs one statement over HTTP on shard `i` (default 0) and returns the body; throws with ClickHouse's message. */
  sql(text: string, shard?: number): Promise<string>;
  /** `CREATE TABLE name_local (…) ENGINE = MergeTree` on every shard and `name` as a Distributed table over them on shard 0. */
  createSharded(name: string, columns: readonly (readonly [string, string])[]): Promise<void>;
  /** Inserts rows (objects of text values) round-robin into the shards' local tables. */
  insertSharded(name: string, rows: readonly Record<string, string>[]): Promise<void>;
  /** Kills one shard's server (SIGKILL), as a crashed machine. */
  kill(shard: number): void;
  /** Kills every server, waits until they have exited (a dying server still writes), then removes the folder. */
  stop(): Promise<void>;
}

const ident = (s: string): string => '`' + s.replace(/[\\`]/g, (c) => '\\' + c) + '`';

function config(dir: string, self: { http: number; tcp: number }, all: readonly { tcp: number }[]): string {
  const shards = all.map((s) => `<shard><replica><host>127.0.0.1</host><port>${s.tcp}</port></replica></shard>`).join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${self.http}</http_port>
  <tcp_port>${self.tcp}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <remote_servers><${CLUSTER}>${shards}</${CLUSTER}></remote_servers>
</yandex>
`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_threads>2</max_threads></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`;

async function post(url: string, text: string, body?: string): Promise<string> {
  const target = body === undefined ? url : `${url}/?query=${encodeURIComponent(text)}`;
  const r = await fetch(target, { method: 'POST', body: body ?? text });
  const out = await r.text();
  if (!r.ok) throw new Error(`ClickHouse ${r.status}: ${out.slice(0, 500)}`);
  return out;
}

async function waitReady(shard: Shard, deadline: number): Promise<void> {
  for (;;) {
    try {
      const r = await fetch(`${shard.url}/ping`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (shard.process?.exitCode !== null && shard.process?.exitCode !== undefined) {
      const log = existsSync(join(shard.dir, 'error.log')) ? readFileSync(join(shard.dir, 'error.log'), 'utf8').slice(-2000) : '';
      throw new Error(`clickhouse-server exited with ${shard.process.exitCode}: ${log}`);
    }
    if (Date.now() > deadline) throw new Error(`clickhouse-server on ${shard.url} not ready after 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `count` shards and waits until every one answers /ping. */
export async function startCluster(count = 2): Promise<Cluster> {
  if (!CLICKHOUSE_PRESENT) throw new Error(`clickhouse-server not found at ${CLICKHOUSE_BIN}: apt-get install -y clickhouse-server (or set CLICKHOUSE_SERVER)`);
  const root = mkdtempSync(join(tmpdir(), 'custodia-clickhouse-'));
  const ports: { http: number; tcp: number }[] = [];
  // freePort releases the port before returning: take them all first so no two shards collide.
  const taken = new Set<number>();
  while (ports.length < count) {
    const http = await freePort();
    const tcp = await freePort();
    if (http === tcp || taken.has(http) || taken.has(tcp)) continue;
    taken.add(http).add(tcp);
    ports.push({ http, tcp });
  }
  const shards: Shard[] = ports.map((p, i) => {
    const dir = join(root, `shard${i}`);
    mkdirSync(join(dir, 'data'), { recursive: true });
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    writeFileSync(join(dir, 'config.xml'), config(dir, p, ports));
    writeFileSync(join(dir, 'users.xml'), USERS);
    const process = spawn(CLICKHOUSE_BIN, [`--config-file=${join(dir, 'config.xml')}`], { stdio: 'ignore' });
    process.on('error', () => undefined);
    return { ...p, url: `http://127.0.0.1:${p.http}`, dir, process };
  });
  const stop = async (): Promise<void> => {
    await Promise.all(shards.map((s) => {
      const p = s.process;
      if (!p || p.exitCode !== null || p.signalCode !== null) return undefined;
      return new Promise<void>((resolve) => {
        p.once('exit', () => resolve());
        p.kill('SIGKILL');
      });
    }));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 60_000;
    await Promise.all(shards.map((s) => waitReady(s, deadline)));
  } catch (e) {
    await stop();
    throw e;
  }
  const sql = (text: string, shard = 0): Promise<string> => post(shards[shard]!.url, text);
  return {
    shards,
    url: shards[0]!.url,
    sql,
    async createSharded(name, columns) {
      const cols = columns.map(([c, t]) => `${ident(c)} ${t}`).join(', ');
      for (let i = 0; i < shards.length; i++) await sql(`CREATE TABLE ${ident(name + '_local')} (${cols}) ENGINE = MergeTree ORDER BY tuple()`, i);
      await sql(`CREATE TABLE ${ident(name)} (${cols}) ENGINE = Distributed(${CLUSTER}, currentDatabase(), ${ident(name + '_local')})`);
    },
    async insertSharded(name, rows) {
      for (let i = 0; i < shards.length; i++) {
        const part = rows.filter((_, j) => j % shards.length === i);
        if (part.length === 0) continue;
        await post(shards[i]!.url, `INSERT INTO ${ident(name + '_local')} FORMAT JSONEachRow`, part.map((r) => JSON.stringify(r)).join('\n'));
      }
    },
    kill(i) {
      shards[i]!.process?.kill('SIGKILL');
      shards[i]!.process = undefined;
    },
    stop,
  };
}
