/**
 * Input bytes as text blocks of whole lines (a block ends at a newline byte, which no character
 * of UTF-8, GBK or GB18030 contains), decoded strictly and with a bounded line length, so memory
 * stays bounded whatever the input and a wrong encoding is refused instead of garbled.
 */
import { isUtf8 } from 'node:buffer';
import { openSync, createReadStream, fstatSync } from 'node:fs';
import { createTextDecoder, type TextEncodingName, TEXT_ENCODINGS } from '../bytes/index.js';
import { CliError, EXIT, ioError } from './_errors.js';

/** Default --max-record-size: a CSV record or NDJSON/text line longer than this is refused. */
export const MAX_RECORD_SIZE = 16 * 1024 * 1024;

/** Why the input stopped; the reader adds the row, which only it knows. */
export class SourceError extends Error {
  constructor(
    readonly kind: 'encoding' | 'too-long',
    readonly encoding: TextEncodingName,
    readonly max: number,
  ) {
    super(kind);
  }

  /** The one-line report, naming the row (never the bytes). */
  line(row: number | 'header'): string {
    const where = row === 'header' ? 'header row' : `row ${row}`;
    if (this.kind === 'too-long') return `${where}: RECORD_TOO_LARGE: a record is longer than ${this.max} bytes (--max-record-size)`;
    if (this.encoding === 'utf-8') return `${where}: INVALID_UTF8: the input is not valid UTF-8; if it is a GBK/GB18030 export, pass --encoding gb18030`;
    return `${where}: INVALID_ENCODING: the input is not valid ${this.encoding}`;
  }
}

export interface ByteSource {
  chunks: AsyncIterable<Uint8Array>;
  /** File size when the input is a regular file (for the progress ETA). */
  total: number | undefined;
  name: string;
}

/** stdin for undefined or `-`; else the file, opened now so a bad path fails before any output. */
export function openBytes(path: string | undefined): ByteSource {
  if (path === undefined || path === '-') return { chunks: process.stdin, total: undefined, name: 'stdin' };
  let fd: number;
  let total: number | undefined;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    total = st.isFile() ? st.size : undefined;
  } catch (e) {
    throw ioError('read', path, e);
  }
  const stream = createReadStream(path, { fd, highWaterMark: 1 << 16 /* small blocks: fewer rows alive at once, less GC */ });
  return { chunks: readingErrors(stream, path), total, name: path };
}

async function* readingErrors(chunks: AsyncIterable<Uint8Array>, path: string): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (e) {
    throw ioError('read', path, e);
  }
}

/** --encoding: utf-8 (default), gbk or gb18030. */
export function encodingOf(given: string | undefined): TextEncodingName {
  const e = (given ?? 'utf-8').toLowerCase();
  const name = e === 'utf8' ? 'utf-8' : e;
  if (!(TEXT_ENCODINGS as readonly string[]).includes(name)) throw new CliError(EXIT.usage, `--encoding expected one of ${TEXT_ENCODINGS.join(', ')}`);
  return name as TextEncodingName;
}

/**
 * Text of `src` in blocks of whole lines, byte order mark dropped. Throws SourceError after
 * yielding every line before the bad one, so the reader can name the row.
 */
export async function* textBlocks(src: ByteSource, encoding: TextEncodingName, max: number, counted: (bytes: number) => void): AsyncGenerator<string> {
  const dec = createTextDecoder(encoding);
  let pending: Uint8Array[] = [];
  let pendingLen = 0;
  let first = true;
  const fail = (kind: SourceError['kind']) => new SourceError(kind, encoding, max);
  // UTF-8: Node's validator and decoder (simdutf), several times faster than a fatal TextDecoder.
  const decode = encoding === 'utf-8' ? (b: Uint8Array) => {
    if (!isUtf8(b)) throw fail('encoding');
    return Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8');
  } : (b: Uint8Array) => dec.decode(b);
  function* emit(b: Uint8Array): Generator<string> {
    let text: string;
    try {
      text = decode(b);
    } catch {
      // Decode line by line to hand over every good line before the bad one.
      let start = 0;
      for (;;) {
        if (start >= b.length) throw fail('encoding');
        const nl = b.indexOf(10, start);
        const end = nl < 0 ? b.length : nl + 1;
        try {
          dec.decode(b.subarray(start, end));
        } catch {
          if (start > 0) yield* emit(b.subarray(0, start));
          throw fail('encoding');
        }
        start = end;
      }
    }
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    yield text;
  }
  for await (const c of src.chunks) {
    const chunk = c instanceof Uint8Array ? c : new Uint8Array(c as ArrayBuffer);
    counted(chunk.length);
    const nl = chunk.lastIndexOf(10);
    if (nl < 0) {
      pending.push(chunk);
      pendingLen += chunk.length;
      // `pending` always starts a line (everything before was yielded): this line is too long.
      if (pendingLen > max) throw fail('too-long');
      continue;
    }
    const firstNl = chunk.indexOf(10);
    if (pendingLen + firstNl > max) throw fail('too-long');
    pending.push(chunk.subarray(0, nl + 1));
    yield* emit(concat(pending, pendingLen + nl + 1));
    pending = nl + 1 < chunk.length ? [chunk.subarray(nl + 1)] : [];
    pendingLen = chunk.length - nl - 1;
  }
  if (pendingLen > 0) yield* emit(concat(pending, pendingLen));
}

function concat(parts: Uint8Array[], len: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(len);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
