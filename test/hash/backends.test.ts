import { afterEach, describe, expect, it, vi } from 'vitest';
import { toHex } from '../../src/bytes/index.js';
import { isCustodiaError } from '../../src/errors/index.js';
import { _backendFor } from '../../src/hash/_select.js';
import { _core, _resetWasm } from '../../src/hash/_wasmLoad.js';
import { createHash, getBackend, hmac, hmacBatch, initWasm, setBackend, sha256 } from '../../src/hash/index.js';

const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  setBackend('auto');
});

describe('backend selection', () => {
  it('auto on Node: native until initWasm() resolved (nothing compiled behind the caller\'s back), then the WASM core for batches', async () => {
    _resetWasm();
    setBackend('auto');
    expect(getBackend()).toBe('native');
    expect(_backendFor('batch', 'sha256')?.name).toBe('native');
    expect(_core()).toBeUndefined();
    expect(isCustodiaError(caught(() => setBackend('wasm')), 'BACKEND_UNAVAILABLE')).toBe(true);
    await initWasm();
    expect(_backendFor('batch', 'sha256')?.name).toBe('wasm');
    expect(getBackend()).toBe('native');
  });

  it('BACKEND_UNAVAILABLE: native without node:crypto (a fresh module copy on a runtime without it)', async () => {
    vi.resetModules();
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
    const fresh = await import('../../src/hash/index.js');
    const e = caught(() => fresh.setBackend('native'));
    expect(isCustodiaError(e, 'BACKEND_UNAVAILABLE')).toBe(true);
    expect(fresh.getBackend()).not.toBe('native');
    expect(toHex(fresh.sm3('abc'))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('auto picks the core for batches, short keyed fields and small input, native for large input', async () => {
    await initWasm();
    expect((_backendFor('batch', 'sha256')?.name ?? 'js')).toBe('wasm');
    expect((_backendFor('short', 'sm3', 11)?.name ?? 'js')).toBe('wasm');
    expect((_backendFor('short', 'sha256', 11)?.name ?? 'js')).toBe('wasm');
    expect((_backendFor('bulk', 'sm3', 64)?.name ?? 'js')).toBe('wasm');
    expect((_backendFor('bulk', 'sha256', 64)?.name ?? 'js')).toBe('wasm');
    expect((_backendFor('bulk', 'sha256', 1 << 20)?.name ?? 'js')).toBe('native');
    expect((_backendFor('short', 'sha256', 1 << 20)?.name ?? 'js')).toBe('native');
    expect((_backendFor('bulk', 'sm3', 1 << 20)?.name ?? 'js')).toBe('native');
  });

  it('BACKEND_UNAVAILABLE: wasm where there is no WebAssembly and no loaded core; initWasm() rejects', async () => {
    _resetWasm();
    vi.stubGlobal('WebAssembly', undefined);
    expect(isCustodiaError(caught(() => setBackend('wasm')), 'BACKEND_UNAVAILABLE')).toBe(true);
    const e = await initWasm().catch((x: unknown) => x);
    expect(isCustodiaError(e, 'WASM_LOAD_FAILED')).toBe(true);
    // js keeps working, and a later initWasm may retry once WebAssembly is back.
    setBackend('js');
    expect(toHex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    vi.unstubAllGlobals();
    await initWasm();
    setBackend('wasm');
    expect(getBackend()).toBe('wasm');
  });

  it('initWasm called 10 times at once compiles and instantiates once', async () => {
    _resetWasm();
    const spy = vi.spyOn(WebAssembly, 'instantiate');
    const all = await Promise.all(Array.from({ length: 10 }, () => initWasm()));
    expect(all).toHaveLength(10);
    expect(spy).toHaveBeenCalledTimes(1);
    await initWasm();
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('initWasm accepts bytes, a compiled module and { instance }, and rejects a foreign instance', async () => {
    const bytes = (await import('node:fs')).readFileSync('wasm/build/custodia.wasm');
    for (const source of [bytes, new WebAssembly.Module(bytes), { instance: new WebAssembly.Instance(new WebAssembly.Module(bytes), {}) }]) {
      _resetWasm();
      await initWasm(source);
      expect(_core()?.simd()).toBe(0);
    }
    _resetWasm();
    const empty = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])), {});
    expect(isCustodiaError(await initWasm({ instance: empty }).catch((x: unknown) => x), 'WASM_LOAD_FAILED')).toBe(true);
    expect(isCustodiaError(await initWasm(new Uint8Array([1, 2, 3])).catch((x: unknown) => x), 'WASM_LOAD_FAILED')).toBe(true);
  });
});

describe('argument checks name the argument, never the data', () => {
  const phone = '13812345678';
  it.each([
    ['alg', () => hmac('md5' as never, new Uint8Array(1), phone), 'INVALID_ARGUMENT'],
    ['key', () => hmac('sha256', phone as never, phone), 'INVALID_KEY'],
    ['data', () => sha256(12345678901 as never), 'INVALID_ARGUMENT'],
    ['fields', () => hmacBatch('sm3', new Uint8Array(1), [phone, 13812345678 as never]), 'INVALID_ARGUMENT'],
    ['backend', () => setBackend(phone as never), 'INVALID_ARGUMENT'],
  ] as const)('%s', (_n, fn, code) => {
    const e = caught(fn);
    expect(isCustodiaError(e, code)).toBe(true);
    expect(`${(e as Error).message} ${(e as Error).stack}`).not.toContain(phone);
  });

  it('a finished hash refuses more input', () => {
    const h = createHash('sha256');
    h.digest();
    expect(isCustodiaError(caught(() => h.update('x')), 'INVALID_ARGUMENT')).toBe(true);
    expect(isCustodiaError(caught(() => h.digest()), 'INVALID_ARGUMENT')).toBe(true);
  });
});
