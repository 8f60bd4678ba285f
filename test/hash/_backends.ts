// The backends every vector and property runs on. The WASM core is loaded once per file.
import { initWasm, setBackend, type BackendName } from '../../src/hash/index.js';

export const BACKENDS: readonly BackendName[] = ['js', 'native'];

/** Runs `fn` with `b` forced, restoring auto afterwards. */
export function withBackend<T>(b: BackendName, fn: () => T): T {
  setBackend(b);
  try {
    return fn();
  } finally {
    setBackend('auto');
  }
}

export async function loadAll(): Promise<void> {
  if (BACKENDS.includes('wasm')) await initWasm();
}
