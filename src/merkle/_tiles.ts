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

/** A tile's stored value: the base64 of its hashes, concatenated. */
export function _encodeTile(hashes: readonly Uint8Array[]): string {
  const b = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => b.set(h, i * HASH_SIZE));
  return toBase64(b);
}

export function _decodeTile(value: string, where: string): Uint8Array[] {
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
}

/** Folds 2^k adjacent hashes of one level into their subtree's hash k levels up. */
export function _fold(alg: HashAlg, row: readonly Uint8Array[]): Uint8Array {
  let r = row.slice();
  while (r.length > 1) {
    const up: Uint8Array[] = [];
    for (let i = 0; i < r.length; i += 2) up.push(_nodeHash(alg, r[i]!, r[i + 1]!));
    r = up;
  }
  return r[0]!;
}
