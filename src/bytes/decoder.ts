/**
 * Text decoding of the encodings Chinese retail exports come in (UTF-8, GBK, GB18030), fatal on
 * malformed bytes: a wrong guess fails loudly instead of turning names into U+FFFD.
 */
import { CustodiaError } from '../errors/index.js';

/**
 * Input encodings custodia decodes. GBK and GB18030 need a runtime whose `TextDecoder` has them
 * (Node with full ICU, the default build; browsers); `utf-8` works everywhere `TextDecoder` exists.
 *
 * @example
 * ```ts
 * TEXT_ENCODINGS.includes('gb18030'); // true
 * ```
 */
export const TEXT_ENCODINGS = ['utf-8', 'gbk', 'gb18030'] as const;

/**
 * One of {@link TEXT_ENCODINGS}.
 * @example
 * ```ts
 * const enc: TextEncodingName = 'gb18030';
 * ```
 */
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

/**
 * A streaming decoder: feed chunks with `{ stream: true }`, then call `decode()` once at the end.
 * @example
 * ```ts
 * const d: ChunkDecoder = createTextDecoder('gbk');
 * d.decode(new Uint8Array([0xd6, 0xd0]), { stream: true }); // '中'
 * ```
 */
export interface ChunkDecoder {
  readonly encoding: TextEncodingName;
  decode(chunk?: Uint8Array, options?: { stream?: boolean }): string;
}

/**
 * A fatal streaming decoder for `encoding`: malformed bytes throw `INVALID_UTF8` (utf-8) or
 * `INVALID_ENCODING` (gbk, gb18030), naming the encoding and never the bytes. A byte order mark
 * is kept as U+FEFF (callers that want it gone strip it), so decoding chunk by chunk and decoding
 * the whole input give the same text. Unknown names throw `INVALID_ARGUMENT` listing the accepted
 * ones; a runtime without the encoding throws `BACKEND_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * import { createTextDecoder } from 'custodia';
 * const d = createTextDecoder('gb18030');
 * let text = '';
 * for await (const chunk of response.body) text += d.decode(chunk, { stream: true });
 * text += d.decode(); // throws INVALID_ENCODING if the input ended inside a character
 * ```
 */
export function createTextDecoder(encoding: TextEncodingName = 'utf-8'): ChunkDecoder {
  const lower = typeof encoding === 'string' ? encoding.toLowerCase() : '';
  const name = (lower === 'utf8' ? 'utf-8' : lower) as TextEncodingName;
  if (!(TEXT_ENCODINGS as readonly string[]).includes(name)) throw new CustodiaError('INVALID_ARGUMENT', `"encoding" must be one of ${TEXT_ENCODINGS.join(', ')}`, { field: 'encoding' });
  const TD = (globalThis as { TextDecoder?: typeof TextDecoder }).TextDecoder;
  let inner: TextDecoder;
  try {
    if (!TD) throw new Error('no TextDecoder');
    inner = new TD(name, { fatal: true, ignoreBOM: true });
  } catch {
    throw new CustodiaError('BACKEND_UNAVAILABLE', `this runtime's TextDecoder cannot decode ${name}`, { field: 'encoding' });
  }
  return {
    encoding: name,
    decode(chunk, options) {
      try {
        return inner.decode(chunk, options);
      } catch {
        if (name === 'utf-8') throw new CustodiaError('INVALID_UTF8', 'input is not valid UTF-8', { field: 'encoding' });
        throw new CustodiaError('INVALID_ENCODING', `input is not valid ${name}`, { field: 'encoding' });
      }
    },
  };
}
