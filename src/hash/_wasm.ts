/**
 * The `wasm` backend: custodia's own core (wasm/assembly). Milestone placeholder until the core lands.
 */
import { CustodiaError } from '../errors/index.js';
import type { _Backend } from './_types.js';

/** The loaded core's backend, or undefined before initWasm resolved. */
export function _wasmBackend(): _Backend | undefined {
  return undefined;
}

/** Compiles the inlined core synchronously where the runtime allows it (Node). */
export function _wasmSync(): _Backend | undefined {
  return undefined;
}

/** What initWasm accepts: wasm bytes, a compiled module, or an instantiated result. */
export type WasmSource = BufferSource | WebAssembly.Module | { instance: WebAssembly.Instance };

/** @internal */
export async function _initWasm(_source?: WasmSource): Promise<void> {
  throw new CustodiaError('WASM_LOAD_FAILED', 'the WASM core is not built into this version');
}
