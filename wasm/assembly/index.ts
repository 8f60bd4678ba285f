// custodia WASM core: SHA-256 and SM3 hashing, streaming, HMAC with cached keyed states and
// batch HMAC over packed fields. Exports functions and memory only (iOS WXWebAssembly cannot
// export a Global). alg: 0 = SHA-256, 1 = SM3. All pointers are byte offsets into memory.
import { BLK, CTX, CTX_SIZE, GRP, HV, IO, KI, KIV, KO, KOV, LBLK, MLANE, MTAIL, OUT, SCRATCH, WV } from './layout';
import { IV256, sha256Compress, sha256Compress4 } from './sha256';
import { IVSM3, sm3Compress, sm3Compress4, sm3Tables } from './sm3';

if (__heap_base > SCRATCH) unreachable();
sm3Tables();

// @ts-ignore: decorator
@inline function compress(alg: i32, st: usize, blk: usize): void {
  if (alg == 0) sha256Compress(st, blk);
  else sm3Compress(st, blk);
}

function initState(alg: i32, st: usize): void {
  memory.copy(st, alg == 0 ? IV256 : IVSM3, 32);
}

function ctxFrom(state: usize, len: u64): void {
  memory.copy(CTX, state, 32);
  store<u64>(CTX, len, 96);
  store<u32>(CTX, 0, 104);
}

function ctxUpdate(alg: i32, p: usize, n: usize): void {
  let pos = <usize>load<u32>(CTX, 104);
  store<u64>(CTX, load<u64>(CTX, 96) + <u64>n, 96);
  const buf = CTX + 32;
  if (pos > 0) {
    const take = min<usize>(64 - pos, n);
    memory.copy(buf + pos, p, take);
    pos += take;
    p += take;
    n -= take;
    if (pos < 64) {
      store<u32>(CTX, <u32>pos, 104);
      return;
    }
    compress(alg, CTX, buf);
  }
  while (n >= 64) {
    compress(alg, CTX, p);
    p += 64;
    n -= 64;
  }
  if (n > 0) memory.copy(buf, p, n);
  store<u32>(CTX, <u32>n, 104);
}

function ctxFinal(alg: i32, out: usize): void {
  let pos = <usize>load<u32>(CTX, 104);
  const buf = CTX + 32;
  const bits = load<u64>(CTX, 96) << 3;
  store<u8>(buf + pos, 0x80);
  pos++;
  if (pos > 56) {
    memory.fill(buf + pos, 0, 64 - pos);
    compress(alg, CTX, buf);
    pos = 0;
  }
  memory.fill(buf + pos, 0, 56 - pos);
  store<u64>(buf, bswap<u64>(bits), 56);
  compress(alg, CTX, buf);
  for (let j: usize = 0; j < 32; j += 4) store<u32>(out + j, bswap<u32>(load<u32>(CTX + j)));
}

/** Where JS writes inputs and reads outputs. */
export function io(): usize {
  return IO;
}

/** Where a digest lands. */
export function out(): usize {
  return OUT;
}

/** Where the streaming context lives, and its size (JS saves and restores it per stream). */
export function ctx(): usize {
  return CTX;
}
export function ctxSize(): usize {
  return CTX_SIZE;
}

/** 1 when this build has the 4-lane batch path. */
export function simd(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}

/** Grows memory so that [io(), io() + n) exists. Returns 0 when the runtime refuses. */
export function reserve(n: usize): i32 {
  const need = (IO + n + 0xffff) >>> 16;
  const have = <usize>memory.size();
  if (need <= have) return 1;
  return memory.grow(<i32>(need - have)) < 0 ? 0 : 1;
}

export function hashInit(alg: i32): void {
  initState(alg, CTX);
  store<u64>(CTX, 0, 96);
  store<u32>(CTX, 0, 104);
}

export function hashUpdate(alg: i32, p: usize, n: usize): void {
  ctxUpdate(alg, p, n);
}

/** Finishes the context; digest at out(). */
export function hashFinal(alg: i32): void {
  ctxFinal(alg, OUT);
}

