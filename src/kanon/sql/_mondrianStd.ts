/**
 * Mondrian's engine side for DuckDB and PostgreSQL (values as `$n` parameters): a working
 * table W of leaf-code tuples with their partition id and row count, rebuilt each round by
 * joining the round's split decisions; the output joins the source to W and the labels.
 * @module
 */
import { quoteIdent, quoteQualified, insertBatches, nameParts, type Source } from './_sql.js';
import type { Session } from './anonymize.js';
import type { MondrianEngine, MondrianSetup } from './_mondrianEngine.js';

/** Our own integers (ids, codes) written as numbers: binding thousands of parameters is slow in DuckDB. */
const intRows = (rows: readonly (readonly number[])[]): string => rows.map((r) => `(${r.map((x) => String(Math.trunc(x))).join(', ')})`).join(', ');
const ints = (table: string, cols: readonly string[]): string => `CREATE TABLE ${table} (${cols.map((c) => `"${c}" INTEGER`).join(', ')})`;

/** The standard-SQL Mondrian engine over `src`, helper tables named after `output`'s schema. */
export function standardMondrian(s: Session, src: Source, schemaOf: string | undefined, suffix: string): MondrianEngine {
  const schema = schemaOf ? nameParts(schemaOf, 'output.table').slice(0, -1) : [];
  const temp = (what: string): string => quoteQualified([...schema, `custodia_${suffix}_${what}`], 'output.table');
  const created = new Set<string>();
  let w = 0;
  let W = temp('w0');
  let exprs: readonly string[] = [];
  const make = async (step: string, table: string, sql: string, params: readonly unknown[] = []): Promise<void> => {
    await s.run(step, sql, params);
    created.add(table);
  };
  const drop = async (table: string): Promise<void> => {
    await s.run('cleanup', `DROP TABLE IF EXISTS ${table}`);
    created.delete(table);
  };
  // Fresh tables have no statistics: PostgreSQL then plans the output's joins as nested loops
  // (18 s instead of 1 s on Adult). ANALYZE exists in PostgreSQL and DuckDB; an engine without it is left as is.
  const analyze = (table: string): Promise<unknown> => s.db.query(`ANALYZE ${table}`).catch(() => undefined);
  const insertInts = async (table: string, rows: readonly (readonly number[])[]): Promise<void> => {
    for (let i = 0; i < rows.length; i += 5000) await s.run('split insert', `INSERT INTO ${table} VALUES ${intRows(rows.slice(i, i + 5000))}`);
  };
  const codeJoins = (): string => exprs.map((e, c) => `JOIN ${temp(`h${c}`)} AS "h${c}" ON ${e} = "h${c}"."v"`).join(' ');
  return {
    async setup(p: MondrianSetup): Promise<void> {
      w = p.values.length;
      exprs = p.exprs;
      for (let c = 0; c < w; c++) {
        const h = temp(`h${c}`);
        await make('code table', h, `CREATE TABLE ${h} ("v" VARCHAR, "x" INTEGER)`);
        for (const b of insertBatches(h, 2, p.values[c]!.map((v, code) => [v, String(code)]))) await s.run('code insert', b.sql, b.params);
        await analyze(h);
      }
      const codes = Array.from({ length: w }, (_, c) => `"h${c}"."x"`);
      await make('working table', W, `CREATE TABLE ${W} AS SELECT 0 AS "pid", ${codes.map((x, c) => `${x} AS "c${c}"`).join(', ')}, COUNT(*) AS "n" FROM ${src.sql} ${codeJoins()} GROUP BY ${codes.join(', ')}`, src.params);
    },
    histogramQuery(from: number): string {
      return Array.from({ length: w }, (_, c) => `SELECT "pid", ${c} AS "d", "c${c}" AS "x", SUM("n") AS "n" FROM ${W} WHERE "pid" >= ${from} GROUP BY "pid", "c${c}"`).join(' UNION ALL ');
    },
    async apply(round: number, dims: readonly (readonly [number, number])[], moves: readonly (readonly [number, number, number])[]): Promise<void> {
      const D = temp(`d${round}`);
      const S = temp(`s${round}`);
      await make('split dims', D, ints(D, ['pid', 'dim']));
      await insertInts(D, dims);
      await make('split moves', S, ints(S, ['pid', 'x', 'child']));
      await insertInts(S, moves);
      const next = temp(`w${round + 1}`);
      const pick = `CASE "d"."dim" ${Array.from({ length: w }, (_, c) => `WHEN ${c} THEN "w"."c${c}"`).join(' ')} END`;
      const cols = Array.from({ length: w }, (_, c) => `"w"."c${c}"`).join(', ');
      // The cut dimension's code first (one join on pid), then a plain equi-join on (pid, code): both hash joins.
      const withX = `SELECT "w"."pid", ${cols}, "w"."n", ${pick} AS "x" FROM ${W} AS "w" LEFT JOIN ${D} AS "d" ON "d"."pid" = "w"."pid"`;
      await make('working table', next, `CREATE TABLE ${next} AS SELECT COALESCE("s"."child", "w"."pid") AS "pid", ${cols}, "w"."n" FROM (${withX}) AS "w" LEFT JOIN ${S} AS "s" ON "s"."pid" = "w"."pid" AND "s"."x" = "w"."x"`);
      for (const t of [W, D, S]) await drop(t);
      W = next;
      await analyze(W);
    },
    async write(output: string, columns: readonly string[], names: readonly string[], leaves): Promise<void> {
      const L = temp('l');
      await make('labels', L, `CREATE TABLE ${L} ("pid" INTEGER, ${names.map((_, c) => `"g${c}" VARCHAR`).join(', ')})`);
      const rows = leaves.map((l) => [String(l.pid), ...l.labels]);
      for (const b of insertBatches(L, names.length + 1, rows)) await s.run('labels insert', b.sql, b.params);
      await analyze(L);
      await analyze(W);
      const out = temp('out');
      const select = columns.map((c) => {
        const i = names.indexOf(c);
        const name = quoteIdent(c, 'column');
        return i < 0 ? `"t".${name} AS ${name}` : `"l"."g${i}" AS ${name}`;
      });
      const on = Array.from({ length: w }, (_, c) => `"w"."c${c}" = "h${c}"."x"`).join(' AND ');
      await make('output', out, `CREATE TABLE ${out} AS SELECT ${select.join(', ')} FROM ${src.sql} ${codeJoins()} JOIN ${W} AS "w" ON ${on} JOIN ${L} AS "l" ON "l"."pid" = "w"."pid"`, src.params);
      const parts = nameParts(output, 'output.table');
      await s.run('rename', `ALTER TABLE ${out} RENAME TO ${quoteIdent(parts[parts.length - 1]!, 'output.table')}`);
      created.delete(out);
    },
    async cleanup(): Promise<void> {
      for (const t of [...created].reverse()) await drop(t).catch(() => undefined);
    },
  };
}
