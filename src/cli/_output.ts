/**
 * Records out: CSV (quoted as csv-stringify quotes), NDJSON or text lines, to a file (published
 * only on success) or stdout, with backpressure.
 */
import type { Format } from './_formats.js';
import { ndjsonOf } from './_ndjson.js';
import { RawJson, type OutRecord } from './_records.js';
import { openSink } from './_sink.js';

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
