/** Options every record command shares. */
import { Option, type Command } from 'commander';

/** `fallback`: the input format when neither --format nor the file name gives one (stdin). */
export function ioOptions(c: Command, fallback: 'csv' | 'text' = 'csv'): Command {
  return c
    .option('-o, --output <file>', 'output file (default: stdout)')
    .addOption(new Option('--format <format>', `input format (default: from the file name: .csv/.tsv, .ndjson/.jsonl/.json, .txt; else ${fallback})`).choices(['csv', 'ndjson', 'text']))
    .addOption(new Option('--output-format <format>', 'output format (default: from the -o file name, else the input format)').choices(['csv', 'ndjson', 'text']))
    .option('--delimiter <char>', 'CSV delimiter (default: tab for .tsv files, else comma)')
    .addOption(new Option('--on-error <mode>', 'a bad row: skip it (reported by row and field) or fail').choices(['skip', 'fail']).default('fail'))
    .option('-q, --quiet', 'no progress bar even on a terminal');
}
