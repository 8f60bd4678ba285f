/**
 * CSV text to rows, block by block. Blocks without a quote character (most exports) are split by
 * hand, several times faster than a general parser; blocks with quotes go to csv-parse, which
 * stays the reference (test/cli/csv-fast-path.test.ts checks both agree on random CSV). Records
 * end with LF or CRLF; empty lines are skipped; rows may have any number of fields.
 */
import { parse } from 'csv-parse/sync';

/** A CSV error at a record: `record` counts records before it, the header included (0 = header). */
export class CsvFailure extends Error {
  constructor(
    readonly code: string,
    readonly record: number,
  ) {
    super(code);
  }
}

const quotes = (t: string): number => {
  let n = 0;
  for (let i = t.indexOf('"'); i >= 0; i = t.indexOf('"', i + 1)) n++;
  return n;
};

export class CsvRows {
  /** Records produced so far, the header included. */
  records = 0;
  /** A block that ended inside a quoted field (odd number of quotes), waiting for the rest. */
  private carry = '';

  constructor(
    private readonly delimiter: string,
    private readonly max: number,
  ) {}

  /**
   * Whether the rows of the last push came from a block without quotes: their cells hold no
   * quote, CR, LF or delimiter, so they need no quoting when written with the same delimiter.
   */
  plain = false;

  /** Rows of `text` (whole lines) appended to `out`. */
  push(text: string, out: string[][]): void {
    const t = this.carry ? this.carry + text : text;
    this.carry = '';
    this.plain = t.indexOf('"') < 0;
    if (this.plain) return this.split(t, out);
    if (quotes(t) % 2 === 1) {
      if (t.length > this.max) this.overflow(t);
      this.carry = t;
      return;
    }
    this.parse(t, out);
  }

  /** The rows still waiting (an unterminated quote fails here, at its record). */
  end(out: string[][]): void {
    const t = this.carry;
    this.carry = '';
    this.plain = false;
    if (t) this.parse(t, out);
  }

  /** Records complete so far, waiting ones included (to name the row an input error is in). */
  settled(): number {
    if (!this.carry) return this.records;
    try {
      return this.records + this.sync(this.carry).length;
    } catch (e) {
      return this.records + ((e as { records?: number }).records ?? 0);
    }
  }

  // Cells are sliced straight from the block (what `line.split(delimiter)` gives, without the line
  // string in between: about twice as fast on a 200k-row export).
  private split(t: string, out: string[][]): void {
    const n = t.length;
    const d = this.delimiter;
    const dl = d.length;
    let start = 0;
    while (start < n) {
      let nl = t.indexOf('\n', start);
      let end = nl;
      if (nl < 0) end = nl = n;
      else if (end > start && t.charCodeAt(end - 1) === 13) end--;
      if (end > start) {
        if (end - start > this.max) throw new CsvFailure('CSV_MAX_RECORD_SIZE', this.records);
        const cells: string[] = [];
        for (let at = start; ; ) {
          const next = t.indexOf(d, at);
          if (next < 0 || next + dl > end) {
            cells.push(t.slice(at, end));
            break;
          }
          cells.push(t.slice(at, next));
          at = next + dl;
        }
        out.push(cells);
        this.records++;
      }
      start = nl + 1;
    }
  }

  private sync(t: string): string[][] {
    return parse(t, { delimiter: this.delimiter, record_delimiter: ['\r\n', '\n'], relax_column_count: true, skip_empty_lines: true, relax_quotes: false, max_record_size: this.max }) as string[][];
  }

  private parse(t: string, out: string[][]): void {
    let rows: string[][];
    try {
      rows = this.sync(t);
    } catch (e) {
      throw new CsvFailure((e as { code?: string }).code ?? 'CSV_INVALID', this.records + ((e as { records?: number }).records ?? 0));
    }
    for (const r of rows) out.push(r);
    this.records += rows.length;
  }

  /** A quoted field longer than the limit: the error csv-parse gives, else RECORD_TOO_LARGE, at its record. */
  private overflow(t: string): never {
    try {
      this.sync(t);
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'CSV_INVALID';
      const at = this.records + ((e as { records?: number }).records ?? 0);
      throw new CsvFailure(code === 'CSV_QUOTE_NOT_CLOSED' ? 'CSV_MAX_RECORD_SIZE' : code, at);
    }
    throw new CsvFailure('CSV_MAX_RECORD_SIZE', this.records);
  }
}
