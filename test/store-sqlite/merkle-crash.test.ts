// The Merkle log (issue 18) on the real engine under real concurrency: three OS processes
// appending batches to one SQLite file, killed with SIGKILL mid-append, twice. Acknowledged
// entries are never lost, and the tree the tiles give is the tree rebuilt from the entries.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerkleLog, leafHash, treeRoot, verifyInclusion } from '../../src/merkle/index.js';
import { sqliteStore } from '../../src/store/sqlite/index.js';

const ROOT = resolve(__dirname, '../..');
const WORKER = join(ROOT, 'test-artifacts', `sqlite-merkle-worker-${process.pid}.mjs`);
const dir = mkdtempSync(join(tmpdir(), 'custodia-sqlite-merkle-'));

beforeAll(async () => {
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  await build({ entryPoints: [join(__dirname, '_merkleWorker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: WORKER, external: ['better-sqlite3'], logLevel: 'silent' });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(WORKER, { force: true });
});

function start(path: string, tag: string): { child: ChildProcess; lines: string[]; done: Promise<number | null> } {
  const child = spawn(process.execPath, [WORKER, path, tag], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((res) => child.on('exit', (code) => {
    if (code) console.error(err);
    res(code);
  }));
  return { child, lines, done };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('Merkle log on SQLite across processes', () => {
  it('S5.5 / S8: three processes appending batches, killed with SIGKILL mid-append: every acknowledged entry is there once, at its index, and the tiles give the rebuilt root', async () => {
    const path = join(dir, 'crash.db');
    await sqliteStore({ path }).close();
    const acknowledged = new Map<number, string>();
    for (let round = 0; round < 2; round++) {
      const ws = ['a', 'b', 'c'].map((t) => start(path, `${round}${t}`));
      const target = 60 + round * 40;
      await new Promise<void>((res) => {
        const t = setInterval(() => {
          if (ws.every((w) => w.lines.length >= target)) {
            clearInterval(t);
            res();
          }
        }, 2);
      });
      for (const w of ws) w.child.kill('SIGKILL');
      for (const w of ws) expect(await w.done).toBe(null);
      for (const w of ws) for (const l of w.lines) {
        const at = l.indexOf(' ');
        const index = Number(l.slice(0, at));
        expect(acknowledged.has(index)).toBe(false); // no index acknowledged to two writers
        acknowledged.set(index, l.slice(at + 1));
      }

      const store = sqliteStore({ path });
      const entries = (await collect(store.read('events'))).map((e) => e.value);
      for (const [index, entry] of acknowledged) expect(entries[index]).toBe(entry);
      expect(new Set(entries).size).toBe(entries.length); // each entry once
      // A kill between an entry batch and its tiles leaves tiles behind: sync hashes them in.
      const log = createMerkleLog({ store, log: 'events' });
      expect(await log.sync()).toBe(entries.length);
      const head = await log.treeHead();
      expect(head.root).toEqual(treeRoot('sha256', entries));
      for (const index of [...acknowledged.keys()].filter((_, k) => k % 25 === 0))
        expect(verifyInclusion('sha256', index, head.size, leafHash('sha256', entries[index]!), await log.inclusionProof(index, head.size), head.root)).toBe(true);
      await store.close();
    }
    // Still writable after the crashes.
    const store = sqliteStore({ path });
    const log = createMerkleLog({ store, log: 'events' });
    const before = await log.size();
    expect(await log.appendMany(['{"after":"crash"}'])).toBe(before);
    expect((await log.treeHead()).root).toEqual(treeRoot('sha256', (await collect(store.read('events'))).map((e) => e.value)));
    await store.close();
  }, 120_000);
});