/** One-shot hash of [p, p + n); digest at out(). */
export function hash(alg: i32, p: usize, n: usize): void {
  hashInit(alg);
  ctxUpdate(alg, p, n);
  ctxFinal(alg, OUT);
}

/** Sets the HMAC key (RFC 2104): keys over 64 bytes are hashed first; inner/outer states kept. */
export function hmacKey(alg: i32, p: usize, n: usize): void {
  memory.fill(BLK, 0, 64);
  if (n > 64) {
    hash(alg, p, n);
    memory.copy(BLK, OUT, 32);
  } else {
    memory.copy(BLK, p, n);
  }
  for (let i: usize = 0; i < 64; i += 4) store<u32>(BLK + i, load<u32>(BLK + i) ^ 0x36363636);
  initState(alg, KI);
  compress(alg, KI, BLK);
  for (let i: usize = 0; i < 64; i += 4) store<u32>(BLK + i, load<u32>(BLK + i) ^ 0x6a6a6a6a);
  initState(alg, KO);
  compress(alg, KO, BLK);
  // Only the derived states stay; the padded key and a long key's digest do not.
  memory.fill(BLK, 0, 64);
  memory.fill(OUT, 0, 32);
}

function hmacTo(alg: i32, p: usize, n: usize, dst: usize): void {
  ctxFrom(KI, 64);
  ctxUpdate(alg, p, n);
  ctxFinal(alg, dst);
  ctxFrom(KO, 64);
  ctxUpdate(alg, dst, 32);
  ctxFinal(alg, dst);
}

/** HMAC of [p, p + n) under the key set by hmacKey; digest at out(). */
export function hmac(alg: i32, p: usize, n: usize): void {
  hmacTo(alg, p, n, OUT);
}

// @ts-ignore: decorator
@inline function bswap4(v: v128): v128 {
  return i8x16.swizzle(v, i8x16(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12));
}

/**
 * Bytes [16q, 16q + 16) of a field's single padded block, as big-endian words: the field's own
 * bytes below len, 0x80 at len, zeros after. Reads up to 64 bytes from p (JS reserves the slack).
 */
// @ts-ignore: decorator
@inline function row(p: usize, len: i32, idx: v128): v128 {
  const lenv = i8x16.splat(<i8>len);
  const v = v128.and(v128.load(p), i8x16.lt_u(idx, lenv));
  return bswap4(v128.or(v, v128.and(i8x16.eq(idx, lenv), i8x16.splat(<i8>0x80))));
}

