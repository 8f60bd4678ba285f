// Proof generation, RFC 9162 §2.1.3.1 (PATH) and §2.1.4.1 (SUBPROOF), over any reader of the
// hashes of complete subtrees. Each recursion step takes one sibling; only the right-hand
// border of the tree is not a complete subtree, so a proof reads O(log n) nodes.
import type { HashAlg } from '../hash/index.js';
import { _isPow2, _nodeHash, _splitPoint } from './_hasher.js';

/** The hash of the complete subtree at `level` (0 = leaves) and horizontal `index`. */
export type NodeReader = (level: number, index: number) => Promise<Uint8Array>;

function log2(n: number): number {
  let l = 0;
  while (n > 1) { n /= 2; l++; }
  return l;
}

/** MTH(D[a:b]) (RFC 9162 §2.1.1): one node when the range is a complete subtree, else split at k. */
export async function _rangeHash(alg: HashAlg, node: NodeReader, a: number, b: number): Promise<Uint8Array> {
  const n = b - a;
  if (_isPow2(n) && a % n === 0) return node(log2(n), a / n);
  const k = _splitPoint(n);
  const left = await _rangeHash(alg, node, a, a + k);
  return _nodeHash(alg, left, await _rangeHash(alg, node, a + k, b));
}

/** PATH(m, D[a:b]): siblings from the leaf up, as RFC 9162 orders them. 0 ≤ m < b - a. */
export async function _inclusionPath(alg: HashAlg, node: NodeReader, m: number, a: number, b: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  // Walk down iteratively and collect siblings top-down, then reverse to leaf-first order.
  while (b - a > 1) {
    const k = _splitPoint(b - a);
    if (m < k) {
      out.push(await _rangeHash(alg, node, a + k, b));
      b = a + k;
    } else {
      out.push(await _rangeHash(alg, node, a, a + k));
      m -= k;
      a += k;
    }
  }
  return out.reverse();
}

/** SUBPROOF(m, D[a:b], flag), iteratively; PROOF(m, D[n]) is SUBPROOF(m, D[0:n], true). */
export async function _consistencyPath(alg: HashAlg, node: NodeReader, m: number, a: number, b: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  let flag = true;
  for (;;) {
    const n = b - a;
    if (m === n) {
      if (!flag) out.push(await _rangeHash(alg, node, a, b));
      break;
    }
    const k = _splitPoint(n);
    if (m <= k) {
      out.push(await _rangeHash(alg, node, a + k, b));
      b = a + k;
    } else {
      out.push(await _rangeHash(alg, node, a, a + k));
      m -= k;
      a += k;
      flag = false;
    }
  }
  return out.reverse();
}
