/**
 * `mondrianSql`: Mondrian local recoding (custodia/kanon's `algorithm: 'mondrian'`) pushed down
 * to the engine. Rounds: one GROUP BY gives every open partition's rows per leaf value of each
 * quasi-identifier; the same rules as in-memory Mondrian cut each partition (see _mondrianPlan);
 * the engine moves its rows to the children; when no partition can be cut, the anonymized table
 * is written by the engine. Rows never cross into JavaScript: only value domains and histograms.
 * @module
 */
import { toHex } from '../../bytes/index.js';
import { CustodiaError } from '../../errors/index.js';
import { needObject } from '../../errors/_args.js';
import { randomBytes } from '../../runtime/index.js';
import { validateParams, type AnonymizeOptions } from '../anonymize.js';
import { toHierarchy } from '../hierarchy.js';
import type { SqlExecutor } from './_executor.js';
import { FrequencyReader } from './_frequency.js';
import { nameParts, quoteQualified } from './_sql.js';
import { clickhouseMondrian } from './_mondrianCh.js';
import { standardMondrian } from './_mondrianStd.js';
import { MondrianPlanner, type Histograms, type MLeaf, type MPart } from './_mondrianPlan.js';
import { openTable, Session } from './anonymize.js';
import type { SqlStatement } from './replay.js';

/**
 * Options of {@link mondrianSql}.
 * @example
 * ```ts
 * const opts: MondrianSqlOptions = { table: 'visits', quasiIdentifiers: { age, region }, k: 10, output: { table: 'visits_mondrian' } };
 * ```
 */
export interface MondrianSqlOptions extends Pick<AnonymizeOptions, 'quasiIdentifiers' | 'k'> {
  /** A table name (`schema.table` allowed) or a subquery in parentheses; on a ClickHouse cluster a Distributed table. */
  table: string;
  /** Write the anonymized table here (under a temporary name, renamed when everything succeeded). */
  output?: { table: string };
}

/**
 * The result of {@link mondrianSql}: the partitions in-memory Mondrian makes on the same rows.
 * @example
 * ```ts
 * const r: MondrianSqlResult = await mondrianSql(db, opts);
 * r.partitions; r.informationLoss; r.stats.rounds;
 * ```
 */
export interface MondrianSqlResult {
  /** Number of partitions (equivalence classes), each with at least k rows. */
  partitions: number;
  /** Normalized certainty penalty (0..1), as `anonymize(…, { algorithm: 'mondrian' })`. */
  informationLoss: number;
  /** Published labels of each partition (quasi-identifier order) and its size, sorted by labels. */
  classes: { labels: string[]; size: number }[];
  /** Every statement executed (values as `$n` parameters, or ClickHouse literals); repeated texts once. */
  sql: string[];
  statements: SqlStatement[];
  /** Rows, rounds (one histogram GROUP BY each), and rows read into JS from histograms. */
  stats: { rows: number; rounds: number; histogramRows: number };
}

/**
 * Mondrian multidimensional local recoding computed inside a SQL engine (DuckDB, PostgreSQL,
 * ClickHouse): the same partitions and labels as in-memory `anonymize(rows, { algorithm:
 * 'mondrian' })`, k-anonymity only (no l-diversity / t-closeness in push-down).
 *
 * @example
 * ```ts
 * import { mondrianSql, duckdbExecutor } from 'custodia/kanon/sql';
 * import { intervals } from 'custodia/kanon';
 * const db = duckdbExecutor();
 * const r = await mondrianSql(db, { table: 'visits', quasiIdentifiers: { age: intervals({ min: 0, max: 99, widths: [10] }) }, k: 10, output: { table: 'visits_m' } });
 * r.partitions;
 * await db.close();
 * ```
 */
