import { unsafe } from '@noble/ciphers/aes.js';
import { _byteLength, _bytesToNumerals, _chunk, _numeralsToBytes } from './_ff1limbs.js';

// FF1 (NIST SP 800-38G Rev. 1, Algorithm 7/8) over numeral arrays, with AES from @noble/ciphers.
// Speed comes from three caches a generic implementation cannot keep: the AES key schedule,
// the CBC-MAC state after the constant prefix P || T || padding of each round's PRF input (so a
// round costs one AES block for short inputs), and plain-number arithmetic while radix^v stays
// below 2^45. Longer values work on radix digits with 32-bit limbs (_ff1limbs): no BigInt, so
// the code survives WeChat's ES5 compile and runtimes without BigInt.

const { expandKeyLE, encryptBlock } = unsafe;
const FAST_LIMIT = 2 ** 45;

interface Layout {
  u: number;
  v: number;
  b: number;
  d: number;
  /** radix^u and radix^v as numbers (fast path only; Infinity past 2^53 does no harm). */
  mu: number;
  mv: number;
  fast: boolean;
  /** CBC-MAC state after every block of P || Q but the last, when [i] || NUM fits in it. */
  pre: Uint8Array | undefined;
  /** The constant bytes of the last block (tail of T and padding), [i] and NUM set per round. */
  tpl: Uint8Array | undefined;
  /** Full P || Q template when the round data spans several blocks. */
  pq: Uint8Array;
}

/** radix^e by repeated products: exact below 2^53, unlike a Math.pow an ES5 compile may emit. */
function power(radix: number, e: number): number {
  let p = 1;
  for (let i = 0; i < e; i++) p *= radix;
  return p;
}

/** FF1 with a fixed AES key, radix and tweak; layouts cached per input length. Internal. */
export class _FF1Core {
  private readonly xk: Uint32Array;
  private readonly layouts = new Map<number, Layout>();
  private readonly blk = new Uint8Array(16);
  private readonly chunk: { k: number; p: number };

  /** `limbsOnly` skips the plain-number path (tests prove both paths on the same vectors). */
  constructor(key: Uint8Array, private readonly radix: number, private readonly tweak: Uint8Array, private readonly limbsOnly = false) {
    this.xk = expandKeyLE(key) as Uint32Array;
    this.chunk = _chunk(radix);
  }
  private layout(n: number): Layout {
    let l = this.layouts.get(n);
    if (l) return l;
    const radix = this.radix;
    const t = this.tweak.length;
    const u = Math.floor(n / 2);
    const v = n - u;
    const b = _byteLength(radix, v);
    const d = 4 * Math.ceil(b / 4) + 4;
    const pad = (((-t - b - 1) % 16) + 16) % 16;
    const pq = new Uint8Array(16 + t + pad + 1 + b);
    pq.set([1, 2, 1, (radix >>> 16) & 255, (radix >>> 8) & 255, radix & 255, 10, u & 255]);
    new DataView(pq.buffer).setUint32(8, n, false);
    new DataView(pq.buffer).setUint32(12, t, false);
    pq.set(this.tweak, 16);
    const mu = power(radix, u);
    const mv = power(radix, v);
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
    l = { u, v, b, d, mu, mv, fast: !this.limbsOnly && pre !== undefined && mv <= FAST_LIMIT, pre, tpl, pq };
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

  /** S of round i, at least d bytes, for the numerals w[0..len) (general path). */
  private prf(l: Layout, i: number, w: readonly number[]): Uint8Array {
    const r = new Uint8Array(16 * Math.ceil(l.d / 16));
    const blk = r.subarray(0, 16);
    if (l.pre) {
      const tpl = l.tpl!;
      tpl[15 - l.b] = i;
      _numeralsToBytes(w, w.length, this.radix, this.chunk.k, tpl, 16, l.b);
      for (let k = 0; k < 16; k++) blk[k] = l.pre[k]! ^ tpl[k]!;
      encryptBlock(this.xk, blk);
    } else {
      const pq = l.pq;
      pq[pq.length - l.b - 1] = i;
      _numeralsToBytes(w, w.length, this.radix, this.chunk.k, pq, pq.length, l.b);
      for (let off = 0; off < pq.length; off += 16) {
        for (let k = 0; k < 16; k++) blk[k]! ^= pq[off + k]!;
        encryptBlock(this.xk, blk);
      }
    }
    for (let j = 1; 16 * j < l.d; j++) {
      const next = r.slice(0, 16);
      // R xor [j]16: j never exceeds a few bytes, so only the low 4 bytes change.
      for (let k = 0; k < 4; k++) next[15 - k]! ^= (j >>> (8 * k)) & 255;
      encryptBlock(this.xk, next);
      r.set(next, 16 * j);
    }
    return r;
  }

  /** The ten rounds on digit arrays: C = (A ± y) mod radix^m computed digit by digit. */
  private cryptDigits(x: Uint32Array | number[], l: Layout, decrypt: boolean): void {
    const radix = this.radix;
    let a = Array.from(x.slice(0, l.u));
    let b = Array.from(x.slice(l.u));
    for (let step = 0; step < 10; step++) {
      const i = decrypt ? 9 - step : step;
      const m = i % 2 === 0 ? l.u : l.v;
      const y: number[] = new Array<number>(m);
      _bytesToNumerals(this.prf(l, i, decrypt ? a : b), 4 * Math.ceil(l.d / 4), radix, this.chunk, m, y);
      const src = decrypt ? b : a;
      const c: number[] = new Array<number>(m);
      let carry = 0;
      for (let j = m - 1; j >= 0; j--) {
        const t = decrypt ? src[j]! - y[j]! - carry : src[j]! + y[j]! + carry;
        carry = t >= radix || t < 0 ? 1 : 0;
        c[j] = t >= radix ? t - radix : t < 0 ? t + radix : t;
      }
      if (decrypt) {
        b = a;
        a = c;
      } else {
        a = b;
        b = c;
      }
    }
    for (let k = 0; k < l.u; k++) x[k] = a[k]!;
    for (let k = l.u; k < x.length; k++) x[k] = b[k - l.u]!;
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
    this.cryptDigits(x, l, decrypt);
  }
}
