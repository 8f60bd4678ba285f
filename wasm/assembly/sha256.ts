// SHA-256 compression, FIPS 180-4 §6.2.2, scalar and 4-lane (v128) multi-buffer.

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
@inline function s0w(x: u32): u32 {
  return rotr<u32>(x, 7) ^ rotr<u32>(x, 18) ^ (x >>> 3);
}
// @ts-ignore: decorator
@inline function s1w(x: u32): u32 {
  return rotr<u32>(x, 17) ^ rotr<u32>(x, 19) ^ (x >>> 10);
}
// @ts-ignore: decorator
@inline function ch(x: u32, y: u32, z: u32): u32 {
  return z ^ (x & (y ^ z));
}
// @ts-ignore: decorator
@inline function maj(x: u32, y: u32, z: u32): u32 {
  return (x & y) | (z & (x | y));
}

/**
 * Compresses the 64-byte block at `blk` into the 8-word state at `st` (words in native order).
 * Fully unrolled (64 rounds, K as immediates, the schedule in 16 rolling locals) so the engine
 * keeps everything in registers; the round constants are K256 above.
 */
export function sha256Compress(st: usize, blk: usize): void {
  let w0 = bswap<u32>(load<u32>(blk, 0));
  let w1 = bswap<u32>(load<u32>(blk, 4));
  let w2 = bswap<u32>(load<u32>(blk, 8));
  let w3 = bswap<u32>(load<u32>(blk, 12));
  let w4 = bswap<u32>(load<u32>(blk, 16));
  let w5 = bswap<u32>(load<u32>(blk, 20));
  let w6 = bswap<u32>(load<u32>(blk, 24));
  let w7 = bswap<u32>(load<u32>(blk, 28));
  let w8 = bswap<u32>(load<u32>(blk, 32));
  let w9 = bswap<u32>(load<u32>(blk, 36));
  let w10 = bswap<u32>(load<u32>(blk, 40));
  let w11 = bswap<u32>(load<u32>(blk, 44));
  let w12 = bswap<u32>(load<u32>(blk, 48));
  let w13 = bswap<u32>(load<u32>(blk, 52));
  let w14 = bswap<u32>(load<u32>(blk, 56));
  let w15 = bswap<u32>(load<u32>(blk, 60));
  let a = load<u32>(st), b = load<u32>(st, 4), c = load<u32>(st, 8), d = load<u32>(st, 12);
  let e = load<u32>(st, 16), f = load<u32>(st, 20), g = load<u32>(st, 24), h = load<u32>(st, 28);
  h += s1(e) + ch(e, f, g) + 0x428a2f98 + w0;
  d += h;
  h += s0(a) + maj(a, b, c);
  g += s1(d) + ch(d, e, f) + 0x71374491 + w1;
  c += g;
  g += s0(h) + maj(h, a, b);
  f += s1(c) + ch(c, d, e) + 0xb5c0fbcf + w2;
  b += f;
  f += s0(g) + maj(g, h, a);
  e += s1(b) + ch(b, c, d) + 0xe9b5dba5 + w3;
  a += e;
  e += s0(f) + maj(f, g, h);
  d += s1(a) + ch(a, b, c) + 0x3956c25b + w4;
  h += d;
  d += s0(e) + maj(e, f, g);
  c += s1(h) + ch(h, a, b) + 0x59f111f1 + w5;
  g += c;
  c += s0(d) + maj(d, e, f);
  b += s1(g) + ch(g, h, a) + 0x923f82a4 + w6;
  f += b;
  b += s0(c) + maj(c, d, e);
  a += s1(f) + ch(f, g, h) + 0xab1c5ed5 + w7;
  e += a;
  a += s0(b) + maj(b, c, d);
  h += s1(e) + ch(e, f, g) + 0xd807aa98 + w8;
  d += h;
  h += s0(a) + maj(a, b, c);
  g += s1(d) + ch(d, e, f) + 0x12835b01 + w9;
  c += g;
  g += s0(h) + maj(h, a, b);
  f += s1(c) + ch(c, d, e) + 0x243185be + w10;
  b += f;
  f += s0(g) + maj(g, h, a);
  e += s1(b) + ch(b, c, d) + 0x550c7dc3 + w11;
  a += e;
  e += s0(f) + maj(f, g, h);
  d += s1(a) + ch(a, b, c) + 0x72be5d74 + w12;
  h += d;
  d += s0(e) + maj(e, f, g);
  c += s1(h) + ch(h, a, b) + 0x80deb1fe + w13;
  g += c;
  c += s0(d) + maj(d, e, f);
  b += s1(g) + ch(g, h, a) + 0x9bdc06a7 + w14;
  f += b;
  b += s0(c) + maj(c, d, e);
  a += s1(f) + ch(f, g, h) + 0xc19bf174 + w15;
  e += a;
  a += s0(b) + maj(b, c, d);
  w0 += s1w(w14) + w9 + s0w(w1);
  h += s1(e) + ch(e, f, g) + 0xe49b69c1 + w0;
  d += h;
  h += s0(a) + maj(a, b, c);
  w1 += s1w(w15) + w10 + s0w(w2);
  g += s1(d) + ch(d, e, f) + 0xefbe4786 + w1;
  c += g;
  g += s0(h) + maj(h, a, b);
  w2 += s1w(w0) + w11 + s0w(w3);
  f += s1(c) + ch(c, d, e) + 0x0fc19dc6 + w2;
  b += f;
  f += s0(g) + maj(g, h, a);
  w3 += s1w(w1) + w12 + s0w(w4);
  e += s1(b) + ch(b, c, d) + 0x240ca1cc + w3;
  a += e;
  e += s0(f) + maj(f, g, h);
  w4 += s1w(w2) + w13 + s0w(w5);
  d += s1(a) + ch(a, b, c) + 0x2de92c6f + w4;
  h += d;
  d += s0(e) + maj(e, f, g);
  w5 += s1w(w3) + w14 + s0w(w6);
  c += s1(h) + ch(h, a, b) + 0x4a7484aa + w5;
  g += c;
  c += s0(d) + maj(d, e, f);
  w6 += s1w(w4) + w15 + s0w(w7);
  b += s1(g) + ch(g, h, a) + 0x5cb0a9dc + w6;
  f += b;
  b += s0(c) + maj(c, d, e);
  w7 += s1w(w5) + w0 + s0w(w8);
  a += s1(f) + ch(f, g, h) + 0x76f988da + w7;
  e += a;
  a += s0(b) + maj(b, c, d);
  w8 += s1w(w6) + w1 + s0w(w9);
  h += s1(e) + ch(e, f, g) + 0x983e5152 + w8;
  d += h;
  h += s0(a) + maj(a, b, c);
  w9 += s1w(w7) + w2 + s0w(w10);
  g += s1(d) + ch(d, e, f) + 0xa831c66d + w9;
  c += g;
  g += s0(h) + maj(h, a, b);
  w10 += s1w(w8) + w3 + s0w(w11);
  f += s1(c) + ch(c, d, e) + 0xb00327c8 + w10;
  b += f;
  f += s0(g) + maj(g, h, a);
  w11 += s1w(w9) + w4 + s0w(w12);
  e += s1(b) + ch(b, c, d) + 0xbf597fc7 + w11;
  a += e;
  e += s0(f) + maj(f, g, h);
  w12 += s1w(w10) + w5 + s0w(w13);
  d += s1(a) + ch(a, b, c) + 0xc6e00bf3 + w12;
  h += d;
  d += s0(e) + maj(e, f, g);
  w13 += s1w(w11) + w6 + s0w(w14);
  c += s1(h) + ch(h, a, b) + 0xd5a79147 + w13;
  g += c;
  c += s0(d) + maj(d, e, f);
  w14 += s1w(w12) + w7 + s0w(w15);
  b += s1(g) + ch(g, h, a) + 0x06ca6351 + w14;
  f += b;
  b += s0(c) + maj(c, d, e);
  w15 += s1w(w13) + w8 + s0w(w0);
  a += s1(f) + ch(f, g, h) + 0x14292967 + w15;
  e += a;
  a += s0(b) + maj(b, c, d);
  w0 += s1w(w14) + w9 + s0w(w1);
  h += s1(e) + ch(e, f, g) + 0x27b70a85 + w0;
  d += h;
  h += s0(a) + maj(a, b, c);
  w1 += s1w(w15) + w10 + s0w(w2);
  g += s1(d) + ch(d, e, f) + 0x2e1b2138 + w1;
  c += g;
  g += s0(h) + maj(h, a, b);
  w2 += s1w(w0) + w11 + s0w(w3);
  f += s1(c) + ch(c, d, e) + 0x4d2c6dfc + w2;
  b += f;
  f += s0(g) + maj(g, h, a);
  w3 += s1w(w1) + w12 + s0w(w4);
  e += s1(b) + ch(b, c, d) + 0x53380d13 + w3;
  a += e;
  e += s0(f) + maj(f, g, h);
  w4 += s1w(w2) + w13 + s0w(w5);
  d += s1(a) + ch(a, b, c) + 0x650a7354 + w4;
  h += d;
  d += s0(e) + maj(e, f, g);
  w5 += s1w(w3) + w14 + s0w(w6);
  c += s1(h) + ch(h, a, b) + 0x766a0abb + w5;
  g += c;
  c += s0(d) + maj(d, e, f);
  w6 += s1w(w4) + w15 + s0w(w7);
  b += s1(g) + ch(g, h, a) + 0x81c2c92e + w6;
  f += b;
  b += s0(c) + maj(c, d, e);
  w7 += s1w(w5) + w0 + s0w(w8);
  a += s1(f) + ch(f, g, h) + 0x92722c85 + w7;
  e += a;
  a += s0(b) + maj(b, c, d);
  w8 += s1w(w6) + w1 + s0w(w9);
  h += s1(e) + ch(e, f, g) + 0xa2bfe8a1 + w8;
  d += h;
  h += s0(a) + maj(a, b, c);
  w9 += s1w(w7) + w2 + s0w(w10);
  g += s1(d) + ch(d, e, f) + 0xa81a664b + w9;
  c += g;
  g += s0(h) + maj(h, a, b);
  w10 += s1w(w8) + w3 + s0w(w11);
  f += s1(c) + ch(c, d, e) + 0xc24b8b70 + w10;
  b += f;
  f += s0(g) + maj(g, h, a);
  w11 += s1w(w9) + w4 + s0w(w12);
  e += s1(b) + ch(b, c, d) + 0xc76c51a3 + w11;
  a += e;
  e += s0(f) + maj(f, g, h);
  w12 += s1w(w10) + w5 + s0w(w13);
  d += s1(a) + ch(a, b, c) + 0xd192e819 + w12;
  h += d;
  d += s0(e) + maj(e, f, g);
  w13 += s1w(w11) + w6 + s0w(w14);
  c += s1(h) + ch(h, a, b) + 0xd6990624 + w13;
  g += c;
  c += s0(d) + maj(d, e, f);
  w14 += s1w(w12) + w7 + s0w(w15);
  b += s1(g) + ch(g, h, a) + 0xf40e3585 + w14;
  f += b;
  b += s0(c) + maj(c, d, e);
  w15 += s1w(w13) + w8 + s0w(w0);
  a += s1(f) + ch(f, g, h) + 0x106aa070 + w15;
  e += a;
  a += s0(b) + maj(b, c, d);
  w0 += s1w(w14) + w9 + s0w(w1);
  h += s1(e) + ch(e, f, g) + 0x19a4c116 + w0;
  d += h;
  h += s0(a) + maj(a, b, c);
  w1 += s1w(w15) + w10 + s0w(w2);
  g += s1(d) + ch(d, e, f) + 0x1e376c08 + w1;
  c += g;
  g += s0(h) + maj(h, a, b);
  w2 += s1w(w0) + w11 + s0w(w3);
  f += s1(c) + ch(c, d, e) + 0x2748774c + w2;
  b += f;
  f += s0(g) + maj(g, h, a);
  w3 += s1w(w1) + w12 + s0w(w4);
  e += s1(b) + ch(b, c, d) + 0x34b0bcb5 + w3;
  a += e;
  e += s0(f) + maj(f, g, h);
  w4 += s1w(w2) + w13 + s0w(w5);
  d += s1(a) + ch(a, b, c) + 0x391c0cb3 + w4;
  h += d;
  d += s0(e) + maj(e, f, g);
  w5 += s1w(w3) + w14 + s0w(w6);
  c += s1(h) + ch(h, a, b) + 0x4ed8aa4a + w5;
  g += c;
  c += s0(d) + maj(d, e, f);
  w6 += s1w(w4) + w15 + s0w(w7);
  b += s1(g) + ch(g, h, a) + 0x5b9cca4f + w6;
  f += b;
  b += s0(c) + maj(c, d, e);
  w7 += s1w(w5) + w0 + s0w(w8);
  a += s1(f) + ch(f, g, h) + 0x682e6ff3 + w7;
  e += a;
  a += s0(b) + maj(b, c, d);
  w8 += s1w(w6) + w1 + s0w(w9);
  h += s1(e) + ch(e, f, g) + 0x748f82ee + w8;
  d += h;
  h += s0(a) + maj(a, b, c);
  w9 += s1w(w7) + w2 + s0w(w10);
  g += s1(d) + ch(d, e, f) + 0x78a5636f + w9;
  c += g;
  g += s0(h) + maj(h, a, b);
  w10 += s1w(w8) + w3 + s0w(w11);
  f += s1(c) + ch(c, d, e) + 0x84c87814 + w10;
  b += f;
  f += s0(g) + maj(g, h, a);
  w11 += s1w(w9) + w4 + s0w(w12);
  e += s1(b) + ch(b, c, d) + 0x8cc70208 + w11;
  a += e;
  e += s0(f) + maj(f, g, h);
  w12 += s1w(w10) + w5 + s0w(w13);
  d += s1(a) + ch(a, b, c) + 0x90befffa + w12;
  h += d;
  d += s0(e) + maj(e, f, g);
  w13 += s1w(w11) + w6 + s0w(w14);
  c += s1(h) + ch(h, a, b) + 0xa4506ceb + w13;
  g += c;
  c += s0(d) + maj(d, e, f);
  w14 += s1w(w12) + w7 + s0w(w15);
  b += s1(g) + ch(g, h, a) + 0xbef9a3f7 + w14;
  f += b;
  b += s0(c) + maj(c, d, e);
  w15 += s1w(w13) + w8 + s0w(w0);
  a += s1(f) + ch(f, g, h) + 0xc67178f2 + w15;
  e += a;
  a += s0(b) + maj(b, c, d);
  store<u32>(st, load<u32>(st, 0) + a, 0);
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

// @ts-ignore: decorator
@inline function S0v(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 2), rotr4(x, 13)), rotr4(x, 22));
}
// @ts-ignore: decorator
@inline function S1v(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 6), rotr4(x, 11)), rotr4(x, 25));
}
// @ts-ignore: decorator
@inline function s0w4(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 7), rotr4(x, 18)), i32x4.shr_u(x, 3));
}
// @ts-ignore: decorator
@inline function s1w4(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 17), rotr4(x, 19)), i32x4.shr_u(x, 10));
}

