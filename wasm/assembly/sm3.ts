// SM3 compression, GB/T 32905-2016 §5.3, scalar and 4-lane (v128) multi-buffer.
import { SM3_T, W } from './layout';

// GB/T 32905-2016 §4.1: initial value.
export const IVSM3: usize = memory.data<u32>([
  0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e,
]);

/** Fills T_j <<< (j mod 32) (§4.2 constants, rotated as §5.3.3 uses them). */
export function sm3Tables(): void {
  for (let j: u32 = 0; j < 64; j++) store<u32>(SM3_T + (<usize>j << 2), rotl<u32>(j < 16 ? 0x79cc4519 : 0x7a879d8a, j & 31));
}

// @ts-ignore: decorator
@inline function p0(x: u32): u32 {
  return x ^ rotl<u32>(x, 9) ^ rotl<u32>(x, 17);
}
// @ts-ignore: decorator
@inline function p1(x: u32): u32 {
  return x ^ rotl<u32>(x, 15) ^ rotl<u32>(x, 23);
}

// @ts-ignore: decorator
@inline function maj(x: u32, y: u32, z: u32): u32 {
  return (x & y) | (z & (x | y));
}
// @ts-ignore: decorator
@inline function ch(x: u32, y: u32, z: u32): u32 {
  return z ^ (x & (y ^ z));
}

/** Compresses the 64-byte block at `blk` into the 8-word state at `st` (words in native order). */
export function sm3Compress(st: usize, blk: usize): void {
  for (let j: usize = 0; j < 16; j++) store<u32>(W + (j << 2), bswap<u32>(load<u32>(blk + (j << 2))));
  for (let j: usize = 16; j < 68; j++) {
    const x = load<u32>(W + ((j - 16) << 2)) ^ load<u32>(W + ((j - 9) << 2)) ^ rotl<u32>(load<u32>(W + ((j - 3) << 2)), 15);
    store<u32>(W + (j << 2), p1(x) ^ rotl<u32>(load<u32>(W + ((j - 13) << 2)), 7) ^ load<u32>(W + ((j - 6) << 2)));
  }
  let a = load<u32>(st), b = load<u32>(st, 4), c = load<u32>(st, 8), d = load<u32>(st, 12);
  let e = load<u32>(st, 16), f = load<u32>(st, 20), g = load<u32>(st, 24), h = load<u32>(st, 28);
  let a12: u32, ss1: u32, wj: u32;
  // Four rounds per iteration with the variables renamed instead of shifted (§5.3.3): TT1 lands
  // in D, P0(TT2) in H, and the next round reads (D, A, B, C, H, E, F, G).
  for (let j: usize = 0; j < 16; j += 4) {
    a12 = rotl<u32>(a, 12);
    ss1 = rotl<u32>(a12 + e + load<u32>(SM3_T + (j << 2), 0), 7);
    wj = load<u32>(W + (j << 2), 0);
    d = (a ^ b ^ c) + d + (ss1 ^ a12) + (wj ^ load<u32>(W + (j << 2), 16));
    h = p0((e ^ f ^ g) + h + ss1 + wj);
    b = rotl<u32>(b, 9);
    f = rotl<u32>(f, 19);
    a12 = rotl<u32>(d, 12);
    ss1 = rotl<u32>(a12 + h + load<u32>(SM3_T + (j << 2), 4), 7);
    wj = load<u32>(W + (j << 2), 4);
    c = (d ^ a ^ b) + c + (ss1 ^ a12) + (wj ^ load<u32>(W + (j << 2), 20));
    g = p0((h ^ e ^ f) + g + ss1 + wj);
    a = rotl<u32>(a, 9);
    e = rotl<u32>(e, 19);
    a12 = rotl<u32>(c, 12);
    ss1 = rotl<u32>(a12 + g + load<u32>(SM3_T + (j << 2), 8), 7);
    wj = load<u32>(W + (j << 2), 8);
    b = (c ^ d ^ a) + b + (ss1 ^ a12) + (wj ^ load<u32>(W + (j << 2), 24));
    f = p0((g ^ h ^ e) + f + ss1 + wj);
    d = rotl<u32>(d, 9);
    h = rotl<u32>(h, 19);
    a12 = rotl<u32>(b, 12);
    ss1 = rotl<u32>(a12 + f + load<u32>(SM3_T + (j << 2), 12), 7);
    wj = load<u32>(W + (j << 2), 12);
    a = (b ^ c ^ d) + a + (ss1 ^ a12) + (wj ^ load<u32>(W + (j << 2), 28));
    e = p0((f ^ g ^ h) + e + ss1 + wj);
    c = rotl<u32>(c, 9);
    g = rotl<u32>(g, 19);
  }
  for (let j: usize = 16; j < 64; j += 4) {
    a12 = rotl<u32>(a, 12);
    ss1 = rotl<u32>(a12 + e + load<u32>(SM3_T + (j << 2), 0), 7);
    wj = load<u32>(W + (j << 2), 0);
    d = maj(a, b, c) + d + (ss1 ^ a12) + (wj ^ load<u32>(W + (j << 2), 16));
    h = p0(ch(e, f, g) + h + ss1 + wj);
    b = rotl<u32>(b, 9);
    f = rotl<u32>(f, 19);
    a12 = rotl<u32>(d, 12);
    ss1 = rotl<u32>(a12 + h + load<u32>(SM3_T + (j << 2), 4), 7);
    wj = load<u32>(W + (j << 2), 4);
    c = maj(d, a, b) + c + (ss1 ^ a12) + (wj ^ load<u32>(W + (j << 2), 20));
    g = p0(ch(h, e, f) + g + ss1 + wj);
    a = rotl<u32>(a, 9);
    e = rotl<u32>(e, 19);
    a12 = rotl<u32>(c, 12);
    ss1 = rotl<u32>(a12 + g + load<u32>(SM3_T + (j << 2), 8), 7);
    wj = load<u32>(W + (j << 2), 8);
    b = maj(c, d, a) + b + (ss1 ^ a12) + (wj ^ load<u32>(W + (j << 2), 24));
    f = p0(ch(g, h, e) + f + ss1 + wj);
    d = rotl<u32>(d, 9);
    h = rotl<u32>(h, 19);
    a12 = rotl<u32>(b, 12);
    ss1 = rotl<u32>(a12 + f + load<u32>(SM3_T + (j << 2), 12), 7);
    wj = load<u32>(W + (j << 2), 12);
    a = maj(b, c, d) + a + (ss1 ^ a12) + (wj ^ load<u32>(W + (j << 2), 28));
    e = p0(ch(f, g, h) + e + ss1 + wj);
    c = rotl<u32>(c, 9);
    g = rotl<u32>(g, 19);
  }
  store<u32>(st, load<u32>(st) ^ a);
  store<u32>(st, load<u32>(st, 4) ^ b, 4);
  store<u32>(st, load<u32>(st, 8) ^ c, 8);
  store<u32>(st, load<u32>(st, 12) ^ d, 12);
  store<u32>(st, load<u32>(st, 16) ^ e, 16);
  store<u32>(st, load<u32>(st, 20) ^ f, 20);
  store<u32>(st, load<u32>(st, 24) ^ g, 24);
  store<u32>(st, load<u32>(st, 28) ^ h, 28);
}

