/**
 * Mondrian's engine side for ClickHouse (18.16 and current): the working table W is a Memory
 * table on the server that receives the queries (built by one GROUP BY through the Distributed
 * table on a cluster), leaf codes come from `transform` over literal arrays, each round is
 * rebuilt with `ANY LEFT JOIN … USING` (one join per SELECT, as 18.16 allows), and the output
 * is a MergeTree table on that server, read from the source with two joins (W, then labels).
 * @module
 */
import { CustodiaError } from '../../errors/index.js';
import type { ClickHouseTarget } from './_executor.js';
import { chArray, chIdent, chQualified, chString } from './_clickhouseSql.js';
import type { MondrianEngine, MondrianSetup } from './_mondrianEngine.js';
import type { Session } from './anonymize.js';

const values = (rows: readonly (readonly (number | string)[])[]): string =>
  rows.map((r) => `(${r.map((x) => (typeof x === 'number' ? String(Math.trunc(x)) : chString(x))).join(', ')})`).join(', ');

/** The ClickHouse Mondrian engine over `src`; helper tables `custodia_<suffix>_…` in the current database. */
export function clickhouseMondrian(s: Session, _ch: ClickHouseTarget, src: { sql: string }, suffix: string): MondrianEngine {
  const temp = (what: string): string => chIdent(`custodia_${suffix}_${what}`, 'table');
  const alias = (what: string): string => chIdent(`custodia_${suffix}_${what}`, 'column');
  const created = new Set<string>();
  let w = 0;
  let W = temp('w0');
  let codes: string[] = [];
  const make = async (step: string, table: string, sql: string): Promise<void> => {
    await s.run(step, sql);
    created.add(table);
  };
  const drop = async (table: string): Promise<void> => {
    await s.run('cleanup', `DROP TABLE IF EXISTS ${table}`);
    created.delete(table);
  };
  const insert = async (table: string, rows: readonly (readonly (number | string)[])[]): Promise<void> => {
    for (let i = 0; i < rows.length; i += 5000) await s.run('insert', `INSERT INTO ${table} VALUES ${values(rows.slice(i, i + 5000))}`);
  };
  const cs = (): string[] => Array.from({ length: w }, (_, c) => `"c${c}"`);
  return {
    async setup(p: MondrianSetup): Promise<void> {
      w = p.values.length;
      codes = p.exprs.map((e, c) => `toInt32(transform(${e}, ${chArray(p.values[c]!)}, [${p.values[c]!.map((_, i) => i).join(', ')}], -1))`);
      await make('working table', W, `CREATE TABLE ${W} ENGINE = Memory AS SELECT toInt32(0) AS "pid", ${codes.map((x, c) => `${x} AS "c${c}"`).join(', ')}, count() AS "n" FROM ${src.sql} GROUP BY ${cs().join(', ')}`);
    },
    histogramQuery(from: number): string {
      return Array.from({ length: w }, (_, c) => `SELECT "pid", toInt32(${c}) AS "d", "c${c}" AS "x", sum("n") AS "n" FROM ${W} WHERE "pid" >= ${from} GROUP BY "pid", "c${c}"`).join(' UNION ALL ');
    },
    async apply(round, dims, moves): Promise<void> {
      const D = temp(`d${round}`);
      const S = temp(`s${round}`);
      await make('split dims', D, `CREATE TABLE ${D} ("pid" Int32, "dim" Int32) ENGINE = Memory`);
      await insert(D, dims);
      await make('split moves', S, `CREATE TABLE ${S} ("pid" Int32, "x" Int32, "child" Int32, "hit" UInt8) ENGINE = Memory`);
      await insert(S, moves.map((m) => [...m, 1]));
      const next = temp(`w${round + 1}`);
      const pick = `multiIf(${Array.from({ length: w }, (_, c) => `"dim" = ${c}, "c${c}"`).join(', ')}, -1)`;
      const inner = `SELECT "pid", ${cs().join(', ')}, "n", ${pick} AS "x" FROM ${W} ANY LEFT JOIN ${D} USING ("pid")`;
      const moved = `SELECT if("hit" = 1, "child", "pid") AS "np", ${cs().join(', ')}, "n" FROM (${inner}) ANY LEFT JOIN ${S} USING ("pid", "x")`;
      await make('working table', next, `CREATE TABLE ${next} ENGINE = Memory AS SELECT "np" AS "pid", ${cs().join(', ')}, "n" FROM (${moved})`);
      for (const t of [W, D, S]) await drop(t);
      W = next;
    },
    async write(output, columns, names, leaves): Promise<void> {
      const parts = output.split('.');
      if (parts.length > 2 || parts.some((p) => p.length === 0)) throw new CustodiaError('INVALID_ARGUMENT', 'output.table must be table or database.table', { field: 'output.table' });
      const target = chQualified(output, 'output.table');
      const exists = await s.run('output exists', `EXISTS TABLE ${target}`);
      if (Number(Object.values(exists[0] ?? {})[0] ?? 0) === 1) throw new CustodiaError('INVALID_ARGUMENT', 'output table already exists', { field: 'output.table' });
      const L = temp('l');
      await make('labels', L, `CREATE TABLE ${L} ("pid" Int32, ${names.map((_, c) => `"g${c}" String`).join(', ')}) ENGINE = Memory`);
      await insert(L, leaves.map((l) => [l.pid, ...l.labels]));
      const keep = columns.filter((c) => !names.includes(c));
      const read = `SELECT ${[...keep.map((c) => `"t".${chIdent(c, 'column')} AS ${chIdent(c, 'column')}`), ...codes.map((x, c) => `${x} AS ${alias(`c${c}`)}`)].join(', ')} FROM ${src.sql}`;
      const wCols = `SELECT "pid" AS ${alias('pid')}, ${cs().map((x, c) => `${x} AS ${alias(`c${c}`)}`).join(', ')} FROM ${W}`;
      const withPid = `SELECT * FROM (${read}) ANY LEFT JOIN (${wCols}) USING (${codes.map((_, c) => alias(`c${c}`)).join(', ')})`;
      const lCols = `SELECT "pid" AS ${alias('pid')}, ${names.map((_, c) => `"g${c}" AS ${alias(`g${c}`)}`).join(', ')} FROM ${L}`;
      const select = columns.map((c) => {
        const i = names.indexOf(c);
        return i < 0 ? chIdent(c, 'column') : `${alias(`g${i}`)} AS ${chIdent(c, 'column')}`;
      });
      const out = temp('out');
      await make('output', out, `CREATE TABLE ${out} ENGINE = MergeTree ORDER BY tuple() AS SELECT ${select.join(', ')} FROM (${withPid}) ANY LEFT JOIN (${lCols}) USING (${alias('pid')})`);
      await s.run('rename', `RENAME TABLE ${out} TO ${target}`);
      created.delete(out);
    },
    async cleanup(): Promise<void> {
      for (const t of [...created].reverse()) await drop(t).catch(() => undefined);
    },
  };
}
