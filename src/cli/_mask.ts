/** `custodia mask`: display masks (138****5678) on chosen columns. */
import type { Command } from 'commander';
import { maskAs, type MaskKind } from '../mask/index.js';
import { normalizeAs, type NormalizeKind } from '../normalize/index.js';
import { CliError, EXIT } from './_errors.js';
import { NOT_A_STRING, scalarText } from './_records.js';
import { FieldError, requireColumns, runRecords, type IoOptions } from './_pipeline.js';
import { ioOptions } from './_shared.js';

const KINDS: readonly MaskKind[] = ['phone', 'landline', 'name', 'idCard', 'bankCard', 'email', 'address', 'plate', 'passport'];
// Kinds with a strict format: a value that does not parse is a bad row, not masked as is.
const STRICT: Partial<Record<MaskKind, NormalizeKind>> = { phone: 'mobile', idCard: 'id_number', email: 'email' };

/** Parses `col=kind` pairs. */
export function columnKinds<K extends string>(specs: readonly string[], kinds: readonly K[], what: string): [string, K][] {
  return specs.map((s) => {
    const i = s.lastIndexOf('=');
    const col = s.slice(0, i).trim();
    const kind = s.slice(i + 1).trim() as K;
    if (i <= 0 || !kinds.includes(kind)) throw new CliError(EXIT.usage, `${what} expected column=kind with kind one of ${kinds.join(', ')}`);
    return [col, kind];
  });
}

export function maskCommand(program: Command): void {
  ioOptions(
    program
      .command('mask')
      .summary('mask columns for display (138****5678)')
      .argument('[input]', 'CSV or NDJSON file (default: stdin)')
      .requiredOption('-c, --column <col=kind...>', `columns to mask and how: ${KINDS.join(', ')}`)
      .option('--no-validate', 'mask phone, idCard and email values even when they do not parse'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ custodia mask customers.csv -c phone=phone -c name=name -c id=idCard -o masked.csv
  $ cat orders.ndjson | custodia mask -c mobile=phone --format ndjson > masked.ndjson
  $ custodia mask big.csv -c phone=phone --on-error skip -o out.csv   # bad rows named on stderr`,
    )
    .action(async (input: string | undefined, o: IoOptions & { column: string[]; validate: boolean }) => {
      const cols = columnKinds(o.column, KINDS, '--column');
      await runRecords('mask', { ...o, input }, {
        columns: (have) => {
          requireColumns(have, cols.map(([c]) => c));
          return have;
        },
        record: ({ fields }) => {
          const out = { ...fields };
          for (const [col, kind] of cols) {
            const v = scalarText(fields[col]);
            if (v === undefined || v === '') continue;
            if (v === null) throw new FieldError(col, undefined, NOT_A_STRING);
            try {
              const strict = STRICT[kind];
              out[col] = maskAs(kind, o.validate && strict ? normalizeAs(strict, v, col) : v);
            } catch (e) {
              throw new FieldError(col, e);
            }
          }
          return [out];
        },
        changes: (header) => cols.map(([col]) => header.indexOf(col)),
        cells: (header) => {
          const at = cols.map(([col, kind]) => [header.indexOf(col), col, kind, o.validate ? STRICT[kind] : undefined] as const);
          return (cells) => {
            for (const [i, col, kind, strict] of at) {
              const v = cells[i]!;
              if (v === '') continue;
              try {
                cells[i] = maskAs(kind, strict ? normalizeAs(strict, v, col) : v);
              } catch (e) {
                throw new FieldError(col, e);
              }
            }
          };
        },
      });
    });
}
