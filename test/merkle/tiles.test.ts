// Full tiles carry their inner levels (so a proof on a big log is lookups, not 254 hashes per
// tile); tiles without them (written before, or by another C2SP writer) still serve the same
// proofs, and inner levels that disagree with the signed root are caught by the verifier.
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../src/bytes/index.js';
import { createMerkleLog, leafHash, tilePath, treeRoot, verifyInclusion } from '../../src/merkle/index.js';
import { memoryStore } from '../../src/store/index.js';

const entries = Array.from({ length: 600 }, (_, i) => `{"seq":${i}}`);

async function built() {
  const store = memoryStore();
  const log = createMerkleLog({ store, log: 'l' });
  await log.appendMany(entries);
  return { store, log, head: await log.treeHead() };
}

describe('S5.5: tiles with inner levels', () => {
  it('a full tile stores its 256 hashes (the C2SP tile bytes) and 254 inner hashes; a partial tile only its row', async () => {
    const { store, head } = await built();
    const full = (await store.get('l.merkle', tilePath(0, 0)))!.value.split(' ');
    expect(full.map((p) => fromBase64(p).length)).toEqual([256 * 32, 254 * 32]);
    expect(fromBase64(full[0]!).subarray(0, 32)).toEqual(leafHash('sha256', entries[0]!));
    expect((await store.get('l.merkle', tilePath(0, 2)))!.value).not.toContain(' ');
    expect(head.root).toEqual(treeRoot('sha256', entries));
  });

  it('tiles without inner levels (an older writer) give the same proofs; a wrong-sized inner part is LEDGER_CORRUPT', async () => {
    const { store, log, head } = await built();
    const proofs = await Promise.all([0, 7, 255, 256, 511, 599].map((i) => log.inclusionProof(i, 600)));
    for (const t of [0, 1]) {
      const v = (await store.get('l.merkle', tilePath(0, t)))!.value;
      await store.put('l.merkle', tilePath(0, t), v.split(' ')[0]!);
    }
    const older = createMerkleLog({ store, log: 'l' });
    expect(await Promise.all([0, 7, 255, 256, 511, 599].map((i) => older.inclusionProof(i, 600)))).toEqual(proofs);
    expect((await older.treeHead()).root).toEqual(head.root);
    const v = (await store.get('l.merkle', tilePath(0, 0)))!.value;
    await store.put('l.merkle', tilePath(0, 0), `${v} ${toBase64(new Uint8Array(64))}`);
    await expect(createMerkleLog({ store, log: 'l' }).inclusionProof(3, 600)).rejects.toMatchObject({ code: 'LEDGER_CORRUPT' });
  });

  it('an edited inner hash serves a proof that fails against the root signed before', async () => {
    const { store, head } = await built();
    const [row, inner] = (await store.get('l.merkle', tilePath(0, 1)))!.value.split(' ');
    const b = fromBase64(inner!);
    b[0]! ^= 1; // level 1, node 0 of tile 1: the parent of leaves 256 and 257
    await store.put('l.merkle', tilePath(0, 1), `${row} ${toBase64(b)}`);
    const log = createMerkleLog({ store, log: 'l' });
    expect(verifyInclusion('sha256', 258, 600, leafHash('sha256', entries[258]!), await log.inclusionProof(258, 600), head.root)).toBe(false);
    expect(verifyInclusion('sha256', 100, 600, leafHash('sha256', entries[100]!), await log.inclusionProof(100, 600), head.root)).toBe(true);
  });
});
