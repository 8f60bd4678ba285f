import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/index.js';
import { hmac, hmacBatch } from '../../src/hash/index.js';

const phones = ['13812345678', '13987654321', '13812345678', '15000000000'];

describe('keyed pseudonyms for de-identification', () => {
  it('S5.1: hmacBatch turns a phone column into keyed pseudonyms right after collection: stable per key, unlinkable across keys, no digits survive', () => {
    const keyA = new Uint8Array(32).fill(0xa5);
    const keyB = new Uint8Array(32).fill(0x5a);
    const a = hmacBatch('sm3', keyA, phones);
    const b = hmacBatch('sm3', keyB, phones);
    const tok = (m: Uint8Array, i: number): string => toHex(m.subarray(32 * i, 32 * i + 32));
    // The same phone gives the same pseudonym under one key, so joins and counts still work...
    expect(tok(a, 0)).toBe(tok(a, 2));
    expect(tok(a, 0)).not.toBe(tok(a, 1));
    // ...each equals the single-field HMAC, so later lookups by one value match the batch...
    phones.forEach((p, i) => expect(tok(a, i)).toBe(toHex(hmac('sm3', keyA, p))));
    // ...and a different key (another data set, or after rotation) yields unrelated pseudonyms.
    for (let i = 0; i < phones.length; i++) expect(tok(a, i)).not.toBe(tok(b, i));
    // Nothing of the phone number is left in the output bytes.
    const out = new TextDecoder('latin1').decode(a);
    for (const p of phones) expect(out).not.toContain(p.slice(3, 7));
  });
});
