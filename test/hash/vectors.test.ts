import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/index.js';
import { createHash, hmac, hmacBatch, sha256, sm3 } from '../../src/hash/index.js';
import { CONFIGS, useConfig, withBackend } from './_backends.js';

const rep = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte);
const million = 'a'.repeat(1_000_000);

// FIPS 180-4 examples / NIST CAVP SHA-256 short & long messages (csrc.nist.gov, "SHA256ShortMsg",
// and FIPS 180-2 appendix B.1-B.3 for "abc", the 448-bit message and one million 'a').
const SHA256: [string, string, string][] = [
  ['empty', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['abc', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['448-bit', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ['1M a', million, 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
];

// GB/T 32905-2016 appendix A.1 ("abc") and A.2 ("abcd" x 16).
const SM3: [string, string, string][] = [
  ['abc', 'abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
  ['abcd x16', 'abcd'.repeat(16), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
];

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
// RFC 4231 §4.2-§4.8, HMAC-SHA-256 test cases 1-7 (case 5 truncated to 128 bits).
const RFC4231: [number, Uint8Array, Uint8Array, string][] = [
  [1, rep(0x0b, 20), enc('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
  [2, enc('Jefe'), enc('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
  [3, rep(0xaa, 20), rep(0xdd, 50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
  [4, fromHex('0102030405060708090a0b0c0d0e0f10111213141516171819'), rep(0xcd, 50), '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b'],
  [5, rep(0x0c, 20), enc('Test With Truncation'), 'a3b6167473100ee06e0c796c2955552b'],
  [6, rep(0xaa, 131), enc('Test Using Larger Than Block-Size Key - Hash Key First'), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
  [7, rep(0xaa, 131), enc('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'), '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2'],
];

// HMAC-SM3 has no published RFC vectors; OpenSSL's SM3 (node:crypto) is the reference here.
const SM3_HMAC_CASES: [string, Uint8Array, Uint8Array][] = [
  ['short key', enc('key'), enc('The quick brown fox jumps over the lazy dog')],
  ['64-byte key', rep(0x42, 64), rep(0x61, 64)],
  ['131-byte key', rep(0xaa, 131), enc('手机 13812345678')],
  ['empty', new Uint8Array(0), new Uint8Array(0)],
];
const nodeHmacSm3 = (k: Uint8Array, d: Uint8Array): string => createHmac('sm3', k).update(d).digest('hex');

describe.each(CONFIGS)('backend $name', (config) => {
  const b = config.backend;
  beforeAll(() => useConfig(config));

  it.each(SHA256)('SHA-256 FIPS 180-4 %s', (_n, msg, want) => {
    expect(withBackend(b, () => toHex(sha256(msg)))).toBe(want);
  });

  it('SHA-256 streaming matches one-shot on 1M a in uneven chunks', () => {
    const got = withBackend(b, () => {
      const h = createHash('sha256');
      for (let i = 0; i < million.length; i += 777) h.update(million.slice(i, i + 777));
      return toHex(h.digest());
    });
    expect(got).toBe(SHA256[3]![2]);
  });

  it.each(SM3)('SM3 GB/T 32905 %s', (_n, msg, want) => {
    expect(withBackend(b, () => toHex(sm3(msg)))).toBe(want);
    const streamed = withBackend(b, () => {
      const h = createHash('sm3');
      for (const ch of msg) h.update(ch);
      return toHex(h.digest());
    });
    expect(streamed).toBe(want);
  });

  it.each(RFC4231)('HMAC-SHA256 RFC 4231 case %i', (_n, key, data, want) => {
    const mac = withBackend(b, () => toHex(hmac('sha256', key, data)));
    expect(mac.slice(0, want.length)).toBe(want);
    const batch = withBackend(b, () => toHex(hmacBatch('sha256', key, [data, data])));
    expect(batch.slice(0, want.length)).toBe(want);
    expect(batch.slice(64, 64 + want.length)).toBe(want);
  });

  it.each(SM3_HMAC_CASES)('HMAC-SM3 equals OpenSSL, %s', (_n, key, data) => {
    const want = nodeHmacSm3(key, data);
    expect(withBackend(b, () => toHex(hmac('sm3', key, data)))).toBe(want);
    expect(withBackend(b, () => toHex(hmacBatch('sm3', key, [data])))).toBe(want);
  });
});
