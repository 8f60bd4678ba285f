import { unsafe } from '@noble/ciphers/aes.js';

// FF1 (NIST SP 800-38G Rev. 1, Algorithm 7/8) over numeral arrays, with AES from @noble/ciphers.
// Speed comes from three caches a generic implementation cannot keep: the AES key schedule,
// the CBC-MAC state after the constant prefix P || T || padding of each round's PRF input (so a
// round costs one AES block for short inputs), and plain-number arithmetic instead of BigInt
// while radix^v stays below 2^45.

const { expandKeyLE, encryptBlock } = unsafe;
const FAST_LIMIT = 2 ** 45;
// BigInt() calls instead of 1n literals: the mini-program build targets ES2018 syntax. Made on
// first use, so a runtime without BigInt can still import this file (and use the fast path).
let big: { B0: bigint; B1: bigint; B8: bigint; B255: bigint } | undefined;
const bigs = () => (big ??= { B0: BigInt(0), B1: BigInt(1), B8: BigInt(8), B255: BigInt(255) }); // M * 256 must stay a safe integer when reducing y mod M

interface Layout {
  u: number;
  v: number;
  b: number;
  d: number;
  /** radix^u and radix^v as numbers (fast path) and BigInts. */
  mu: number;
  mv: number;
  muB: bigint;
  mvB: bigint;
  fast: boolean;
  /** CBC-MAC state after every block of P || Q but the last, when [i] || NUM fits in it. */
  pre: Uint8Array | undefined;
  /** The constant bytes of the last block (tail of T and padding), [i] and NUM set per round. */
  tpl: Uint8Array | undefined;
  /** Full P || Q template when the round data spans several blocks. */
  pq: Uint8Array;
}

/** Bit length of radix^v - 1, in bytes: b of SP 800-38G computed exactly. */
function bytesFor(radix: number, v: number): number {
  const max = BigInt(radix) ** BigInt(v) - bigs().B1;
  return Math.ceil(max.toString(2).length / 8);
}

/** FF1 with a fixed AES key, radix and tweak; layouts cached per input length. Internal. */
export class _FF1Core {
  private readonly xk: Uint32Array;
  private readonly layouts = new Map<number, Layout>();
  private readonly blk = new Uint8Array(16);

  constructor(key: Uint8Array, private readonly radix: number, private readonly tweak: Uint8Array) {
    this.xk = expandKeyLE(key) as Uint32Array;
  }

  private layout(n: number): Layout {
    let l = this.layouts.get(n);
    if (l) return l;
    const radix = this.radix;
    const t = this.tweak.length;
    const u = Math.floor(n / 2);
    const v = n - u;
    const b = bytesFor(radix, v);
    const d = 4 * Math.ceil(b / 4) + 4;
    const pad = (((-t - b - 1) % 16) + 16) % 16;
    const pq = new Uint8Array(16 + t + pad + 1 + b);
    pq.set([1, 2, 1, (radix >>> 16) & 255, (radix >>> 8) & 255, radix & 255, 10, u & 255]);
    new DataView(pq.buffer).setUint32(8, n, false);
    new DataView(pq.buffer).setUint32(12, t, false);
    pq.set(this.tweak, 16);
    const muB = BigInt(radix) ** BigInt(u);
    const mvB = BigInt(radix) ** BigInt(v);
    let pre: Uint8Array | undefined;
    let tpl: Uint8Array | undefined;
    if (b + 1 <= 16) {
      pre = new Uint8Array(16);
      for (let off = 0; off < pq.length - 16; off += 16) {
        for (let k = 0; k < 16; k++) pre[k]! ^= pq[off + k]!;
        encryptBlock(this.xk, pre);
      }
      tpl = pq.slice(pq.length - 16);
    }
    l = { u, v, b, d, mu: Number(muB), mv: Number(mvB), muB, mvB, fast: pre !== undefined && Number(mvB) <= FAST_LIMIT, pre, tpl, pq };
    this.layouts.set(n, l);
    return l;
  }

