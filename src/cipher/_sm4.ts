import { _nodeCrypto, type NodeCipherLike } from '../runtime/capabilities.js';
import { _aesKey, _bytes } from './_check.js';

// SM4 block cipher, GB/T 32907-2016 (identical to GM/T 0002-2012, ISO/IEC 18033-3:2010/Amd 1).
// The S-box (§6.2, table 1) and FK (§7.3) are the standard's constants; CK_i bytes are
// (4i + j) * 7 mod 256 (§7.3). Proven by the standard's appendix A vectors in test/cipher.
const SBOX_HEX =
  'd690e9fecce13db716b614c228fb2c052b679a762abe04c3aa44132649860699' +
  '9c4250f491ef987a33540b43edcfac62e4b31ca9c908e89580df94fa758f3fa6' +
  '4707a7fcf37317ba83593c19e6854fa8686b81b27164da8bf8eb0f4b70569d35' +
  '1e240e5e6358d1a225227c3b01217887d40046579fd327524c3602e7a0c4c89e' +
  'eabf8ad240c738b5a3f7f2cef96115a1e0ae5da49b341a55ad933230f58cb1e3' +
  '1df6e22e8266ca60c02923ab0d534e6fd5db3745defd8e2f03ff6a726d6c5b51' +
  '8d1baf92bbddbc7f11d95c411f105ad80ac13188a5cd7bbd2d74d012b8e5b4b0' +
  '8969974a0c96777e65b9f109c56ec68418f07dec3adc4d2079ee5f3ed7cb3948';
const FK = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc] as const;

interface Tables {
  s: Uint8Array;
  t0: Uint32Array;
  t1: Uint32Array;
  t2: Uint32Array;
  t3: Uint32Array;
}
let tables: Tables | undefined;
const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

function getTables(): Tables {
  if (tables) return tables;
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = parseInt(SBOX_HEX.slice(2 * i, 2 * i + 2), 16);
  const mk = (shift: number) => {
    const t = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      const b = (s[i]! << shift) >>> 0;
      t[i] = (b ^ rotl(b, 2) ^ rotl(b, 10) ^ rotl(b, 18) ^ rotl(b, 24)) >>> 0;
    }
    return t;
  };
  return (tables = { s, t0: mk(24), t1: mk(16), t2: mk(8), t3: mk(0) });
}

function tau(s: Uint8Array, a: number): number {
  return ((s[a >>> 24]! << 24) | (s[(a >>> 16) & 255]! << 16) | (s[(a >>> 8) & 255]! << 8) | s[a & 255]!) >>> 0;
}

/** The 32 round keys of `key` (§7.3). Internal. */
export function _sm4RoundKeys(key: Uint8Array): Uint32Array {
  const { s } = getTables();
  const dv = new DataView(key.buffer, key.byteOffset, 16);
  const k = [dv.getUint32(0) ^ FK[0], dv.getUint32(4) ^ FK[1], dv.getUint32(8) ^ FK[2], dv.getUint32(12) ^ FK[3]];
  const rk = new Uint32Array(32);
  for (let i = 0; i < 32; i++) {
    let ck = 0;
    for (let j = 0; j < 4; j++) ck = (ck << 8) | (((4 * i + j) * 7) & 255);
    const b = tau(s, (k[1]! ^ k[2]! ^ k[3]! ^ ck) >>> 0);
    const next = (k[0]! ^ b ^ rotl(b, 13) ^ rotl(b, 23)) >>> 0;
    rk[i] = next;
    k.shift();
    k.push(next);
  }
  return rk;
}

