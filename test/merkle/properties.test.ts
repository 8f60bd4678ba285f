// The tile-backed engine against the RFC 9162 §2.1 definitions written out recursively (MTH, PATH,
// SUBPROOF over an in-memory array of leaves), across tile boundaries (256 leaves, and 65,536
// where a second tile level starts), plus fast-check properties of the verifiers: every proof
// verifies, and any flipped bit, wrong index or wrong size fails. Seeded.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/index.js';
import type { HashAlg } from '../../src/hash/index.js';
import { createMerkleLog, emptyRoot, leafHash, nodeHash, verifyConsistency, verifyInclusion, type MerkleLog } from '../../src/merkle/index.js';
import { memoryStore } from '../../src/store/index.js';
import { batchless } from '../store/_batchless.js';

const SEED = 20261203;
const split = (n: number) => { let k = 1; while (k * 2 < n) k *= 2; return k; };
function mth(alg: HashAlg, d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return emptyRoot(alg);
  if (d.length === 1) return d[0]!;
  const k = split(d.length);
  return nodeHash(alg, mth(alg, d.slice(0, k)), mth(alg, d.slice(k)));
}
function path(alg: HashAlg, m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k ? [...path(alg, m, d.slice(0, k)), mth(alg, d.slice(k))] : [...path(alg, m - k, d.slice(k)), mth(alg, d.slice(0, k))];
}
function subproof(alg: HashAlg, m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(alg, d)];
  const k = split(d.length);
  return m <= k ? [...subproof(alg, m, d.slice(0, k), b), mth(alg, d.slice(k))] : [...subproof(alg, m - k, d.slice(k), false), mth(alg, d.slice(0, k))];
}

const entry = (i: number) => `{"seq":${i},"subject":"u_${(i * 7919) % 10007}","event":"given"}`;
const N = 1100; // past four level-0 tiles, with a partial one at the end
const logs = {} as Record<HashAlg, { log: MerkleLog; leaves: Uint8Array[] }>;

beforeAll(async () => {
  for (const alg of ['sha256', 'sm3'] as const) {
    // SHA-256 on the memory store's one-write batches, SM3 on a store without them (entries, then a put per tile).
    const log = createMerkleLog({ store: alg === 'sha256' ? memoryStore() : batchless(memoryStore()), log: 'consent', hash: alg });
    const all = Array.from({ length: N }, (_, i) => entry(i));
    // Appended in uneven batches so tiles are written partial, then completed.
    for (let at = 0; at < N; ) { const n = Math.min(N - at, 1 + ((at * 31) % 97)); await log.appendMany(all.slice(at, at + n)); at += n; }
    logs[alg] = { log, leaves: all.map((e) => leafHash(alg, e)) };
  }
});

const hex = (l: Uint8Array[]) => l.map(toHex);
const flip = (b: Uint8Array, bit: number) => { const c = b.slice(); c[bit >> 3]! ^= 1 << (bit & 7); return c; };

describe.each(['sha256', 'sm3'] as const)('S5.5: %s tree in tiles equals the RFC 9162 definitions', (alg) => {
  it('S5.5: roots, inclusion and consistency proofs for random sizes match MTH / PATH / PROOF', async () => {
    const { log, leaves } = logs[alg];
    expect(await log.size()).toBe(N);
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: N }), fc.nat(), fc.nat(), async (size, i, o) => {
      const index = i % size;
      const old = 1 + (o % size);
      const d = leaves.slice(0, size);
      expect(toHex((await log.treeHead(size)).root)).toBe(toHex(mth(alg, d)));
      expect(hex(await log.inclusionProof(index, size))).toEqual(hex(path(alg, index, d)));
      expect(hex(await log.consistencyProof(old, size))).toEqual(old === size ? [] : hex(subproof(alg, old, d, true)));
      expect(toHex(await log.leafHash(index))).toBe(toHex(leaves[index]!));
    }), { seed: SEED, numRuns: 60 });
  });

  it('S5.5: every proof verifies; a flipped bit, a wrong index or a wrong size fails', async () => {
    const { log, leaves } = logs[alg];
    await fc.assert(fc.asyncProperty(fc.integer({ min: 2, max: N }), fc.nat(), fc.nat(), fc.nat(), async (size, i, o, bit) => {
      const index = i % size;
      const old = 1 + (o % (size - 1)); // old < size: a non-empty consistency proof
      const root = mth(alg, leaves.slice(0, size));
      const oldRoot = mth(alg, leaves.slice(0, old));
      const p = await log.inclusionProof(index, size);
      const c = await log.consistencyProof(old, size);
      expect(verifyInclusion(alg, index, size, leaves[index]!, p, root)).toBe(true);
      expect(verifyConsistency(alg, old, size, c, oldRoot, root)).toBe(true);
      const at = bit % (p.length * 256 || 1);
      if (p.length) expect(verifyInclusion(alg, index, size, leaves[index]!, p.map((h, j) => (j === at >> 8 ? flip(h, at & 255) : h)), root)).toBe(false);
      expect(verifyInclusion(alg, index, size, flip(leaves[index]!, bit % 256), p, root)).toBe(false);
      expect(verifyInclusion(alg, index, size, leaves[index]!, p, flip(root, bit % 256))).toBe(false);
      expect(verifyInclusion(alg, (index + 1) % size, size, leaves[index]!, p, root)).toBe(false);
      // A wrong size is checked against that size's own head: (index 0, size 3) and (0, 4) share a
      // proof shape, so a size alone, unbound from its root, is what a signed checkpoint binds.
      if (size < N) expect(verifyInclusion(alg, index, size + 1, leaves[index]!, p, mth(alg, leaves.slice(0, size + 1)))).toBe(false);
      if (index < size - 1) expect(verifyInclusion(alg, index, size - 1, leaves[index]!, p, mth(alg, leaves.slice(0, size - 1)))).toBe(false);
      const cat = bit % (c.length * 256);
      expect(verifyConsistency(alg, old, size, c.map((h, j) => (j === cat >> 8 ? flip(h, cat & 255) : h)), oldRoot, root)).toBe(false);
      expect(verifyConsistency(alg, old, size, c, flip(oldRoot, bit % 256), root)).toBe(false);
      expect(verifyConsistency(alg, old, size, c, oldRoot, flip(root, bit % 256))).toBe(false);
      if (size < N) expect(verifyConsistency(alg, old, size + 1, c, oldRoot, mth(alg, leaves.slice(0, size + 1)))).toBe(false);
      if (old > 1) expect(verifyConsistency(alg, old - 1, size, c, mth(alg, leaves.slice(0, old - 1)), root)).toBe(false);
      expect(verifyConsistency(alg, old, size, c.slice(1), oldRoot, root)).toBe(false);
      expect(verifyInclusion(alg === 'sm3' ? 'sha256' : 'sm3', index, size, leaves[index]!, p, root)).toBe(size === 1);
    }), { seed: SEED + 1, numRuns: 80 });
  });
});