/** Stores the 4x4 transpose of 32-bit lanes: out row j = (a[j], b[j], c[j], d[j]). */
// @ts-ignore: decorator
@inline function transpose(a: v128, b: v128, c: v128, d: v128, out: usize, stride: usize): void {
  const t0 = i32x4.shuffle(a, b, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(a, b, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(c, d, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(c, d, 2, 6, 3, 7);
  v128.store(out, i64x2.shuffle(t0, t2, 0, 2));
  v128.store(out + stride, i64x2.shuffle(t0, t2, 1, 3));
  v128.store(out + 2 * stride, i64x2.shuffle(t1, t3, 0, 2));
  v128.store(out + 3 * stride, i64x2.shuffle(t1, t3, 1, 3));
}

/** Four fields of at most 55 bytes (slots in GRP): inner and outer compression in 4 lanes. */
function lanes4(alg: i32): void {
  const p0 = <usize>load<u32>(GRP), p1 = <usize>load<u32>(GRP, 12), p2 = <usize>load<u32>(GRP, 24), p3 = <usize>load<u32>(GRP, 36);
  const l0 = load<i32>(GRP, 4), l1 = load<i32>(GRP, 16), l2 = load<i32>(GRP, 28), l3 = load<i32>(GRP, 40);
  for (let q: usize = 0; q < 64; q += 16) {
    const idx = i8x16.add(i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), i8x16.splat(<i8>q));
    transpose(row(p0 + q, l0, idx), row(p1 + q, l1, idx), row(p2 + q, l2, idx), row(p3 + q, l3, idx), WV + (q << 2), 16);
  }
  // Word 15: bit length of the key block plus the field (word 14 is zero since len <= 55).
  v128.store(WV + (15 << 4), i32x4((64 + l0) << 3, (64 + l1) << 3, (64 + l2) << 3, (64 + l3) << 3));
  for (let j: usize = 0; j < 128; j += 16) v128.store(HV + j, v128.load(KIV + j));
  if (alg == 0) sha256Compress4(HV, WV);
  else sm3Compress4(HV, WV);
  // Outer block: the inner digest words are already in lanes; pad for 64 + 32 bytes.
  for (let j: usize = 0; j < 128; j += 16) v128.store(WV + j, v128.load(HV + j));
  v128.store(WV + (8 << 4), i32x4.splat(0x80000000));
  for (let j: usize = 9 << 4; j < 15 << 4; j += 16) v128.store(WV + j, i32x4.splat(0));
  v128.store(WV + (15 << 4), i32x4.splat(768));
  for (let j: usize = 0; j < 128; j += 16) v128.store(HV + j, v128.load(KOV + j));
  if (alg == 0) sha256Compress4(HV, WV);
  else sm3Compress4(HV, WV);
  // Lane k's digest is column k of the 8 state words: transpose back, byte-swap, store.
  const o0 = <usize>load<u32>(GRP, 8);
  transpose(bswap4(v128.load(HV)), bswap4(v128.load(HV, 16)), bswap4(v128.load(HV, 32)), bswap4(v128.load(HV, 48)), LBLK, 32);
  transpose(bswap4(v128.load(HV, 64)), bswap4(v128.load(HV, 80)), bswap4(v128.load(HV, 96)), bswap4(v128.load(HV, 112)), LBLK + 16, 32);
  v128.store(o0, v128.load(LBLK));
  v128.store(o0, v128.load(LBLK, 16), 16);
  const o1 = <usize>load<u32>(GRP, 20);
  v128.store(o1, v128.load(LBLK, 32));
  v128.store(o1, v128.load(LBLK, 48), 16);
  const o2 = <usize>load<u32>(GRP, 32);
  v128.store(o2, v128.load(LBLK, 64));
  v128.store(o2, v128.load(LBLK, 80), 16);
  const o3 = <usize>load<u32>(GRP, 44);
  v128.store(o3, v128.load(LBLK, 96));
  v128.store(o3, v128.load(LBLK, 112), 16);
}

/**
 * HMAC of n consecutive fields under the key set by hmacKey: field i has byte length
 * table[i] (u32) and follows field i-1 in `data`; digest i goes to dst + 32 i.
 * Fields of at most 55 bytes take one inner and one outer compression, four at a time in SIMD.
 */
export function hmacBatch(alg: i32, n: usize, table: usize, data: usize, dst: usize): void {
  let p = data;
  let k: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (let j: usize = 0; j < 32; j += 4) {
      v128.store(KIV + (j << 2), i32x4.splat(load<u32>(KI + j)));
      v128.store(KOV + (j << 2), i32x4.splat(load<u32>(KO + j)));
    }
  }
  for (let i: usize = 0; i < n; i++) {
    const len = <usize>load<u32>(table + (i << 2));
    if (ASC_FEATURE_SIMD) {
      if (len <= 55) {
        const g = GRP + k * 12;
        store<u32>(g, <u32>p);
        store<u32>(g, <u32>len, 4);
        store<u32>(g, <u32>(dst + (i << 5)), 8);
        if (++k == 4) {
          lanes4(alg);
          k = 0;
        }
        p += len;
        continue;
      }
    }
    hmacTo(alg, p, len, dst + (i << 5));
    p += len;
  }
  for (let j: usize = 0; j < k; j++) {
    const g = GRP + j * 12;
    hmacTo(alg, <usize>load<u32>(g), <usize>load<u32>(g, 4), <usize>load<u32>(g, 8));
  }
}

/** Starts message (p, len) in lane k: its padded tail goes to the lane's MTAIL block(s), its state to the IV. */
function laneStart(alg: i32, k: usize, p: usize, len: usize, dst: usize): void {
  const rec = MLANE + (k << 5);
  const full = len >>> 6;
  const rem = len & 63;
  const tail = MTAIL + (k << 7);
  const blocks: usize = rem <= 55 ? 1 : 2;
  memory.copy(tail, p + (full << 6), rem);
  store<u8>(tail + rem, 0x80);
  memory.fill(tail + rem + 1, 0, (blocks << 6) - rem - 9);
  store<u64>(tail + (blocks << 6) - 8, bswap<u64>(<u64>len << 3));
  store<u32>(rec, <u32>p);
  store<u32>(rec, <u32>full, 4);
  store<u32>(rec, <u32>tail, 8);
  store<u32>(rec, <u32>(full + blocks), 12);
  store<u32>(rec, <u32>dst, 16);
  const iv = alg == 0 ? IV256 : IVSM3;
  for (let j: usize = 0; j < 8; j++) store<u32>(HV + (j << 4) + (k << 2), load<u32>(iv + (j << 2)));
}

/** The next block of lane k (0 when the lane is idle), moving the lane past it. */
function laneBlock(k: usize): usize {
  const rec = MLANE + (k << 5);
  if (load<u32>(rec, 12) == 0) return MTAIL + (k << 7); // idle: any readable block, result unused
  const full = load<u32>(rec, 4);
  store<u32>(rec, load<u32>(rec, 12) - 1, 12);
  if (full > 0) {
    const p = <usize>load<u32>(rec);
    store<u32>(rec, <u32>(p + 64));
    store<u32>(rec, full - 1, 4);
    return p;
  }
  const t = <usize>load<u32>(rec, 8);
  store<u32>(rec, <u32>(t + 64), 8);
  return t;
}

/**
 * Hashes n consecutive messages: message i has byte length table[i] (u32) and follows message
 * i-1 in `data`; digest i goes to dst + 32 i (the Merkle log's leaves, 0x00-prefixed by JS).
 * The SIMD build runs four messages at once, each lane taking the next message when its own
 * ends (multi-buffer), so lengths may differ; the scalar build hashes them one by one.
 */
export function hashBatch(alg: i32, n: usize, table: usize, data: usize, dst: usize): void {
  let p = data;
  let next: usize = 0;
  if (!ASC_FEATURE_SIMD) {
    for (; next < n; next++) {
      const len = <usize>load<u32>(table + (next << 2));
      hashInit(alg);
      ctxUpdate(alg, p, len);
      ctxFinal(alg, dst + (next << 5));
      p += len;
    }
    return;
  }
  let busy = 0;
  for (let k: usize = 0; k < 4; k++) {
    store<u32>(MLANE + (k << 5), 0, 12);
    store<u32>(MLANE + (k << 5), 0, 16);
    if (next < n) {
      const len = <usize>load<u32>(table + (next << 2));
      laneStart(alg, k, p, len, dst + (next << 5));
      p += len;
      next++;
      busy++;
    }
  }
  while (busy > 0) {
    const b0 = laneBlock(0), b1 = laneBlock(1), b2 = laneBlock(2), b3 = laneBlock(3);
    for (let q: usize = 0; q < 64; q += 16)
      transpose(bswap4(v128.load(b0 + q)), bswap4(v128.load(b1 + q)), bswap4(v128.load(b2 + q)), bswap4(v128.load(b3 + q)), WV + (q << 2), 16);
    if (alg == 0) sha256Compress4(HV, WV);
    else sm3Compress4(HV, WV);
    for (let k: usize = 0; k < 4; k++) {
      const rec = MLANE + (k << 5);
      const out = <usize>load<u32>(rec, 16);
      if (out == 0 || load<u32>(rec, 12) != 0) continue;
      // Lane k finished its message: digest out (state words big-endian), then the next message.
      for (let j: usize = 0; j < 8; j++) store<u32>(out + (j << 2), bswap<u32>(load<u32>(HV + (j << 4) + (k << 2))));
      store<u32>(rec, 0, 16);
      if (next < n) {
        const len = <usize>load<u32>(table + (next << 2));
        laneStart(alg, k, p, len, dst + (next << 5));
        p += len;
        next++;
      } else busy--;
    }
  }
}
