// Bad input on a real DuckDB: each failure is a CustodiaError with its code, names the column
// and a count (never a value), and leaves no table behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodiaError } from '../../src/errors/index.js';
import { anonymizeSql, duckdbExecutor, postgresExecutor, type SqlExecutor } from '../../src/kanon/sql/index.js';
import { loadRows, tableNames } from './_tables.js';

const SECRET = '13800138000';
const PHONE = [['13900139000', '139*', '*'], ['13700137000', '137*', '*']];
const SEX = [['M', '*'], ['F', '*']];
const rows = Array.from({ length: 40 }, (_, i) => ({ phone: i < 3 ? SECRET : i % 2 ? '13900139000' : '13700137000', sex: i % 2 ? 'M' : 'F', spend: String(i) }));

async function codeOf(p: Promise<unknown>): Promise<CustodiaError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(CustodiaError);
  return e as CustodiaError;
}

let db: SqlExecutor;
let dir: string;
beforeAll(async () => {
  db = duckdbExecutor();
  dir = mkdtempSync(join(tmpdir(), 'custodia-kanon-sql-'));
  await loadRows(db, 'members', ['phone', 'sex', 'spend'], rows);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('anonymizeSql bad input', () => {
  it('HIERARCHY_MISSING_VALUE names the column and how many rows, not the value; nothing is written', async () => {
    const e = await codeOf(anonymizeSql(db, { table: 'members', quasiIdentifiers: { phone: PHONE, sex: SEX }, k: 2, output: { table: 'members_out' } }));
    expect(e.code).toBe('HIERARCHY_MISSING_VALUE');
    expect(e.field).toBe('phone');
    expect(e.message).toContain('column phone: 3 rows');
    expect(e.message).not.toContain(SECRET);
    expect(await tableNames(db)).toEqual(['members']);
  });

  it('NULL in a quasi-identifier counts as a missing hierarchy value', async () => {
    await loadRows(db, 'nulls', ['sex', 'spend'], rows);
    await db.query(`UPDATE "nulls" SET "sex" = NULL WHERE CAST("spend" AS INTEGER) < 5`);
    const e = await codeOf(anonymizeSql(db, { table: 'nulls', quasiIdentifiers: { sex: SEX }, k: 2 }));
    expect(e.code).toBe('HIERARCHY_MISSING_VALUE');
    expect(e.message).toContain('5 rows');
    await db.query('DROP TABLE "nulls"');
  });

  it('UNKNOWN_COLUMN for a quasi-identifier or sensitive attribute the table lacks', async () => {
    const e = await codeOf(anonymizeSql(db, { table: 'members', quasiIdentifiers: { gender: SEX }, k: 2 }));
    expect(e.code).toBe('UNKNOWN_COLUMN');
    expect(e.field).toBe('gender');
    const s = await codeOf(anonymizeSql(db, { table: 'members', quasiIdentifiers: { sex: SEX }, k: 2, lDiversity: { attribute: 'diagnosis', l: 2 } }));
    expect(s.code).toBe('UNKNOWN_COLUMN');
  });

  it('INVALID_K when k exceeds the row count (or the table is empty), or is not an integer >= 2', async () => {
    expect((await codeOf(anonymizeSql(db, { table: 'members', quasiIdentifiers: { sex: SEX }, k: 41 }))).code).toBe('INVALID_K');
    expect((await codeOf(anonymizeSql(db, { table: 'members', quasiIdentifiers: { sex: SEX }, k: 1 }))).code).toBe('INVALID_K');
    await db.query('CREATE TABLE "empty" ("sex" VARCHAR)');
    expect((await codeOf(anonymizeSql(db, { table: 'empty', quasiIdentifiers: { sex: SEX }, k: 2 }))).code).toBe('INVALID_K');
    await db.query('DROP TABLE "empty"');
    const ok = await anonymizeSql(db, { table: 'members', quasiIdentifiers: { sex: SEX }, k: 20 });
    expect(ok.levels).toEqual({ sex: 0 });
  });

  it('ENGINE_UNAVAILABLE for a DuckDB file that cannot be opened and a PostgreSQL nobody listens on', async () => {
    const bad = duckdbExecutor(join(dir, 'no', 'such', 'dir', 'x.duckdb'));
    expect((await codeOf(anonymizeSql(bad, { table: 'members', quasiIdentifiers: { sex: SEX }, k: 2 }))).code).toBe('ENGINE_UNAVAILABLE');
    await bad.close();
    // Port 1 on loopback: connection refused at once.
    const pg = postgresExecutor({ host: '127.0.0.1', port: 1, user: 'nobody', database: 'none', connectionTimeoutMillis: 2000 });
    expect((await codeOf(anonymizeSql(pg, { table: 'members', quasiIdentifiers: { sex: SEX }, k: 2 }))).code).toBe('ENGINE_UNAVAILABLE');
    await pg.close();
  });

  it('an existing output table is refused; a failure while writing leaves neither output nor helper tables', async () => {
    await db.query('CREATE TABLE "taken" ("x" VARCHAR)');
    const e = await codeOf(anonymizeSql(db, { table: 'members', quasiIdentifiers: { sex: SEX }, k: 2, output: { table: 'taken' } }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.field).toBe('output.table');
    await db.query('DROP TABLE "taken"');
    // An engine that fails on the rename, after the output was built under its temporary name.
    const failing: SqlExecutor = {
      query: (sql, params) => (sql.startsWith('ALTER TABLE') ? Promise.reject(new Error('disk full')) : db.query(sql, params)),
      close: async () => undefined,
    };
    const f = await codeOf(anonymizeSql(failing, { table: 'members', quasiIdentifiers: { sex: SEX }, k: 2, output: { table: 'members_out' } }));
    expect(f.code).toBe('ENGINE_ERROR');
    expect(await tableNames(db)).toEqual(['members']);
  });

  it('ENGINE_ERROR when the engine rejects the source', async () => {
    const e = await codeOf(anonymizeSql(db, { table: 'no_such_table', quasiIdentifiers: { sex: SEX }, k: 2 }));
    expect(e.code).toBe('ENGINE_ERROR');
  });
});
