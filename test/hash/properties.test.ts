import fc from 'fast-check';
import { createHash as nodeCreateHash, createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/index.js';
import { createHash, hmac, hmacBatch, sha256, sm3, type HashAlg } from '../../src/hash/index.js';
import { CONFIGS, useConfig, withBackend } from './_backends.js';

const ALGS: HashAlg[] = ['sha256', 'sm3'];
// Lengths 0-300 with extra weight on the block edges (55/56 is where padding spills, 64 a full block).
const edge = fc.constantFrom(0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129);
const data = fc.oneof(fc.uint8Array({ maxLength: 300 }), edge.chain((n) => fc.uint8Array({ minLength: n, maxLength: n })));
const key = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 65, maxLength: 200 }));
// Strings with lone and paired surrogates, CJK and ASCII, so UTF-8 encoding paths are exercised.
const text = fc.array(fc.oneof(fc.constantFrom('\ud800', '\udc00', '😀', '手', '机', 'a', '1', '\u0080', '\u07ff'), fc.string({ maxLength: 4 })), { maxLength: 30 }).map((a) => a.join(''));
const field = fc.oneof(data, text, edge.map((n) => 'x'.repeat(n)));

const ref = (alg: HashAlg, d: Uint8Array | string): string => nodeCreateHash(alg).update(d).digest('hex');
const refMac = (alg: HashAlg, k: Uint8Array, d: Uint8Array | string): string => createHmac(alg, k).update(d).digest('hex');

describe.each(CONFIGS)('backend $name agrees with OpenSSL', (config) => {
  const b = config.backend;
  beforeAll(() => useConfig(config));

  it.each(ALGS)('%s hash and streaming on random inputs', (alg) => {
    fc.assert(
      fc.property(field, fc.array(fc.nat(80), { maxLength: 5 }), (d, cuts) => {
        const want = ref(alg, d);
        withBackend(b, () => {
          expect(toHex(alg === 'sha256' ? sha256(d) : sm3(d))).toBe(want);
          // Cut bytes, not strings: a cut string may split a surrogate pair, which is a different input.
          const h = createHash(alg);
          let rest = typeof d === 'string' ? new TextEncoder().encode(d) : d;
          for (const c of cuts) {
            h.update(rest.slice(0, c));
            rest = rest.slice(c);
          }
          expect(toHex(h.update(rest).digest())).toBe(want);
        });
      }),
      { numRuns: 150 },
    );
  });

  it.each(ALGS)('%s hmac on random keys and inputs; hmacBatch equals hmac field by field', (alg) => {
    fc.assert(
      fc.property(key, fc.array(field, { maxLength: 12 }), (k, fields) => {
        withBackend(b, () => {
          const batch = hmacBatch(alg, k, fields);
          expect(batch.length).toBe(32 * fields.length);
          fields.forEach((f, i) => {
            const want = refMac(alg, k, f);
            expect(toHex(hmac(alg, k, f))).toBe(want);
            expect(toHex(batch.subarray(32 * i, 32 * i + 32))).toBe(want);
          });
        });
      }),
      { numRuns: 120 },
    );
  });

  it.each(ALGS)('%s hmacBatch over field lengths 0/55/56/64/1 MiB and a large batch', (alg) => {
    const k = new Uint8Array(100).fill(9);
    const fields: (Uint8Array | string)[] = [0, 55, 56, 64, 1 << 20, 3].map((n) => new Uint8Array(n).fill(n & 255));
    fields.push('手'.repeat(400_000), '');
    for (let i = 0; i < 40_000; i++) fields.push(i % 3 ? `1381234${i}` : new Uint8Array([i & 255, i >> 8]));
    const batch = withBackend(b, () => hmacBatch(alg, k, fields));
    fields.forEach((f, i) => {
      if (i < 8 || i % 997 === 0) expect(toHex(batch.subarray(32 * i, 32 * i + 32))).toBe(refMac(alg, k, f));
    });
  });
});
