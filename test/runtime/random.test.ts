import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectCapabilities, randomBytes, setRandomSource } from '../../src/runtime/index.js';
import { CustodiaError, isCustodiaError } from '../../src/errors/index.js';
import { ERROR_CODES } from '../../src/errors/codes.js';
import vm from 'node:vm';

afterEach(() => {
  setRandomSource(undefined);
  vi.unstubAllGlobals();
});

describe('randomBytes', () => {
  it('returns n fresh bytes, also beyond the 65,536-byte getRandomValues limit', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    expect(a.length).toBe(32);
    expect(a).not.toEqual(b);
    const big = randomBytes(200_000);
    expect(big.length).toBe(200_000);
    // The last chunk is filled too, not left as zeros.
    expect(big.subarray(131_072).some((x) => x !== 0)).toBe(true);
  });
  it('falls back to node:crypto when crypto.getRandomValues is missing', () => {
    vi.stubGlobal('crypto', undefined);
    expect(detectCapabilities().getRandomValues).toBe(false);
    expect(randomBytes(16).length).toBe(16);
  });
  it('throws NO_RANDOMNESS, never Math.random, when no source exists', () => {
    vi.stubGlobal('crypto', undefined);
    vi.stubGlobal('process', { versions: {} });
    const spy = vi.spyOn(Math, 'random');
    expect(() => randomBytes(16)).toThrow(expect.objectContaining({ code: 'NO_RANDOMNESS' }));
    expect(spy).not.toHaveBeenCalled();
  });
  it('uses setRandomSource first, and checks the length it returns', () => {
    let calls = 0;
    setRandomSource((n) => { calls++; return new Uint8Array(n).fill(7); });
    expect(randomBytes(4)).toEqual(new Uint8Array([7, 7, 7, 7]));
    expect(calls).toBe(1);
    expect(detectCapabilities().customRandom).toBe(true);
    // Bytes made in another realm (a mini-program sandbox) are accepted.
    setRandomSource((n) => vm.runInNewContext(`new Uint8Array(${n}).fill(9)`) as Uint8Array);
    expect([...randomBytes(2)]).toEqual([9, 9]);
    setRandomSource(() => new Uint8Array(1));
    expect(() => randomBytes(4)).toThrow(expect.objectContaining({ code: 'NO_RANDOMNESS' }));
  });
});

describe('detectCapabilities', () => {
  it('reports what Node offers, looked up at call time', () => {
    const c = detectCapabilities();
    expect(c).toMatchObject({ webAssembly: true, textEncoder: true, getRandomValues: true, nodeCrypto: true, wxWebAssembly: false });
    vi.stubGlobal('WebAssembly', undefined);
    vi.stubGlobal('WXWebAssembly', {});
    expect(detectCapabilities()).toMatchObject({ webAssembly: false, wxWebAssembly: true });
  });
});

describe('CustodiaError', () => {
  it('carries a stable code and field, and is recognised across realms', () => {
    const e = new CustodiaError('INVALID_KEY', '"key" expected 32 bytes', { field: 'key' });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('CustodiaError');
    expect(isCustodiaError(e, 'INVALID_KEY')).toBe(true);
    expect(isCustodiaError(e, 'DECRYPT_FAILED')).toBe(false);
    expect(isCustodiaError(new Error('x'))).toBe(false);
    expect(isCustodiaError(null)).toBe(false);
    // An error made in another realm by another copy of the class still passes the guard.
    const foreign = vm.runInNewContext(
      `class CustodiaError extends Error { constructor() { super('m'); this.code = 'INVALID_KEY'; Object.defineProperty(this, Symbol.for('custodia.error'), { value: true }); } }; new CustodiaError()`,
    );
    expect(foreign instanceof CustodiaError).toBe(false);
    expect(isCustodiaError(foreign, 'INVALID_KEY')).toBe(true);
  });
  it('has unique codes', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
