// Crypto-shredding against a forensic read of PostgreSQL's data files: after forgetSubject the
// dead row versions still hold the subject's wrapped key and ciphertexts in the heap; after the
// documented step (purgeFreedBytes = VACUUM (FULL) of the records table) no file of the database
// lets the live key ring recover the subject.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresStore } from '../../src/store/postgres/index.js';
import { createVault, KeyRing } from '../../src/tokenize/index.js';
import { usePostgres } from '../pg/use.js';
import { occurrences, recoverSubject } from './_forensic.js';

const pgEnv = usePostgres({ adminConnections: 1 });

/** Every file of the database's directory (heap, TOAST, indexes, free space and visibility maps). */
async function databaseFiles(): Promise<Buffer[]> {
  await pgEnv.admin.query('CHECKPOINT'); // shared buffers written to the files
  const { rows } = await pgEnv.admin.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = current_database()');
  const dir = join(pgEnv.server.dataDir, 'base', String(rows[0]!.oid));
  return readdirSync(dir).map((f) => join(dir, f)).filter((p) => statSync(p).isFile()).map((p) => readFileSync(p));
}

describe('S7 forensic shredding on PostgreSQL', () => {
  it('S7: dead tuples keep the subject until VACUUM (FULL); after purgeFreedBytes no data file gives it back', async () => {
    const ring = KeyRing.generate();
    const store = await postgresStore({ connectionString: pgEnv.server.url, schema: 'shred' });
    const vault = createVault({ keyring: ring, store });
    const A = { phone: '13812345678', name: '张三丰' };
    const tokens: string[] = [];
    for (const [f, v] of Object.entries(A)) tokens.push(await vault.tokenize(f, v, { subject: 'u_A' }));
    await vault.tokenize('phone', '13900001111', { subject: 'u_B' });
    const recs = await Promise.all(tokens.map(async (t) => JSON.parse((await store.get('custodia.vault.tokens', t))!.value) as { c: string; s: string }));
    const secrets = [(JSON.parse((await store.get('custodia.vault.subjects', recs[0]!.s))!.value) as { w: string }).w, ...recs.map((r) => r.c)];
    const attack = async (subject: string) => {
      const files = await databaseFiles();
      return recoverSubject(ring, subject, files, files, ['phone', 'name']);
    };
    expect(await attack('u_A')).toEqual(Object.values(A).sort());
    await vault.forgetSubject('u_A');
    // Forgotten for the API, not yet for the heap: the dead row versions are still there.
    expect(await attack('u_A')).toEqual(Object.values(A).sort());
    await store.purgeFreedBytes();
    expect(await attack('u_A')).toEqual([]);
    expect(occurrences(await databaseFiles(), secrets)).toEqual([]);
    expect(await attack('u_B')).toEqual(['13900001111']);
    await store.close();
  }, 120_000);
});
