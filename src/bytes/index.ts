/**
 * Byte helpers every runtime has: UTF-8 without TextEncoder, hex, base64 without
 * `Buffer`/`btoa`, constant-time comparison.
 * @module
 */
// Other modules' hashing paths import _core.ts and encoding.ts, not this file, so pages that hash
// do not carry the text decoders (esbuild splits by file).
export { equalStrings, toBytes, type Input } from './_core.js';
export { concatBytes, equalBytes } from './_arrays.js';

export { utf8Encode } from './utf8.js';
export { utf8EncodeInto } from './_utf8Into.js';
export { utf8Decode } from './_utf8Decode.js';
export { toHex } from './encoding.js';
export { fromHex } from './_fromHex.js';
export { toBase64, fromBase64 } from './_base64.js';
export { createTextDecoder, TEXT_ENCODINGS, type ChunkDecoder, type TextEncodingName } from './decoder.js';

