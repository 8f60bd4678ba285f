/**
 * ClickHouse SQL text for kanon/sql. Debian's ClickHouse 18.16 has no query parameters (the
 * `{name:Type}` form came in 19.x), so values are written as literals by the quoting here;
 * identifiers are double-quoted with ClickHouse's backslash escapes. Only features that 18.16
 * and current ClickHouse share: `count()` (18.16's function names are case-sensitive, so no
 * `COUNT(*)`), `toString`, `transform`, tuple `IN` a literal set, `CREATE TABLE … ENGINE =
 * MergeTree ORDER BY tuple() AS SELECT`, `RENAME TABLE`, `EXISTS TABLE`, no JOIN (18.16 allows
 * one per SELECT).
 * @module
 */
import { CustodiaError } from '../../errors/index.js';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\0': '\\0', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(s: string, quote: string): string {
  let out = '';
  for (const ch of s) out += ch === quote ? `\\${quote}` : (ESCAPES[ch] ?? ch);
  return out;
}

/** A ClickHouse identifier: `"…"` with `\` and `"` escaped by a backslash; empty names rejected. */
export function chIdent(name: string, field: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new CustodiaError('INVALID_ARGUMENT', `${field} must be a non-empty name`, { field });
  return `"${escape(name, '"')}"`;
}

/** `db.table` or `table`, each part quoted. */
export function chQualified(name: string, field: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new CustodiaError('INVALID_ARGUMENT', `${field} must be a non-empty table name`, { field });
  return name.split('.').map((p) => chIdent(p, field)).join('.');
}

/**
 * A string as a ClickHouse literal: `'…'` with `\`, `'`, NUL and line breaks escaped by a
 * backslash (ClickHouse reads `\` as an escape inside literals, so `'` doubling alone is unsafe).
 */
export function chString(value: string): string {
  return `'${escape(value, "'")}'`;
}

/** `[…]` of string literals. */
export const chArray = (values: readonly string[]): string => `[${values.map(chString).join(', ')}]`;

/** The FROM source: a table name (quoted parts) or the caller's parenthesized subquery, aliased "t". */
export function chSource(table: string): { sql: string; name?: string } {
  if (typeof table !== 'string' || table.trim().length === 0)
    throw new CustodiaError('INVALID_ARGUMENT', 'table must be a table name or a subquery in parentheses', { field: 'table' });
  const t = table.trim();
  if (t.startsWith('(')) return { sql: `${t} AS "t"` };
  return { sql: `${chQualified(t, 'table')} AS "t"`, name: t };
}

/** A column as text: `toString` also keeps NULL (a Nullable column) as NULL for the missing-value check. */
export const chText = (column: string): string => `toString("t".${chIdent(column, 'quasiIdentifiers')})`;

/** The frequency set: one GROUP BY (through the Distributed table every shard groups its own rows, the initiator merges). */
export function chFrequencyQuery(src: string, exprs: readonly string[]): string {
  const cols = exprs.map((e, i) => `${e} AS "c${i}"`).join(', ');
  return `SELECT ${cols}, count() AS "n" FROM ${src} GROUP BY ${exprs.join(', ')}`;
}

/** What the generalizing SELECT needs. */
export interface ChOutputPlan {
  /** Source columns in order. */
  readonly columns: readonly string[];
  /** Per quasi-identifier column: its text expression, the data values and their labels at the chosen level. */
  readonly quasi: ReadonlyMap<string, { expr: string; values: readonly string[]; labels: readonly string[] }>;
  /** Label tuples (in `quasi` order) of the suppressed classes. */
  readonly suppressed: readonly (readonly string[])[];
  /** A random suffix for the helper aliases, so they cannot meet a source column's name. */
  readonly suffix: string;
}

/**
 * The generalizing SELECT, run where the rows are (on each shard's local table): each
 * quasi-identifier mapped by `transform` over literal arrays, rows of a suppressed class
 * (their label tuple `IN` a literal set) get `*` in every quasi-identifier.
 */
export function chGeneralize(p: ChOutputPlan, from: string): string {
  const qi = [...p.quasi.keys()];
  const g = (i: number): string => `"custodia_${p.suffix}_g${i}"`;
  const s = `"custodia_${p.suffix}_s"`;
  const inner = p.columns.map((c) => {
    const i = qi.indexOf(c);
    if (i < 0) return `"t".${chIdent(c, 'column')} AS ${chIdent(c, 'column')}`;
    const q = p.quasi.get(c)!;
    return `transform(${q.expr}, ${chArray(q.values)}, ${chArray(q.labels)}, '') AS ${g(i)}`;
  });
  let suppressed = '0';
  if (p.suppressed.length > 0) {
    const set = p.suppressed.map((t) => (t.length === 1 ? chString(t[0]!) : `(${t.map(chString).join(', ')})`)).join(', ');
    suppressed = `${qi.length === 1 ? g(0) : `(${qi.map((_, i) => g(i)).join(', ')})`} IN (${set})`;
  }
  inner.push(`${suppressed} AS ${s}`);
  const outer = p.columns.map((c) => {
    const i = qi.indexOf(c);
    const name = chIdent(c, 'column');
    return i < 0 ? name : `if(${s}, '*', ${g(i)}) AS ${name}`;
  });
  return `SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${from})`;
}
