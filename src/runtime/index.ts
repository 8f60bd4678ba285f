/**
 * Runtime layer: capability detection and randomness, evaluated when called.
 * @module
 */
import { _getRandomValues, _nodeCrypto, _webAssembly, type Capabilities } from './capabilities.js';
import { _hasCustomRandom } from './random.js';

export type { Capabilities } from './capabilities.js';
export { randomBytes, setRandomSource } from './random.js';

/**
 * What this runtime offers right now (looked up on each call).
 *
 * @example
 * ```ts
 * if (!detectCapabilities().webAssembly) console.info('custodia: using the pure-JS backend');
 * ```
 */
export function detectCapabilities(): Capabilities {
  const glob = globalThis as unknown as Record<string, unknown>;
  return {
    webAssembly: _webAssembly() !== undefined,
    wxWebAssembly: typeof glob['WXWebAssembly'] === 'object' && glob['WXWebAssembly'] !== null,
    textEncoder: typeof glob['TextEncoder'] === 'function',
    getRandomValues: _getRandomValues() !== undefined,
    nodeCrypto: _nodeCrypto() !== undefined,
    customRandom: _hasCustomRandom(),
  };
}
