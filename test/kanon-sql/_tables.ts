// Test helpers: load rows into a real engine as a VARCHAR table (values as parameters), read a
// table back sorted, and list the tables an engine holds (to prove nothing was left behind).
import type { SqlExecutor } from '../../src/kanon/sql/index.js';
import { createTextTable, insertBatches, quoteIdent } from '../../src/kanon/sql/_sql.js';

export async function loadRows(db: SqlExecutor, table: string, columns: readonly string[], rows: readonly Record<string, string>[]): Promise<void> {
  const t = quoteIdent(table, 'table');
  await db.query(`DROP TABLE IF EXISTS ${t}`);
  await db.query(createTextTable(t, columns));
  for (const b of insertBatches(t, columns.length, rows.map((r) => columns.map((c) => r[c]!)))) await db.query(b.sql, b.params);
}

/** Rows of a table as sorted JSON lines over the given columns (all values as text). */
export async function readSorted(db: SqlExecutor, table: string, columns: readonly string[]): Promise<string[]> {
  const rows = await db.query(`SELECT * FROM ${quoteIdent(table, 'table')}`);
  return rows.map((r) => JSON.stringify(columns.map((c) => String(r[c])))).sort();
}

export function sortedRows(rows: readonly Record<string, string>[], columns: readonly string[]): string[] {
  return rows.map((r) => JSON.stringify(columns.map((c) => r[c]!))).sort();
}

/** Base tables of the engine's current schema (DuckDB and PostgreSQL both have information_schema). */
export async function tableNames(db: SqlExecutor): Promise<string[]> {
  const rows = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`);
  return rows.map((r) => String(r.table_name));
}
