/**
 * Loading the WASM core: once, however many callers wait; from the inlined bytes, given
 * bytes, a compiled module, or an instance a mini-program made with WXWebAssembly.
 * The inlined bytes (~17 KB of base64) are reached only from here, through a dynamic import
 * inside the load, so a bundle that never calls initWasm() carries neither them nor the
 * backend code (which _wasm.ts hands in as `wrap`).
 */
import { fromBase64 } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import { _webAssembly } from '../runtime/capabilities.js';
import type { _Backend } from './_types.js';
import { _setWasmBackend } from './_wasmBackend.js';
export { _wasmBackend } from './_wasmBackend.js';

/**
 * What initWasm accepts: wasm bytes, a compiled module, or an instantiated result.
 * @example
 * ```ts
 * const source: WasmSource = await WXWebAssembly.instantiate('/miniprogram_npm/custodia/custodia.wasm');
 * await initWasm(source);
 * ```
 */
export type WasmSource = BufferSource | WebAssembly.Module | { instance: WebAssembly.Instance };

/** The core's exports (wasm/assembly/index.ts). alg 0 = SHA-256, 1 = SM3. */
export interface _CoreExports {
  memory: WebAssembly.Memory;
  io(): number;
  out(): number;
  ctx(): number;
  ctxSize(): number;
  simd(): number;
  reserve(n: number): number;
  hashInit(alg: number): void;
  hashUpdate(alg: number, p: number, n: number): void;
  hashFinal(alg: number): void;
  hash(alg: number, p: number, n: number): void;
  hmacKey(alg: number, p: number, n: number): void;
  hmac(alg: number, p: number, n: number): void;
  hmacBatch(alg: number, n: number, table: number, data: number, dst: number): void;
  /** Hash of n consecutive messages (table of u32 lengths); absent in cores built before it. */
  hashBatch?(alg: number, n: number, table: number, data: number, dst: number): void;
}

const FUNCS = ['io', 'out', 'ctx', 'ctxSize', 'simd', 'reserve', 'hashInit', 'hashUpdate', 'hashFinal', 'hash', 'hmacKey', 'hmac', 'hmacBatch'];

let core: _CoreExports | undefined;
let loading: Promise<void> | undefined;

/** The loaded core, if any. */
export function _core(): _CoreExports | undefined {
  return core;
}

const tag = (x: unknown): string => Object.prototype.toString.call(x);
const fail = (why: string, cause?: unknown): CustodiaError =>
  new CustodiaError('WASM_LOAD_FAILED', `WASM core not loaded: ${why}`, { field: 'source', cause });

function adopt(instance: WebAssembly.Instance): void {
  const ex = (instance as { exports?: Record<string, unknown> } | undefined)?.exports;
  if (!ex || !FUNCS.every((f) => typeof ex[f] === 'function') || typeof ex['memory'] !== 'object')
    throw fail('the instance is not custodia.wasm (exports missing)');
  core = ex as unknown as _CoreExports;
}

const decode = (b64: string): Uint8Array<ArrayBuffer> => fromBase64(b64) as Uint8Array<ArrayBuffer>;

async function load(source: WasmSource | undefined): Promise<void> {
  if (source !== null && typeof source === 'object' && 'instance' in source) return adopt(source.instance);
  const wa = _webAssembly();
  if (!wa) throw fail('this runtime has no WebAssembly global; in a mini-program pass { instance } from WXWebAssembly.instantiate(path)');
  let instance: WebAssembly.Instance;
  try {
    if (source === undefined) {
      const { CORE_SCALAR, CORE_SIMD } = await import('./_core.generated.js');
      // Compiling SIMD and falling back costs less than validating first.
      instance = await wa.instantiate(decode(CORE_SIMD), {}).then(
        (r) => r.instance,
        () => wa.instantiate(decode(CORE_SCALAR), {}).then((r) => r.instance),
      );
    } else if (tag(source) === '[object WebAssembly.Module]') {
      instance = await wa.instantiate(source as WebAssembly.Module, {});
    } else if (tag(source) === '[object ArrayBuffer]' || ArrayBuffer.isView(source)) {
      instance = (await wa.instantiate(source as BufferSource, {})).instance;
    } else {
      throw fail('"source" expected bytes, a WebAssembly.Module or { instance }');
    }
  } catch (e) {
    throw e instanceof CustodiaError ? e : fail('compilation or instantiation failed', e);
  }
  adopt(instance);
}

/** Loads the core once and makes `wrap(core)` the wasm backend. @internal */
export function _loadCore(source: WasmSource | undefined, wrap: (c: _CoreExports) => _Backend): Promise<void> {
  if (core) return Promise.resolve();
  if (!loading) {
    // A failed load clears itself so a later call may retry (e.g. with an explicit source).
    loading = load(source).then(() => {
      _setWasmBackend(wrap(core!));
    }).catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
  }
  return loading;
}

/** Forgets the loaded core (tests only). @internal */
export function _resetWasm(): void {
  core = undefined;
  _setWasmBackend(undefined);
  loading = undefined;
}
