// SHA-256 (FIPS 180-4): the initial value and the functions of §4.1.2, scalar and 4-lane (v128).
// The compression rounds themselves are generated straight-line by wasm/unroll.mjs.

// FIPS 180-4 §5.3.3: initial hash value.
export const IV256: usize = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

// @ts-ignore: decorator
@inline export function S0(x: u32): u32 {
  return rotr<u32>(x, 2) ^ rotr<u32>(x, 13) ^ rotr<u32>(x, 22);
}
// @ts-ignore: decorator
@inline export function S1(x: u32): u32 {
  return rotr<u32>(x, 6) ^ rotr<u32>(x, 11) ^ rotr<u32>(x, 25);
}
// @ts-ignore: decorator
@inline export function sig0(x: u32): u32 {
  return rotr<u32>(x, 7) ^ rotr<u32>(x, 18) ^ (x >>> 3);
}
// @ts-ignore: decorator
@inline export function sig1(x: u32): u32 {
  return rotr<u32>(x, 17) ^ rotr<u32>(x, 19) ^ (x >>> 10);
}
// @ts-ignore: decorator
@inline export function ch(x: u32, y: u32, z: u32): u32 {
  return z ^ (x & (y ^ z));
}
// @ts-ignore: decorator
@inline export function maj(x: u32, y: u32, z: u32): u32 {
  return (x & y) | (z & (x | y));
}

// WASM SIMD has no rotate: two shifts and an or.
// @ts-ignore: decorator
@inline function rotr4(x: v128, n: i32): v128 {
  return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n));
}
// @ts-ignore: decorator
@inline export function S0x4(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 2), rotr4(x, 13)), rotr4(x, 22));
}
// @ts-ignore: decorator
@inline export function S1x4(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 6), rotr4(x, 11)), rotr4(x, 25));
}
// @ts-ignore: decorator
@inline export function sig0x4(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 7), rotr4(x, 18)), i32x4.shr_u(x, 3));
}
// @ts-ignore: decorator
@inline export function sig1x4(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 17), rotr4(x, 19)), i32x4.shr_u(x, 10));
}
// Ch(x,y,z): y where x is set, else z.
// @ts-ignore: decorator
@inline export function chx4(x: v128, y: v128, z: v128): v128 {
  return v128.bitselect(y, z, x);
}
// Maj(x,y,z): x (= y) where x and y agree, else z.
// @ts-ignore: decorator
@inline export function majx4(x: v128, y: v128, z: v128): v128 {
  return v128.bitselect(z, x, v128.xor(x, y));
}
