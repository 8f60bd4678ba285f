/** Hex to bytes, apart from encoding.ts: pages that only write hex (the consent chain) do not carry it (esbuild splits by file). */
import { CustodiaError } from '../errors/index.js';

/**
 * Bytes of a hex string (either case).
 * @example
 * ```ts
 * fromHex('01ab') // Uint8Array [1, 171]
 * ```
 */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex))
    throw new CustodiaError('INVALID_ARGUMENT', '"hex" expected an even-length hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
