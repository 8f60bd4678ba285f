// Storage-level integrity on SQLite: rows edited with SQL beside custodia (the tamper suite), and
// verification that opens the file read-only, never creates it and changes none of its bytes.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/audit/index.js';
import { createLedger, verifyLedger } from '../../src/consent/index.js';
import { sqliteStore } from '../../src/store/sqlite/index.js';
import { describeStoreTamper, type RawStoreAccess } from '../../src/store/testing/index.js';
import { event } from '../consent/_fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'custodia-sqlite-tamper-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A second connection, as an attacker with the file would open it.
function sqliteRaw(path: string): RawStoreAccess {
  const run = (sql: string, ...args: unknown[]) => {
    const db = new Database(path);
    try {
      return db.prepare(sql).all(...args) as never;
    } finally {
      db.close();
    }
  };
  const exec = (sql: string, ...args: unknown[]) => {
    const db = new Database(path);
    try {
      db.prepare(sql).run(...args);
    } finally {
      db.close();
    }
  };
  return {
    rows: async (log) => run('SELECT seq, value FROM custodia_logs WHERE log = ? ORDER BY seq', log),
    setValue: async (log, seq, value) => exec('UPDATE custodia_logs SET value = ? WHERE log = ? AND seq = ?', value, log, seq),
    setSeq: async (log, from, to) => exec('UPDATE custodia_logs SET seq = ? WHERE log = ? AND seq = ?', to, log, from),
    deleteRow: async (log, seq) => exec('DELETE FROM custodia_logs WHERE log = ? AND seq = ?', log, seq),
    setRecord: async (ns, key, value) => exec('UPDATE custodia_records SET value = ? WHERE ns = ? AND key = ?', value, ns, key),
  };
}

const paths = new WeakMap<object, string>();
describeStoreTamper(
  {
    name: 'sqlite',
    create: () => {
      const path = join(dir, `t${n++}.db`);
      const s = sqliteStore({ path });
      paths.set(s, path);
      return s;
    },
    raw: (s) => sqliteRaw(paths.get(s)!),
  },
  { describe, it, expect },
);

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
/** Every file of the database (db, -wal, -shm if present) with its hash. */
const snapshot = (path: string) =>
  Object.fromEntries(readdirSync(dir).filter((f) => join(dir, f).startsWith(path)).map((f) => [f, sha(join(dir, f))]));
const codeOf = async (fn: () => unknown) => {
  try {
    await fn();
    return 'none';
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('S5.4 no verdict without evidence (SQLite)', () => {
  it('a missing file is STORE_NOT_FOUND and is not created; a file without custodia tables too', async () => {
    const typo = join(dir, 'typo.db');
    expect(await codeOf(() => sqliteStore({ path: typo, readonly: true }))).toBe('STORE_NOT_FOUND');
    expect(existsSync(typo)).toBe(false);
    const foreign = join(dir, 'foreign.db');
    new Database(foreign).exec('CREATE TABLE t (a)');
    const before = snapshot(foreign);
    expect(await codeOf(() => sqliteStore({ path: foreign, readonly: true }))).toBe('STORE_NOT_FOUND');
    expect(snapshot(foreign)).toEqual(before);
  });

  it('an existing store with an empty or misspelled log is LOG_EMPTY, not ok', async () => {
    const path = join(dir, `empty${n++}.db`);
    const w = sqliteStore({ path });
    await createLedger({ store: w }).append(event());
    await w.close();
    const s = sqliteStore({ path, readonly: true });
    expect(await createLedger({ store: s }).verify()).toEqual({ ok: true });
    expect(await codeOf(() => createLedger({ store: s, log: 'consnet' }).verify())).toBe('LOG_EMPTY');
    expect(await codeOf(() => createAuditLog({ store: s }).verify())).toBe('LOG_EMPTY');
    await s.close();
    expect(() => verifyLedger([])).toThrow(expect.objectContaining({ code: 'LOG_EMPTY' }));
  });

  it('verification changes no byte of the db, -wal or -shm, closed cleanly or with a writer still open', async () => {
    const path = join(dir, `ro${n++}.db`);
    // A rollback-journal database: the old verify switched it to WAL, rewriting its header.
    const legacy = new Database(path);
    legacy.close();
    const w = sqliteStore({ path });
    const ledger = createLedger({ store: w });
    for (let i = 0; i < 20; i++) await ledger.append(event({ subject: `u_${i}` }));
    await w.close();
    const closed = snapshot(path);
    expect(Object.keys(closed)).toEqual([`ro${n - 1}.db`]);
    const verifyOnce = async () => {
      const s = sqliteStore({ path, readonly: true });
      const r = await createLedger({ store: s }).verify();
      await s.close();
      return r;
    };
    expect(await verifyOnce()).toEqual({ ok: true });
    expect(snapshot(path)).toEqual(closed);
    // A writer holds the file open with a live WAL: the reader must see its records through the
    // WAL and leave db and -wal as they are (-shm is SQLite's shared-memory lock index).
    const writer = sqliteStore({ path });
    await createLedger({ store: writer }).append(event({ subject: 'u_live' }));
    const live = snapshot(path);
    expect(Object.keys(live).sort()).toEqual([`ro${n - 1}.db`, `ro${n - 1}.db-shm`, `ro${n - 1}.db-wal`]);
    const s = sqliteStore({ path, readonly: true });
    expect(await s.length('consent')).toBe(21);
    expect(await createLedger({ store: s }).verify()).toEqual({ ok: true });
    expect(await codeOf(() => s.append('consent', 'x'))).toBe('STORE_UNAVAILABLE');
    await s.close();
    const after = snapshot(path);
    expect(after[`ro${n - 1}.db`]).toBe(live[`ro${n - 1}.db`]);
    expect(after[`ro${n - 1}.db-wal`]).toBe(live[`ro${n - 1}.db-wal`]);
    await writer.close();
  });
});
