/**
 * Which backend runs each operation. `auto` picks per operation, by what bench/hash.bench.mjs
 * measured fastest; a forced backend runs everything it can.
 */
import { CustodiaError } from '../errors/index.js';
import { _nativeBackend } from './_native.js';
import type { _Backend, BackendName, HashAlg } from './_types.js';
import { _wasmBackend } from './_wasmBackend.js';

/**
 * A backend choice for {@link setBackend}.
 * @example
 * ```ts
 * const choice: BackendChoice = process.env.CUSTODIA_HASH === 'js' ? 'js' : 'auto';
 * setBackend(choice);
 * ```
 */
export type BackendChoice = 'auto' | BackendName;

/** The shape of work, since the fastest backend differs by it. */
export type _Op = 'bulk' | 'short' | 'batch';

let choice: BackendChoice = 'auto';

/** @internal */
export function _setChoice(b: BackendChoice): void {
  if (b !== 'auto' && b !== 'native' && b !== 'wasm' && b !== 'js')
    throw new CustodiaError('INVALID_ARGUMENT', '"backend" expected auto, native, wasm or js', { field: 'backend' });
  if (b === 'native' && !_nativeBackend())
    throw new CustodiaError('BACKEND_UNAVAILABLE', 'backend native needs node:crypto, which this runtime lacks', { field: 'backend' });
  // Every runtime, Node included, loads the core with initWasm() first.
  if (b === 'wasm' && !_wasmBackend())
    throw new CustodiaError('BACKEND_UNAVAILABLE', 'backend wasm is not loaded: await initWasm() first', { field: 'backend' });
  choice = b;
}

/** @internal */
export function _getChoice(): BackendChoice {
  return choice;
}

function nativeFor(alg: HashAlg): _Backend | undefined {
  const n = _nativeBackend();
  return n && (alg === 'sha256' || n.sm3) ? n.backend : undefined;
}

/**
 * Up to these input sizes the WASM core beats node:crypto (bench/hash.bench.mjs and a size sweep,
 * Node 20, x64 with SHA-NI): node:crypto's fixed per-call cost dominates small inputs, and HMAC
 * adds key setup to every createHmac call while the core keeps the key's states. SM3 has no
 * hardware help in OpenSSL, so the core stays ahead up to larger inputs.
 */
const WASM_UP_TO: Record<'bulk' | 'short', Record<HashAlg, number>> = {
  bulk: { sha256: 512, sm3: 1024 },
  short: { sha256: 512, sm3: 2048 },
};

/**
 * The backend to run `op` with `alg` on `size` input bytes right now; undefined means the js
 * backend, which the caller names (only the part it needs, so bundles stay small). @internal
 */
export function _backendFor(op: _Op, alg: HashAlg, size = Infinity): _Backend | undefined {
  switch (choice) {
    case 'js':
      return undefined;
    case 'wasm':
      return _wasmBackend();
    case 'native':
      // Without OpenSSL SM3, native SM3 falls back to the next fastest backend.
      return nativeFor(alg) ?? _wasmBackend();
    default: {
      // Batches always: cached key states, four lanes, one crossing per chunk.
      if (op === 'batch' || size <= WASM_UP_TO[op][alg]) {
        const wasm = _wasmBackend();
        if (wasm) return wasm;
      }
      return nativeFor(alg) ?? _wasmBackend();
    }
  }
}

/** Whether the WASM core's batch hash beats node:crypto per message (set from bench/merkle.bench.mjs). */
const LEAVES_ON_WASM: Record<HashAlg, boolean> = { sha256: true, sm3: true };

/**
 * The backend for many messages at once (Merkle leaves and tile levels): the WASM core's batch
 * where it has one, else as `bulk`. Apart from _backendFor, so pages that hash one value carry none of it. @internal
 */
export function _leavesBackend(alg: HashAlg): _Backend | undefined {
  const wasm = _wasmBackend();
  if (choice === 'auto' && wasm?.hashBatch && (LEAVES_ON_WASM[alg] || !nativeFor(alg))) return wasm;
  return _backendFor('bulk', alg);
}

/** @internal */
export function _primaryBackend(): BackendName {
  return _backendFor('bulk', 'sha256')?.name ?? 'js';
}
