// SHA-256 compression, FIPS 180-4 §6.2.2, scalar and 4-lane (v128) multi-buffer.
import { W } from './layout';

// FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes.
export const K256: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

// FIPS 180-4 §5.3.3: initial hash value.
export const IV256: usize = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

// FIPS 180-4 §4.1.2 functions.
// @ts-ignore: decorator
@inline function s0(x: u32): u32 {
  return rotr<u32>(x, 2) ^ rotr<u32>(x, 13) ^ rotr<u32>(x, 22);
}
// @ts-ignore: decorator
@inline function s1(x: u32): u32 {
  return rotr<u32>(x, 6) ^ rotr<u32>(x, 11) ^ rotr<u32>(x, 25);
}
// @ts-ignore: decorator
@inline function ch(x: u32, y: u32, z: u32): u32 {
  return z ^ (x & (y ^ z));
}
// @ts-ignore: decorator
@inline function maj(x: u32, y: u32, z: u32): u32 {
  return (x & y) | (z & (x | y));
}

/** Compresses the 64-byte block at `blk` into the 8-word state at `st` (words in native order). */
export function sha256Compress(st: usize, blk: usize): void {
  for (let j: usize = 0; j < 16; j++) store<u32>(W + (j << 2), bswap<u32>(load<u32>(blk + (j << 2))));
  for (let j: usize = 16; j < 64; j++) {
    const w15 = load<u32>(W + ((j - 15) << 2));
    const w2 = load<u32>(W + ((j - 2) << 2));
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    store<u32>(W + (j << 2), load<u32>(W + ((j - 16) << 2)) + s0 + load<u32>(W + ((j - 7) << 2)) + s1);
  }
  let a = load<u32>(st), b = load<u32>(st, 4), c = load<u32>(st, 8), d = load<u32>(st, 12);
  let e = load<u32>(st, 16), f = load<u32>(st, 20), g = load<u32>(st, 24), h = load<u32>(st, 28);
  // Eight rounds per iteration with the variables renamed instead of shifted (§6.2.2 step 3).
  for (let j: usize = 0; j < 256; j += 32) {
    h += s1(e) + ch(e, f, g) + load<u32>(K256 + j, 0) + load<u32>(W + j, 0);
    d += h;
    h += s0(a) + maj(a, b, c);
    g += s1(d) + ch(d, e, f) + load<u32>(K256 + j, 4) + load<u32>(W + j, 4);
    c += g;
    g += s0(h) + maj(h, a, b);
    f += s1(c) + ch(c, d, e) + load<u32>(K256 + j, 8) + load<u32>(W + j, 8);
    b += f;
    f += s0(g) + maj(g, h, a);
    e += s1(b) + ch(b, c, d) + load<u32>(K256 + j, 12) + load<u32>(W + j, 12);
    a += e;
    e += s0(f) + maj(f, g, h);
    d += s1(a) + ch(a, b, c) + load<u32>(K256 + j, 16) + load<u32>(W + j, 16);
    h += d;
    d += s0(e) + maj(e, f, g);
    c += s1(h) + ch(h, a, b) + load<u32>(K256 + j, 20) + load<u32>(W + j, 20);
    g += c;
    c += s0(d) + maj(d, e, f);
    b += s1(g) + ch(g, h, a) + load<u32>(K256 + j, 24) + load<u32>(W + j, 24);
    f += b;
    b += s0(c) + maj(c, d, e);
    a += s1(f) + ch(f, g, h) + load<u32>(K256 + j, 28) + load<u32>(W + j, 28);
    e += a;
    a += s0(b) + maj(b, c, d);
  }
  store<u32>(st, load<u32>(st) + a);
  store<u32>(st, load<u32>(st, 4) + b, 4);
  store<u32>(st, load<u32>(st, 8) + c, 8);
  store<u32>(st, load<u32>(st, 12) + d, 12);
  store<u32>(st, load<u32>(st, 16) + e, 16);
  store<u32>(st, load<u32>(st, 20) + f, 20);
  store<u32>(st, load<u32>(st, 24) + g, 24);
  store<u32>(st, load<u32>(st, 28) + h, 28);
}

// @ts-ignore: decorator
@inline function rotr4(x: v128, n: i32): v128 {
  return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n));
}

/**
 * Four independent compressions at once: lane k of each v128 belongs to message k. `hv` holds
 * 8 state words, `wv` the 16 big-endian block words (expanded in place to 64).
 */
export function sha256Compress4(hv: usize, wv: usize): void {
  for (let j: usize = 16; j < 64; j++) {
    const w15 = v128.load(wv + ((j - 15) << 4));
    const w2 = v128.load(wv + ((j - 2) << 4));
    const s0 = v128.xor(v128.xor(rotr4(w15, 7), rotr4(w15, 18)), i32x4.shr_u(w15, 3));
    const s1 = v128.xor(v128.xor(rotr4(w2, 17), rotr4(w2, 19)), i32x4.shr_u(w2, 10));
    const w = i32x4.add(i32x4.add(v128.load(wv + ((j - 16) << 4)), s0), i32x4.add(v128.load(wv + ((j - 7) << 4)), s1));
    v128.store(wv + (j << 4), w);
  }
  let a = v128.load(hv), b = v128.load(hv, 16), c = v128.load(hv, 32), d = v128.load(hv, 48);
  let e = v128.load(hv, 64), f = v128.load(hv, 80), g = v128.load(hv, 96), h = v128.load(hv, 112);
  for (let j: usize = 0; j < 64; j++) {
    const s1 = v128.xor(v128.xor(rotr4(e, 6), rotr4(e, 11)), rotr4(e, 25));
    const ch = v128.bitselect(f, g, e);
    const t1 = i32x4.add(i32x4.add(i32x4.add(h, s1), i32x4.add(ch, i32x4.splat(load<u32>(K256 + (j << 2))))), v128.load(wv + (j << 4)));
    const s0 = v128.xor(v128.xor(rotr4(a, 2), rotr4(a, 13)), rotr4(a, 22));
    const maj = v128.bitselect(c, a, v128.xor(a, b));
    h = g;
    g = f;
    f = e;
    e = i32x4.add(d, t1);
    d = c;
    c = b;
    b = a;
    a = i32x4.add(t1, i32x4.add(s0, maj));
  }
  v128.store(hv, i32x4.add(v128.load(hv), a));
  v128.store(hv, i32x4.add(v128.load(hv, 16), b), 16);
  v128.store(hv, i32x4.add(v128.load(hv, 32), c), 32);
  v128.store(hv, i32x4.add(v128.load(hv, 48), d), 48);
  v128.store(hv, i32x4.add(v128.load(hv, 64), e), 64);
  v128.store(hv, i32x4.add(v128.load(hv, 80), f), 80);
  v128.store(hv, i32x4.add(v128.load(hv, 96), g), 96);
  v128.store(hv, i32x4.add(v128.load(hv, 112), h), 112);
}
