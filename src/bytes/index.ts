/**
 * Byte helpers every runtime has: UTF-8 without TextEncoder, hex, base64 without
 * `Buffer`/`btoa`, constant-time comparison.
 * @module
 */
// Other modules' hashing paths import _core.ts and encoding.ts, not this file, so pages that hash
// do not carry the text decoders (esbuild splits by file).
export { concatBytes, equalBytes, equalStrings, toBytes, type Input } from './_core.js';

export { utf8Encode, utf8EncodeInto, utf8Decode } from './utf8.js';
export { toHex, fromHex, toBase64, fromBase64 } from './encoding.js';
export { createTextDecoder, TEXT_ENCODINGS, type ChunkDecoder, type TextEncodingName } from './decoder.js';

