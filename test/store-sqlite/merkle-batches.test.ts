// The Merkle log's batch path on SQLite: each appendMany writes entries, tiles and head in one
// transaction (Store.appendManyAndPut), folding every tile the batch fills in one hash batch per
// level. Batches of uneven sizes cross tile edges on both tile levels; the root and proofs are
// checked against RFC 6962's recursive definition computed with node:crypto, not our hasher.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createMerkleLog, verifyConsistency, verifyInclusion } from '../../src/merkle/index.js';
import { sqliteStore } from '../../src/store/sqlite/index.js';

const dir = mkdtempSync(join(tmpdir(), 'custodia-sqlite-batches-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (...parts: (Uint8Array | string)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const leaf = (e: string) => sha(new Uint8Array([0]), e);
const split = (n: number) => { let k = 1; while (k * 2 < n) k *= 2; return k; };
// RFC 6962 §2.1 MTH, over a range of the leaf hashes.
function mth(d: Uint8Array[], from = 0, to = d.length): Uint8Array {
  if (to - from === 1) return d[from]!;
  const k = split(to - from);
  return sha(new Uint8Array([1]), mth(d, from, from + k), mth(d, from + k, to));
}
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const entry = (i: number) => `{"seq":${i},"subject":"u_${(i * 7919) % 10007}","pad":"${'x'.repeat(i % 61)}"}`;

describe('sqliteStore: the Merkle log in one transaction per batch', () => {
  it('S5.5: uneven appendMany batches past a second tile level give the RFC 6962 root and proofs', async () => {
    const n = 65_536 + 1_000;
    const all = Array.from({ length: n }, (_, i) => entry(i));
    const path = join(dir, 'batches.db');
    const store = sqliteStore({ path });
    const log = createMerkleLog({ store, log: 'consent' });
    for (let i = 0, b = 1; i < n; b = (b * 7 + 13) % 9_973) {
      const size = Math.min(n - i, b);
      expect(await log.appendMany(all.slice(i, i + size))).toBe(i);
      i += size;
    }
    const leaves = all.map(leaf);
    const { size, root } = await log.treeHead();
    expect(size).toBe(n);
    expect(hex(root)).toBe(hex(mth(leaves)));
    for (const i of [0, 255, 256, 65_535, 65_536, n - 1]) expect(verifyInclusion('sha256', i, n, leaves[i]!, await log.inclusionProof(i, n), root), `index ${i}`).toBe(true);
    for (const m of [1, 256, 65_536, 65_600]) expect(verifyConsistency('sha256', m, n, await log.consistencyProof(m, n), mth(leaves, 0, m), root), `size ${m}`).toBe(true);
    await store.close();
    // A file the store created has 16 KiB pages; one it did not create keeps its own.
    const db = new Database(path, { readonly: true });
    expect(db.pragma('page_size', { simple: true })).toBe(16_384);
    db.close();
    const own = new Database(join(dir, 'theirs.db'));
    const theirs = sqliteStore({ db: own });
    await createMerkleLog({ store: theirs, log: 'consent' }).appendMany(all.slice(0, 300));
    expect(own.pragma('page_size', { simple: true })).toBe(4_096);
    await theirs.close();
    own.close();
  });
});
