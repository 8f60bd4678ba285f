/**
 * SM3 (GB/T 32905-2016) in plain TypeScript for runtimes without WASM; @noble/hashes has
 * no SM3. Proven by the standard's appendix A vectors in test/hash/vectors.test.ts.
 * The compression function is ours; buffering, padding and the 64-bit length (the same
 * Merkle–Damgård framing as SHA-256, §5.2) are @noble/hashes' HashMD, already in every bundle
 * that hashes, instead of a second copy.
 */
import { HashMD } from '@noble/hashes/_md.js';

// GB/T 32905-2016 §4.1: initial value.
const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));
const p0 = (x: number): number => x ^ rotl(x, 9) ^ rotl(x, 17);
const p1 = (x: number): number => x ^ rotl(x, 15) ^ rotl(x, 23);

/** The round constants T_j rotated left by j mod 32 (§4.2 + §5.3.3), precomputed lazily. */
let tRot: Int32Array | undefined;
function roundConstants(): Int32Array {
  if (tRot) return tRot;
  tRot = new Int32Array(64);
  for (let j = 0; j < 64; j++) tRot[j] = rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32);
  return tRot;
}

/** Compresses the 64-byte block of `view` at `off` into `v` (GB/T 32905 §5.3). `w` is scratch of 68 words. */
export function _sm3Compress(v: Int32Array, view: DataView, off: number, w: Int32Array): void {
  const t = roundConstants();
  for (let j = 0; j < 16; j++, off += 4) w[j] = view.getInt32(off);
  for (let j = 16; j < 68; j++)
    w[j] = p1(w[j - 16]! ^ w[j - 9]! ^ rotl(w[j - 3]!, 15)) ^ rotl(w[j - 13]!, 7) ^ w[j - 6]!;
  let a = v[0]!, b = v[1]!, c = v[2]!, d = v[3]!, e = v[4]!, f = v[5]!, g = v[6]!, h = v[7]!;
  for (let j = 0; j < 64; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + t[j]!) | 0, 7);
    const ss2 = ss1 ^ a12;
    const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
    const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
    const tt1 = (ff + d + ss2 + (w[j]! ^ w[j + 4]!)) | 0;
    const tt2 = (gg + h + ss1 + w[j]!) | 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = p0(tt2);
  }
  v[0] = v[0]! ^ a;
  v[1] = v[1]! ^ b;
  v[2] = v[2]! ^ c;
  v[3] = v[3]! ^ d;
  v[4] = v[4]! ^ e;
  v[5] = v[5]! ^ f;
  v[6] = v[6]! ^ g;
  v[7] = v[7]! ^ h;
}

/** Streaming SM3 on @noble/hashes' HashMD: 64-byte blocks, big-endian 64-bit bit length (§5.2). */
export class _Sm3 extends HashMD<_Sm3> {
  private readonly v = Int32Array.from(IV);
  private readonly w = new Int32Array(68);

  constructor() {
    super(64, 32, 8, false);
  }

  protected process(view: DataView, off: number): void {
    _sm3Compress(this.v, view, off, this.w);
  }

  protected get(): number[] {
    return Array.from(this.v);
  }

  protected set(...words: number[]): void {
    this.v.set(words);
  }

  /** A copy of the running state, so HMAC can reuse its keyed inner/outer states. */
  _cloneInto(to?: _Sm3): _Sm3 {
    to ??= new _Sm3();
    to.v.set(this.v);
    return this._cloneIntoMeta(to);
  }

  protected roundClean(): void {
    this.w.fill(0);
  }

  destroy(): void {
    this.destroyed = true;
    this.v.fill(0);
    this.buffer.fill(0);
  }
}
