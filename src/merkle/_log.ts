// The Merkle log engine: entries live in a store log (as the ledger's records do today); the
// tree over them lives in tiles in namespace `<log>.merkle`, with a `head` record naming the size
// the tiles cover. `sync` hashes in whatever the log gained since, so a crash between an entry
// and its tiles is repaired by the next sync, and the same tiles can index an existing log.
import { CustodiaError } from '../errors/index.js';
import type { HashAlg } from '../hash/index.js';
import type { Store } from '../store/index.js';
import { HASH_SIZE, _emptyRoot, _leafHashes } from './_hasher.js';
import { _consistencyPath, _inclusionPath, _rangeHash, type NodeReader } from './_proof.js';
import { TILE_HEIGHT, TILE_WIDTH, _decodeTile, _encodeTileBytes, _foldLevels, _foldTiles, _viewTile, tilePath, type _TileView } from './_tiles.js';

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

  /**
   * Appends `entries` at `first` (the store log's length and the tiles' size) together with their
   * tiles and head, as one store write (`Store.appendManyAndPut`). False, with nothing written,
   * where the store lacks it or the tiles or the log moved since: the caller then appends and syncs.
   */
  async appendWithTiles(entries: readonly string[], first: number): Promise<boolean> {
    if (typeof this.store.appendManyAndPut !== 'function') return false;
    const head = await this.head();
    if (head.size !== first) return false;
    const writes = await this.tileWrites(head, first + entries.length, entries);
    try {
      await this.store.appendManyAndPut(this.log, entries, this.ns, writes, { ifLength: first });
      return true;
    } catch (e) {
      if (!(e instanceof CustodiaError && e.code === 'STORE_CONFLICT')) throw e;
      this.cache.clear();
      this.folded.clear();
      return false;
    }
  }

  private async extend(head: Head, length: number, fresh?: readonly string[]): Promise<void> {
    const writes = await this.tileWrites(head, length, fresh);
    // One write where the store can (a SQLite transaction); else tiles first and the head last.
    if (typeof this.store.putMany === 'function') return this.store.putMany(this.ns, writes);
    for (const w of writes) await this.store.put(this.ns, w.key, w.value, w.ifVersion === undefined ? undefined : { ifVersion: w.ifVersion });
  }

  /** The leaf hashes of entries [from, length) packed: of `fresh` when given, else read from the store log in batches. */
  private async leafHashes(from: number, length: number, fresh?: readonly string[]): Promise<Uint8Array> {
    if (fresh) return _leafHashes(this.alg, fresh);
    const parts: Uint8Array[] = [];
    let seq = from;
    let batch: string[] = [];
    for await (const entry of this.store.read(this.log, { from, limit: length - from })) {
      if (entry.seq !== seq) throw new CustodiaError('LEDGER_CORRUPT', `log entry ${seq} is missing or renumbered`, { field: `seq ${seq}` });
      batch.push(entry.value);
      seq++;
      if (batch.length === LEAF_BATCH) {
        parts.push(_leafHashes(this.alg, batch));
        batch = [];
      }
    }
    parts.push(_leafHashes(this.alg, batch));
    if (seq !== length) throw new CustodiaError('LEDGER_CORRUPT', `log ended at ${seq} of ${length} entries`, { field: `seq ${seq}` });
    return concat(parts);
  }

  /**
   * The tile and head writes that bring the tiles from `head` to `length` entries. Level by tile
   * level: the partial tile read, then the new hashes; every tile they fill is folded with the
   * others in one batch per level (its inner levels stored with it), and their roots are the new
   * hashes of the tile level above.
   */
  private async tileWrites(head: Head, length: number, fresh?: readonly string[]): Promise<TileWrite[]> {
    const edges = await this.edges(head.size);
    let incoming = await this.leafHashes(head.size, length, fresh);
    // A full tile's content is fixed, so rewriting it is harmless; a partial one is written only
    // over the version read, so a slower writer cannot shorten what a faster one stored.
    const writes: TileWrite[] = [];
    for (let L = 0; incoming.length > 0; L++) {
      const e = edges[L] ?? { index: 0, hashes: [], version: 0 };
      const row = concat([...e.hashes, incoming]);
      const tiles = Math.floor(row.length / (TILE_WIDTH * HASH_SIZE));
      const levels = tiles > 0 ? _foldTiles(this.alg, row.subarray(0, tiles * TILE_WIDTH * HASH_SIZE)) : [];
      for (let t = 0; t < tiles; t++) {
        const inner = concat(levels.slice(1, TILE_HEIGHT).map((lv, k) => lv.subarray(t * (TILE_WIDTH >> (k + 1)) * HASH_SIZE, (t + 1) * (TILE_WIDTH >> (k + 1)) * HASH_SIZE)));
        writes.push({ key: tilePath(L, e.index + t), value: _encodeTileBytes(levels[0]!.subarray(t * TILE_WIDTH * HASH_SIZE, (t + 1) * TILE_WIDTH * HASH_SIZE), inner) });
      }
      const rest = row.subarray(tiles * TILE_WIDTH * HASH_SIZE);
      if (rest.length > 0) writes.push({ key: tilePath(L, e.index + tiles), value: _encodeTileBytes(rest), ifVersion: tiles === 0 ? e.version : 0 });
      incoming = levels[TILE_HEIGHT] ?? new Uint8Array(0);
    }
    writes.push({ key: 'head', value: JSON.stringify({ size: length, hash: this.alg }), ifVersion: head.version });
    return writes;
  }
}

interface TileWrite { key: string; value: string; ifVersion?: number }

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of parts) {
    out.set(p, n);
    n += p.length;
  }
  return out;
}
