// The configurations every vector and property runs on: each backend, and the WASM core in
// both its builds (SIMD multi-buffer and scalar MVP).
import { fromBase64 } from '../../src/bytes/index.js';
import { CORE_SCALAR, CORE_SIMD } from '../../src/hash/_core.generated.js';
import { _core, _resetWasm } from '../../src/hash/_wasmLoad.js';
import { initWasm, setBackend, type BackendName } from '../../src/hash/index.js';

export interface Config {
  name: string;
  backend: BackendName;
  core?: string;
}

export const CONFIGS: readonly Config[] = [
  { name: 'js', backend: 'js' },
  { name: 'native', backend: 'native' },
  { name: 'wasm-simd', backend: 'wasm', core: CORE_SIMD },
  { name: 'wasm-scalar', backend: 'wasm', core: CORE_SCALAR },
];

/** Loads the core a configuration needs (call in beforeAll of its describe). */
export async function useConfig(c: Config): Promise<void> {
  if (c.core === undefined) return;
  _resetWasm();
  await initWasm(fromBase64(c.core));
  if (_core()?.simd() !== (c.core === CORE_SIMD ? 1 : 0)) throw new Error(`${c.name}: the wrong core build is loaded`);
}

/** Runs `fn` with `b` forced, restoring auto afterwards. */
export function withBackend<T>(b: BackendName, fn: () => T): T {
  setBackend(b);
  try {
    return fn();
  } finally {
    setBackend('auto');
  }
}
