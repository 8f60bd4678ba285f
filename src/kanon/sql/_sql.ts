/**
 * SQL text generation for kanon/sql. Every identifier is double-quoted, every value a `$n`
 * parameter; the statements use only SELECT … GROUP BY, inner and left joins, CASE, CAST to
 * VARCHAR, CREATE TABLE (AS), INSERT … VALUES, ALTER TABLE … RENAME TO and DROP TABLE IF EXISTS:
 * the subset PostgreSQL, DuckDB, Trino and (with ANSI double-quoted identifiers) Spark SQL share.
 * @module
 */
import { CustodiaError } from '../../errors/index.js';

/** Quotes one identifier (`"` doubled); rejects empty names and NUL, which no engine stores. */
export function quoteIdent(name: string, field: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\u0000'))
    throw new CustodiaError('INVALID_ARGUMENT', `${field} must be a non-empty name without NUL characters`, { field });
  return `"${name.replace(/"/g, '""')}"`;
}

/** Splits `schema.table` (or `catalog.schema.table`) into parts. */
export function nameParts(name: string, field: string): string[] {
  if (typeof name !== 'string' || name.length === 0) throw new CustodiaError('INVALID_ARGUMENT', `${field} must be a non-empty table name`, { field });
  return name.split('.');
}

/** Quotes a possibly qualified table name part by part. */
export function quoteQualified(parts: readonly string[], field: string): string {
  return parts.map((p) => quoteIdent(p, field)).join('.');
}

/** A FROM-clause source and the parameters it binds. */
export interface Source {
  readonly sql: string;
  readonly params: readonly unknown[];
}

const PARQUET = /\.parquet$/i;
const CSV = /\.(csv|tsv|txt)(\.gz|\.zst)?$/i;

/**
 * The FROM source for `table`: a parenthesized subquery is used as written (it is the caller's
 * own SQL); a Parquet or CSV path becomes DuckDB's read_parquet / read_csv with the path as a
 * parameter; anything else is a table name, qualified with dots, each part quoted.
 */
export function sourceOf(table: string): Source {
  if (typeof table !== 'string' || table.trim().length === 0)
    throw new CustodiaError('INVALID_ARGUMENT', 'table must be a table name, a subquery in parentheses or a file path', { field: 'table' });
  const t = table.trim();
  if (t.startsWith('(')) return { sql: `${t} AS "t"`, params: [] };
  if (PARQUET.test(t)) return { sql: 'read_parquet($1) AS "t"', params: [t] };
  if (CSV.test(t)) return { sql: 'read_csv($1) AS "t"', params: [t] };
  return { sql: `${quoteQualified(nameParts(t, 'table'), 'table')} AS "t"`, params: [] };
}

/** A source column as text: CAST only where the engine did not already return text. */
export function textOf(column: string, isText: boolean): string {
  const ref = `"t".${quoteIdent(column, 'quasiIdentifiers')}`;
  return isText ? ref : `CAST(${ref} AS VARCHAR)`;
}

/** The frequency set: one GROUP BY over the quasi-identifiers (and sensitive attributes). */
export function frequencyQuery(src: Source, exprs: readonly string[]): string {
  const cols = exprs.map((e, i) => `${e} AS "c${i}"`).join(', ');
  return `SELECT ${cols}, COUNT(*) AS "n" FROM ${src.sql} GROUP BY ${exprs.join(', ')}`;
}

/** `CREATE TABLE name ("c0" VARCHAR, …)`. */
export function createTextTable(table: string, columns: readonly string[]): string {
  return `CREATE TABLE ${table} (${columns.map((c) => `${quoteIdent(c, 'column')} VARCHAR`).join(', ')})`;
}

/** INSERT statements of at most `batch` rows each, every value a parameter. */
export function insertBatches(table: string, width: number, rows: readonly (readonly string[])[], batch = 500): { sql: string; params: string[] }[] {
  const out: { sql: string; params: string[] }[] = [];
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    let p = 0;
    const tuples = part.map(() => `(${Array.from({ length: width }, () => `$${++p}`).join(', ')})`);
    out.push({ sql: `INSERT INTO ${table} VALUES ${tuples.join(', ')}`, params: part.flat() });
  }
  return out;
}

/** What the output statement joins. */
export interface OutputPlan {
  /** Quoted name of the table to create. */
  readonly target: string;
  readonly src: Source;
  /** All source columns, in order. */
  readonly columns: readonly string[];
  /** Per quasi-identifier column: its text expression and its quoted hierarchy table ("v" value, "g" label). */
  readonly quasi: ReadonlyMap<string, { expr: string; table: string }>;
  /** Quoted table of suppressed classes ("g0", "g1", … labels, in `quasi` order), if any. */
  readonly suppressed?: string;
}

/** CREATE TABLE … AS SELECT: generalized labels from the hierarchy joins, `*` for suppressed classes. */
export function outputQuery(p: OutputPlan): string {
  const qi = [...p.quasi.keys()];
  const alias = (i: number): string => `"h${i}"`;
  const select = p.columns.map((c) => {
    const i = qi.indexOf(c);
    const name = quoteIdent(c, 'column');
    if (i < 0) return `"t".${name} AS ${name}`;
    return p.suppressed ? `CASE WHEN "s"."g0" IS NULL THEN ${alias(i)}."g" ELSE '*' END AS ${name}` : `${alias(i)}."g" AS ${name}`;
  });
  const joins = qi.map((c, i) => `JOIN ${p.quasi.get(c)!.table} AS ${alias(i)} ON ${p.quasi.get(c)!.expr} = ${alias(i)}."v"`);
  if (p.suppressed) joins.push(`LEFT JOIN ${p.suppressed} AS "s" ON ${qi.map((_, i) => `"s"."g${i}" = ${alias(i)}."g"`).join(' AND ')}`);
  return `CREATE TABLE ${p.target} AS SELECT ${select.join(', ')} FROM ${p.src.sql} ${joins.join(' ')}`;
}
