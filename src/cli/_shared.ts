/** Options every record command shares. */
import { Option, type Command } from 'commander';

export function ioOptions(c: Command): Command {
  return c
    .option('-o, --output <file>', 'output file (default: stdout)')
    .addOption(new Option('--format <format>', 'input format (default: from the file extension, else csv)').choices(['csv', 'ndjson', 'text']))
    .addOption(new Option('--output-format <format>', 'output format (default: the input format)').choices(['csv', 'ndjson', 'text']))
    .option('--delimiter <char>', 'CSV delimiter', ',')
    .addOption(new Option('--on-error <mode>', 'a bad row: skip it (reported by row and field) or fail').choices(['skip', 'fail']).default('fail'))
    .option('-q, --quiet', 'no progress bar even on a terminal');
}
