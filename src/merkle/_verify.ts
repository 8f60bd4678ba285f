// Standalone proof verifiers, RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency). They
// need no store and no BigInt: sizes are safe integers and halved by division, because `>>`
// truncates to 32 bits and WeChat's ES5 compile turns `**` into Math.pow (docs/runtimes.md).
import { equalBytes } from '../bytes/index.js';
import type { HashAlg } from '../hash/index.js';
import { CustodiaError } from '../errors/index.js';
import { isBytes, needArray } from '../errors/_args.js';
import { HASH_SIZE, _checkAlg, _isPow2, _nodeHash } from './_hasher.js';

const half = (n: number): number => Math.floor(n / 2);
const odd = (n: number): boolean => n % 2 === 1;

/** A tree size or index: a non-negative safe integer. */
export function _needSize(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new CustodiaError('INVALID_ARGUMENT', `${field} expected a non-negative safe integer`, { field });
  return v;
}

/** Hashes of a proof, copied out of the caller's array; anything but bytes is refused. */
export function _needHashes(v: unknown, field: string): Uint8Array[] {
  needArray(v, field);
  const out: Uint8Array[] = [];
  for (let i = 0; i < v.length; i++) {
    const h: unknown = v[i];
    if (!isBytes(h)) throw new CustodiaError('INVALID_ARGUMENT', `${field}[${i}] expected a Uint8Array`, { field });
    out.push(h);
  }
  return out;
}

function needHash(v: unknown, field: string): Uint8Array {
  if (!isBytes(v)) throw new CustodiaError('INVALID_ARGUMENT', `${field} expected a Uint8Array`, { field });
  return v;
}

const sized = (hs: readonly Uint8Array[]): boolean => hs.every((h) => h.length === HASH_SIZE);

/** The root an inclusion proof leads to, or undefined when the proof has the wrong shape. */
export function _rootFromInclusion(alg: HashAlg, index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Uint8Array | undefined {
  if (index >= size || leafHash.length !== HASH_SIZE || !sized(proof)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (odd(fn) || fn === sn) {
      r = _nodeHash(alg, p, r);
      if (!odd(fn)) while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else {
      r = _nodeHash(alg, r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

/**
 * Checks that the leaf with hash `leafHash` sits at `index` of the tree of `treeSize` leaves whose
 * root is `root` (RFC 9162 §2.1.3.2). False for any proof that does not lead there; throws
 * `INVALID_ARGUMENT` only for arguments of the wrong type.
 * @example
 * ```ts
 * import { verifyInclusion, leafHash } from 'custodia/merkle';
 * const p = await log.inclusionProof(3, 10);
 * verifyInclusion('sha256', 3, 10, leafHash('sha256', entry), p, rootOf10); // true
 * ```
 */
export function verifyInclusion(alg: HashAlg, index: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  const a = _checkAlg(alg, 'alg');
  const i = _needSize(index, 'index');
  const n = _needSize(treeSize, 'treeSize');
  const l = needHash(leafHash, 'leafHash');
  const ps = _needHashes(proof, 'proof');
  const want = needHash(root, 'root');
  const got = _rootFromInclusion(a, i, n, l, ps);
  return got !== undefined && equalBytes(got, want);
}

/** The new root a consistency proof leads to from (oldSize, oldRoot), or undefined. oldSize < newSize, oldSize > 0. */
function rootFromConsistency(alg: HashAlg, oldSize: number, newSize: number, proof: readonly Uint8Array[], oldRoot: Uint8Array): Uint8Array | undefined {
  if (proof.length === 0 || !sized(proof) || oldRoot.length !== HASH_SIZE) return undefined;
  const path = _isPow2(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) { fn = half(fn); sn = half(sn); }
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return undefined;
    if (odd(fn) || fn === sn) {
      fr = _nodeHash(alg, c, fr);
      sr = _nodeHash(alg, c, sr);
      if (!odd(fn)) while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else {
      sr = _nodeHash(alg, sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, oldRoot) ? sr : undefined;
}

/**
 * Checks that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of
 * `newSize` leaves with root `newRoot` (RFC 9162 §2.1.4.2): nothing in the old tree was changed
 * or dropped. Equal sizes need an empty proof and equal roots; an old size of 0 proves nothing
 * and is false, as in transparency-dev/merkle.
 * @example
 * ```ts
 * import { verifyConsistency } from 'custodia/merkle';
 * const p = await log.consistencyProof(4, 9);
 * verifyConsistency('sm3', 4, 9, p, published.root, current.root); // true unless history was rewritten
 * ```
 */
export function verifyConsistency(alg: HashAlg, oldSize: number, newSize: number, proof: readonly Uint8Array[], oldRoot: Uint8Array, newRoot: Uint8Array): boolean {
  const a = _checkAlg(alg, 'alg');
  const m = _needSize(oldSize, 'oldSize');
  const n = _needSize(newSize, 'newSize');
  const ps = _needHashes(proof, 'proof');
  const r1 = needHash(oldRoot, 'oldRoot');
  const r2 = needHash(newRoot, 'newRoot');
  if (n < m || m === 0) return false;
  if (m === n) return ps.length === 0 && equalBytes(r1, r2);
  const got = rootFromConsistency(a, m, n, ps, r1);
  return got !== undefined && equalBytes(got, r2);
}