describe('S5.5: the tiles at scale and after a crash', () => {
  it('S5.5: a log past 65,536 entries (a second tile level) gives RFC proofs with O(log n) hashes', async () => {
    const n = 65_536 + 300;
    const log = createMerkleLog({ store: memoryStore(), log: 'big' });
    const all = Array.from({ length: n }, (_, i) => entry(i));
    await log.appendMany(all);
    const leaves = all.map((e) => leafHash('sha256', e));
    const { root } = await log.treeHead();
    expect(toHex(root)).toBe(toHex(mth('sha256', leaves)));
    for (const index of [0, 255, 256, 65_535, 65_536, n - 1]) {
      const p = await log.inclusionProof(index, n);
      expect(p.length).toBeLessThanOrEqual(17);
      expect(verifyInclusion('sha256', index, n, leaves[index]!, p, root), `index ${index}`).toBe(true);
    }
    const c = await log.consistencyProof(65_536, n);
    expect(verifyConsistency('sha256', 65_536, n, c, mth('sha256', leaves.slice(0, 65_536)), root)).toBe(true);
  });

  it('S5.5: entries the tiles missed (a crash after the store append, or a chain-format log) are hashed in by sync', async () => {
    const store = memoryStore();
    const log = createMerkleLog({ store, log: 'ledger', hash: 'sm3' });
    await log.appendMany([entry(0), entry(1), entry(2)]);
    for (let i = 3; i < 300; i++) await store.append('ledger', entry(i)); // written, tiles not updated
    expect(await log.size()).toBe(3);
    expect(await log.sync()).toBe(300);
    const leaves = Array.from({ length: 300 }, (_, i) => leafHash('sm3', entry(i)));
    expect(toHex((await log.treeHead()).root)).toBe(toHex(mth('sm3', leaves)));
    // Another process opening the same store sees the same tree.
    const other = createMerkleLog({ store, log: 'ledger', hash: 'sm3' });
    expect(toHex((await other.treeHead(123)).root)).toBe(toHex(mth('sm3', leaves.slice(0, 123))));
    await expect(createMerkleLog({ store, log: 'ledger', hash: 'sha256' }).size()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'hash' });
  });

  it('S5.5: proofs beyond the synced size, or of bad shape, are refused with the field named', async () => {
    const log = createMerkleLog({ store: memoryStore(), log: 'x' });
    await log.appendMany(['a', 'b', 'c']);
    await expect(log.inclusionProof(0, 4)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'treeSize' });
    await expect(log.inclusionProof(3, 3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'index' });
    await expect(log.consistencyProof(0, 3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'oldSize' });
    await expect(log.inclusionProof(-1, 3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'index' });
    expect(() => verifyInclusion('sha256', 0, 1, new Uint8Array(32), ['x' as unknown as Uint8Array], new Uint8Array(32))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'proof' }));
    expect(verifyConsistency('sha256', 3, 3, [], (await log.treeHead()).root, (await log.treeHead()).root)).toBe(true);
  });

  it('S5.5: a tile edited in the store changes the root a verifier sees', async () => {
    const store = memoryStore();
    const log = createMerkleLog({ store, log: 'l' });
    await log.appendMany(Array.from({ length: 40 }, (_, i) => entry(i)));
    const before = (await log.treeHead()).root;
    const rec = (await store.get('l.merkle', 'tile/0/000'))!;
    const edited = rec.value.slice(0, 10) + (rec.value[10] === 'A' ? 'B' : 'A') + rec.value.slice(11);
    await store.put('l.merkle', 'tile/0/000', edited);
    const fresh = createMerkleLog({ store, log: 'l' });
    expect(toHex((await fresh.treeHead()).root)).not.toBe(toHex(before));
  });
});
