/**
 * Writing the anonymized table inside ClickHouse. On a cluster every shard generalizes its own
 * rows (`CREATE TABLE … AS SELECT` from its local part of the source, under a temporary name),
 * then each part is renamed to `<output>_local` and a `Distributed` table `<output>` is created
 * over them; rows never leave their shard. On one server the same SELECT reads the source
 * directly. Any failure drops what was created on the servers still reachable, so no output
 * table appears.
 * @module
 */
import { CustodiaError } from '../../errors/index.js';
import type { EncodedColumn } from '../_encode.js';
import type { FrequencySet } from '../_freq.js';
import type { ClickHouseTarget, SqlRow } from './_executor.js';
import { chGeneralize, chIdent, chString, type ChOutputPlan } from './_clickhouseSql.js';
import type { Session } from './anonymize.js';

/** Everything the ClickHouse output needs from the search. */
export interface ChOutputJob extends ChOutputPlan {
  readonly output: string;
  /** The source as written in FROM (aliased "t"), and its table name if it is one. */
  readonly src: { readonly sql: string; readonly name?: string };
}

const labelOf = (col: EncodedColumn, leaf: number, level: number): string => col.labels[level]![col.map[leaf * col.depth + level]!]!;

/** The search's answer as literal maps: each quasi-identifier's values and labels, the suppressed label tuples. */
export function clickhousePlan(r: {
  names: readonly string[]; exprs: readonly string[]; cols: readonly EncodedColumn[]; values: readonly (readonly string[])[];
  levels: readonly number[]; set: FrequencySet; outlier: Uint8Array;
}): Pick<ChOutputPlan, 'quasi' | 'suppressed'> {
  const w = r.names.length;
  const suppressed: string[][] = [];
  for (let i = 0; i < r.set.size; i++) if (r.outlier[i]) suppressed.push(r.cols.map((col, c) => labelOf(col, r.set.keys[i * w + c]!, r.levels[c]!)));
  const quasi = new Map(r.names.map((n, c) => {
    const values = r.values[c]!;
    return [n, { expr: r.exprs[c]!, values, labels: values.map((_, leaf) => labelOf(r.cols[c]!, leaf, r.levels[c]!)) }] as const;
  }));
  return { quasi, suppressed };
}

const splitName = (name: string, field: string): { db?: string; table: string } => {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((p) => p.length === 0)) throw new CustodiaError('INVALID_ARGUMENT', `${field} must be table or database.table`, { field });
  return parts.length === 2 ? { db: parts[0]!, table: parts[1]! } : { table: parts[0]! };
};
const qualified = (n: { db?: string; table: string }): string => (n.db === undefined ? '' : `${chIdent(n.db, 'table')}.`) + chIdent(n.table, 'table');

/** The arguments of `Distributed(cluster, db, table[, key])` as ClickHouse keeps them in engine_full, unquoted. */
export function distributedArgs(engineFull: string): string[] | undefined {
  const m = /^Distributed\((.*)\)\s*$/s.exec(engineFull.trim());
  if (!m) return undefined;
  const args: string[] = [];
  let cur = '';
  let depth = 0;
  let quote = '';
  const body = m[1]!;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quote) {
      if (ch === '\\') { cur += body[++i] ?? ''; continue; }
      if (ch === quote) { quote = ''; continue; }
      cur += ch;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') { depth++; cur += ch; } else if (ch === ')') { depth--; cur += ch; } else if (ch === ',' && depth === 0) { args.push(cur.trim()); cur = ''; } else cur += ch;
  }
  args.push(cur.trim());
  return args;
}

/** The local table behind a Distributed source on `cluster`, or INVALID_ARGUMENT. */
async function localOf(s: Session, ch: ClickHouseTarget, src: ChOutputJob['src']): Promise<{ db?: string; table: string }> {
  if (!src.name) throw new CustodiaError('INVALID_ARGUMENT', 'on a cluster, table must name a Distributed table (a subquery cannot be split by shard)', { field: 'table' });
  const n = splitName(src.name, 'table');
  const where = `${n.db === undefined ? 'database = currentDatabase()' : `database = ${chString(n.db)}`} AND name = ${chString(n.table)}`;
  const rows = await s.run('source engine', `SELECT database, engine_full FROM system.tables WHERE ${where}`);
  const args = distributedArgs(String(rows[0]?.engine_full ?? ''));
  if (!args || args[0] !== ch.cluster || args.length < 3)
    throw new CustodiaError('INVALID_ARGUMENT', 'on a cluster, table must be a Distributed table over the executor\'s cluster', { field: 'table' });
  return { db: /^currentDatabase\(\)$/i.test(args[1]!) ? String(rows[0]!.database) : args[1]!, table: args[2]! };
}

