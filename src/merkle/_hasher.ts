// RFC 9162 §2.1.1 hashing with SHA-256 or SM3: a leaf is H(0x00 ‖ entry), an interior node
// H(0x01 ‖ left ‖ right), the empty tree H(""). The prefixes keep a leaf from posing as a node.
import { sha256, sm3, type HashAlg } from '../hash/index.js';
import { _hashMany } from '../hash/_hashBatch.js';
import { CustodiaError } from '../errors/index.js';

/** Both algorithms give 32-byte digests. */
export const HASH_SIZE = 32;

export function _digest(alg: HashAlg): (d: Uint8Array | string) => Uint8Array {
  return alg === 'sm3' ? sm3 : sha256;
}

export function _checkAlg(alg: unknown, field = 'hash'): HashAlg {
  if (alg !== 'sha256' && alg !== 'sm3') throw new CustodiaError('INVALID_ARGUMENT', `${field} expected sha256 or sm3`, { field });
  return alg;
}

export function _leafHash(alg: HashAlg, entry: Uint8Array): Uint8Array {
  const b = new Uint8Array(entry.length + 1);
  b.set(entry, 1); // b[0] = 0x00
  return _digest(alg)(b);
}

/** The leaf hash of a text entry: U+0000 encodes as the 0x00 prefix, so the text goes to the hash unencoded (the WASM core writes it straight into its memory). */
export function _leafHashText(alg: HashAlg, entry: string): Uint8Array {
  return _digest(alg)('\u0000' + entry);
}

/**
 * The leaf hashes of many entries in one batch (digest i at bytes [32 i, 32 i + 32)): the WASM
 * core hashes them in one call, four at a time, instead of one crossing and one result per entry.
 */
export function _leafHashes(alg: HashAlg, entries: readonly (string | Uint8Array)[]): Uint8Array {
  return _hashMany(alg, entries, 0);
}

/** The 32-byte hashes packed in `level`, one by one (views, no copies). */
export function _unpack(level: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = new Array(level.length / HASH_SIZE);
  for (let i = 0; i < out.length; i++) out[i] = level.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  return out;
}

/** The node hashes of consecutive pairs of the hashes packed in `level` (an odd last one is left out), in one batch. */
export function _nodeHashes(alg: HashAlg, level: Uint8Array): Uint8Array {
  const pairs: Uint8Array[] = new Array(Math.floor(level.length / (2 * HASH_SIZE)));
  for (let i = 0; i < pairs.length; i++) pairs[i] = level.subarray(i * 2 * HASH_SIZE, (i + 1) * 2 * HASH_SIZE);
  return _hashMany(alg, pairs, 1);
}

export function _nodeHash(alg: HashAlg, left: Uint8Array, right: Uint8Array): Uint8Array {
  const b = new Uint8Array(1 + 2 * HASH_SIZE);
  b[0] = 1;
  b.set(left, 1);
  b.set(right, 1 + HASH_SIZE);
  return _digest(alg)(b);
}

export function _emptyRoot(alg: HashAlg): Uint8Array {
  return _digest(alg)(new Uint8Array(0));
}

/** The largest power of two strictly below n (n ≥ 2): RFC 9162's split point k. Exact up to 2^53. */
export function _splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** True when n is a positive power of two. */
export function _isPow2(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/**
 * The root over the leaf hashes packed in `leaves` (32 bytes each), level by level in batches.
 * An odd last node moves up a level unpaired: the same tree as RFC 9162's split at the largest
 * power of two below n (the right border's smaller subtrees hang under the larger ones).
 */
export function _rootOfLeaves(alg: HashAlg, leaves: Uint8Array): Uint8Array {
  if (leaves.length === 0) return _emptyRoot(alg);
  let level = leaves;
  while (level.length > HASH_SIZE) {
    const up = _nodeHashes(alg, level);
    if ((level.length / HASH_SIZE) % 2 === 0) level = up;
    else {
      const next = new Uint8Array(up.length + HASH_SIZE);
      next.set(up);
      next.set(level.subarray(level.length - HASH_SIZE), up.length);
      level = next;
    }
  }
  return level.slice();
}