// @ts-ignore: decorator
@inline function rotl4(x: v128, n: i32): v128 {
  return v128.or(i32x4.shl(x, n), i32x4.shr_u(x, 32 - n));
}
// @ts-ignore: decorator
@inline function xor3(a: v128, b: v128, c: v128): v128 {
  return v128.xor(v128.xor(a, b), c);
}

/** Four independent compressions: lane k of each v128 is message k; `wv` holds 16 block words, expanded in place to 68. */
export function sm3Compress4(hv: usize, wv: usize): void {
  for (let j: usize = 16; j < 68; j++) {
    const x = xor3(v128.load(wv + ((j - 16) << 4)), v128.load(wv + ((j - 9) << 4)), rotl4(v128.load(wv + ((j - 3) << 4)), 15));
    const px = xor3(x, rotl4(x, 15), rotl4(x, 23));
    v128.store(wv + (j << 4), xor3(px, rotl4(v128.load(wv + ((j - 13) << 4)), 7), v128.load(wv + ((j - 6) << 4))));
  }
  let a = v128.load(hv), b = v128.load(hv, 16), c = v128.load(hv, 32), d = v128.load(hv, 48);
  let e = v128.load(hv, 64), f = v128.load(hv, 80), g = v128.load(hv, 96), h = v128.load(hv, 112);
  for (let j: usize = 0; j < 64; j++) {
    const a12 = rotl4(a, 12);
    const ss1 = rotl4(i32x4.add(i32x4.add(a12, e), i32x4.splat(load<u32>(SM3_T + (j << 2)))), 7);
    const wj = v128.load(wv + (j << 4));
    const ww = v128.xor(wj, v128.load(wv + ((j + 4) << 4)));
    const ff = j < 16 ? xor3(a, b, c) : v128.bitselect(c, a, v128.xor(a, b));
    const gg = j < 16 ? xor3(e, f, g) : v128.bitselect(f, g, e);
    const tt1 = i32x4.add(i32x4.add(ff, d), i32x4.add(v128.xor(ss1, a12), ww));
    const tt2 = i32x4.add(i32x4.add(gg, h), i32x4.add(ss1, wj));
    d = c;
    c = rotl4(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl4(f, 19);
    f = e;
    e = xor3(tt2, rotl4(tt2, 9), rotl4(tt2, 17));
  }
  v128.store(hv, v128.xor(v128.load(hv), a));
  v128.store(hv, v128.xor(v128.load(hv, 16), b), 16);
  v128.store(hv, v128.xor(v128.load(hv, 32), c), 32);
  v128.store(hv, v128.xor(v128.load(hv, 48), d), 48);
  v128.store(hv, v128.xor(v128.load(hv, 64), e), 64);
  v128.store(hv, v128.xor(v128.load(hv, 80), f), 80);
  v128.store(hv, v128.xor(v128.load(hv, 96), g), 96);
  v128.store(hv, v128.xor(v128.load(hv, 112), h), 112);
}
