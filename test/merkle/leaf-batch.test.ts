// Leaf and node hashes in batches (one WASM call for many 0x00- / 0x01-prefixed messages,
// four lanes at a time in the SIMD core) against published vectors and against the one-leaf path,
// on every backend and both WASM core builds:
// - FIPS 180-2 Appendix B (SHA-256 of "abc", the 448-bit message, one million "a") and
//   GB/T 32905-2016 Appendix A (SM3 of "abc" and of "abcd" × 16), hashed as batch messages;
// - RFC 6962 tree roots of transparency-dev/merkle's testonly.RootHashes (commit 417fb0c),
//   computed by treeRoot, which hashes leaves and levels in batches;
// - seeded fast-check: a batch equals the leaf-by-leaf hashes of the js backend (@noble/hashes
//   SHA-256 and our scalar SM3), over lengths that cross the 55/56/64-byte padding edges.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/index.js';
import { _hashMany } from '../../src/hash/_hashBatch.js';
import type { HashAlg } from '../../src/hash/index.js';
import { leafHash, nodeHash, treeRoot } from '../../src/merkle/index.js';
import { _leafHashes, _nodeHashes } from '../../src/merkle/_hasher.js';
import { _encodeTile } from '../../src/merkle/_tiles.js';
import { CONFIGS, useConfig, withBackend } from '../hash/_backends.js';
import { LEAVES, ROOTS } from './_rfc6962.js';

const SEED = 20261204;
const ALGS: HashAlg[] = ['sha256', 'sm3'];
const FIPS = [
  ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ['a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
] as const;
const GBT = [
  ['abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
  ['abcd'.repeat(16), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
] as const;
const digests = (packed: Uint8Array): string[] => Array.from({ length: packed.length / 32 }, (_, i) => toHex(packed.subarray(32 * i, 32 * i + 32)));
const mth = (alg: HashAlg, d: Uint8Array[]): Uint8Array => {
  if (d.length === 1) return d[0]!;
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return nodeHash(alg, mth(alg, d.slice(0, k)), mth(alg, d.slice(k)));
};
// One leaf at a time on the js backend: the path the batch must equal.
const oneByOne = (alg: HashAlg, entries: readonly (string | Uint8Array)[]): string[] => withBackend('js', () => entries.map((e) => toHex(leafHash(alg, e))));

describe.each(CONFIGS)('S5.5: batched leaf and node hashing ($name)', (config) => {
  beforeAll(() => useConfig(config));
  const run = <T>(fn: () => T): T => withBackend(config.backend, fn);

  it('S5.5: batch messages give the FIPS 180-2 and GB/T 32905 digests (no prefix), in one call', () => {
    expect(digests(run(() => _hashMany('sha256', FIPS.map(([m]) => m))))).toEqual(FIPS.map(([, d]) => d));
    expect(digests(run(() => _hashMany('sm3', GBT.map(([m]) => m))))).toEqual(GBT.map(([, d]) => d));
  });

  it('S5.5: treeRoot over the RFC 6962 test tree gives every testonly.RootHashes prefix root', () => {
    const leaves = LEAVES.map((h) => fromHex(h));
    for (let n = 1; n <= 8; n++) expect(toHex(run(() => treeRoot('sha256', leaves.slice(0, n)))), `size ${n}`).toBe(ROOTS[n]);
    expect(toHex(run(() => treeRoot('sha256', [])))).toBe(ROOTS[0]);
  });

  it.each(ALGS)('S5.5: %s leaf batches equal the leaf-by-leaf hashes (lengths 0-300 and seeded random entries)', (alg) => {
    const edges = Array.from({ length: 301 }, (_, n) => 'x'.repeat(n));
    expect(digests(run(() => _leafHashes(alg, edges)))).toEqual(oneByOne(alg, edges));
    const entry = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.uint8Array({ maxLength: 200 }));
    fc.assert(fc.property(fc.array(entry, { maxLength: 20 }), (entries) => {
      expect(digests(run(() => _leafHashes(alg, entries)))).toEqual(oneByOne(alg, entries));
    }), { seed: SEED, numRuns: 80 });
  });

  it.each(ALGS)('S5.5: %s node batches and treeRoot equal RFC 9162 MTH written out (sizes 1-600)', (alg) => {
    const leaves = Array.from({ length: 600 }, (_, i) => withBackend('js', () => leafHash(alg, `{"seq":${i}}`)));
    const packed = new Uint8Array(32 * leaves.length);
    leaves.forEach((h, i) => packed.set(h, 32 * i));
    const pairs = digests(run(() => _nodeHashes(alg, packed.subarray(0, 32 * 9))));
    expect(pairs).toEqual([0, 1, 2, 3].map((i) => toHex(nodeHash(alg, leaves[2 * i]!, leaves[2 * i + 1]!))));
    for (const n of [1, 2, 3, 5, 7, 255, 256, 257, 511, 600])
      expect(toHex(run(() => treeRoot(alg, Array.from({ length: n }, (_, i) => `{"seq":${i}}`)))), `size ${n}`).toBe(toHex(mth(alg, leaves.slice(0, n))));
  });
});

describe('tile text without Node Buffer', () => {
  const B = (globalThis as { Buffer?: unknown }).Buffer;
  afterAll(() => void ((globalThis as { Buffer?: unknown }).Buffer = B));
  it('S5.5: the JS base64 of a tile equals Buffer\'s for every width 1-256 and a full tile with inner levels', () => {
    const hashes = Array.from({ length: 510 }, (_, i) => withBackend('js', () => leafHash('sha256', String(i))));
    for (const w of [1, 2, 3, 4, 5, 100, 255, 256]) {
      const withBuffer = _encodeTile(hashes.slice(0, w));
      (globalThis as { Buffer?: unknown }).Buffer = undefined;
      const without = _encodeTile(hashes.slice(0, w));
      (globalThis as { Buffer?: unknown }).Buffer = B;
      expect(without, `width ${w}`).toBe(withBuffer);
      expect(without).toBe(Buffer.concat(hashes.slice(0, w)).toString('base64'));
    }
    const levels = [hashes.slice(0, 256), hashes.slice(256, 510)]; // the text is the row, a space, the levels above
    const a = _encodeTile(hashes.slice(0, 256), levels);
    (globalThis as { Buffer?: unknown }).Buffer = undefined;
    const b = _encodeTile(hashes.slice(0, 256), levels);
    (globalThis as { Buffer?: unknown }).Buffer = B;
    expect(b).toBe(a);
  });
});
