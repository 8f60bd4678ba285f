/**
 * The part of a better-sqlite3 `Database` this store's public types name. Declared here, not
 * imported, so a consumer's `tsc` never needs `@types/better-sqlite3` (an optional peer's types)
 * just because custodia's .d.ts mention it; a real `Database` fits it.
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * const db: SqliteDatabase = new Database('consent.db');
 * const store = sqliteStore({ db });
 * ```
 */
export interface SqliteDatabase {
  readonly open: boolean;
  readonly name: string;
  prepare(source: string): unknown;
  exec(source: string): unknown;
  close(): unknown;
}
