/** Options every record command shares. */
import { Option, type Command } from 'commander';
import { CliError, EXIT } from './_errors.js';
import type { ReadOptions } from './_input.js';
import { encodingOf, MAX_RECORD_SIZE } from './_source.js';

/** `fallback`: the input format when neither --format nor the file name gives one (stdin). */
export function ioOptions(c: Command, fallback: 'csv' | 'text' = 'csv'): Command {
  return c
    .option('-o, --output <file>', 'output file (default: stdout); written to a temporary file and renamed into place only on success')
    .addOption(new Option('--format <format>', `input format (default: from the file name: .csv/.tsv, .ndjson/.jsonl/.json, .txt; else ${fallback})`).choices(['csv', 'ndjson', 'text']))
    .addOption(new Option('--output-format <format>', 'output format (default: from the -o file name, else the input format)').choices(['csv', 'ndjson', 'text']))
    .option('--delimiter <char>', 'CSV delimiter (default: tab for .tsv files, else comma)')
    .addOption(new Option('--encoding <enc>', 'input encoding; input that is not valid in it is refused (output is always UTF-8)').choices(['utf-8', 'utf8', 'gbk', 'gb18030']).default('utf-8'))
    .option('--max-record-size <bytes>', 'longest CSV record or NDJSON/text line accepted (memory stays bounded)', String(MAX_RECORD_SIZE))
    .option('--keep-partial', 'on failure keep what was written as <output>.partial (default: no file is left)')
    .addOption(new Option('--on-error <mode>', 'a bad row: skip it (reported by row and field) or fail').choices(['skip', 'fail']).default('fail'))
    .option('-q, --quiet', 'no progress bar even on a terminal');
}

/** --encoding and --max-record-size as read options. */
export function readOptionsOf(o: { encoding?: string | undefined; maxRecordSize?: string | undefined }): ReadOptions {
  const max = Number(o.maxRecordSize ?? MAX_RECORD_SIZE);
  if (!Number.isSafeInteger(max) || max < 1) throw new CliError(EXIT.usage, '--max-record-size expected a positive integer (bytes)');
  return { encoding: encodingOf(o.encoding), maxRecordSize: max };
}