/**
 * Column names of a source table from `DESCRIBE TABLE` (metadata only, so not even one data row
 * reaches JS), leaving out MATERIALIZED and ALIAS columns as `SELECT *` does; undefined for a subquery.
 */
export async function chColumns(s: Session, src: ChOutputJob['src']): Promise<string[] | undefined> {
  if (!src.name) return undefined;
  const rows = await s.run('probe', `DESCRIBE TABLE ${qualified(splitName(src.name, 'table'))}`);
  return rows.filter((r) => r.default_type !== 'MATERIALIZED' && r.default_type !== 'ALIAS').map((r) => String(r.name));
}

const exists = async (run: (sql: string) => Promise<SqlRow[]>, n: { db?: string; table: string }): Promise<boolean> =>
  Number(Object.values((await run(`EXISTS TABLE ${qualified(n)}`))[0] ?? {})[0] ?? 0) === 1;

/** Creates `job.output` inside ClickHouse, or leaves every server as it was and throws. */
export async function writeClickHouseOutput(s: Session, ch: ClickHouseTarget, job: ChOutputJob): Promise<void> {
  const out = splitName(job.output, 'output.table');
  const temp = { ...out, table: `custodia_${job.suffix}_out` };
  const engine = 'ENGINE = MergeTree ORDER BY tuple()';
  const taken = new CustodiaError('INVALID_ARGUMENT', 'output table already exists', { field: 'output.table' });
  if (await exists((sql) => s.run('output exists', sql), out)) throw taken;

  if (ch.cluster === undefined) {
    let created = false;
    try {
      await s.run('output', `CREATE TABLE ${qualified(temp)} ${engine} AS ${chGeneralize(job, job.src.sql)}`);
      created = true;
      await s.run('rename', `RENAME TABLE ${qualified(temp)} TO ${qualified(out)}`);
      created = false;
    } finally {
      if (created) await s.run('cleanup', `DROP TABLE IF EXISTS ${qualified(temp)}`).catch(() => undefined);
    }
    return;
  }

  const source = await localOf(s, ch, job.src);
  const local = { ...out, table: `${out.table}_local` };
  const shards = Array.from({ length: ch.shards }, (_, i) => i);
  for (const i of shards) if (await exists((sql) => s.run('output exists', sql, [], i), local)) throw taken;
  // What each shard holds that must go if the run fails: its temporary part, then its renamed part.
  const made: ({ db?: string; table: string } | undefined)[] = shards.map(() => undefined);
  let distributed = false;
  try {
    const select = chGeneralize(job, `${qualified(source)} AS "t"`);
    // Every shard generalizes its own rows at once; the run waits for all before judging.
    const results = await Promise.allSettled(
      shards.map(async (i) => {
        await s.run('output', `CREATE TABLE ${qualified(temp)} ${engine} AS ${select}`, [], i);
        made[i] = temp;
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const i of shards) {
      await s.run('rename', `RENAME TABLE ${qualified(temp)} TO ${qualified(local)}`, [], i);
      made[i] = local;
    }
    const cols = await s.run('describe', `DESCRIBE TABLE ${qualified(local)}`, [], 0);
    const list = cols.map((c) => `${chIdent(String(c.name), 'column')} ${String(c.type)}`).join(', ');
    const db = out.db === undefined ? 'currentDatabase()' : chString(out.db);
    distributed = true;
    await s.run('distributed', `CREATE TABLE ${qualified(out)} (${list}) ENGINE = Distributed(${chString(ch.cluster)}, ${db}, ${chString(local.table)}, rand())`);
    made.fill(undefined);
    distributed = false;
  } finally {
    if (distributed) await s.run('cleanup', `DROP TABLE IF EXISTS ${qualified(out)}`).catch(() => undefined);
    for (const i of shards) {
      const t = made[i];
      if (t) await s.run('cleanup', `DROP TABLE IF EXISTS ${qualified(t)}`, [], i).catch(() => undefined);
    }
  }
}
