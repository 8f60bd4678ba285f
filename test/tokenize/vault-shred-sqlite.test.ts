// Crypto-shredding that survives a forensic read of a SQLite vault: after the documented forget
// procedure (forgetSubject, then purgeFreedBytes) no byte of the db, -wal or -shm file lets the
// live key ring recover the subject; after rotateEpoch, neither do backups taken before the forget.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../src/store/sqlite/index.js';
import { createVault, KeyRing } from '../../src/tokenize/index.js';
import { rejects } from './_rejects.js';
import { occurrences, recoverSubject, sqliteFiles } from './_forensic.js';

const dir = mkdtempSync(join(tmpdir(), 'custodia-shred-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIELDS = ['phone', 'name', 'email'];
const A = { phone: '13812345678', name: '张三丰', email: 'zhang@example.cn' };
const B = { phone: '13900001111', name: '李四', email: 'li@example.cn' };

async function setup(tag: string) {
  const ring = KeyRing.generate();
  const path = join(dir, `${tag}.db`);
  const epochPath = join(dir, `${tag}-epochs.db`);
  const store = sqliteStore({ path });
  const epochStore = sqliteStore({ path: epochPath });
  const vault = createVault({ keyring: ring, store, epochStore });
  const tokens: Record<string, string> = {};
  for (const [f, v] of Object.entries(A)) tokens[f] = await vault.tokenize(f, v, { subject: 'u_A' });
  const bTokens: Record<string, string> = {};
  for (const [f, v] of Object.entries(B)) bTokens[f] = await vault.tokenize(f, v, { subject: 'u_B' });
  const attack = (subject: string, files = sqliteFiles(path)) => recoverSubject(ring, subject, files, sqliteFiles(epochPath), FIELDS);
  // u_A's secrets as stored: its wrapped data key and its value ciphertexts (read before the forget).
  const secretsOfA = async () => {
    const recs = await Promise.all(Object.values(tokens).map(async (t) => JSON.parse((await store.get('custodia.vault.tokens', t))!.value) as { c: string; s: string }));
    const subject = JSON.parse((await store.get('custodia.vault.subjects', recs[0]!.s))!.value) as { w: string };
    return [subject.w, ...recs.map((r) => r.c)];
  };
  return { secretsOfA, ring, path, epochPath, store, epochStore, vault, tokens, bTokens, attack };
}

describe('S7 / P9.2 forensic shredding on SQLite', () => {
  it('S7: before forget the raw files give the subject back (the attack works); after forgetSubject + purgeFreedBytes no byte does', async () => {
    const { store, epochStore, vault, tokens, attack, path, secretsOfA } = await setup('forget');
    expect(attack('u_A')).toEqual(Object.values(A).sort());
    const aSecrets = await secretsOfA();
    expect(occurrences(sqliteFiles(path), aSecrets)).toEqual(aSecrets);
    await vault.forgetSubject('u_A');
    expect(((await rejects(vault.detokenize(tokens.phone!))) as { code: string }).code).toBe('SUBJECT_FORGOTTEN');
    // The API says forgotten, yet the WAL still holds the wrapped key and the ciphertexts.
    expect(attack('u_A')).toEqual(Object.values(A).sort());
    await store.purgeFreedBytes();
    expect(attack('u_A')).toEqual([]);
    expect(occurrences(sqliteFiles(path), aSecrets)).toEqual([]);
    // More traffic after the purge changes nothing, and the attack still works on others.
    for (let i = 0; i < 20; i++) await vault.tokenize('phone', `1370000${String(i).padStart(4, '0')}`, { subject: 'u_C' });
    expect(attack('u_A')).toEqual([]);
    expect(occurrences(sqliteFiles(path), aSecrets)).toEqual([]);
    expect(attack('u_B')).toEqual(Object.values(B).sort());
    await store.close();
    await epochStore.close();
  }, 120_000);

  it('P9.4 / S7: a backup taken before the forget is readable until rotateEpoch destroys its epoch key, then no longer', async () => {
    const { ring, path, store, epochStore, vault, tokens, bTokens, attack } = await setup('backup');
    await store.purgeFreedBytes();
    const backup = join(dir, 'backup-copy.db');
    copyFileSync(path, backup);
    await vault.forgetSubject('u_A');
    await store.purgeFreedBytes();
    expect(attack('u_A')).toEqual([]);
    // The old backup still has u_A's wrapped key, and the live epoch key opens it.
    expect(attack('u_A', sqliteFiles(backup))).toEqual(Object.values(A).sort());
    expect(await vault.rotateEpoch()).toEqual({ epoch: '0000000002', rewrapped: 1, destroyed: 1 });
    await epochStore.purgeFreedBytes();
    await store.purgeFreedBytes();
    expect(attack('u_A', sqliteFiles(backup))).toEqual([]);
    // Restoring the backup: every subject key in it was wrapped under the destroyed epoch, so
    // u_A's tokens (and the backup's copy of u_B's) stay dark; the live store keeps u_B.
    const restored = sqliteStore({ path: backup });
    const fromBackup = createVault({ keyring: ring, store: restored, epochStore });
    expect(((await rejects(fromBackup.detokenize(tokens.phone!))) as { code: string }).code).toBe('KEY_DESTROYED');
    expect(((await rejects(fromBackup.detokenize(bTokens.phone!))) as { code: string }).code).toBe('KEY_DESTROYED');
    expect(await vault.detokenize(bTokens.phone!)).toBe(B.phone);
    await restored.close();
    await store.close();
    await epochStore.close();
  }, 120_000);
});
