/** Input and output formats and CSV delimiters of a command, from its options and file names. */
import { CliError, EXIT } from './_errors.js';

export type Format = 'csv' | 'ndjson' | 'text';

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

