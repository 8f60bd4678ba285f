import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CustodiaError } from '../../errors/index.js';

const notFound = () => new CustodiaError('STORE_NOT_FOUND', 'SQLite store file does not exist: nothing to read', { field: 'path' });

/**
 * Opens `path` for reading without changing a byte of it or creating a file beside it.
 * - A live WAL (`-wal` present: a writer is open, or crashed): opened `readonly`, so the
 *   committed frames in the WAL are seen. SQLite then updates only the `-shm` read marks
 *   (shared memory, no data); the db and `-wal` files stay byte-identical.
 * - No WAL: the file is read into memory and opened from there. A read-only connection on
 *   the file itself would create `-wal` and `-shm` (WAL mode needs them) and leave them behind.
 *   Bytes 18–19 of the in-memory copy say "rollback journal", because an in-memory database
 *   cannot be in WAL mode (SQLite file format §1.3.3); the file is untouched.
 */
export function openReadOnly(path: string, timeout: number): Database.Database {
  if (!existsSync(path)) throw notFound();
  try {
    if (existsSync(`${path}-wal`)) return new Database(path, { readonly: true, fileMustExist: true, timeout });
    const bytes = readFileSync(path);
    if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
    return new Database(bytes, { readonly: true });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'SQLITE_CANTOPEN') throw notFound();
    throw new CustodiaError('STORE_UNAVAILABLE', `SQLite failed (${typeof code === 'string' ? code : 'error'})`, { field: 'path', cause: e });
  }
}

/** Throws STORE_NOT_FOUND unless both custodia tables exist: an empty or foreign file is no store. */
export function requireTables(db: Database.Database, tables: string[]): void {
  let rows: { name: string }[];
  try {
    rows = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).all();
  } catch (e) {
    throw new CustodiaError('STORE_NOT_FOUND', 'file is not a SQLite database: nothing to read', { field: 'path', cause: e });
  }
  const have = new Set(rows.map((r) => r.name));
  if (!tables.every((t) => have.has(t)))
    throw new CustodiaError('STORE_NOT_FOUND', 'SQLite file holds no custodia store (tables missing): nothing to read', { field: 'path' });
}