/** One SM4 block with round keys `rk` in order (encrypt) or reversed (decrypt), into `out`. Internal. */
export function _sm4Block(rk: Uint32Array, inp: Uint8Array, out: Uint8Array, decrypt: boolean): void {
  const { t0, t1, t2, t3 } = getTables();
  let x0 = ((inp[0]! << 24) | (inp[1]! << 16) | (inp[2]! << 8) | inp[3]!) >>> 0;
  let x1 = ((inp[4]! << 24) | (inp[5]! << 16) | (inp[6]! << 8) | inp[7]!) >>> 0;
  let x2 = ((inp[8]! << 24) | (inp[9]! << 16) | (inp[10]! << 8) | inp[11]!) >>> 0;
  let x3 = ((inp[12]! << 24) | (inp[13]! << 16) | (inp[14]! << 8) | inp[15]!) >>> 0;
  for (let i = 0; i < 32; i++) {
    const a = x1 ^ x2 ^ x3 ^ rk[decrypt ? 31 - i : i]!;
    const x4 = x0 ^ t0[a >>> 24]! ^ t1[(a >>> 16) & 255]! ^ t2[(a >>> 8) & 255]! ^ t3[a & 255]!;
    x0 = x1;
    x1 = x2;
    x2 = x3;
    x3 = x4 >>> 0;
  }
  // R(X32..X35) = (X35, X34, X33, X32)
  const w = [x3, x2, x1, x0];
  for (let j = 0; j < 4; j++) {
    out[4 * j] = w[j]! >>> 24;
    out[4 * j + 1] = (w[j]! >>> 16) & 255;
    out[4 * j + 2] = (w[j]! >>> 8) & 255;
    out[4 * j + 3] = w[j]! & 255;
  }
}

/**
 * An SM4 block cipher, from {@link sm4}.
 * @example
 * ```ts
 * const c: SM4Cipher = sm4(key16);
 * c.decryptBlock(c.encryptBlock(block)); // the 16 bytes of block
 * ```
 */
export interface SM4Cipher {
  /** Encrypts one 16-byte block. */
  encryptBlock(b: Uint8Array): Uint8Array;
  /** Decrypts one 16-byte block. */
  decryptBlock(b: Uint8Array): Uint8Array;
}

let forced: 'js' | 'node' | undefined;
/** Forces the SM4 implementation (tests prove both give the same bytes). Internal. */
export function _setSm4Backend(b: 'js' | 'node' | undefined): void {
  forced = b;
}
/** The SM4 implementation in use: node:crypto's `sm4-ecb` when present, else TypeScript. Internal. */
export function _sm4Backend(): 'js' | 'node' {
  if (forced) return forced;
  const nc = _nodeCrypto();
  return nc && nc.getCiphers().includes('sm4-ecb') ? 'node' : 'js';
}

/** A streaming `sm4-ecb` cipher without padding: update() returns one output block per input block. */
function nodeEcb(key: Uint8Array, decrypt: boolean): NodeCipherLike {
  const nc = _nodeCrypto()!;
  const c = decrypt ? nc.createDecipheriv('sm4-ecb', key, null) : nc.createCipheriv('sm4-ecb', key, null);
  c.setAutoPadding(false);
  return c;
}

/**
 * SM4 block cipher (GB/T 32907-2016) with a 16-byte key. Single blocks run in TypeScript on
 * every runtime: measured on Node 20, a call into node:crypto per 16-byte block is about 4x
 * slower than the table-driven TypeScript rounds. Bulk work ({@link sm4gcm}) uses node:crypto's
 * SM4 on Node. Both give identical bytes (standard vectors, run on each).
 * For authenticated encryption use {@link sm4gcm}.
 *
 * @example
 * ```ts
 * const c = sm4(fromHex('0123456789abcdeffedcba9876543210'));
 * toHex(c.encryptBlock(fromHex('0123456789abcdeffedcba9876543210'))) // '681edf34d206965e86b3e94f536e4246'
 * ```
 */
export function sm4(key: Uint8Array): SM4Cipher {
  const k = _aesKey(key, 'sm4', [16]).slice();
  if (forced === 'node') {
    let enc: NodeCipherLike | undefined;
    let dec: NodeCipherLike | undefined;
    return {
      encryptBlock: (b) => new Uint8Array((enc ??= nodeEcb(k, false)).update(_bytes(b, 'block', 16))),
      decryptBlock: (b) => new Uint8Array((dec ??= nodeEcb(k, true)).update(_bytes(b, 'block', 16))),
    };
  }
  const rk = _sm4RoundKeys(k);
  const run = (b: Uint8Array, d: boolean) => {
    const out = new Uint8Array(16);
    _sm4Block(rk, _bytes(b, 'block', 16), out, d);
    return out;
  };
  return { encryptBlock: (b) => run(b, false), decryptBlock: (b) => run(b, true) };
}
