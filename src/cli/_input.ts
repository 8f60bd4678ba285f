/**
 * Records in: CSV (header row), NDJSON or text lines, from a file or stdin, block by block, so
 * memory stays bounded on multi-GB input and no promise is paid per row.
 */
import type { TextEncodingName } from '../bytes/index.js';
import { CliError, EXIT } from './_errors.js';
import { CsvFailure, CsvRows } from './_csv.js';
import type { Format } from './_formats.js';
import { ndjsonRecord } from './_ndjson.js';
import { CsvRecord, type BadRecord, type InRecord } from './_records.js';
import { MAX_RECORD_SIZE, openBytes, SourceError, textBlocks } from './_source.js';

export interface Input {
  /** Column names (CSV header, or keys of the first NDJSON object). */
  columns(): readonly string[];
  records: AsyncIterable<InRecord | BadRecord>;
  /** The same records block by block (read from one input chunk each), for loops that must not pay a promise per row. */
  batches: AsyncIterable<(InRecord | BadRecord)[]>;
  /** Bytes read so far and the total when the input is a regular file (for the ETA). */
  progress(): { bytes: number; total: number | undefined };
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

