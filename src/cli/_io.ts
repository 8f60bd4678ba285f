/**
 * Records in and out of the CLI: CSV (header row) or NDJSON, from a file or stdin, to a file or
 * stdout, streamed with backpressure so memory stays constant on multi-GB input.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { Transform, type Readable, type Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { CliError, EXIT } from './_errors.js';

export type Format = 'csv' | 'ndjson' | 'text';

/** One input record: its 1-based data row number (header not counted) and its fields. */
export interface InRecord {
  row: number;
  fields: Record<string, string>;
}

export interface Input {
  /** Column names (CSV header, or keys of the first NDJSON object). */
  columns(): readonly string[];
  records: AsyncIterable<InRecord | BadRecord>;
  /** Bytes read so far and the total when the input is a regular file (for the ETA). */
  progress(): { bytes: number; total: number | undefined };
}

/** A row that could not be read as a record: reported by number (and field), never by value. */
export interface BadRecord {
  row: number;
  bad: string;
  field?: string;
}

export function formatOf(path: string | undefined, given: string | undefined, fallback: Format = 'csv'): Format {
  const f = given ?? (path && /\.(nd)?jsonl?$/i.test(path) ? 'ndjson' : path && /\.txt$/i.test(path) ? 'text' : fallback);
  if (f !== 'csv' && f !== 'ndjson' && f !== 'text') throw new CliError(EXIT.usage, `--format expected csv, ndjson or text`);
  return f;
}

function source(path: string | undefined): { stream: Readable; total: number | undefined } {
  if (path === undefined || path === '-') return { stream: process.stdin, total: undefined };
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new CliError(EXIT.input, `cannot read input file ${path}`);
  }
  return { stream: createReadStream(path, { highWaterMark: 1 << 20 }), total: st.isFile() ? st.size : undefined };
}

/** Counts bytes as they pass, for the progress bar. */
function counter(): Transform & { bytes: number } {
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      t.bytes += chunk.length;
      cb(null, chunk);
    },
  }) as Transform & { bytes: number };
  t.bytes = 0;
  return t;
}

export function openInput(path: string | undefined, format: Format, delimiter = ','): Input {
  const { stream, total } = source(path);
  const count = counter();
  stream.on('error', (e) => count.destroy(e));
  stream.pipe(count);
  let header: string[] = [];
  const progress = () => ({ bytes: count.bytes, total });
  if (format === 'csv') {
    const parser = count.pipe(parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false }));
    async function* records(): AsyncGenerator<InRecord | BadRecord> {
      let row = 0;
      try {
        for await (const cells of parser as AsyncIterable<string[]>) {
          if (header.length === 0) {
            header = cells.map((c) => c.trim());
            continue;
          }
          row++;
          if (cells.length !== header.length) {
            yield { row, bad: `expected ${header.length} fields, got ${cells.length}` };
            continue;
          }
          const fields: Record<string, string> = {};
          for (let i = 0; i < header.length; i++) fields[header[i]!] = cells[i]!;
          yield { row, fields };
        }
      } catch (e) {
        // csv-parse messages quote the offending text; report only where it happened.
        throw new CliError(EXIT.input, `CSV input unreadable after row ${row} (${(e as { code?: string }).code ?? 'parse error'})`);
      }
    }
    return { columns: () => header, records: records(), progress };
  }
  const lines = createInterface({ input: count, crlfDelay: Infinity });
  async function* records(): AsyncGenerator<InRecord | BadRecord> {
    let row = 0;
    for await (const line of lines) {
      if (format === 'ndjson' && line.trim() === '') continue;
      row++;
      if (format === 'text') {
        yield { row, fields: { text: line } };
        continue;
      }
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch {
        yield { row, bad: 'not valid JSON' };
        continue;
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
        yield { row, bad: 'expected a JSON object' };
        continue;
      }
      const fields: Record<string, string> = {};
      let badField: string | undefined;
      for (const [k, v] of Object.entries(obj)) {
        if (v === null || typeof v === 'object') badField ??= k;
        fields[k] = v === null || typeof v === 'object' ? '' : String(v);
      }
      if (badField !== undefined) {
        yield { row, bad: 'expected a string, number or boolean', field: badField };
        continue;
      }
      if (header.length === 0) header = Object.keys(fields);
      yield { row, fields };
    }
  }
  if (format === 'text') header = ['text'];
  return { columns: () => header, records: records(), progress };
}

export interface Output {
  write(fields: Record<string, string>): Promise<void> | void;
  end(): Promise<void>;
}

function sink(path: string | undefined): Writable {
  if (path === undefined || path === '-') return process.stdout;
  return createWriteStream(path);
}

async function drain(w: Writable): Promise<void> {
  await new Promise<void>((res, rej) => {
    const done = () => {
      w.off('error', fail);
      res();
    };
    const fail = (e: Error) => {
      w.off('drain', done);
      rej(e);
    };
    w.once('drain', done);
    w.once('error', fail);
  });
}

/** Writes records as CSV (header from `columns`) or NDJSON, or raw lines for text. */
export function openOutput(path: string | undefined, format: Format, columns: () => readonly string[], delimiter = ','): Output {
  const out = sink(path);
  const finish = (w: Writable) =>
    new Promise<void>((res, rej) => {
      if (w === process.stdout) return res();
      w.once('error', rej);
      w.once('finish', () => res());
      w.end();
    });
  if (format === 'csv') {
    let s: ReturnType<typeof stringify> | undefined;
    return {
      write(fields) {
        if (!s) {
          s = stringify({ header: true, columns: [...columns()], delimiter });
          s.pipe(out);
        }
        if (!s.write(fields)) return drain(s);
      },
      async end() {
        if (!s) {
          s = stringify({ header: true, columns: [...columns()], delimiter });
          s.pipe(out);
        }
        // pipe() ends a file sink itself (never stdout): wait for that file to flush.
        const flushed = out === process.stdout ? Promise.resolve() : new Promise<void>((res, rej) => out.once('finish', res).once('error', rej));
        s.end();
        await flushed;
      },
    };
  }
  return {
    write(fields) {
      const line = format === 'text' ? (fields['text'] ?? '') : JSON.stringify(fields);
      if (!out.write(`${line}\n`)) return drain(out);
    },
    end: () => finish(out),
  };
}
