/** `custodia kanon`: k-anonymize a CSV/NDJSON table with hierarchies from ARX-style CSV files. */
import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
// The anonymizer and csv-parse/sync load only when kanon runs: other commands start faster.
import type { AnonymizeOptions, Hierarchy, RiskReport } from '../kanon/index.js';
import { CustodiaError } from '../errors/index.js';
import { CliError, EXIT, RowErrors, ioError, onErrorOf, rowLine } from './_errors.js';
import { formatsOf } from './_formats.js';
import { openInput } from './_input.js';
import { openOutput } from './_output.js';
import { badLine, NOT_A_STRING, scalarText, type OutRecord, type Value } from './_records.js';
import { requireColumns, stderr, type IoOptions } from './_pipeline.js';
import { createProgress } from './_progress.js';
import { ioOptions, readOptionsOf } from './_shared.js';

interface KanonCli extends IoOptions {
  qi: string[];
  k: string;
  limit: string;
  metric: NonNullable<AnonymizeOptions['metric']>;
  algorithm: NonNullable<AnonymizeOptions['algorithm']>;
  report?: string;
}

/** An ARX hierarchy file: one row per value, `value;level1;…;*` (`;` or `,` separated). */
export async function readHierarchy(path: string): Promise<Hierarchy> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw ioError('read', path, e);
  }
  const first = text.split('\n', 1)[0] ?? '';
  const [{ parse }, { fromRows }] = await Promise.all([import('csv-parse/sync'), import('../kanon/index.js')]);
  const rows = parse(text, { delimiter: first.includes(';') ? ';' : ',', bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  return fromRows(rows);
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const riskLine = (r: RiskReport) =>
  `highest ${pct(r.prosecutor.highest)}, average ${pct(r.prosecutor.average)}, records at risk ${pct(r.prosecutor.recordsAtRisk)}, smallest class ${r.smallestClass}`;

export function kanonCommand(program: Command): void {
  ioOptions(
    program
      .command('kanon')
      .summary('k-anonymize a table (optimal generalization like ARX, or Mondrian)')
      .argument('[input]', 'CSV or NDJSON file (default: stdin)')
      .requiredOption('--qi <col=hierarchy.csv...>', 'a quasi-identifier and its ARX hierarchy file (value;level1;…;*)')
      .requiredOption('-k, --k <k>', 'every record shares its quasi-identifiers with at least k-1 others')
      .option('--limit <fraction>', 'fraction of records that may be suppressed, 0..1', '0')
      .addOption(new Option('--metric <name>', 'information loss to minimize').choices(['entropy', 'discernibility', 'loss', 'height', 'precision']).default('entropy'))
      .addOption(new Option('--algorithm <name>', 'optimal full-domain generalization or Mondrian local recoding').choices(['optimal', 'mondrian']).default('optimal'))
      .option('--report <file>', 'also write the summary (levels, suppressed, loss, risk) as JSON'),
  )
    .addHelpText(
      'after',
      `
The table is read into memory column by column (integer codes), then written back generalized;
the summary (chosen transformation, suppressed records, information loss, risk before and after)
goes to stderr.

Examples:
  $ custodia kanon visits.csv --qi age=age.csv --qi district=district.csv -k 5 --limit 0.02 -o visits.k5.csv
  $ custodia kanon adult.csv --qi age=h/age.csv --qi sex=h/sex.csv -k 10 --metric loss --report summary.json > out.csv`,
    )
    .action(async (input: string | undefined, o: KanonCli) => {
      const k = Number(o.k);
      const limit = Number(o.limit);
      if (!Number.isInteger(k) || k < 2) throw new CliError(EXIT.usage, '-k expected an integer of at least 2');
      if (!(limit >= 0 && limit <= 1)) throw new CliError(EXIT.usage, '--limit expected a fraction from 0 to 1');
      const qis: Record<string, Hierarchy> = {};
      for (const spec of o.qi) {
        const i = spec.indexOf('=');
        if (i <= 0) throw new CliError(EXIT.usage, '--qi expected column=hierarchy.csv');
        qis[spec.slice(0, i)] = await readHierarchy(spec.slice(i + 1));
      }
      const { inFormat, inDelimiter, outFormat, outDelimiter } = formatsOf(input, o);
      const src = openInput(input, inFormat, inDelimiter, readOptionsOf(o));
      const onError = onErrorOf(o.onError);
      const errors = new RowErrors(onError, stderr);
      const bar = createProgress('read', src.progress().total, o.quiet === true);
      // Quasi-identifiers as strings for the anonymizer; other columns kept as read (NDJSON types
      // included, undefined where a record lacks the field), plus NDJSON fields the first record
      // did not have, by record.
      const qiNames = Object.keys(qis);
      const columns: Record<string, string[]> = {};
      const rest: Record<string, (Value | undefined)[]> = {};
      const extra = new Map<number, [string, Value][]>();
      for (const n of qiNames) columns[n] = [];
      let names: readonly string[] | undefined;
      let known = new Set<string>();
      let rows = 0;
      const qiValues: string[] = [];
      for await (const r of src.records) {
        if ('bad' in r) {
          errors.report(badLine(r));
          continue;
        }
        if (names === undefined) {
          names = src.columns();
          requireColumns(names, qiNames);
          known = new Set(names);
          for (const n of names) if (!qis[n]) rest[n] = [];
        }
        // A record is kept only when every quasi-identifier is a string its hierarchy knows.
        let bad: string | undefined;
        qiValues.length = 0;
        for (const n of qiNames) {
          const text = scalarText(r.fields[n]);
          const v = text ?? '';
          if (text === null) {
            bad = rowLine(r.row, n, NOT_A_STRING);
            break;
          }
          if (qis[n]!.row(v) === undefined) {
            // --on-error fail: the error the anonymizer gives for it (its row is this row: none skipped).
            if (onError === 'fail') throw new CustodiaError('HIERARCHY_MISSING_VALUE', `column ${n}: the value in row ${r.row} has no hierarchy row`, { field: n });
            bad = rowLine(r.row, n, 'HIERARCHY_MISSING_VALUE: the value has no hierarchy row');
            break;
          }
          qiValues.push(v);
        }
        if (bad !== undefined) {
          errors.report(bad);
          continue;
        }
        qiNames.forEach((n, c) => columns[n]!.push(qiValues[c]!));
        for (const n in rest) rest[n]!.push(r.fields[n]);
        if (inFormat === 'ndjson') {
          const more = Object.entries(r.fields).filter(([key]) => !known.has(key));
          if (more.length) extra.set(rows, more);
        }
        if ((++rows & 1023) === 0) bar.tick(rows, src.progress().bytes);
      }
      bar.stop(rows, src.progress().bytes);
      if (names === undefined) requireColumns(src.columns(), qiNames);
      if (rows === 0 || names === undefined) throw new CliError(EXIT.input, 'input has no records');
      const { anonymizeColumns } = await import('../kanon/index.js');
      const res = anonymizeColumns(columns, { quasiIdentifiers: qis, k, suppressionLimit: limit, metric: o.metric, algorithm: o.algorithm });
      const header = names;
      const out = openOutput(o.output, outFormat, () => header, outDelimiter, o.keepPartial === true);
      const cols: readonly (readonly (Value | undefined)[])[] = header.map((n) => (qis[n] ? res.columns[n]! : rest[n]!));
      try {
        for (let i = 0; i < rows; i++) {
          const rec: Record<string, OutRecord[string]> = {};
          header.forEach((n, c) => (rec[n] = cols[c]![i]));
          for (const [key, v] of extra.get(i) ?? []) rec[key] = v;
          const w = out.write(rec);
          if (w) await w;
        }
        await out.end();
      } catch (e) {
        out.abort();
        throw e;
      }
      stderr(`kanon: ${rows} records, k=${k}, ${o.algorithm}, metric ${o.metric}`);
      if (res.partitions) {
        const g = Object.entries(res.partitions.generalized).map(([n, c]) => `${n} in ${c}`).join(', ');
        stderr(`  partitions: ${res.partitions.count}, generalized ${g}`);
      } else stderr(`  transformation: ${Object.entries(res.levels).map(([n, l]) => `${n}=${l}`).join(', ')}`);
      stderr(`  suppressed: ${res.suppressed} (${pct(res.suppressed / rows)}), information loss: ${res.informationLoss.toFixed(4)}, classes: ${res.risk.after.classes}`);
      stderr(`  risk before: ${riskLine(res.risk.before)}`);
      stderr(`  risk after:  ${riskLine(res.risk.after)}`);
      const s = errors.summary();
      if (s) stderr(s);
      if (o.report) {
        const { levels: l, partitions, suppressed, informationLoss, risk, stats } = res;
        writeFileSync(o.report, `${JSON.stringify({ records: rows, k, levels: l, partitions, suppressed, informationLoss, risk, stats }, null, 2)}\n`);
      }
    });
}
