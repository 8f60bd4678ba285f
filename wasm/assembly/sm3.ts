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

/** Compresses the 64-byte block at `blk` into the 8-word state at `st` (words in native order). */
export function sm3Compress(st: usize, blk: usize): void {
  for (let j: usize = 0; j < 16; j++) store<u32>(W + (j << 2), bswap<u32>(load<u32>(blk + (j << 2))));
  for (let j: usize = 16; j < 68; j++) {
    const x = load<u32>(W + ((j - 16) << 2)) ^ load<u32>(W + ((j - 9) << 2)) ^ rotl<u32>(load<u32>(W + ((j - 3) << 2)), 15);
    store<u32>(W + (j << 2), p1(x) ^ rotl<u32>(load<u32>(W + ((j - 13) << 2)), 7) ^ load<u32>(W + ((j - 6) << 2)));
  }
  let a = load<u32>(st), b = load<u32>(st, 4), c = load<u32>(st, 8), d = load<u32>(st, 12);
  let e = load<u32>(st, 16), f = load<u32>(st, 20), g = load<u32>(st, 24), h = load<u32>(st, 28);
  for (let j: usize = 0; j < 64; j++) {
    const a12 = rotl<u32>(a, 12);
    const ss1 = rotl<u32>(a12 + e + load<u32>(SM3_T + (j << 2)), 7);
    const wj = load<u32>(W + (j << 2));
    const ww = wj ^ load<u32>(W + ((j + 4) << 2));
    const ff = j < 16 ? a ^ b ^ c : (a & b) | (c & (a | b));
    const gg = j < 16 ? e ^ f ^ g : g ^ (e & (f ^ g));
    const tt1 = ff + d + (ss1 ^ a12) + ww;
    const tt2 = gg + h + ss1 + wj;
    d = c;
    c = rotl<u32>(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl<u32>(f, 19);
    f = e;
    e = p0(tt2);
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
