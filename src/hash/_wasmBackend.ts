/**
 * The loaded WASM backend, apart from the loader: backend selection (every hash call) reads it,
 * and only initWasm() reaches _wasmLoad.ts, so a page that never loads the core carries no loader.
 */
import type { _Backend } from './_types.js';

let backend: _Backend | undefined;

/** The loaded core's backend, or undefined before initWasm resolved. @internal */
export function _wasmBackend(): _Backend | undefined {
  return backend;
}

/** Set by the loader once the core is in (undefined again on reset). @internal */
export function _setWasmBackend(b: _Backend | undefined): void {
  backend = b;
}
