/**
 * Which backend runs each operation. `auto` picks per operation, by what bench/hash.bench.mjs
 * measured fastest; a forced backend runs everything it can.
 */
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
export function _getChoice(): BackendChoice {
  return choice;
}

/** Sets the choice _setChoice (_choice.ts) checked. @internal */
export function _putChoice(b: BackendChoice): void {
  choice = b;
}

/** @internal */
export function _nativeFor(alg: HashAlg): _Backend | undefined {
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
      return _nativeFor(alg) ?? _wasmBackend();
    default: {
      // Batches always: cached key states, four lanes, one crossing per chunk.
      if (op === 'batch' || size <= WASM_UP_TO[op][alg]) {
        const wasm = _wasmBackend();
        if (wasm) return wasm;
      }
      return _nativeFor(alg) ?? _wasmBackend();
    }
  }
}
