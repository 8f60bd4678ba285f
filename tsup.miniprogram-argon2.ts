// Mini-program build only: @noble/hashes' argon2 paces its block loop with a generator
// (argon2Blocks, one `yield` per block, drained by argon2 and, between time slices, by
// argon2Async). WeChat's ES5 compile turns any generator into regenerator's state machine and adds
// its runtime (6.6 KB compiled) for this one function. Here it becomes the same loop written as an
// iterator that keeps its loop counters between next() calls: the same blocks in the same order,
// perBlock() before each, one step per next(), done after the last, the address block wiped at the
// end. The replaced text is pinned by its SHA-256, so an upgrade of @noble/hashes that changes it
// fails the build until this is re-checked. RFC 9106 argon2id outputs of the compiled build are
// compared with Node's in test/miniprogram/miniprogram.test.ts.
import { createHash } from 'node:crypto';

const START = 'function* argon2Blocks(ctx, address) {';
const END = 'function argon2(type, password, salt, opts) {';
const PINNED = '7b9fe9e5e44884b3b8bf007bb05cd79fb3167a25bef714047d81d80b29db4dad';

const ITERATOR = `function argon2Blocks(ctx, address) {
    const { type, mP, p, t, version, B, laneLen, lanes, segmentLen, perBlock } = ctx;
    let started = false, inSegment = false, r = 0, s = 0, l = 0, index = 0, offset = 0, needXor = false, dataIndependent = false;
    function next() {
        if (!started) {
            started = true;
            address[256 + 6] = mP;
            address[256 + 8] = t;
            address[256 + 10] = type;
        }
        for (;;) {
            if (!inSegment) {
                if (l === p) { l = 0; s++; }
                if (s === ARGON2_SYNC_POINTS) { s = 0; r++; }
                if (r >= t) { clean(address); return { value: undefined, done: true }; }
                // The loop heads of pass r, slice s, lane l, as in RFC 9106 §3.4.
                needXor = r !== 0 && version === 0x13;
                address[256 + 0] = r;
                address[256 + 4] = s;
                dataIndependent = type == AT.Argon2i || (type == AT.Argon2id && r === 0 && s < 2);
                address[256 + 2] = l;
                address[256 + 12] = 0;
                let startPos = 0;
                if (r === 0 && s === 0) {
                    startPos = 2;
                    if (dataIndependent) {
                        address[256 + 12]++;
                        block(address, 256, 2 * 256, 0, false);
                        block(address, 0, 2 * 256, 0, false);
                    }
                }
                offset = l * laneLen + s * segmentLen + startPos;
                index = startPos;
                inSegment = true;
            }
            if (index >= segmentLen) { inSegment = false; l++; continue; }
            perBlock();
            const prev = offset % laneLen ? offset - 1 : offset + laneLen - 1;
            let randL, randH;
            if (dataIndependent) {
                let i128 = index % 128;
                if (i128 === 0) {
                    address[256 + 12]++;
                    block(address, 256, 2 * 256, 0, false);
                    block(address, 0, 2 * 256, 0, false);
                }
                randL = address[2 * i128];
                randH = address[2 * i128 + 1];
            }
            else {
                const T = 256 * prev;
                randL = B[T];
                randH = B[T + 1];
            }
            const refLane = r === 0 && s === 0 ? l : randH % lanes;
            const refPos = indexAlpha(r, s, laneLen, segmentLen, index, randL, refLane == l);
            const refBlock = laneLen * refLane + refPos;
            block(B, 256 * prev, 256 * refBlock, offset * 256, needXor);
            index++;
            offset++;
            return { value: undefined, done: false };
        }
    }
    return { next };
}
`;

/** @noble/hashes' argon2.js with argon2Blocks as an iterator; any other file as it is. */
export function argon2WithoutGenerator(path: string, code: string): string {
  if (!/[\\/]@noble[\\/]hashes[\\/]argon2\.js$/.test(path)) return code;
  const from = code.indexOf(START);
  const to = code.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${path}: argon2Blocks not found; re-check tsup.miniprogram-argon2.ts`);
  const replaced = code.slice(from, to);
  const digest = createHash('sha256').update(replaced).digest('hex');
  if (digest !== PINNED) throw new Error(`${path}: argon2Blocks changed upstream (sha256 ${digest}); re-check tsup.miniprogram-argon2.ts`);
  const out = code.slice(0, from) + ITERATOR + code.slice(to);
  if (/function\s*\*|\byield\b/.test(out.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) throw new Error(`${path}: a generator is left`);
  return out;
}
