// The Merkle log engine: entries live in a store log (as the ledger's records do today); the
// tree over them lives in tiles in namespace `<log>.merkle`, with a `head` record naming the size
// the tiles cover. `sync` hashes in whatever the log gained since, so a crash between an entry
// and its tiles is repaired by the next sync, and the same tiles can index an existing log.
import { CustodiaError } from '../errors/index.js';
import type { HashAlg } from '../hash/index.js';
import type { Store } from '../store/index.js';
import { _emptyRoot, _leafHashes, _nodeHash } from './_hasher.js';
import { _consistencyPath, _inclusionPath, _rangeHash, type NodeReader } from './_proof.js';
import { TILE_HEIGHT, TILE_WIDTH, _decodeTile, _encodeTile, _foldLevels, _viewTile, tilePath, type _TileView } from './_tiles.js';

interface Head { size: number; version: number }
interface Edge { index: number; hashes: Uint8Array[]; version: number }

const SYNC_ATTEMPTS = 8;
const CACHE_TILES = 64;
const LEAF_BATCH = 4096;
const pow = (b: number, e: number): number => { let r = 1; for (let i = 0; i < e; i++) r *= b; return r; };

export class _MerkleEngine {
  private readonly cache = new Map<string, _TileView>();
  constructor(readonly store: Store, readonly log: string, readonly alg: HashAlg) {}

  get ns(): string { return `${this.log}.merkle`; }

  async head(): Promise<Head> {
    const rec = await this.store.get(this.ns, 'head');
    if (!rec) return { size: 0, version: 0 };
    let h: { size?: unknown; hash?: unknown };
    try { h = JSON.parse(rec.value) as typeof h; } catch { h = {}; }
    if (typeof h.size !== 'number' || !Number.isSafeInteger(h.size) || h.size < 0) throw new CustodiaError('LEDGER_CORRUPT', 'merkle head record has no valid size', { field: 'head' });
    if (h.hash !== this.alg) throw new CustodiaError('INVALID_ARGUMENT', 'hash differs from the hash the merkle log was built with', { field: 'hash' });
    return { size: h.size, version: rec.version };
  }

