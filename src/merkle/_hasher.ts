// RFC 9162 §2.1.1 hashing with SHA-256 or SM3: a leaf is H(0x00 ‖ entry), an interior node
// H(0x01 ‖ left ‖ right), the empty tree H(""). The prefixes keep a leaf from posing as a node.
import { sha256, sm3, type HashAlg } from '../hash/index.js';
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

/** The root over leaf hashes in memory, O(n): complete subtrees merged as they fill (a compact range). */
export function _rootOfLeaves(alg: HashAlg, leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return _emptyRoot(alg);
  const stack: { size: number; hash: Uint8Array }[] = [];
  for (const h of leaves) {
    let top = { size: 1, hash: h };
    while (stack.length && stack[stack.length - 1]!.size === top.size) {
      const left = stack.pop()!;
      top = { size: left.size * 2, hash: _nodeHash(alg, left.hash, top.hash) };
    }
    stack.push(top);
  }
  // The right border: smaller subtrees fold into the larger ones to their left (RFC 9162's split at k).
  let r = stack.pop()!.hash;
  while (stack.length) r = _nodeHash(alg, stack.pop()!.hash, r);
  return r;
}
