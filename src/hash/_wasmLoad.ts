/**
 * Loading the WASM core: once, however many callers wait; from the inlined bytes, given
 * bytes, a compiled module, or an instance a mini-program made with WXWebAssembly.
 */
import { fromBase64 } from '../bytes/index.js';
import { CustodiaError } from '../errors/index.js';
import { _webAssembly } from '../runtime/capabilities.js';
import { CORE_SCALAR, CORE_SIMD } from './_core.generated.js';

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

/** The inlined cores, decoded only when tried: SIMD first, scalar for runtimes without WASM SIMD. */
const INLINED = [CORE_SIMD, CORE_SCALAR];
const decode = (b64: string): Uint8Array<ArrayBuffer> => fromBase64(b64) as Uint8Array<ArrayBuffer>;

/**
 * Compiles the inlined core synchronously on Node, where synchronous compilation of any size
 * is allowed. Browsers limit it on the main thread, so elsewhere initWasm() is required.
 */
export function _loadSync(): _CoreExports | undefined {
  if (core) return core;
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  const wa = _webAssembly();
  if (!wa || !proc?.versions?.node) return undefined;
  for (const b64 of INLINED) {
    try {
      adopt(new wa.Instance(new wa.Module(decode(b64)), {}));
      return core;
    } catch {
      // no SIMD here: try the scalar build
    }
  }
  return undefined;
}

async function load(source: WasmSource | undefined): Promise<void> {
  if (source !== null && typeof source === 'object' && 'instance' in source) return adopt(source.instance);
  const wa = _webAssembly();
  if (!wa) throw fail('this runtime has no WebAssembly global; in a mini-program pass { instance } from WXWebAssembly.instantiate(path)');
  let instance: WebAssembly.Instance;
  try {
    if (source === undefined) {
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

/** @internal */
export function _initWasm(source?: WasmSource): Promise<void> {
  if (core) return Promise.resolve();
  if (!loading) {
    // A failed load clears itself so a later call may retry (e.g. with an explicit source).
    loading = load(source).catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
  }
  return loading;
}

/** Forgets the loaded core (tests only). @internal */
export function _resetWasm(): void {
  core = undefined;
  loading = undefined;
}
