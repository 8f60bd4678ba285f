/**
 * The record loop shared by tokenize, mask and scan: read, transform, write, with bad rows
 * reported by number and field, the progress bar, and backpressure end to end.
 */
import { CliError, describeRowError, EXIT, RowErrors, onErrorOf, rowLine } from './_errors.js';
import { formatsOf, type Format } from './_formats.js';
import { openInput } from './_input.js';
import { openOutput } from './_output.js';
import { badLine, type InRecord, type OutRecord } from './_records.js';
import { createProgress } from './_progress.js';
import { readOptionsOf } from './_shared.js';

/**
 * Thrown by a transform for one field of one row: the library error it raised (`cause`), or why
 * the CLI refused the field (`reason`, e.g. NOT_A_STRING). Neither quotes the value.
 */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    override readonly cause: unknown,
    readonly reason?: string,
  ) {
    super(`field ${field}`);
  }
}

/** Common options of the record commands. */
export interface IoOptions {
  input?: string | undefined;
  output?: string | undefined;
  format?: string | undefined;
  outputFormat?: string | undefined;
  delimiter?: string | undefined;
  onError?: string | undefined;
  quiet?: boolean | undefined;
  encoding?: string | undefined;
  maxRecordSize?: string | undefined;
  keepPartial?: boolean | undefined;
}

export interface Transform {
  /** Output columns, from the input columns (called once the header is known). */
  columns(input: readonly string[]): readonly string[];
  /** One record to zero or more output records; throws FieldError for a bad field. */
  record(r: InRecord): OutRecord[] | Promise<OutRecord[]>;
  /**
   * CSV in, CSV out with the same columns: what `record` does, done on the cells in place (one
   * row in, the same row out), without building objects per row. Given the header once.
   */
  cells?(header: readonly string[]): ((cells: string[]) => void) | undefined;
  /** The header indices `cells` may change (only those can need quoting in a plain record). */
  changes?(header: readonly string[]): number[];
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Fields the command names must be columns of the input: checked once, by name, also when the
 * input has no records (an empty input has no columns: every named one is missing).
 */
export function requireColumns(have: readonly string[], want: readonly string[]): void {
  const missing = want.filter((w) => !have.includes(w));
  if (missing.length) throw new CliError(EXIT.usage, `input has no column ${missing.join(', ')} (${have.length ? `columns: ${have.join(', ')}` : 'no header or record was read'})`);
}

export function stderr(line: string): void {
  process.stderr.write(`custodia: ${line}\n`);
}

export async function runRecords(label: string, o: IoOptions, t: Transform, fallback: Format = 'csv'): Promise<{ rows: number; skipped: number }> {
  const { inFormat, inDelimiter, outFormat, outDelimiter } = formatsOf(o.input, o, fallback);
  const errors = new RowErrors(onErrorOf(o.onError), stderr);
  const input = openInput(o.input, inFormat, inDelimiter, readOptionsOf(o));
  let outCols: readonly string[] | undefined;
  const cols = () => (outCols ??= t.columns(input.columns()));
  const output = openOutput(o.output, outFormat, cols, outDelimiter, o.keepPartial === true);
  const bar = createProgress(label, input.progress().total, o.quiet === true);
  let rows = 0;
  // The cells path, decided at the first record: CSV in and out, same columns, a transform that has one.
  let inPlace: ((cells: string[]) => void) | undefined | null = null;
  let changed: readonly number[] | undefined;
  const writeCells = output.writeCells;
  try {
    for await (const batch of input.batches) {
      for (const r of batch) {
        rows++;
        if ('bad' in r) {
          errors.report(badLine(r));
          continue;
        }
        const oc = cols();
        if (inPlace === null) {
          inPlace = writeCells && r.cells && t.cells && sameColumns(oc, input.columns()) ? t.cells(input.columns()) : undefined;
          changed = inDelimiter === outDelimiter && t.changes ? t.changes(input.columns()) : undefined;
        }
        if (inPlace && r.cells) {
          try {
            inPlace(r.cells);
          } catch (e) {
            if (!(e instanceof FieldError)) throw e;
            errors.report(e.reason === undefined ? describeRowError(r.row, e.field, e.cause) : rowLine(r.row, e.field, e.reason));
            continue;
          }
          const w = writeCells!(r.cells, r.plain ? changed : undefined);
          if (w) await w;
          continue;
        }
        let outs: OutRecord[];
        try {
          const res = t.record(r);
          outs = res instanceof Promise ? await res : res;
        } catch (e) {
          if (e instanceof FieldError) {
            errors.report(e.reason === undefined ? describeRowError(r.row, e.field, e.cause) : rowLine(r.row, e.field, e.reason));
            continue;
          }
          throw e;
        }
        for (const x of outs) {
          const w = output.write(x);
          if (w) await w;
        }
      }
      bar.tick(rows, input.progress().bytes);
    }
    cols();
    await output.end();
  } catch (e) {
    output.abort();
    throw e;
  } finally {
    bar.stop(rows, input.progress().bytes);
  }
  const s = errors.summary();
  if (s) stderr(s);
  return { rows, skipped: errors.count };
}
