import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex, utf8Decode, utf8Encode, utf8EncodeInto, equalBytes, equalStrings, toBytes, concatBytes } from '../../src/bytes/index.js';

// Strings built from arbitrary UTF-16 code units, so lone surrogates are common.
const utf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 64 }).map((a) => String.fromCharCode(...a));

describe('utf8Encode', () => {
  it('equals TextEncoder on random strings with lone and paired surrogates', () => {
    const te = new TextEncoder();
    fc.assert(fc.property(fc.oneof(utf16, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (s) => {
      expect(utf8Encode(s)).toEqual(te.encode(s));
    }), { numRuns: 2000 });
  });
  it('maps a lone surrogate to U+FFFD exactly as TextEncoder does', () => {
    expect([...utf8Encode('a\ud800b')]).toEqual([0x61, 0xef, 0xbf, 0xbd, 0x62]);
    expect([...utf8Encode('\udc00')]).toEqual([0xef, 0xbf, 0xbd]);
    expect([...utf8Encode('😀')]).toEqual([0xf0, 0x9f, 0x98, 0x80]);
  });
});

describe('utf8EncodeInto', () => {
  it('writes what TextEncoder.encodeInto writes, at any offset, and leaves the rest alone', () => {
    const te = new TextEncoder();
    fc.assert(fc.property(utf16, fc.nat({ max: 8 }), (s, at) => {
      const ours = new Uint8Array(at + 3 * s.length + 2).fill(7);
      const theirs = ours.slice();
      const n = utf8EncodeInto(s, ours, at);
      expect(n).toBe(te.encodeInto(s, theirs.subarray(at)).written);
      expect(ours).toEqual(theirs);
    }), { numRuns: 1000 });
  });
  it('refuses a destination without worst-case room, naming sizes only', () => {
    let err: unknown;
    try { utf8EncodeInto('13800138000', new Uint8Array(20), 0); } catch (e) { err = e; }
    expect((err as { code: string }).code).toBe('INVALID_ARGUMENT');
    expect((err as Error).message).toBe('"dest" expected room for 33 bytes from offset 0, got 20');
  });
});

describe('utf8Decode', () => {
  it('inverts utf8Encode on well-formed strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => { expect(utf8Decode(utf8Encode(s))).toBe(s); }));
  });
  it('agrees with a fatal TextDecoder on random bytes (accept or INVALID_UTF8)', () => {
    const td = new TextDecoder('utf-8', { fatal: true });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 16 }), (b) => {
      let expected: string | 'error';
      try { expected = td.decode(b); } catch { expected = 'error'; }
      let got: string | 'error';
      try { got = utf8Decode(b); } catch (e) { expect((e as { code: string }).code).toBe('INVALID_UTF8'); got = 'error'; }
      expect(got).toBe(expected);
    }), { numRuns: 5000 });
  });
  it('decodes long inputs without stack overflow', () => {
    const s = '张'.repeat(200_000);
    expect(utf8Decode(utf8Encode(s))).toBe(s);
  });
});

describe('hex and base64', () => {
  it('round-trip and match Buffer', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70 }), (b) => {
      expect(toHex(b)).toBe(Buffer.from(b).toString('hex'));
      expect(fromHex(toHex(b))).toEqual(b);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(toBase64(b, true)).toBe(Buffer.from(b).toString('base64url'));
      expect(fromBase64(toBase64(b))).toEqual(b);
      expect(fromBase64(toBase64(b, true))).toEqual(b);
    }));
  });
  it('rejects malformed input with INVALID_ARGUMENT', () => {
    expect(() => fromHex('abc')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => fromHex('zz')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => fromBase64('a*b=')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => fromBase64('abcde')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('comparison and helpers', () => {
  it('equalBytes and equalStrings agree with plain equality', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength: 8 }), (a, b) => {
      expect(equalBytes(a, b)).toBe(Buffer.compare(a, b) === 0);
      expect(equalBytes(a, a.slice())).toBe(true);
      expect(equalStrings(toHex(a), toHex(b))).toBe(toHex(a) === toHex(b));
    }));
  });
  it('toBytes takes strings as UTF-8 and Uint8Arrays as they are', () => {
    const u = new Uint8Array([1, 2]);
    expect(toBytes(u)).toBe(u);
    expect(toBytes('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
    expect(() => toBytes(42 as unknown as string, 'phone')).toThrow(/"phone" expected Uint8Array or string/);
    expect(concatBytes(u, new Uint8Array([3]))).toEqual(new Uint8Array([1, 2, 3]));
  });
});
