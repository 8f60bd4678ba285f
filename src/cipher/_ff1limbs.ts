// The big-number steps of FF1 (NIST SP 800-38G Rev. 1, Algorithm 7) on 32-bit limbs held in
// plain numbers, without BigInt: WeChat's ES6→ES5 compile rewrites `**` into Math.pow, which
// throws on BigInts, and runtimes below the floor in docs/runtimes.md may lack BigInt.
// Limbs are little-endian. Every intermediate stays below 2^53: a limb (< 2^32) times a chunk
// of radix digits (< 2^21) plus a carry.

const LIMB = 0x100000000;
const CHUNK_LIMIT = 0x200000; // 2^21

/** Digits of radix taken at once: the largest k with radix^k < 2^21, and radix^k. Internal. */
export function _chunk(radix: number): { k: number; p: number } {
  let k = 1;
  let p = radix;
  while (p * radix < CHUNK_LIMIT) {
    p *= radix;
    k++;
  }
  return { k, p };
}

/** limbs[0..n) = limbs * mul + add; returns the new limb count. */
function mulAdd(limbs: number[], n: number, mul: number, add: number): number {
  let carry = add;
  for (let i = 0; i < n; i++) {
    const t = limbs[i]! * mul + carry;
    carry = Math.floor(t / LIMB);
    limbs[i] = t - carry * LIMB;
  }
  if (carry > 0) limbs[n++] = carry;
  return n;
}

/** limbs[0..n) = floor(limbs / div); returns the remainder. div < 2^21. */
function divSmall(limbs: number[], n: number, div: number): number {
  let r = 0;
  for (let i = n - 1; i >= 0; i--) {
    const t = r * LIMB + limbs[i]!;
    let q = Math.floor(t / div);
    r = t - q * div;
    // t / div can round up to the next integer when q is near 2^32: correct it.
    if (r < 0) {
      q--;
      r += div;
    }
    limbs[i] = q;
  }
  return r;
}

/** NUM_radix(digits[0..len)) as limbs (Horner's rule, a chunk of digits per pass). Internal. */
export function _numeralsToLimbs(digits: ArrayLike<number>, len: number, radix: number, k: number): number[] {
  const limbs: number[] = [];
  let n = 0;
  for (let at = 0; at < len; at += k) {
    const end = Math.min(len, at + k);
    let group = 0;
    let mul = 1;
    for (let j = at; j < end; j++) {
      group = group * radix + digits[j]!;
      mul *= radix;
    }
    n = mulAdd(limbs, n, mul, group);
  }
  return limbs;
}

/** Writes NUM_radix(digits) as `b` big-endian bytes ending at out[end - 1] (STR^b_256). Internal. */
export function _numeralsToBytes(digits: ArrayLike<number>, len: number, radix: number, k: number, out: Uint8Array, end: number, b: number): void {
  const limbs = _numeralsToLimbs(digits, len, radix, k);
  for (let j = 0; j < b; j++) {
    const limb = limbs[j >>> 2] ?? 0;
    out[end - 1 - j] = Math.floor(limb / 2 ** (8 * (j & 3))) & 255;
  }
}

/** Byte length of radix^v - 1: the b of SP 800-38G, computed exactly. Internal. */
export function _byteLength(radix: number, v: number): number {
  const all = new Array<number>(v).fill(radix - 1);
  const limbs = _numeralsToLimbs(all, v, radix, _chunk(radix).k);
  let top = limbs.length - 1;
  while (top > 0 && limbs[top] === 0) top--;
  const bits = 32 * top + (32 - Math.clz32(limbs[top] ?? 0));
  return Math.ceil(bits / 8);
}

/**
 * out[0..m) = STR^m_radix(NUM(s[0..d)) mod radix^m): the low m radix digits of the big-endian
 * byte string s, most significant first. d is a multiple of 4. Internal.
 */
export function _bytesToNumerals(s: Uint8Array, d: number, radix: number, chunk: { k: number; p: number }, m: number, out: number[]): void {
  const n = d >>> 2;
  const limbs = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const o = d - 4 * (i + 1);
    limbs[i] = s[o]! * 0x1000000 + ((s[o + 1]! << 16) | (s[o + 2]! << 8) | s[o + 3]!);
  }
  let pos = m - 1;
  while (pos >= 0) {
    const take = Math.min(chunk.k, pos + 1);
    let div = 1;
    for (let j = 0; j < take; j++) div *= radix;
    let r = divSmall(limbs, n, div);
    for (let j = 0; j < take; j++, pos--) {
      out[pos] = r % radix;
      r = Math.floor(r / radix);
    }
  }
}