  /** y mod m for round i with NUM(B) = num (fast path: everything fits a double). */
  private yFast(l: Layout, i: number, num: number, m: number): number {
    const tpl = l.tpl!;
    const pre = l.pre!;
    const r = this.blk;
    tpl[15 - l.b] = i;
    for (let k = 15; k > 15 - l.b; k--) {
      tpl[k] = num % 256;
      num = Math.floor(num / 256);
    }
    for (let k = 0; k < 16; k++) r[k] = pre[k]! ^ tpl[k]!;
    encryptBlock(this.xk, r);
    let y = 0;
    for (let k = 0; k < l.d; k++) y = (y * 256 + r[k]!) % m;
    return y;
  }

  /** y = NUM(S) for round i with NUM(B) = num (general path). */
  private yBig(l: Layout, i: number, num: bigint): bigint {
    const { B0, B8, B255 } = bigs();
    const pq = l.pq;
    pq[pq.length - l.b - 1] = i;
    for (let k = pq.length - 1; k >= pq.length - l.b; k--) {
      pq[k] = Number(num & B255);
      num >>= B8;
    }
    const r = new Uint8Array(16);
    for (let off = 0; off < pq.length; off += 16) {
      for (let k = 0; k < 16; k++) r[k]! ^= pq[off + k]!;
      encryptBlock(this.xk, r);
    }
    let y = B0;
    for (let k = 0; k < Math.min(16, l.d); k++) y = (y << B8) | BigInt(r[k]!);
    for (let j = 1; 16 * j < l.d; j++) {
      const blk = r.slice();
      // R xor [j]16: j never exceeds a few bytes, so only the low 4 bytes change.
      for (let k = 0; k < 4; k++) blk[15 - k]! ^= (j >>> (8 * k)) & 255;
      encryptBlock(this.xk, blk);
      for (let k = 0; k < Math.min(16, l.d - 16 * j); k++) y = (y << B8) | BigInt(blk[k]!);
    }
    return y;
  }

  /** Encrypts (or decrypts) a numeral array in place; digits already checked to be < radix. */
  crypt(x: Uint32Array | number[], decrypt: boolean): void {
    const n = x.length;
    const l = this.layout(n);
    const radix = this.radix;
    if (l.fast) {
      let a = 0;
      let b = 0;
      for (let k = 0; k < l.u; k++) a = a * radix + x[k]!;
      for (let k = l.u; k < n; k++) b = b * radix + x[k]!;
      if (!decrypt) {
        for (let i = 0; i < 10; i++) {
          const m = i % 2 === 0 ? l.mu : l.mv;
          const c = (a + this.yFast(l, i, b, m)) % m;
          a = b;
          b = c;
        }
      } else {
        for (let i = 9; i >= 0; i--) {
          const m = i % 2 === 0 ? l.mu : l.mv;
          const c = (b - this.yFast(l, i, a, m) + m) % m;
          b = a;
          a = c;
        }
      }
      for (let k = l.u - 1; k >= 0; k--, a = Math.floor(a / radix)) x[k] = a % radix;
      for (let k = n - 1; k >= l.u; k--, b = Math.floor(b / radix)) x[k] = b % radix;
      return;
    }
    const R = BigInt(radix);
    const { B0 } = bigs();
    let a = B0;
    let b = B0;
    for (let k = 0; k < l.u; k++) a = a * R + BigInt(x[k]!);
    for (let k = l.u; k < n; k++) b = b * R + BigInt(x[k]!);
    if (!decrypt) {
      for (let i = 0; i < 10; i++) {
        const m = i % 2 === 0 ? l.muB : l.mvB;
        const c = (a + this.yBig(l, i, b)) % m;
        a = b;
        b = c;
      }
    } else {
      for (let i = 9; i >= 0; i--) {
        const m = i % 2 === 0 ? l.muB : l.mvB;
        const c = (((b - this.yBig(l, i, a)) % m) + m) % m;
        b = a;
        a = c;
      }
    }
    for (let k = l.u - 1; k >= 0; k--, a /= R) x[k] = Number(a % R);
    for (let k = n - 1; k >= l.u; k--, b /= R) x[k] = Number(b % R);
  }
}
