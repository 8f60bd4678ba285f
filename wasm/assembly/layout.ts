// Fixed memory layout of the core. Nothing is allocated: AssemblyScript's stub runtime is
// linked but never called, and the only export besides functions is the memory.

/** Static data (round constants) must end below SCRATCH; index.ts checks it at start. */
export const SCRATCH: usize = 16384;
/** Scalar message schedule: 68 u32 words (SM3 needs 68, SHA-256 64). */
export const W: usize = SCRATCH;
/** 4-lane message schedule: 68 v128 words. */
export const WV: usize = SCRATCH + 512;
/** Streaming context: state (32) | block buffer (64) | byte length u64 (8) | buffered bytes u32 (4). */
export const CTX: usize = SCRATCH + 1600;
export const CTX_SIZE: usize = 108;
/** HMAC inner and outer states after the keyed block, computed once per key. */
export const KI: usize = SCRATCH + 1728;
export const KO: usize = SCRATCH + 1760;
/** Last digest. */
export const OUT: usize = SCRATCH + 1792;
/** One 64-byte scratch block (HMAC key block). */
export const BLK: usize = SCRATCH + 1856;
/** Four lane blocks for the multi-buffer path. */
export const LBLK: usize = SCRATCH + 1920;
/** 4-lane state: 8 v128 words. */
export const HV: usize = SCRATCH + 2176;
/** Group slots of the multi-buffer batch: 4 × (data ptr, length, out ptr). */
export const GRP: usize = SCRATCH + 2304;
/** SM3 round constants T_j <<< (j mod 32), filled at start. */
export const SM3_T: usize = SCRATCH + 2368;
/** The HMAC key states splatted to 4 lanes, for the multi-buffer batch. */
export const KIV: usize = SCRATCH + 2688;
export const KOV: usize = SCRATCH + 2816;
/** Lanes of the multi-buffer message batch: 4 × (block ptr, full blocks left, tail ptr, blocks left, out ptr, pad). */
export const MLANE: usize = SCRATCH + 2944;
/** Each lane's padded last one or two blocks: 4 × 128 bytes. */
export const MTAIL: usize = SCRATCH + 3072;
/** Start of the input/output area JS writes to; grows on demand. */
export const IO: usize = 65536;
