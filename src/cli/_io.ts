/**
 * Records in and out of the CLI: CSV (header row) or NDJSON, from a file or stdin, to a file or
 * stdout, streamed with backpressure so memory stays constant on multi-GB input.
 */
import type { TextEncodingName } from '../bytes/index.js';
import { CliError, EXIT, rowLine } from './_errors.js';
import { CsvFailure, CsvRows } from './_csv.js';
import { openSink } from './_sink.js';
import { MAX_RECORD_SIZE, openBytes, SourceError, textBlocks } from './_source.js';

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
  /** CSV only: the cells in header order (fields is built from them when first asked for). */
  cells?: string[];
  /** CSV only: read from a block without quotes (no cell holds a quote, CR, LF or the input delimiter). */
  plain?: boolean;
}

/** A CSV record: cells as read; the fields object only when a command asks for it. */
class CsvRecord implements InRecord {
  private f: Record<string, string> | undefined;
  constructor(
    readonly row: number,
    readonly cells: string[],
    private readonly header: readonly string[],
    readonly plain: boolean,
  ) {}

  get fields(): Record<string, string> {
    if (this.f) return this.f;
    const f: Record<string, string> = {};
    for (let j = 0; j < this.header.length; j++) f[this.header[j]!] = this.cells[j]!;
    return (this.f = f);
  }
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
  /** The same records block by block (read from one input chunk each), for loops that must not pay a promise per row. */
  batches: AsyncIterable<(InRecord | BadRecord)[]>;
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

/** How input bytes are read: encoding and the largest record accepted. */
export interface ReadOptions {
  encoding?: TextEncodingName;
  maxRecordSize?: number;
}

/** One block of records, in input order; read block by block so no promise is paid per row. */
export type Batch = (InRecord | BadRecord)[];

export function openInput(path: string | undefined, format: Format, delimiter = ',', opts: ReadOptions = {}): Input {
  const src = openBytes(path);
  const max = opts.maxRecordSize ?? MAX_RECORD_SIZE;
  const encoding = opts.encoding ?? 'utf-8';
  let bytes = 0;
  const blocks = textBlocks(src, encoding, max, (n) => (bytes += n));
  const progress = () => ({ bytes, total: src.total });
  let header: string[] = format === 'text' ? ['text'] : [];
  let row = 0;
  let batches: AsyncGenerator<Batch>;
  if (format === 'csv') {
    const csv = new CsvRows(delimiter, max);
    let headerSeen = false;
    const toBatch = (cells: string[][], plain: boolean): Batch => {
      const out: Batch = [];
      let i = 0;
      if (!headerSeen && cells.length > 0) {
        header = cells[0]!.map((c) => c.trim());
        headerSeen = true;
        i = 1;
      }
      const n = header.length;
      for (; i < cells.length; i++) {
        const c = cells[i]!;
        row++;
        if (c.length !== n) {
          out.push({ row, bad: `expected ${n} fields, got ${c.length}` });
          continue;
        }
        out.push(new CsvRecord(row, c, header, plain));
      }
      return out;
    };
    const where = (record: number): number | 'header' => (record === 0 ? 'header' : record);
    batches = (async function* () {
      const cells: string[][] = [];
      try {
        for await (const text of blocks) {
          cells.length = 0;
          csv.push(text, cells);
          if (cells.length) yield toBatch(cells, csv.plain);
        }
        cells.length = 0;
        csv.end(cells);
        if (cells.length) yield toBatch(cells, false);
      } catch (e) {
        if (e instanceof SourceError) throw new CliError(EXIT.input, e.line(where(csv.settled())));
        if (e instanceof CsvFailure) {
          if (e.code === 'CSV_MAX_RECORD_SIZE') throw new CliError(EXIT.input, new SourceError('too-long', encoding, max).line(where(e.record)));
          // csv-parse messages quote the offending text; report only where it happened.
          throw new CliError(EXIT.input, `${e.record === 0 ? 'header row' : `row ${e.record}`}: ${e.code}: malformed CSV`);
        }
        throw e;
      }
    })();
  } else {
    batches = (async function* () {
      try {
        for await (const text of blocks) {
          const out: Batch = [];
          const lines = text.split('\n');
          if (lines[lines.length - 1] === '') lines.pop();
          for (let line of lines) {
            if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
            if (format === 'ndjson' && line.trim() === '') continue;
            if (line.length > max) throw new SourceError('too-long', encoding, max);
            row++;
            out.push(format === 'text' ? { row, fields: { text: line } } : ndjsonRecord(row, line));
          }
          const first = out.find((r): r is InRecord => !('bad' in r));
          if (header.length === 0 && first) header = Object.keys(first.fields);
          yield out;
        }
      } catch (e) {
        if (e instanceof SourceError) throw new CliError(EXIT.input, e.line(row + 1));
        throw e;
      }
    })();
  }
  async function* records(): AsyncGenerator<InRecord | BadRecord> {
    for await (const b of batches) yield* b;
  }
  return { columns: () => header, batches, records: records(), progress };
}

function ndjsonRecord(row: number, line: string): InRecord | BadRecord {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return { row, bad: 'not valid JSON' };
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return { row, bad: 'expected a JSON object' };
  // Strings only (the usual record): the parsed object is the record. Otherwise every member is
  // taken from the source text, non-strings kept as written (RawJson).
  const values = Object.values(obj);
  if (values.every((v) => typeof v === 'string')) return { row, fields: obj as Record<string, string> };
  return { row, fields: Object.fromEntries(rawMembers(line).map(([k, v]) => [k, v.startsWith('"') ? (JSON.parse(v) as string) : new RawJson(v)])) };
}

export interface Output {
  /** A promise means: wait before writing more. */
  write(fields: OutRecord): Promise<void> | undefined;
  /**
   * CSV output whose columns are the input's header: writes cells in that order (no fields
   * object); may change `cells`. `changed`: for a plain record read with this delimiter, the only
   * cells that may need quoting (the others are written as they are).
   */
  writeCells?(cells: string[], changed?: readonly number[]): Promise<void> | undefined;
  /** Publishes the output (a file is renamed into place). */
  end(): Promise<void>;
  /** Drops the output after a failure (no file left, or `<file>.partial` with --keep-partial). */
  abort(): void;
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

/**
 * A CSV cell as csv-stringify writes it by default: quoted (quotes doubled) when it holds the
 * delimiter, a quote, CR or LF; as is otherwise (test/cli/csv-fast-path.test.ts compares the two).
 */
export function csvCellWriter(delimiter: string): (cell: string) => string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  if (delimiter.length !== 1) return (s) => (s.includes(delimiter) || /["\r\n]/.test(s) ? quote(s) : s);
  const d = delimiter.charCodeAt(0);
  return (s) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34 || c === 10 || c === 13 || c === d) return quote(s);
    }
    return s;
  };
}

