import { unsafe } from '@noble/ciphers/aes.js';

// The BigInt FF1 that src/cipher/_ff1core.ts used before the limb rewrite, kept as a reference
// for the property test: SP 800-38G Rev. 1 Algorithm 7/8 written the direct way (Node has BigInt).
const { expandKeyLE, encryptBlock } = unsafe;

export function ff1BigInt(key: Uint8Array, radix: number, tweak: Uint8Array, x: readonly number[], decrypt: boolean): number[] {
  const xk = expandKeyLE(key) as Uint32Array;
  const n = x.length;
  const t = tweak.length;
  const u = Math.floor(n / 2);
  const v = n - u;
  const R = BigInt(radix);
  const b = Math.ceil((R ** BigInt(v) - 1n).toString(2).length / 8);
  const d = 4 * Math.ceil(b / 4) + 4;
  const P = new Uint8Array(16);
  P.set([1, 2, 1, (radix >>> 16) & 255, (radix >>> 8) & 255, radix & 255, 10, u & 255]);
  new DataView(P.buffer).setUint32(8, n, false);
  new DataView(P.buffer).setUint32(12, t, false);
  const num = (digits: readonly number[]) => digits.reduce((acc, dg) => acc * R + BigInt(dg), 0n);
  const str = (val: bigint, m: number) => {
    const out = new Array<number>(m);
    for (let k = m - 1; k >= 0; k--, val /= R) out[k] = Number(val % R);
    return out;
  };
  const y = (i: number, w: bigint): bigint => {
    const Q = new Uint8Array(t + ((((-t - b - 1) % 16) + 16) % 16) + 1 + b);
    Q.set(tweak);
    Q[Q.length - b - 1] = i;
    for (let k = Q.length - 1; k >= Q.length - b; k--, w >>= 8n) Q[k] = Number(w & 255n);
    const pq = new Uint8Array(16 + Q.length);
    pq.set(P);
    pq.set(Q, 16);
    const r = new Uint8Array(16);
    for (let off = 0; off < pq.length; off += 16) {
      for (let k = 0; k < 16; k++) r[k]! ^= pq[off + k]!;
      encryptBlock(xk, r);
    }
    const S: number[] = [...r];
    for (let j = 1; 16 * j < d; j++) {
      const blk = r.slice();
      for (let k = 0; k < 4; k++) blk[15 - k]! ^= (j >>> (8 * k)) & 255;
      encryptBlock(xk, blk);
      S.push(...blk);
    }
    return S.slice(0, d).reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
  };
  let A = num(x.slice(0, u));
  let B = num(x.slice(u));
  for (let step = 0; step < 10; step++) {
    const i = decrypt ? 9 - step : step;
    const m = R ** BigInt(i % 2 === 0 ? u : v);
    if (decrypt) [A, B] = [(((B - y(i, A)) % m) + m) % m, A];
    else [A, B] = [B, (A + y(i, B)) % m];
  }
  return [...str(A, u), ...str(B, v)];
}
