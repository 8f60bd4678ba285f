// The tree kept in tiles (C2SP tlog-tiles): a tile at tile level L, index N holds up to 256
// hashes of tree level 8·L, indices 256·N …; the 7 levels inside a tile are recomputed from that
// row. A store record per tile, at the tile's C2SP path; the rightmost tile of a level is stored
// partial and grows in place (a static export writes it as `<path>.p/<width>`).
import { fromBase64, toBase64 } from '../bytes/index.js';
import type { HashAlg } from '../hash/index.js';
import { CustodiaError } from '../errors/index.js';
import { HASH_SIZE, _nodeHash } from './_hasher.js';

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

const joined = (hashes: readonly Uint8Array[]): string => {
  const b = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => b.set(h, i * HASH_SIZE));
  return toBase64(b);
};

/**
 * A tile's stored value: the base64 of its hashes, concatenated (the C2SP tile's bytes). A full
 * tile may carry its 7 inner levels after a space (254 hashes, level 1 first; the level above is
 * the next tile level's), so that a proof reads them instead of refolding 254 hashes per tile:
 * proofs on a big log are then lookups.
 */
export function _encodeTile(hashes: readonly Uint8Array[], levels?: readonly Uint8Array[][]): string {
  return levels ? `${joined(hashes)} ${joined(levels.slice(1).flat())}` : joined(hashes);
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

/** The tile's row of hashes, and its levels (row first) when it carries them. */
export function _decodeTileLevels(value: string, where: string): { row: Uint8Array[]; levels?: Uint8Array[][] } {
  const at = value.indexOf(' ');
  if (at < 0) return { row: split(value, where) };
  const row = split(value.slice(0, at), where);
  const inner = split(value.slice(at + 1), where);
  if (row.length !== TILE_WIDTH || inner.length !== TILE_WIDTH - 2)
    throw new CustodiaError('LEDGER_CORRUPT', `merkle tile ${where} carries inner levels of the wrong size`, { field: 'tile' });
  const levels: Uint8Array[][] = [row];
  for (let w = TILE_WIDTH / 2, from = 0; w >= 2; from += w, w /= 2) levels.push(inner.slice(from, from + w));
  return { row, levels };
}

export function _decodeTile(value: string, where: string): Uint8Array[] {
  return _decodeTileLevels(value, where).row;
}

/** Every level of the subtrees over `row` (row first), up to TILE_HEIGHT - 1 levels above it; odd tails are left unpaired. */
export function _foldLevels(alg: HashAlg, row: readonly Uint8Array[]): Uint8Array[][] {
  const levels: Uint8Array[][] = [row.slice()];
  for (let up = 1; up < TILE_HEIGHT; up++) {
    const below = levels[up - 1]!;
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < below.length; i += 2) next.push(_nodeHash(alg, below[i]!, below[i + 1]!));
    levels.push(next);
  }
  return levels;
}

