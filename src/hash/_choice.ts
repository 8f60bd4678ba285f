/** Forcing a backend, the backend for merkle leaves and the one getBackend reports, apart from _select.ts: a page that only hashes (consent) does not carry them. */
import { CustodiaError } from '../errors/index.js';
import { _nativeBackend } from './_native.js';
import { _backendFor, _getChoice, _nativeFor as nativeFor, _putChoice, type BackendChoice } from './_select.js';
import type { _Backend, BackendName, HashAlg } from './_types.js';
import { _wasmBackend } from './_wasmBackend.js';

/** @internal */
export function _setChoice(b: BackendChoice): void {
  if (b !== 'auto' && b !== 'native' && b !== 'wasm' && b !== 'js')
    throw new CustodiaError('INVALID_ARGUMENT', '"backend" expected auto, native, wasm or js', { field: 'backend' });
  if (b === 'native' && !_nativeBackend())
    throw new CustodiaError('BACKEND_UNAVAILABLE', 'backend native needs node:crypto, which this runtime lacks', { field: 'backend' });
  // Every runtime, Node included, loads the core with initWasm() first.
  if (b === 'wasm' && !_wasmBackend())
    throw new CustodiaError('BACKEND_UNAVAILABLE', 'backend wasm is not loaded: await initWasm() first', { field: 'backend' });
  _putChoice(b);
}

/** Whether the WASM core's batch hash beats node:crypto per message (set from bench/merkle.bench.mjs). */
const LEAVES_ON_WASM: Record<HashAlg, boolean> = { sha256: true, sm3: true };

/**
 * The backend for many messages at once (Merkle leaves and tile levels): the WASM core's batch
 * where it has one, else as `bulk`. Apart from _backendFor, so pages that hash one value carry none of it. @internal
 */
export function _leavesBackend(alg: HashAlg): _Backend | undefined {
  const wasm = _wasmBackend();
  if (_getChoice() === 'auto' && wasm?.hashBatch && (LEAVES_ON_WASM[alg] || !nativeFor(alg))) return wasm;
  return _backendFor('bulk', alg);
}

/** @internal */
export function _primaryBackend(): BackendName {
  return _backendFor('bulk', 'sha256')?.name ?? 'js';
}