/** Writes records as CSV (header from `columns`) or NDJSON, or raw lines for text. */
export function openOutput(path: string | undefined, format: Format, columns: () => readonly string[], delimiter = ',', keepPartial = false): Output {
  const sink = openSink(path, keepPartial);
  const base = { end: () => sink.commit(), abort: () => sink.abort() };
  if (format === 'csv') {
    const cell = csvCellWriter(delimiter);
    let cols: readonly string[] | undefined;
    const open = () => {
      cols = [...columns()];
      if (cols.length) sink.write(`${cols.map(cell).join(delimiter)}\n`);
      return cols;
    };
    return {
      ...base,
      writeCells(cells, changed) {
        if (!cols) open();
        // The cells are the caller's to give away: quoted in place, then joined natively.
        const c = cells;
        if (changed) for (const i of changed) c[i] = cell(c[i]!);
        else for (let i = 0; i < c.length; i++) c[i] = cell(c[i]!);
        sink.write(c.join(delimiter));
        return sink.write('\n');
      },
      write(fields) {
        const cs = cols ?? open();
        let line = '';
        for (let i = 0; i < cs.length; i++) line += (i ? delimiter : '') + cell(cellOf(fields[cs[i]!]));
        return sink.write(`${line}\n`);
      },
      async end() {
        if (!cols) open();
        await sink.commit();
      },
    };
  }
  return {
    ...base,
    write: (fields) => sink.write(`${format === 'text' ? cellOf(fields['text']) : ndjsonOf(fields)}\n`),
  };
}
