/**
 * SM3 (GB/T 32905-2016) in plain TypeScript for runtimes without WASM; @noble/hashes has
 * no SM3. Proven by the standard's appendix A vectors in test/hash/vectors.test.ts.
 */

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

/** Compresses one 64-byte block of `buf` at `off` into `v` (GB/T 32905 §5.3). `w` is scratch of 68 words. */
export function _sm3Compress(v: Int32Array, buf: Uint8Array, off: number, w: Int32Array): void {
  const t = roundConstants();
  for (let j = 0; j < 16; j++, off += 4) w[j] = (buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!;
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

/** Streaming SM3: Merkle–Damgård with 64-byte blocks and a big-endian 64-bit bit length. */
export class _Sm3 {
  readonly blockLen = 64;
  readonly outputLen = 32;
  private readonly v = Int32Array.from(IV);
  private readonly buf = new Uint8Array(64);
  private readonly w = new Int32Array(68);
  private pos = 0;
  private len = 0;
  private done = false;

  update(data: Uint8Array): this {
    if (this.done) throw new Error('digest() already called');
    const { buf, v, w } = this;
    let i = 0;
    const n = data.length;
    this.len += n;
    if (this.pos > 0) {
      const take = Math.min(64 - this.pos, n);
      buf.set(data.subarray(0, take), this.pos);
      this.pos += take;
      i = take;
      if (this.pos < 64) return this;
      _sm3Compress(v, buf, 0, w);
      this.pos = 0;
    }
    for (; i + 64 <= n; i += 64) _sm3Compress(v, data, i, w);
    if (i < n) {
      buf.set(data.subarray(i), 0);
      this.pos = n - i;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.done) throw new Error('digest() already called');
    this.done = true;
    const { buf, v, w } = this;
    let pos = this.pos;
    buf[pos++] = 0x80;
    if (pos > 56) {
      buf.fill(0, pos);
      _sm3Compress(v, buf, 0, w);
      pos = 0;
    }
    buf.fill(0, pos, 56);
    const bits = this.len * 8;
    const hi = Math.floor(bits / 0x100000000);
    const lo = bits >>> 0;
    buf[56] = hi >>> 24; buf[57] = hi >>> 16; buf[58] = hi >>> 8; buf[59] = hi;
    buf[60] = lo >>> 24; buf[61] = lo >>> 16; buf[62] = lo >>> 8; buf[63] = lo;
    _sm3Compress(v, buf, 0, w);
    const out = new Uint8Array(32);
    for (let j = 0; j < 8; j++) {
      const x = v[j]!;
      out[4 * j] = x >>> 24; out[4 * j + 1] = x >>> 16; out[4 * j + 2] = x >>> 8; out[4 * j + 3] = x;
    }
    return out;
  }

  /** A copy of the running state, so HMAC can reuse its keyed inner/outer states. */
  clone(): _Sm3 {
    const c = new _Sm3();
    c.v.set(this.v);
    c.buf.set(this.buf);
    c.pos = this.pos;
    c.len = this.len;
    c.done = this.done;
    return c;
  }
}