export async function mondrianSql(db: SqlExecutor, options: MondrianSqlOptions): Promise<MondrianSqlResult> {
  needObject(db, 'db');
  needObject(options, 'options');
  if (!db || typeof db.query !== 'function') throw new CustodiaError('INVALID_ARGUMENT', 'db must be a SqlExecutor', { field: 'db' });
  validateParams(Number.MAX_SAFE_INTEGER, options.k, 0);
  const names = Object.keys(options.quasiIdentifiers ?? {});
  if (names.length === 0) throw new CustodiaError('INVALID_ARGUMENT', 'at least one quasi-identifier is required', { field: 'quasiIdentifiers' });
  const hierarchies = names.map((n) => toHierarchy(options.quasiIdentifiers[n]!));
  const s = new Session(db);
  const { ch, chSrc, src, columns, exprs } = await openTable(s, options.table, names);

  // Value domains, one small GROUP BY per quasi-identifier, encoded as anonymize encodes rows.
  const cols = [];
  const values: string[][] = [];
  let rows = 0;
  for (let c = 0; c < names.length; c++) {
    const reader = new FrequencyReader(1, 0);
    const count = ch ? 'count()' : 'COUNT(*)';
    for await (const b of s.stream('domain', `SELECT ${exprs[c]} AS "c0", ${count} AS "n" FROM ${src.sql} GROUP BY ${exprs[c]}`, src.params)) reader.add(b);
    if (c === 0) validateParams(reader.rows, options.k, 0);
    cols.push(reader.column(0, names[c]!, hierarchies[c]!));
    values.push(reader.qi[0]!.values as string[]);
    rows = reader.rows;
  }
  validateParams(rows, options.k, 0);

  if (options.output && !ch) {
    // As anonymizeSql: an existing output table is refused before any work (ClickHouse checks with EXISTS TABLE).
    const target = quoteQualified(nameParts(options.output.table, 'output.table'), 'output.table');
    const taken = await db.query(`SELECT * FROM ${target} LIMIT 1`).then(() => true, () => false);
    if (taken) throw new CustodiaError('INVALID_ARGUMENT', 'output table already exists', { field: 'output.table' });
  }
  const suffix = toHex(randomBytes(6));
  const engine = ch ? clickhouseMondrian(s, ch, chSrc!, suffix) : standardMondrian(s, src, options.output?.table, suffix);
  const leaves: MLeaf[] = [];
  let rounds = 0;
  let histogramRows = 0;
  try {
    await engine.setup({ exprs, values });
    let open = new Map<number, MPart>();
    let planner: MondrianPlanner | undefined;
    for (let from = 0; ; rounds++) {
      const hists = new Map<number, Map<number, number>[]>();
      for await (const batch of s.stream('histogram', engine.histogramQuery(from), [])) {
        histogramRows += batch.length;
        for (const r of batch) {
          const pid = Number(r.pid);
          let h = hists.get(pid);
          if (!h) hists.set(pid, (h = names.map(() => new Map<number, number>())));
          h[Number(r.d)]!.set(Number(r.x), Number(r.n));
        }
      }
      if (rounds === 0) {
        planner = new MondrianPlanner(cols, options.k, hists.get(0)!);
        open.set(0, planner.root(rows, hists.get(0)!));
      }
      const dims: [number, number][] = [];
      const moves: [number, number, number][] = [];
      const next = new Map<number, MPart>();
      for (const [pid, p] of open) {
        const h: Histograms = hists.get(pid)!;
        const cut = planner!.split(p, h);
        if (!cut) { leaves.push(planner!.leaf(p, h)); continue; }
        dims.push([pid, cut.dim]);
        for (const [code, child] of cut.childOf) moves.push([pid, code, child]);
        for (const c of cut.children) next.set(c.pid, c);
      }
      if (next.size === 0) break;
      await engine.apply(rounds, dims, moves);
      from = Math.min(...next.keys());
      open = next;
    }
    if (options.output) await engine.write(options.output.table, columns, names, leaves);
  } finally {
    await engine.cleanup();
  }
  const loss = leaves.reduce((a, l) => a + l.loss, 0) / (rows * names.length);
  const classes = leaves.map((l) => ({ labels: l.labels, size: l.size })).sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
  return { partitions: leaves.length, informationLoss: loss, classes, sql: s.sql, statements: s.statements, stats: { rows, rounds: rounds + 1, histogramRows } };
}
