// `custodia ledger verify` gives no verdict without evidence: a missing store file (never
// created), a misspelled log, an empty export exit 6, not "ok"; the store file is opened
// read-only and keeps every byte; a duplicate-key row written with SQL exits 3 at its index.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { built, cli, ROOT, tempDir } from './_run';
import type * as Audit from '../../src/audit/index';
import type * as Consent from '../../src/consent/index';
import type * as Sqlite from '../../src/store/sqlite/index';

const dist = async <T>(sub: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', sub, 'index.js')).href)) as T;
let dir = '';
beforeAll(() => {
  expect(built(), 'run npm run build first (dist/cli/index.js)').toBe(true);
  dir = tempDir();
});

const hashes = (db: string) =>
  Object.fromEntries(readdirSync(dir).filter((f) => join(dir, f).startsWith(db)).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));

async function ledgerFile(name: string): Promise<string> {
  const db = join(dir, name);
  const { sqliteStore } = await dist<typeof Sqlite>('store/sqlite');
  const { createLedger } = await dist<typeof Consent>('consent');
  const store = sqliteStore({ path: db });
  const ledger = createLedger({ store, hash: 'sm3' });
  for (let i = 0; i < 4; i++)
    await ledger.append({ subject: `cust-${i}`, event: 'withdrawn', purposes: ['marketing'], method: 'unsubscribe', channel: 'app', collector: 'crm', responsible: 'dpo', at: '2026-01-01T00:00:00Z' });
  await store.close();
  return db;
}

describe('S5.4 custodia ledger verify: no verdict without evidence', () => {
  it('a misspelled --sqlite path exit 6 and creates no file', () => {
    const typo = join(dir, 'typo.db');
    const r = cli(['ledger', 'verify', '--sqlite', typo]);
    expect(r.code, r.stderr).toBe(6);
    expect(r.stdout).not.toContain('ok');
    expect(r.stderr).toContain('STORE_NOT_FOUND');
    expect(existsSync(typo)).toBe(false);
    expect(existsSync(`${typo}-wal`)).toBe(false);
  });

  it('a misspelled --log, the wrong --kind and an empty --json export exit 6; a missing --json file too', async () => {
    const db = await ledgerFile('named.db');
    expect(cli(['ledger', 'verify', '--sqlite', db]).code).toBe(0);
    const log = cli(['ledger', 'verify', '--sqlite', db, '--log', 'consnet']);
    expect(log.code).toBe(6);
    expect(log.stderr).toContain('LOG_EMPTY');
    expect(cli(['ledger', 'verify', '--sqlite', db, '--kind', 'audit']).code).toBe(6);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '[]');
    expect(cli(['ledger', 'verify', '--json', empty]).code).toBe(6);
    expect(cli(['ledger', 'verify', '--json', join(dir, 'nope.json')]).code).toBe(6);
  });

  it('verify changes no byte of the store file (the old one switched the journal mode and left -wal/-shm)', async () => {
    const db = await ledgerFile('bytes.db');
    const before = hashes(db);
    expect(Object.keys(before)).toEqual(['bytes.db']);
    const r = cli(['ledger', 'verify', '--sqlite', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('4 record(s) intact');
    expect(hashes(db)).toEqual(before);
  });

  it('S5.5: a row rewritten with a duplicate "data" key (json_extract reads the forged one) exits 3 at that record', async () => {
    const db = await ledgerFile('dup.db');
    const raw = new Database(db);
    const row = raw.prepare<[], { value: string }>("SELECT value FROM custodia_logs WHERE log = 'consent' AND seq = 1").get()!;
    const rec = JSON.parse(row.value) as { data: Record<string, unknown> };
    const forged = `{"data":${JSON.stringify({ ...rec.data, event: 'given' })},${row.value.slice(1)}`;
    raw.prepare("UPDATE custodia_logs SET value = ? WHERE log = 'consent' AND seq = 1").run(forged);
    expect(raw.prepare<[], { e: string }>("SELECT json_extract(value, '$.data.event') AS e FROM custodia_logs WHERE seq = 1").get()!.e).toBe('given');
    raw.close();
    const r = cli(['ledger', 'verify', '--sqlite', db]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('broken at record 1');
    expect(r.stderr).toContain('NON_CANONICAL');
  });

  it('S5.2: --kind audit checks the data-set register too', async () => {
    const db = join(dir, 'audit.db');
    const { sqliteStore } = await dist<typeof Sqlite>('store/sqlite');
    const { createAuditLog } = await dist<typeof Audit>('audit');
    const store = sqliteStore({ path: db });
    await createAuditLog({ store }).registerDataSet({
      id: 'crm-members', name: 'members', location: 'db://crm/members', categories: ['contact.mobile'], purposes: ['membership'],
      responsible: { name: 'owner', role: 'data owner', contact: 'owner@example.cn' }, encrypted: true, registeredBy: 'ops', registeredAt: '2026-01-01T00:00:00Z',
    });
    await store.close();
    expect(cli(['ledger', 'verify', '--sqlite', db, '--kind', 'audit']).code).toBe(0);
    const raw = new Database(db);
    raw.prepare("UPDATE custodia_records SET value = replace(value, 'owner@example.cn', 'x@example.cn') WHERE ns = 'audit.datasets'").run();
    raw.close();
    const r = cli(['ledger', 'verify', '--sqlite', db, '--kind', 'audit']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('DATASET_MISMATCH');
  });
});
