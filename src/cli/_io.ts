/**
 * Records in and out of the CLI: CSV (header row) or NDJSON, from a file or stdin, to a file or
 * stdout, streamed with backpressure so memory stays constant on multi-GB input.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { Transform, type Readable, type Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { CliError, EXIT, rowLine } from './_errors.js';

export type Format = 'csv' | 'ndjson' | 'text';

/**
 * A non-string NDJSON value (number, boolean, null, object or array) kept as its source text, so a
 * field no command touches is written back exactly as it was read (`12345678901234567890` and
 * `1.50` included, which a JSON.parse round trip would change).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A field value: a string (every CSV and text field, NDJSON strings) or a kept NDJSON value. */
export type Value = string | RawJson;

/** One input record: its 1-based data row number (header not counted) and its fields. */
export interface InRecord {
  row: number;
  fields: Record<string, Value>;
}

/** What a command writes: strings, kept values, or numbers, booleans and null it made itself. */
export type OutRecord = Readonly<Record<string, Value | number | boolean | null | undefined>>;

/** Why a field a command transforms is refused: nested JSON is not transformed (never shown: the value). */
export const NOT_A_STRING = 'expected a string, number or boolean';

/**
 * The text a command transforms from a field: strings as they are, NDJSON numbers and booleans as
 * written (`{"age":39}`, a phone stored as a number), `null` as absent (undefined, left as it was);
 * nested objects and arrays give null, a bad field.
 */
export function scalarText(v: Value | undefined): string | undefined | null {
  if (v === undefined || typeof v === 'string') return v;
  const c = v.text.charAt(0);
  if (c === '{' || c === '[') return null;
  return v.text === 'null' ? undefined : v.text;
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

/** The line a bad input row is reported with: `row 3, field x: expected …`. */
export function badLine(r: BadRecord): string {
  return rowLine(r.row, r.field, r.bad);
}

/** Format from --format, else from the file name (.csv/.tsv, .ndjson/.jsonl/.json, .txt), else `fallback`. */
export function formatOf(path: string | undefined, given: string | undefined, fallback: Format = 'csv'): Format {
  const byName = (p: string): Format | undefined => (/\.[ct]sv$/i.test(p) ? 'csv' : /\.(nd)?jsonl?$/i.test(p) ? 'ndjson' : /\.txt$/i.test(p) ? 'text' : undefined);
  const f = given ?? (path !== undefined && path !== '-' ? byName(path) : undefined) ?? fallback;
  if (f !== 'csv' && f !== 'ndjson' && f !== 'text') throw new CliError(EXIT.usage, `--format expected csv, ndjson or text`);
  return f;
}

/** CSV delimiter from --delimiter, else tab for a .tsv file and comma for a .csv file, else `fallback`. */
export function delimiterOf(path: string | undefined, given: string | undefined, fallback = ','): string {
  if (given !== undefined) {
    if (given.length === 0) throw new CliError(EXIT.usage, '--delimiter expected a character');
    return given;
  }
  if (path !== undefined && /\.tsv$/i.test(path)) return '\t';
  if (path !== undefined && /\.csv$/i.test(path)) return ',';
  return fallback;
}

/** Input and output formats and delimiters of a record command. */
export interface Formats {
  inFormat: Format;
  inDelimiter: string;
  outFormat: Format;
  outDelimiter: string;
}

/**
 * Formats of a command's input and output: each from its option, else its file name; stdin uses
 * `fallback`, stdout (or an output file with another name) the input's format and delimiter.
 */
export function formatsOf(
  input: string | undefined,
  o: { output?: string | undefined; format?: string | undefined; outputFormat?: string | undefined; delimiter?: string | undefined },
  fallback: Format = 'csv',
): Formats {
  const inFormat = formatOf(input, o.format, fallback);
  const inDelimiter = delimiterOf(input, o.delimiter);
  return { inFormat, inDelimiter, outFormat: formatOf(o.output, o.outputFormat, inFormat), outDelimiter: delimiterOf(o.output, o.delimiter, inDelimiter) };
}

/**
 * The top-level members of a valid JSON object text, each value as its source text. Only called
 * on text JSON.parse accepted, so strings, nesting and scalars need no further checks.
 */
export function rawMembers(text: string): [string, string][] {
  const out: [string, string][] = [];
  const n = text.length;
  let i = text.indexOf('{') + 1;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i++;
  };
  const stringEnd = (at: number) => {
    let j = at + 1;
    while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  };
  for (;;) {
    ws();
    if (text[i] === '}') return out;
    if (text[i] === ',') {
      i++;
      ws();
    }
    const keyEnd = stringEnd(i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = keyEnd;
    ws();
    i++; // ':'
    ws();
    const start = i;
    const c = text[i];
    if (c === '"') i = stringEnd(i);
    else if (c === '{' || c === '[') {
      let depth = 0;
      do {
        const d = text[i];
        if (d === '"') {
          i = stringEnd(i);
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') depth--;
        i++;
      } while (depth > 0);
    } else while (i < n && !/[\s,}]/.test(text[i]!)) i++;
    out.push([key, text.slice(start, i)]);
  }
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
      // Strings only (the usual record): the parsed object is the record. Otherwise every member is
      // taken from the source text, non-strings kept as written (RawJson).
      const values = Object.values(obj);
      let fields: Record<string, Value>;
      if (values.every((v) => typeof v === 'string')) fields = obj as Record<string, string>;
      else fields = Object.fromEntries(rawMembers(line).map(([k, v]) => [k, v.startsWith('"') ? (JSON.parse(v) as string) : new RawJson(v)]));
      if (header.length === 0) header = Object.keys(fields);
      yield { row, fields };
    }
  }
  if (format === 'text') header = ['text'];
  return { columns: () => header, records: records(), progress };
}

export interface Output {
  write(fields: OutRecord): Promise<void> | void;
  end(): Promise<void>;
}

/** A value as a CSV cell or text line: kept NDJSON values as written (JSON text for objects), null as empty. */
export function cellOf(v: OutRecord[string]): string {
  if (typeof v === 'string') return v;
  if (v instanceof RawJson) return v.text === 'null' ? '' : v.text;
  return v === null || v === undefined ? '' : String(v);
}

/** One NDJSON line: kept values as written, everything else through JSON.stringify. */
export function ndjsonOf(fields: OutRecord): string {
  let line = '';
  for (const k in fields) {
    const v = fields[k];
    if (v === undefined) continue;
    line += `${line ? ',' : '{'}${JSON.stringify(k)}:${v instanceof RawJson ? v.text : JSON.stringify(v)}`;
  }
  return line ? `${line}}` : '{}';
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
    let cols: readonly string[] = [];
    const open = () => {
      cols = [...columns()];
      s = stringify({ header: true, columns: [...cols], delimiter });
      s.pipe(out);
      return s;
    };
    return {
      write(fields) {
        const w = s ?? open();
        if (!w.write(cols.map((c) => cellOf(fields[c])))) return drain(w);
      },
      async end() {
        if (!s) open();
        // pipe() ends a file sink itself (never stdout): wait for that file to flush.
        const flushed = out === process.stdout ? Promise.resolve() : new Promise<void>((res, rej) => out.once('finish', res).once('error', rej));
        s!.end();
        await flushed;
      },
    };
  }
  return {
    write(fields) {
      const line = format === 'text' ? cellOf(fields['text']) : ndjsonOf(fields);
      if (!out.write(`${line}\n`)) return drain(out);
    },
    end: () => finish(out),
  };
}
