// SM2 digital signatures with SM3 (GB/T 32918.2-2016 §6–7, GM/T 0003.2-2012), on @noble/curves'
// audited short-Weierstrass arithmetic; only the SM2 scheme around it is ours, proven by the
// standards' own examples in test/merkle/sm2.test.ts. BigInts are built with BigInt(), never
// literals or `**` (WeChat's ES5 compile rewrites `**` into Math.pow, docs/runtimes.md).
import { weierstrass, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { invert, mod } from '@noble/curves/abstract/modular.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { concatBytes, utf8Encode } from '../bytes/index.js';
import { sm3 } from '../hash/index.js';
import { randomBytes } from '../runtime/index.js';

/** Curve parameters in hex, as the standards print them. */
export interface Sm2Params { p: string; a: string; b: string; n: string; Gx: string; Gy: string }

/** The recommended curve, GB/T 32918.5-2017 / GM/T 0003.5-2012 §5. */
export const SM2_P256: Sm2Params = {
  p: 'fffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff',
  a: 'fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc',
  b: '28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93',
  n: 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123',
  Gx: '32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7',
  Gy: 'bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0',
};

/** The default signer ID (GM/T 0009-2012 §10, GB/T 35276-2017). */
export const SM2_DEFAULT_ID = '1234567812345678';

export interface Sm2Curve { Point: WeierstrassPointCons<bigint>; n: bigint; params: Sm2Params }

const big = (hex: string): bigint => BigInt('0x' + hex);
const curves = new Map<Sm2Params, Sm2Curve>();

/** The curve's point type, built on first use (no work at module load). */
export function _sm2Curve(params: Sm2Params = SM2_P256): Sm2Curve {
  let c = curves.get(params);
  if (!c) {
    const Point = weierstrass({ p: big(params.p), n: big(params.n), h: BigInt(1), a: big(params.a), b: big(params.b), Gx: big(params.Gx), Gy: big(params.Gy) });
    c = { Point, n: big(params.n), params };
    curves.set(params, c);
  }
  return c;
}

const bytes32 = (n: bigint): Uint8Array => numberToBytesBE(n, 32);

/** Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) (GB/T 32918.2 §5.5). */
export function _sm2Za(c: Sm2Curve, pub: WeierstrassPoint<bigint>, id: string): Uint8Array {
  const idBytes = utf8Encode(id);
  const bits = idBytes.length * 8;
  const p = c.params;
  const a = pub.toAffine();
  return sm3(concatBytes(new Uint8Array([(bits >>> 8) & 0xff, bits & 0xff]), idBytes, bytes32(big(p.a)), bytes32(big(p.b)), bytes32(big(p.Gx)), bytes32(big(p.Gy)), bytes32(a.x), bytes32(a.y)));
}

function digest(c: Sm2Curve, pub: WeierstrassPoint<bigint>, msg: Uint8Array, id: string): bigint {
  return bytesToNumberBE(sm3(concatBytes(_sm2Za(c, pub, id), msg)));
}

/** A private key d in [1, n-2] (1 + d must be invertible mod n), from 40 random bytes. */
export function _sm2RandomScalar(c: Sm2Curve, upTo: bigint): bigint {
  return mod(bytesToNumberBE(randomBytes(40)), upTo - BigInt(1)) + BigInt(1);
}

export function _sm2PublicKey(c: Sm2Curve, d: bigint): WeierstrassPoint<bigint> {
  return c.Point.BASE.multiply(d);
}

/**
 * Signs `msg` with private key d (GB/T 32918.2 §6.1): 64 bytes r ‖ s. `nextK` gives the nonce
 * (tests pass the standard's k; by default a fresh random one per attempt).
 */
export function _sm2Sign(c: Sm2Curve, d: bigint, msg: Uint8Array, id: string, nextK: () => bigint = () => _sm2RandomScalar(c, c.n)): Uint8Array {
  const { n } = c;
  const zero = BigInt(0);
  const one = BigInt(1);
  const e = digest(c, _sm2PublicKey(c, d), msg, id);
  const dInv = invert(one + d, n);
  for (;;) {
    const k = nextK();
    const x1 = c.Point.BASE.multiply(k).toAffine().x;
    const r = mod(e + x1, n);
    if (r === zero || r + k === n) continue;
    const s = mod(dInv * (k - r * d), n);
    if (s === zero) continue;
    return concatBytes(bytes32(r), bytes32(s));
  }
}

/** Verifies r ‖ s over `msg` for public key `pub` (GB/T 32918.2 §7.1). Never throws on a bad signature. */
export function _sm2Verify(c: Sm2Curve, pub: WeierstrassPoint<bigint>, msg: Uint8Array, id: string, sig: Uint8Array): boolean {
  if (sig.length !== 64) return false;
  const { n } = c;
  const zero = BigInt(0);
  const r = bytesToNumberBE(sig.subarray(0, 32));
  const s = bytesToNumberBE(sig.subarray(32));
  if (r <= zero || r >= n || s <= zero || s >= n) return false;
  const t = mod(r + s, n);
  if (t === zero) return false;
  const e = digest(c, pub, msg, id);
  const point = c.Point.BASE.multiplyUnsafe(s).add(pub.multiplyUnsafe(t));
  if (point.is0()) return false;
  return mod(e + point.toAffine().x, n) === r;
}

/** A public key from its 65-byte uncompressed SEC1 encoding, checked to be on the curve; undefined if not. */
export function _sm2PointFromBytes(c: Sm2Curve, b: Uint8Array): WeierstrassPoint<bigint> | undefined {
  if (b.length !== 65 || b[0] !== 4) return undefined;
  try {
    const p = c.Point.fromBytes(b);
    p.assertValidity();
    return p.is0() ? undefined : p;
  } catch {
    return undefined;
  }
}