/**
 * Four independent compressions at once: lane k of each v128 belongs to message k. `hv` holds
 * 8 state words, `wv` the 16 big-endian block words. Unrolled like sha256Compress.
 */
export function sha256Compress4(hv: usize, wv: usize): void {
  let w0 = v128.load(wv, 0);
  let w1 = v128.load(wv, 16);
  let w2 = v128.load(wv, 32);
  let w3 = v128.load(wv, 48);
  let w4 = v128.load(wv, 64);
  let w5 = v128.load(wv, 80);
  let w6 = v128.load(wv, 96);
  let w7 = v128.load(wv, 112);
  let w8 = v128.load(wv, 128);
  let w9 = v128.load(wv, 144);
  let w10 = v128.load(wv, 160);
  let w11 = v128.load(wv, 176);
  let w12 = v128.load(wv, 192);
  let w13 = v128.load(wv, 208);
  let w14 = v128.load(wv, 224);
  let w15 = v128.load(wv, 240);
  let a = v128.load(hv), b = v128.load(hv, 16), c = v128.load(hv, 32), d = v128.load(hv, 48);
  let e = v128.load(hv, 64), f = v128.load(hv, 80), g = v128.load(hv, 96), h = v128.load(hv, 112);
  h = i32x4.add(i32x4.add(h, S1v(e)), i32x4.add(i32x4.add(v128.bitselect(f, g, e), i32x4.splat(0x428a2f98)), w0));
  d = i32x4.add(d, h);
  h = i32x4.add(h, i32x4.add(S0v(a), v128.bitselect(c, a, v128.xor(a, b))));
  g = i32x4.add(i32x4.add(g, S1v(d)), i32x4.add(i32x4.add(v128.bitselect(e, f, d), i32x4.splat(0x71374491)), w1));
  c = i32x4.add(c, g);
  g = i32x4.add(g, i32x4.add(S0v(h), v128.bitselect(b, h, v128.xor(h, a))));
  f = i32x4.add(i32x4.add(f, S1v(c)), i32x4.add(i32x4.add(v128.bitselect(d, e, c), i32x4.splat(0xb5c0fbcf)), w2));
  b = i32x4.add(b, f);
  f = i32x4.add(f, i32x4.add(S0v(g), v128.bitselect(a, g, v128.xor(g, h))));
  e = i32x4.add(i32x4.add(e, S1v(b)), i32x4.add(i32x4.add(v128.bitselect(c, d, b), i32x4.splat(0xe9b5dba5)), w3));
  a = i32x4.add(a, e);
  e = i32x4.add(e, i32x4.add(S0v(f), v128.bitselect(h, f, v128.xor(f, g))));
  d = i32x4.add(i32x4.add(d, S1v(a)), i32x4.add(i32x4.add(v128.bitselect(b, c, a), i32x4.splat(0x3956c25b)), w4));
  h = i32x4.add(h, d);
  d = i32x4.add(d, i32x4.add(S0v(e), v128.bitselect(g, e, v128.xor(e, f))));
  c = i32x4.add(i32x4.add(c, S1v(h)), i32x4.add(i32x4.add(v128.bitselect(a, b, h), i32x4.splat(0x59f111f1)), w5));
  g = i32x4.add(g, c);
  c = i32x4.add(c, i32x4.add(S0v(d), v128.bitselect(f, d, v128.xor(d, e))));
  b = i32x4.add(i32x4.add(b, S1v(g)), i32x4.add(i32x4.add(v128.bitselect(h, a, g), i32x4.splat(0x923f82a4)), w6));
  f = i32x4.add(f, b);
  b = i32x4.add(b, i32x4.add(S0v(c), v128.bitselect(e, c, v128.xor(c, d))));
  a = i32x4.add(i32x4.add(a, S1v(f)), i32x4.add(i32x4.add(v128.bitselect(g, h, f), i32x4.splat(0xab1c5ed5)), w7));
  e = i32x4.add(e, a);
  a = i32x4.add(a, i32x4.add(S0v(b), v128.bitselect(d, b, v128.xor(b, c))));
  h = i32x4.add(i32x4.add(h, S1v(e)), i32x4.add(i32x4.add(v128.bitselect(f, g, e), i32x4.splat(0xd807aa98)), w8));
  d = i32x4.add(d, h);
  h = i32x4.add(h, i32x4.add(S0v(a), v128.bitselect(c, a, v128.xor(a, b))));
  g = i32x4.add(i32x4.add(g, S1v(d)), i32x4.add(i32x4.add(v128.bitselect(e, f, d), i32x4.splat(0x12835b01)), w9));
  c = i32x4.add(c, g);
  g = i32x4.add(g, i32x4.add(S0v(h), v128.bitselect(b, h, v128.xor(h, a))));
  f = i32x4.add(i32x4.add(f, S1v(c)), i32x4.add(i32x4.add(v128.bitselect(d, e, c), i32x4.splat(0x243185be)), w10));
  b = i32x4.add(b, f);
  f = i32x4.add(f, i32x4.add(S0v(g), v128.bitselect(a, g, v128.xor(g, h))));
  e = i32x4.add(i32x4.add(e, S1v(b)), i32x4.add(i32x4.add(v128.bitselect(c, d, b), i32x4.splat(0x550c7dc3)), w11));
  a = i32x4.add(a, e);
  e = i32x4.add(e, i32x4.add(S0v(f), v128.bitselect(h, f, v128.xor(f, g))));
  d = i32x4.add(i32x4.add(d, S1v(a)), i32x4.add(i32x4.add(v128.bitselect(b, c, a), i32x4.splat(0x72be5d74)), w12));
  h = i32x4.add(h, d);
  d = i32x4.add(d, i32x4.add(S0v(e), v128.bitselect(g, e, v128.xor(e, f))));
  c = i32x4.add(i32x4.add(c, S1v(h)), i32x4.add(i32x4.add(v128.bitselect(a, b, h), i32x4.splat(0x80deb1fe)), w13));
  g = i32x4.add(g, c);
  c = i32x4.add(c, i32x4.add(S0v(d), v128.bitselect(f, d, v128.xor(d, e))));
  b = i32x4.add(i32x4.add(b, S1v(g)), i32x4.add(i32x4.add(v128.bitselect(h, a, g), i32x4.splat(0x9bdc06a7)), w14));
  f = i32x4.add(f, b);
  b = i32x4.add(b, i32x4.add(S0v(c), v128.bitselect(e, c, v128.xor(c, d))));
  a = i32x4.add(i32x4.add(a, S1v(f)), i32x4.add(i32x4.add(v128.bitselect(g, h, f), i32x4.splat(0xc19bf174)), w15));
  e = i32x4.add(e, a);
  a = i32x4.add(a, i32x4.add(S0v(b), v128.bitselect(d, b, v128.xor(b, c))));
  w0 = i32x4.add(i32x4.add(w0, s1w4(w14)), i32x4.add(w9, s0w4(w1)));
  h = i32x4.add(i32x4.add(h, S1v(e)), i32x4.add(i32x4.add(v128.bitselect(f, g, e), i32x4.splat(0xe49b69c1)), w0));
  d = i32x4.add(d, h);
  h = i32x4.add(h, i32x4.add(S0v(a), v128.bitselect(c, a, v128.xor(a, b))));
  w1 = i32x4.add(i32x4.add(w1, s1w4(w15)), i32x4.add(w10, s0w4(w2)));
  g = i32x4.add(i32x4.add(g, S1v(d)), i32x4.add(i32x4.add(v128.bitselect(e, f, d), i32x4.splat(0xefbe4786)), w1));
  c = i32x4.add(c, g);
  g = i32x4.add(g, i32x4.add(S0v(h), v128.bitselect(b, h, v128.xor(h, a))));
  w2 = i32x4.add(i32x4.add(w2, s1w4(w0)), i32x4.add(w11, s0w4(w3)));
  f = i32x4.add(i32x4.add(f, S1v(c)), i32x4.add(i32x4.add(v128.bitselect(d, e, c), i32x4.splat(0x0fc19dc6)), w2));
  b = i32x4.add(b, f);
  f = i32x4.add(f, i32x4.add(S0v(g), v128.bitselect(a, g, v128.xor(g, h))));
  w3 = i32x4.add(i32x4.add(w3, s1w4(w1)), i32x4.add(w12, s0w4(w4)));
  e = i32x4.add(i32x4.add(e, S1v(b)), i32x4.add(i32x4.add(v128.bitselect(c, d, b), i32x4.splat(0x240ca1cc)), w3));
  a = i32x4.add(a, e);
  e = i32x4.add(e, i32x4.add(S0v(f), v128.bitselect(h, f, v128.xor(f, g))));
  w4 = i32x4.add(i32x4.add(w4, s1w4(w2)), i32x4.add(w13, s0w4(w5)));
  d = i32x4.add(i32x4.add(d, S1v(a)), i32x4.add(i32x4.add(v128.bitselect(b, c, a), i32x4.splat(0x2de92c6f)), w4));
  h = i32x4.add(h, d);
  d = i32x4.add(d, i32x4.add(S0v(e), v128.bitselect(g, e, v128.xor(e, f))));
  w5 = i32x4.add(i32x4.add(w5, s1w4(w3)), i32x4.add(w14, s0w4(w6)));
  c = i32x4.add(i32x4.add(c, S1v(h)), i32x4.add(i32x4.add(v128.bitselect(a, b, h), i32x4.splat(0x4a7484aa)), w5));
  g = i32x4.add(g, c);
  c = i32x4.add(c, i32x4.add(S0v(d), v128.bitselect(f, d, v128.xor(d, e))));
  w6 = i32x4.add(i32x4.add(w6, s1w4(w4)), i32x4.add(w15, s0w4(w7)));
  b = i32x4.add(i32x4.add(b, S1v(g)), i32x4.add(i32x4.add(v128.bitselect(h, a, g), i32x4.splat(0x5cb0a9dc)), w6));
  f = i32x4.add(f, b);
  b = i32x4.add(b, i32x4.add(S0v(c), v128.bitselect(e, c, v128.xor(c, d))));
  w7 = i32x4.add(i32x4.add(w7, s1w4(w5)), i32x4.add(w0, s0w4(w8)));
  a = i32x4.add(i32x4.add(a, S1v(f)), i32x4.add(i32x4.add(v128.bitselect(g, h, f), i32x4.splat(0x76f988da)), w7));
  e = i32x4.add(e, a);
  a = i32x4.add(a, i32x4.add(S0v(b), v128.bitselect(d, b, v128.xor(b, c))));
  w8 = i32x4.add(i32x4.add(w8, s1w4(w6)), i32x4.add(w1, s0w4(w9)));
  h = i32x4.add(i32x4.add(h, S1v(e)), i32x4.add(i32x4.add(v128.bitselect(f, g, e), i32x4.splat(0x983e5152)), w8));
  d = i32x4.add(d, h);
  h = i32x4.add(h, i32x4.add(S0v(a), v128.bitselect(c, a, v128.xor(a, b))));
  w9 = i32x4.add(i32x4.add(w9, s1w4(w7)), i32x4.add(w2, s0w4(w10)));
  g = i32x4.add(i32x4.add(g, S1v(d)), i32x4.add(i32x4.add(v128.bitselect(e, f, d), i32x4.splat(0xa831c66d)), w9));
  c = i32x4.add(c, g);
  g = i32x4.add(g, i32x4.add(S0v(h), v128.bitselect(b, h, v128.xor(h, a))));
  w10 = i32x4.add(i32x4.add(w10, s1w4(w8)), i32x4.add(w3, s0w4(w11)));
  f = i32x4.add(i32x4.add(f, S1v(c)), i32x4.add(i32x4.add(v128.bitselect(d, e, c), i32x4.splat(0xb00327c8)), w10));
  b = i32x4.add(b, f);
  f = i32x4.add(f, i32x4.add(S0v(g), v128.bitselect(a, g, v128.xor(g, h))));
  w11 = i32x4.add(i32x4.add(w11, s1w4(w9)), i32x4.add(w4, s0w4(w12)));
  e = i32x4.add(i32x4.add(e, S1v(b)), i32x4.add(i32x4.add(v128.bitselect(c, d, b), i32x4.splat(0xbf597fc7)), w11));
  a = i32x4.add(a, e);
  e = i32x4.add(e, i32x4.add(S0v(f), v128.bitselect(h, f, v128.xor(f, g))));
  w12 = i32x4.add(i32x4.add(w12, s1w4(w10)), i32x4.add(w5, s0w4(w13)));
  d = i32x4.add(i32x4.add(d, S1v(a)), i32x4.add(i32x4.add(v128.bitselect(b, c, a), i32x4.splat(0xc6e00bf3)), w12));
  h = i32x4.add(h, d);
  d = i32x4.add(d, i32x4.add(S0v(e), v128.bitselect(g, e, v128.xor(e, f))));
  w13 = i32x4.add(i32x4.add(w13, s1w4(w11)), i32x4.add(w6, s0w4(w14)));
  c = i32x4.add(i32x4.add(c, S1v(h)), i32x4.add(i32x4.add(v128.bitselect(a, b, h), i32x4.splat(0xd5a79147)), w13));
  g = i32x4.add(g, c);
  c = i32x4.add(c, i32x4.add(S0v(d), v128.bitselect(f, d, v128.xor(d, e))));
  w14 = i32x4.add(i32x4.add(w14, s1w4(w12)), i32x4.add(w7, s0w4(w15)));
  b = i32x4.add(i32x4.add(b, S1v(g)), i32x4.add(i32x4.add(v128.bitselect(h, a, g), i32x4.splat(0x06ca6351)), w14));
  f = i32x4.add(f, b);
  b = i32x4.add(b, i32x4.add(S0v(c), v128.bitselect(e, c, v128.xor(c, d))));
  w15 = i32x4.add(i32x4.add(w15, s1w4(w13)), i32x4.add(w8, s0w4(w0)));
  a = i32x4.add(i32x4.add(a, S1v(f)), i32x4.add(i32x4.add(v128.bitselect(g, h, f), i32x4.splat(0x14292967)), w15));
  e = i32x4.add(e, a);
  a = i32x4.add(a, i32x4.add(S0v(b), v128.bitselect(d, b, v128.xor(b, c))));
  w0 = i32x4.add(i32x4.add(w0, s1w4(w14)), i32x4.add(w9, s0w4(w1)));
  h = i32x4.add(i32x4.add(h, S1v(e)), i32x4.add(i32x4.add(v128.bitselect(f, g, e), i32x4.splat(0x27b70a85)), w0));
  d = i32x4.add(d, h);
  h = i32x4.add(h, i32x4.add(S0v(a), v128.bitselect(c, a, v128.xor(a, b))));
  w1 = i32x4.add(i32x4.add(w1, s1w4(w15)), i32x4.add(w10, s0w4(w2)));
  g = i32x4.add(i32x4.add(g, S1v(d)), i32x4.add(i32x4.add(v128.bitselect(e, f, d), i32x4.splat(0x2e1b2138)), w1));
  c = i32x4.add(c, g);
  g = i32x4.add(g, i32x4.add(S0v(h), v128.bitselect(b, h, v128.xor(h, a))));
  w2 = i32x4.add(i32x4.add(w2, s1w4(w0)), i32x4.add(w11, s0w4(w3)));
  f = i32x4.add(i32x4.add(f, S1v(c)), i32x4.add(i32x4.add(v128.bitselect(d, e, c), i32x4.splat(0x4d2c6dfc)), w2));
  b = i32x4.add(b, f);
  f = i32x4.add(f, i32x4.add(S0v(g), v128.bitselect(a, g, v128.xor(g, h))));
  w3 = i32x4.add(i32x4.add(w3, s1w4(w1)), i32x4.add(w12, s0w4(w4)));
  e = i32x4.add(i32x4.add(e, S1v(b)), i32x4.add(i32x4.add(v128.bitselect(c, d, b), i32x4.splat(0x53380d13)), w3));
  a = i32x4.add(a, e);
  e = i32x4.add(e, i32x4.add(S0v(f), v128.bitselect(h, f, v128.xor(f, g))));
  w4 = i32x4.add(i32x4.add(w4, s1w4(w2)), i32x4.add(w13, s0w4(w5)));
  d = i32x4.add(i32x4.add(d, S1v(a)), i32x4.add(i32x4.add(v128.bitselect(b, c, a), i32x4.splat(0x650a7354)), w4));
  h = i32x4.add(h, d);
  d = i32x4.add(d, i32x4.add(S0v(e), v128.bitselect(g, e, v128.xor(e, f))));
  w5 = i32x4.add(i32x4.add(w5, s1w4(w3)), i32x4.add(w14, s0w4(w6)));
  c = i32x4.add(i32x4.add(c, S1v(h)), i32x4.add(i32x4.add(v128.bitselect(a, b, h), i32x4.splat(0x766a0abb)), w5));
  g = i32x4.add(g, c);
  c = i32x4.add(c, i32x4.add(S0v(d), v128.bitselect(f, d, v128.xor(d, e))));
  w6 = i32x4.add(i32x4.add(w6, s1w4(w4)), i32x4.add(w15, s0w4(w7)));
  b = i32x4.add(i32x4.add(b, S1v(g)), i32x4.add(i32x4.add(v128.bitselect(h, a, g), i32x4.splat(0x81c2c92e)), w6));
  f = i32x4.add(f, b);
  b = i32x4.add(b, i32x4.add(S0v(c), v128.bitselect(e, c, v128.xor(c, d))));
  w7 = i32x4.add(i32x4.add(w7, s1w4(w5)), i32x4.add(w0, s0w4(w8)));
  a = i32x4.add(i32x4.add(a, S1v(f)), i32x4.add(i32x4.add(v128.bitselect(g, h, f), i32x4.splat(0x92722c85)), w7));
  e = i32x4.add(e, a);
  a = i32x4.add(a, i32x4.add(S0v(b), v128.bitselect(d, b, v128.xor(b, c))));
  w8 = i32x4.add(i32x4.add(w8, s1w4(w6)), i32x4.add(w1, s0w4(w9)));
  h = i32x4.add(i32x4.add(h, S1v(e)), i32x4.add(i32x4.add(v128.bitselect(f, g, e), i32x4.splat(0xa2bfe8a1)), w8));
  d = i32x4.add(d, h);
  h = i32x4.add(h, i32x4.add(S0v(a), v128.bitselect(c, a, v128.xor(a, b))));
  w9 = i32x4.add(i32x4.add(w9, s1w4(w7)), i32x4.add(w2, s0w4(w10)));
  g = i32x4.add(i32x4.add(g, S1v(d)), i32x4.add(i32x4.add(v128.bitselect(e, f, d), i32x4.splat(0xa81a664b)), w9));
  c = i32x4.add(c, g);
  g = i32x4.add(g, i32x4.add(S0v(h), v128.bitselect(b, h, v128.xor(h, a))));
  w10 = i32x4.add(i32x4.add(w10, s1w4(w8)), i32x4.add(w3, s0w4(w11)));
  f = i32x4.add(i32x4.add(f, S1v(c)), i32x4.add(i32x4.add(v128.bitselect(d, e, c), i32x4.splat(0xc24b8b70)), w10));
  b = i32x4.add(b, f);
  f = i32x4.add(f, i32x4.add(S0v(g), v128.bitselect(a, g, v128.xor(g, h))));
  w11 = i32x4.add(i32x4.add(w11, s1w4(w9)), i32x4.add(w4, s0w4(w12)));
  e = i32x4.add(i32x4.add(e, S1v(b)), i32x4.add(i32x4.add(v128.bitselect(c, d, b), i32x4.splat(0xc76c51a3)), w11));
  a = i32x4.add(a, e);
  e = i32x4.add(e, i32x4.add(S0v(f), v128.bitselect(h, f, v128.xor(f, g))));
  w12 = i32x4.add(i32x4.add(w12, s1w4(w10)), i32x4.add(w5, s0w4(w13)));
  d = i32x4.add(i32x4.add(d, S1v(a)), i32x4.add(i32x4.add(v128.bitselect(b, c, a), i32x4.splat(0xd192e819)), w12));
  h = i32x4.add(h, d);
  d = i32x4.add(d, i32x4.add(S0v(e), v128.bitselect(g, e, v128.xor(e, f))));
  w13 = i32x4.add(i32x4.add(w13, s1w4(w11)), i32x4.add(w6, s0w4(w14)));
  c = i32x4.add(i32x4.add(c, S1v(h)), i32x4.add(i32x4.add(v128.bitselect(a, b, h), i32x4.splat(0xd6990624)), w13));
  g = i32x4.add(g, c);
  c = i32x4.add(c, i32x4.add(S0v(d), v128.bitselect(f, d, v128.xor(d, e))));
  w14 = i32x4.add(i32x4.add(w14, s1w4(w12)), i32x4.add(w7, s0w4(w15)));
  b = i32x4.add(i32x4.add(b, S1v(g)), i32x4.add(i32x4.add(v128.bitselect(h, a, g), i32x4.splat(0xf40e3585)), w14));
  f = i32x4.add(f, b);
  b = i32x4.add(b, i32x4.add(S0v(c), v128.bitselect(e, c, v128.xor(c, d))));
  w15 = i32x4.add(i32x4.add(w15, s1w4(w13)), i32x4.add(w8, s0w4(w0)));
  a = i32x4.add(i32x4.add(a, S1v(f)), i32x4.add(i32x4.add(v128.bitselect(g, h, f), i32x4.splat(0x106aa070)), w15));
  e = i32x4.add(e, a);
  a = i32x4.add(a, i32x4.add(S0v(b), v128.bitselect(d, b, v128.xor(b, c))));
  w0 = i32x4.add(i32x4.add(w0, s1w4(w14)), i32x4.add(w9, s0w4(w1)));
  h = i32x4.add(i32x4.add(h, S1v(e)), i32x4.add(i32x4.add(v128.bitselect(f, g, e), i32x4.splat(0x19a4c116)), w0));
  d = i32x4.add(d, h);
  h = i32x4.add(h, i32x4.add(S0v(a), v128.bitselect(c, a, v128.xor(a, b))));
  w1 = i32x4.add(i32x4.add(w1, s1w4(w15)), i32x4.add(w10, s0w4(w2)));
  g = i32x4.add(i32x4.add(g, S1v(d)), i32x4.add(i32x4.add(v128.bitselect(e, f, d), i32x4.splat(0x1e376c08)), w1));
  c = i32x4.add(c, g);
  g = i32x4.add(g, i32x4.add(S0v(h), v128.bitselect(b, h, v128.xor(h, a))));
  w2 = i32x4.add(i32x4.add(w2, s1w4(w0)), i32x4.add(w11, s0w4(w3)));
  f = i32x4.add(i32x4.add(f, S1v(c)), i32x4.add(i32x4.add(v128.bitselect(d, e, c), i32x4.splat(0x2748774c)), w2));
  b = i32x4.add(b, f);
  f = i32x4.add(f, i32x4.add(S0v(g), v128.bitselect(a, g, v128.xor(g, h))));
  w3 = i32x4.add(i32x4.add(w3, s1w4(w1)), i32x4.add(w12, s0w4(w4)));
  e = i32x4.add(i32x4.add(e, S1v(b)), i32x4.add(i32x4.add(v128.bitselect(c, d, b), i32x4.splat(0x34b0bcb5)), w3));
  a = i32x4.add(a, e);
  e = i32x4.add(e, i32x4.add(S0v(f), v128.bitselect(h, f, v128.xor(f, g))));
  w4 = i32x4.add(i32x4.add(w4, s1w4(w2)), i32x4.add(w13, s0w4(w5)));
  d = i32x4.add(i32x4.add(d, S1v(a)), i32x4.add(i32x4.add(v128.bitselect(b, c, a), i32x4.splat(0x391c0cb3)), w4));
  h = i32x4.add(h, d);
  d = i32x4.add(d, i32x4.add(S0v(e), v128.bitselect(g, e, v128.xor(e, f))));
  w5 = i32x4.add(i32x4.add(w5, s1w4(w3)), i32x4.add(w14, s0w4(w6)));
  c = i32x4.add(i32x4.add(c, S1v(h)), i32x4.add(i32x4.add(v128.bitselect(a, b, h), i32x4.splat(0x4ed8aa4a)), w5));
  g = i32x4.add(g, c);
  c = i32x4.add(c, i32x4.add(S0v(d), v128.bitselect(f, d, v128.xor(d, e))));
  w6 = i32x4.add(i32x4.add(w6, s1w4(w4)), i32x4.add(w15, s0w4(w7)));
  b = i32x4.add(i32x4.add(b, S1v(g)), i32x4.add(i32x4.add(v128.bitselect(h, a, g), i32x4.splat(0x5b9cca4f)), w6));
  f = i32x4.add(f, b);
  b = i32x4.add(b, i32x4.add(S0v(c), v128.bitselect(e, c, v128.xor(c, d))));
  w7 = i32x4.add(i32x4.add(w7, s1w4(w5)), i32x4.add(w0, s0w4(w8)));
  a = i32x4.add(i32x4.add(a, S1v(f)), i32x4.add(i32x4.add(v128.bitselect(g, h, f), i32x4.splat(0x682e6ff3)), w7));
  e = i32x4.add(e, a);
  a = i32x4.add(a, i32x4.add(S0v(b), v128.bitselect(d, b, v128.xor(b, c))));
  w8 = i32x4.add(i32x4.add(w8, s1w4(w6)), i32x4.add(w1, s0w4(w9)));
  h = i32x4.add(i32x4.add(h, S1v(e)), i32x4.add(i32x4.add(v128.bitselect(f, g, e), i32x4.splat(0x748f82ee)), w8));
  d = i32x4.add(d, h);
  h = i32x4.add(h, i32x4.add(S0v(a), v128.bitselect(c, a, v128.xor(a, b))));
  w9 = i32x4.add(i32x4.add(w9, s1w4(w7)), i32x4.add(w2, s0w4(w10)));
  g = i32x4.add(i32x4.add(g, S1v(d)), i32x4.add(i32x4.add(v128.bitselect(e, f, d), i32x4.splat(0x78a5636f)), w9));
  c = i32x4.add(c, g);
  g = i32x4.add(g, i32x4.add(S0v(h), v128.bitselect(b, h, v128.xor(h, a))));
  w10 = i32x4.add(i32x4.add(w10, s1w4(w8)), i32x4.add(w3, s0w4(w11)));
  f = i32x4.add(i32x4.add(f, S1v(c)), i32x4.add(i32x4.add(v128.bitselect(d, e, c), i32x4.splat(0x84c87814)), w10));
  b = i32x4.add(b, f);
  f = i32x4.add(f, i32x4.add(S0v(g), v128.bitselect(a, g, v128.xor(g, h))));
  w11 = i32x4.add(i32x4.add(w11, s1w4(w9)), i32x4.add(w4, s0w4(w12)));
  e = i32x4.add(i32x4.add(e, S1v(b)), i32x4.add(i32x4.add(v128.bitselect(c, d, b), i32x4.splat(0x8cc70208)), w11));
  a = i32x4.add(a, e);
  e = i32x4.add(e, i32x4.add(S0v(f), v128.bitselect(h, f, v128.xor(f, g))));
  w12 = i32x4.add(i32x4.add(w12, s1w4(w10)), i32x4.add(w5, s0w4(w13)));
  d = i32x4.add(i32x4.add(d, S1v(a)), i32x4.add(i32x4.add(v128.bitselect(b, c, a), i32x4.splat(0x90befffa)), w12));
  h = i32x4.add(h, d);
  d = i32x4.add(d, i32x4.add(S0v(e), v128.bitselect(g, e, v128.xor(e, f))));
  w13 = i32x4.add(i32x4.add(w13, s1w4(w11)), i32x4.add(w6, s0w4(w14)));
  c = i32x4.add(i32x4.add(c, S1v(h)), i32x4.add(i32x4.add(v128.bitselect(a, b, h), i32x4.splat(0xa4506ceb)), w13));
  g = i32x4.add(g, c);
  c = i32x4.add(c, i32x4.add(S0v(d), v128.bitselect(f, d, v128.xor(d, e))));
  w14 = i32x4.add(i32x4.add(w14, s1w4(w12)), i32x4.add(w7, s0w4(w15)));
  b = i32x4.add(i32x4.add(b, S1v(g)), i32x4.add(i32x4.add(v128.bitselect(h, a, g), i32x4.splat(0xbef9a3f7)), w14));
  f = i32x4.add(f, b);
  b = i32x4.add(b, i32x4.add(S0v(c), v128.bitselect(e, c, v128.xor(c, d))));
  w15 = i32x4.add(i32x4.add(w15, s1w4(w13)), i32x4.add(w8, s0w4(w0)));
  a = i32x4.add(i32x4.add(a, S1v(f)), i32x4.add(i32x4.add(v128.bitselect(g, h, f), i32x4.splat(0xc67178f2)), w15));
  e = i32x4.add(e, a);
  a = i32x4.add(a, i32x4.add(S0v(b), v128.bitselect(d, b, v128.xor(b, c))));
  v128.store(hv, i32x4.add(v128.load(hv, 0), a), 0);
  v128.store(hv, i32x4.add(v128.load(hv, 16), b), 16);
  v128.store(hv, i32x4.add(v128.load(hv, 32), c), 32);
  v128.store(hv, i32x4.add(v128.load(hv, 48), d), 48);
  v128.store(hv, i32x4.add(v128.load(hv, 64), e), 64);
  v128.store(hv, i32x4.add(v128.load(hv, 80), f), 80);
  v128.store(hv, i32x4.add(v128.load(hv, 96), g), 96);
  v128.store(hv, i32x4.add(v128.load(hv, 112), h), 112);
}
