/**
 * Writing the anonymized table back: hierarchy tables loaded through parameters, one
 * CREATE TABLE AS with joins under a temporary name, a rename when everything succeeded,
 * and the helper tables dropped whatever happened.
 * @module
 */
import { CustodiaError } from '../../errors/index.js';
import type { EncodedColumn } from '../_encode.js';
import type { FrequencySet } from '../_freq.js';
import type { Source } from './_sql.js';
import { createTextTable, insertBatches, nameParts, outputQuery, quoteIdent, quoteQualified } from './_sql.js';
import type { Session } from './anonymize.js';

/** Everything the output step needs from the search. */
export interface OutputJob {
  readonly output: string;
  readonly src: Source;
  /** All source columns in order. */
  readonly columns: readonly string[];
  /** Quasi-identifier names and their text expressions. */
  readonly names: readonly string[];
  readonly exprs: readonly string[];
  readonly cols: readonly EncodedColumn[];
  /** Data values of each quasi-identifier as the engine returned them, in leaf order. */
  readonly values: readonly (readonly (string | null)[])[];
  readonly levels: readonly number[];
  readonly set: FrequencySet;
  readonly outlier: Uint8Array;
  /** Random suffix of the temporary names. */
  readonly suffix: string;
}

const labelOf = (col: EncodedColumn, leaf: number, level: number): string => col.labels[level]![col.map[leaf * col.depth + level]!]!;

/** Creates `job.output` from the source, or leaves the database as it was and throws. */
export async function writeOutput(s: Session, job: OutputJob): Promise<void> {
  const parts = nameParts(job.output, 'output.table');
  const target = quoteQualified(parts, 'output.table');
  const schema = parts.slice(0, -1);
  const temp = (what: string): string => quoteQualified([...schema, `custodia_${job.suffix}_${what}`], 'output.table');
  let exists = true;
  try {
    await s.db.query(`SELECT * FROM ${target} LIMIT 1`, []);
  } catch {
    exists = false;
  }
  if (exists) throw new CustodiaError('INVALID_ARGUMENT', 'output table already exists', { field: 'output.table' });

  const created: string[] = [];
  try {
    const quasi = new Map<string, { expr: string; table: string }>();
    for (let c = 0; c < job.names.length; c++) {
      const col = job.cols[c]!;
      const table = temp(`h${c}`);
      await s.run('hierarchy table', createTextTable(table, ['v', 'g']));
      created.push(table);
      const rows = job.values[c]!.map((v, leaf) => [v!, labelOf(col, leaf, job.levels[c]!)]);
      for (const b of insertBatches(table, 2, rows)) await s.run('hierarchy insert', b.sql, b.params);
      quasi.set(job.names[c]!, { expr: job.exprs[c]!, table });
    }
    let suppressed: string | undefined;
    const w = job.names.length;
    const classes: string[][] = [];
    for (let i = 0; i < job.set.size; i++)
      if (job.outlier[i]) classes.push(job.cols.map((col, c) => labelOf(col, job.set.keys[i * w + c]!, job.levels[c]!)));
    if (classes.length > 0) {
      suppressed = temp('s');
      await s.run('suppression table', createTextTable(suppressed, job.names.map((_, c) => `g${c}`)));
      created.push(suppressed);
      for (const b of insertBatches(suppressed, w, classes)) await s.run('suppression insert', b.sql, b.params);
    }
    const out = temp('out');
    const plan = { target: out, src: job.src, columns: job.columns, quasi, ...(suppressed ? { suppressed } : {}) };
    await s.run('output', outputQuery(plan), job.src.params);
    created.push(out);
    await s.run('rename', `ALTER TABLE ${out} RENAME TO ${quoteIdent(parts[parts.length - 1]!, 'output.table')}`);
    created.pop();
  } finally {
    for (const t of created.reverse()) {
      try {
        await s.run('cleanup', `DROP TABLE IF EXISTS ${t}`);
      } catch {
        // Best effort: the run's own error (if any) is the one to report.
      }
    }
  }
}
