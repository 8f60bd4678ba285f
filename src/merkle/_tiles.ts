// The tree kept in tiles (C2SP tlog-tiles): a tile at tile level L, index N holds up to 256
// hashes of tree level 8·L, indices 256·N …; the 7 levels inside a tile are recomputed from that
// row. A store record per tile, at the tile's C2SP path; the rightmost tile of a level is stored
// partial and grows in place (a static export writes it as `<path>.p/<width>`).
import { fromBase64 } from '../bytes/index.js';
import type { HashAlg } from '../hash/index.js';
import { CustodiaError } from '../errors/index.js';
import { HASH_SIZE, _nodeHashes, _unpack } from './_hasher.js';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/**
 * The C2SP tlog-tiles path of tile `index` at tile level `level`: `tile/<L>/<N>` with N written
 * as 3-digit groups, all but the last prefixed `x` (1234067 → `x001/x234/067`), and `.p/<width>`
 * for a partial tile.
 * @example
 * ```ts
 * import { tilePath } from 'custodia/merkle';
 * tilePath(0, 1234067);      // 'tile/0/x001/x234/067'
 * tilePath(1, 0, 17);        // 'tile/1/000.p/17'
 * ```
 */
export function tilePath(level: number, index: number, width?: number): string {
  for (const [v, f] of [[level, 'level'], [index, 'index']] as const)
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new CustodiaError('INVALID_ARGUMENT', `${f} expected a non-negative safe integer`, { field: f });
  if (width !== undefined && (typeof width !== 'number' || !Number.isInteger(width) || width < 1 || width > TILE_WIDTH))
    throw new CustodiaError('INVALID_ARGUMENT', 'width expected an integer from 1 to 256', { field: 'width' });
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  const name = groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
  return `tile/${level}/${name}${width !== undefined && width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
type NodeBuffer = { from(b: ArrayBufferLike, at: number, n: number): { toString(enc: 'base64'): string } };

/** The hashes packed together, 32 bytes each. */
function pack(hashes: readonly Uint8Array[]): Uint8Array {
  const b = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => b.set(h, i * HASH_SIZE));
  return b;
}

/**
 * Base64 of packed hashes. Node's Buffer (looked up here, absent elsewhere) encodes ~20× faster
 * than JS; elsewhere character codes become text 8 KiB at a time, not 4 characters per `+=`,
 * which made tile text a tenth of an append's time and most of its garbage.
 */
function base64(b: Uint8Array): string {
  const buf = (globalThis as { Buffer?: NodeBuffer }).Buffer;
  if (buf) return buf.from(b.buffer, b.byteOffset, b.length).toString('base64');
  const out = new Uint16Array(Math.ceil(b.length / 3) * 4);
  let o = 0;
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    for (let k = 18; k >= 0; k -= 6) out[o++] = B64.charCodeAt((n >> k) & 63);
  }
  // A last group of 1 or 2 bytes was read with zeros after it: its missing characters are '='.
  for (let pad = (3 - (b.length % 3)) % 3; pad > 0; pad--) out[out.length - pad] = 61;
  let s = '';
  for (let at = 0; at < out.length; at += 8192) s += String.fromCharCode.apply(null, out.subarray(at, at + 8192) as unknown as number[]);
  return s;
}

/**
 * A tile's stored value: the base64 of its hashes, concatenated (the C2SP tile's bytes). A full
 * tile may carry its 7 inner levels after a space (254 hashes, level 1 first; the level above is
 * the next tile level's), so that a proof reads them instead of refolding 254 hashes per tile:
 * proofs on a big log are then lookups.
 */
export function _encodeTile(hashes: readonly Uint8Array[], levels?: readonly Uint8Array[][]): string {
  return _encodeTileBytes(pack(hashes), levels && pack(levels.slice(1).flat()));
}

/** {@link _encodeTile} of the row and inner levels already packed (`inner`: level 1 first). */
export function _encodeTileBytes(row: Uint8Array, inner?: Uint8Array): string {
  return inner ? `${base64(row)} ${base64(inner)}` : base64(row);
}

const split = (value: string, where: string): Uint8Array[] => {
  let b: Uint8Array;
  try {
    b = fromBase64(value);
  } catch {
    b = new Uint8Array(1);
  }
  if (b.length % HASH_SIZE !== 0 || b.length > TILE_WIDTH * HASH_SIZE)
    throw new CustodiaError('LEDGER_CORRUPT', `merkle tile ${where} is not a whole number of hashes`, { field: 'tile' });
  const out: Uint8Array[] = [];
  for (let i = 0; i < b.length; i += HASH_SIZE) out.push(b.subarray(i, i + HASH_SIZE));
  return out;
};

/**
 * A stored tile read hash by hash: a proof needs about 8 of a full tile's 510 hashes, so only the
 * base64 around each is decoded (decoding whole 16 KB tiles was most of a proof's cost).
 */
export interface _TileView {
  width: number;
  /** Whether the inner levels are stored (else `row()` and fold). */
  inner: boolean;
  /** Hash `i` of level `k` inside the tile (level 0 is the row). */
  hash(k: number, i: number): Uint8Array;
  row(): Uint8Array[];
}

/** The number of 32-byte hashes a base64 text holds, checked by its length alone. */
function hashCount(t: string, where: string): number {
  const pad = t.endsWith('==') ? 2 : t.endsWith('=') ? 1 : 0;
  const bytes = (t.length / 4) * 3 - pad;
  if (t.length % 4 !== 0 || bytes % HASH_SIZE !== 0 || bytes > TILE_WIDTH * HASH_SIZE)
    throw new CustodiaError('LEDGER_CORRUPT', `merkle tile ${where} is not a whole number of hashes`, { field: 'tile' });
  return bytes / HASH_SIZE;
}

function hashAt(t: string, j: number, where: string): Uint8Array {
  const b = j * HASH_SIZE;
  const from = Math.floor(b / 3);
  let part: Uint8Array;
  try {
    part = fromBase64(t.slice(from * 4, Math.min(t.length, Math.ceil((b + HASH_SIZE) / 3) * 4)));
  } catch {
    throw new CustodiaError('LEDGER_CORRUPT', `merkle tile ${where} is not valid base64`, { field: 'tile' });
  }
  return part.slice(b - from * 3, b - from * 3 + HASH_SIZE);
}

export function _viewTile(value: string, where: string): _TileView {
  const at = value.indexOf(' ');
  const rowText = at < 0 ? value : value.slice(0, at);
  const innerText = at < 0 ? '' : value.slice(at + 1);
  const width = hashCount(rowText, where);
  if (at >= 0 && (width !== TILE_WIDTH || hashCount(innerText, where) !== TILE_WIDTH - 2))
    throw new CustodiaError('LEDGER_CORRUPT', `merkle tile ${where} carries inner levels of the wrong size`, { field: 'tile' });
  let row: Uint8Array[] | undefined;
  return {
    width,
    inner: at >= 0,
    // Level k ≥ 1 starts after the 128 + 64 + … hashes of the levels below it: 256 - 2^(9-k).
    hash: (k, i) => (k === 0 ? hashAt(rowText, i, where) : hashAt(innerText, TILE_WIDTH - 2 * (TILE_WIDTH >> k) + i, where)),
    row: () => (row ??= split(rowText, where)),
  };
}

export function _decodeTile(value: string, where: string): Uint8Array[] {
  const at = value.indexOf(' ');
  return split(at < 0 ? value : value.slice(0, at), where);
}

/**
 * The levels of `tiles` consecutive full tiles packed in `row` (256 hashes each), folded together:
 * level k (0 = the row) holds each tile's 256 / 2^k hashes in tile order, level 8 the tiles'
 * roots. Pairs never straddle two tiles (every level of a tile has an even count), so one batch
 * per level serves all of them: a batch of appends folds its tiles in 8 calls, not 7 per tile.
 */
export function _foldTiles(alg: HashAlg, row: Uint8Array): Uint8Array[] {
  const levels = [row];
  for (let k = 0; k < TILE_HEIGHT; k++) levels.push(_nodeHashes(alg, levels[k]!));
  return levels;
}

/** Every level of the subtrees over `row` (row first), up to TILE_HEIGHT - 1 levels above it; odd tails are left unpaired. One batch per level. */
export function _foldLevels(alg: HashAlg, row: readonly Uint8Array[]): Uint8Array[][] {
  const levels: Uint8Array[][] = [row.slice()];
  let packed: Uint8Array = new Uint8Array(row.length * HASH_SIZE);
  row.forEach((h, i) => packed.set(h, i * HASH_SIZE));
  for (let up = 1; up < TILE_HEIGHT; up++) {
    packed = _nodeHashes(alg, packed);
    levels.push(_unpack(packed));
  }
  return levels;
}

