/** `custodia scan`: PII findings as NDJSON (offsets, never the text), or the input redacted. */
import { Option, type Command } from 'commander';
// The detector (dictionaries and patterns) loads only when scan runs: other commands start faster.
import type { PiiType } from '../detect/index.js';
import { CliError, EXIT } from './_errors.js';
import { formatOf } from './_formats.js';
import { NOT_A_STRING, scalarText, type OutRecord, type Value } from './_records.js';
import { FieldError, requireColumns, runRecords, type IoOptions } from './_pipeline.js';
import { ioOptions } from './_shared.js';

/**
 * The text of a field to scan, as every command reads it ({@link scalarText}: a phone number stored
 * as a number is still found); nested objects and arrays are refused as a bad field rather than
 * passed through unscanned.
 */
function textOf(col: string, v: Value | undefined): string | undefined {
  const t = scalarText(v);
  if (t === null) throw new FieldError(col, undefined, `${NOT_A_STRING} (nested JSON is not scanned)`);
  return t;
}

interface ScanCli extends IoOptions {
  column?: string[];
  redact?: boolean;
  replace: 'mask' | 'tag' | 'remove';
  types?: string;
  minConfidence?: string;
}

export function scanCommand(program: Command): void {
  ioOptions(
    program
      .command('scan')
      .summary('find personal data in free text; print findings or redact it')
      .argument('[input]', 'text (one record a line), CSV or NDJSON file (default: stdin, as text)')
      .option('-c, --column <col...>', 'CSV/NDJSON columns to scan (default: all)')
      .option('--redact', 'write the input with findings replaced instead of findings')
      .addOption(new Option('--replace <how>', 'with --redact: mask (138****5678), tag ([CN_MOBILE]) or remove').choices(['mask', 'tag', 'remove']).default('mask'))
      .option('--types <list>', 'comma-separated types to look for (default all; an unknown one is refused with the list), e.g. cn_mobile,cn_resident_id')
      .option('--min-confidence <x>', 'drop findings below this confidence, 0..1', '0.5'),
    'text',
  )
    .addHelpText(
      'after',
      `
Findings are NDJSON, one per line: {"row":3,"field":"review","type":"cn_mobile","start":5,"end":16,"confidence":0.9}
(offsets in UTF-16 code units; the matched text itself is never printed).

Examples:
  $ custodia scan reviews.txt > findings.ndjson
  $ custodia scan reviews.csv -c comment --redact -o reviews.redacted.csv
  $ tail -f app.log | custodia scan --redact --replace tag
  $ custodia scan chats.ndjson -c message --types cn_mobile,cn_resident_id --min-confidence 0.3`,
    )
    .action(async (input: string | undefined, o: ScanCli) => {
      const types = o.types?.split(',').map((t) => t.trim()) as PiiType[] | undefined;
      const { PII_TYPES, redact, scan } = await import('../detect/index.js');
      if (types?.some((t) => !(PII_TYPES as readonly string[]).includes(t))) throw new CliError(EXIT.usage, `--types expected any of ${PII_TYPES.join(', ')}`);
      const minConfidence = Number(o.minConfidence);
      if (!(minConfidence >= 0 && minConfidence <= 1)) throw new CliError(EXIT.usage, '--min-confidence expected a number from 0 to 1');
      const opts = { minConfidence, ...(types ? { types } : {}) };
      let targets: readonly string[] = [];
      // Findings are NDJSON, or CSV when asked for (--output-format csv, -o findings.csv).
      const io: IoOptions = { ...o, input, ...(o.redact ? {} : { outputFormat: formatOf(o.output, o.outputFormat, 'ndjson') === 'csv' ? 'csv' : 'ndjson' }) };
      await runRecords(
        o.redact ? 'redact' : 'scan',
        io,
        {
          columns: (have) => {
            targets = o.column ?? have;
            requireColumns(have, targets);
            return o.redact ? have : ['row', 'field', 'type', 'start', 'end', 'confidence', 'valid'];
          },
          record: ({ row, fields }) => {
            const out: OutRecord[] = [];
            const red: Record<string, OutRecord[string]> = { ...fields };
            for (const col of targets) {
              const v = textOf(col, fields[col]);
              if (!v) continue;
              try {
                if (o.redact) {
                  const x = redact(v, { ...opts, replace: o.replace });
                  if (x !== v) red[col] = x;
                } else
                  for (const f of scan(v, opts))
                    out.push({ row, field: col, type: f.type, start: f.start, end: f.end, confidence: f.confidence, ...(f.valid === undefined ? {} : { valid: f.valid }) });
              } catch (e) {
                throw new FieldError(col, e);
              }
            }
            return o.redact ? [red] : out;
          },
          changes: (header) => targets.map((col) => header.indexOf(col)),
          cells: (header) => {
            if (!o.redact) return undefined;
            const at = targets.map((col) => [header.indexOf(col), col] as const);
            const how = { ...opts, replace: o.replace };
            return (cells) => {
              for (const [i, col] of at) {
                const v = cells[i]!;
                if (!v) continue;
                try {
                  cells[i] = redact(v, how);
                } catch (e) {
                  throw new FieldError(col, e);
                }
              }
            };
          },
        },
        'text',
      );
    });
}