  private async tile(level: number, index: number, need: number): Promise<_TileView> {
    const path = tilePath(level, index);
    const hit = this.cache.get(path);
    if (hit && hit.width >= need) return hit;
    const rec = await this.store.get(this.ns, path);
    const t = _viewTile(rec ? rec.value : '', path);
    if (t.width < need) throw new CustodiaError('LEDGER_CORRUPT', `merkle tile ${path} holds fewer hashes than the head says`, { field: 'tile' });
    if (this.cache.size >= CACHE_TILES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(path, t);
    return t;
  }

  /** The levels inside each tile read, folded once per tile and row width (rows only ever grow). */
  private readonly folded = new Map<string, { width: number; levels: Uint8Array[][] }>();

  /** Node reader over the tiles: one tile read per node; the levels inside a tile are folded once and kept. */
  // Not an async arrow: the mini-program build's promise-chain transform loses an async arrow's `this` in a class field.
  readonly node: NodeReader = (level, index) => this.readNode(level, index);

  private async readNode(level: number, index: number): Promise<Uint8Array> {
    const L = Math.floor(level / TILE_HEIGHT);
    const k = level - L * TILE_HEIGHT;
    const span = pow(2, k);
    const first = index * span;
    const t = Math.floor(first / TILE_WIDTH);
    const off = first - t * TILE_WIDTH;
    const tile = await this.tile(L, t, off + span);
    // A full tile written by this engine carries its inner levels; older or partial ones are folded.
    if (tile.inner) return tile.hash(k, off / span);
    const row = tile.row();
    const path = tilePath(L, t);
    let f = this.folded.get(path);
    if (!f || f.width !== row.length) {
      if (this.folded.size >= CACHE_TILES) this.folded.delete(this.folded.keys().next().value!);
      this.folded.set(path, (f = { width: row.length, levels: _foldLevels(this.alg, row) }));
    }
    return f.levels[k]![off / span]!;
  }

  async root(size: number): Promise<Uint8Array> {
    return size === 0 ? _emptyRoot(this.alg) : _rangeHash(this.alg, this.node, 0, size);
  }

  inclusion(index: number, size: number): Promise<Uint8Array[]> {
    return _inclusionPath(this.alg, this.node, index, 0, size);
  }

  consistency(oldSize: number, newSize: number): Promise<Uint8Array[]> {
    return oldSize === newSize ? Promise.resolve([]) : _consistencyPath(this.alg, this.node, oldSize, 0, newSize);
  }

  /** Brings the tiles up to the store log's length; returns the new size. */
  async sync(known?: { from: number; entries: readonly string[] }): Promise<number> {
    for (let attempt = 0; attempt < SYNC_ATTEMPTS; attempt++) {
      const head = await this.head();
      const length = await this.store.length(this.log);
      if (length <= head.size) return head.size;
      try {
        // Entries this process just appended are hashed from memory when they are exactly the gap.
        const fresh = known && known.from === head.size && head.size + known.entries.length === length ? known.entries : undefined;
        await this.extend(head, length, fresh);
        return length;
      } catch (e) {
        if (!(e instanceof CustodiaError && e.code === 'STORE_CONFLICT')) throw e;
        this.cache.clear(); // another writer moved the tiles: start again from its head
        this.folded.clear();
      }
    }
    throw new CustodiaError('LEDGER_CONFLICT', 'merkle sync kept losing to concurrent writers', { field: this.log });
  }

  /** The rightmost, partial tile of every tile level at `size`. */
  private async edges(size: number): Promise<Edge[]> {
    const out: Edge[] = [];
    for (let L = 0, count = size; L === 0 || count > 0; L++, count = Math.floor(count / TILE_WIDTH)) {
      const index = Math.floor(count / TILE_WIDTH);
      const width = count - index * TILE_WIDTH;
      if (width === 0) { out.push({ index, hashes: [], version: 0 }); continue; }
      const rec = await this.store.get(this.ns, tilePath(L, index));
      const hashes = rec ? _decodeTile(rec.value, tilePath(L, index)) : [];
      if (hashes.length < width) throw new CustodiaError('LEDGER_CORRUPT', `merkle tile ${tilePath(L, index)} holds fewer hashes than the head says`, { field: 'tile' });
      out.push({ index, hashes: hashes.slice(0, width), version: rec!.version });
    }
    return out;
  }

  private async extend(head: Head, length: number, fresh?: readonly string[]): Promise<void> {
    const edges = await this.edges(head.size);
    const full: [number, number, Uint8Array[], Uint8Array[][]][] = [];
    const touched = new Set<number>();
    const push = (L: number, h: Uint8Array): void => {
      if (!edges[L]) edges[L] = { index: 0, hashes: [], version: 0 };
      const e = edges[L];
      e.hashes.push(h);
      touched.add(L);
      if (e.hashes.length < TILE_WIDTH) return;
      const levels = _foldLevels(this.alg, e.hashes);
      full.push([L, e.index, e.hashes, levels]);
      edges[L] = { index: e.index + 1, hashes: [], version: 0 };
      push(L + 1, _nodeHash(this.alg, levels[TILE_HEIGHT - 1]![0]!, levels[TILE_HEIGHT - 1]![1]!));
    };
    // Leaves are hashed in batches (one WASM call each), then pushed as views of the batch's bytes.
    const hashIn = (values: readonly string[]): void => {
      const hs = _leafHashes(this.alg, values);
      for (let i = 0; i < values.length; i++) push(0, hs.subarray(i * 32, i * 32 + 32));
    };
    let seq = head.size;
    if (fresh) {
      hashIn(fresh);
      seq += fresh.length;
    } else {
      let batch: string[] = [];
      for await (const entry of this.store.read(this.log, { from: head.size, limit: length - head.size })) {
        if (entry.seq !== seq) throw new CustodiaError('LEDGER_CORRUPT', `log entry ${seq} is missing or renumbered`, { field: `seq ${seq}` });
        batch.push(entry.value);
        seq++;
        if (batch.length === LEAF_BATCH) {
          hashIn(batch);
          batch = [];
        }
      }
      hashIn(batch);
    }
    if (seq !== length) throw new CustodiaError('LEDGER_CORRUPT', `log ended at ${seq} of ${length} entries`, { field: `seq ${seq}` });
    // A full tile's content is fixed, so rewriting it is harmless; a partial one is written only
    // over the version read, so a slower writer cannot shorten what a faster one stored.
    const writes: { key: string; value: string; ifVersion?: number }[] = full.map(([L, index, hashes, levels]) => ({ key: tilePath(L, index), value: _encodeTile(hashes, levels) }));
    for (const L of touched) {
      const e = edges[L]!;
      if (e.hashes.length > 0) writes.push({ key: tilePath(L, e.index), value: _encodeTile(e.hashes), ifVersion: e.version });
    }
    writes.push({ key: 'head', value: JSON.stringify({ size: length, hash: this.alg }), ifVersion: head.version });
    // One write where the store can (a SQLite transaction); else tiles first and the head last.
    if (typeof this.store.putMany === 'function') return this.store.putMany(this.ns, writes);
    for (const w of writes) await this.store.put(this.ns, w.key, w.value, w.ifVersion === undefined ? undefined : { ifVersion: w.ifVersion });
  }
}
