// Scenario tests for clauses no module test names: backups protected like the original
// (policy 9.4) and confidentiality, integrity and availability together (T/CCAGM 4.1.4).
import { describe, expect, it } from 'vitest';
import { createLedger, verifyLedger } from '../../src/consent/index';
import { memoryStore, type Store } from '../../src/store/index';
import { createTokenizer, createVault, exportKeyRing, importKeyRing, KeyRing } from '../../src/tokenize/index';

const FAST = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/** A byte-for-byte backup of a store: every record of the namespaces and every log entry. */
async function backup(src: Store, ns: string[], logs: string[]): Promise<Store> {
  const dst = memoryStore();
  for (const n of ns) for await (const r of src.scan(n)) await dst.put(n, r.key, r.value);
  for (const l of logs) for await (const e of src.read(l)) await dst.append(l, e.value);
  return dst;
}

async function dump(s: Store, ns: string[]): Promise<string> {
  const parts: string[] = [];
  for (const n of ns) for await (const r of s.scan(n)) parts.push(r.key, r.value);
  return parts.join('\n');
}

describe('backups and security capability', () => {
  it('P9.4: a backup of the vault store and the key ring holds nothing in the clear, and restores only with the passphrase', async () => {
    const ring = KeyRing.generate();
    const store = memoryStore();
    const vault = createVault({ keyring: ring, store, fields: { phone: { normalize: 'mobile' } } });
    const token = await vault.tokenize('phone', '13812345678', { subject: 'cust-42' });
    const ringBackup = await exportKeyRing(ring, { passphrase: 'backup passphrase 2026', argon2: FAST });
    const namespaces = ['custodia.vault', 'custodia.vault.tokens', 'custodia.vault.index', 'custodia.vault.subjects', 'custodia.vault.members', 'custodia.vault.forgotten', 'custodia.vault.epochs'];
    const copy = await backup(store, namespaces, []);
    const text = (await dump(copy, namespaces)) + ringBackup;
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('5678');
    await expect(importKeyRing(ringBackup, { passphrase: 'a wrong passphrase!' })).rejects.toMatchObject({ code: expect.any(String) });
    const restored = createVault({ keyring: await importKeyRing(ringBackup, { passphrase: 'backup passphrase 2026' }), store: copy });
    expect(await restored.detokenize(token)).toBe('13812345678');
  });

  it('S4.1.4: confidentiality (sealed fields), integrity (a changed ledger record is caught) and availability (a restored key ring opens old data)', async () => {
    const ring = KeyRing.generate();
    const t = createTokenizer({ keyring: ring, purpose: 'crm' });
    const sealed = t.seal('address', '上海市徐汇区漕溪北路88号', { aad: 'cust-7' });
    expect(sealed).not.toContain('漕溪北路');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => t.open('address', tampered, { aad: 'cust-7' })).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));

    const store = memoryStore();
    const ledger = createLedger({ store, hash: 'sm3' });
    for (const s of ['c1', 'c2', 'c3'])
      await ledger.append({ subject: s, event: 'withdrawn', purposes: ['marketing'], method: 'unsubscribe', channel: 'app', collector: 'crm', responsible: 'dpo', at: '2026-01-01T00:00:00Z' });
    expect(await ledger.verify()).toEqual({ ok: true });
    const records = JSON.parse(JSON.stringify(await ledger.export())) as { data: { subject: string } }[];
    records[1]!.data.subject = 'c9';
    expect(verifyLedger(records)).toMatchObject({ ok: false, index: 1 });

    const again = createTokenizer({ keyring: await importKeyRing(await exportKeyRing(ring, { passphrase: 'restore drill passphrase', argon2: FAST }), { passphrase: 'restore drill passphrase' }), purpose: 'crm' });
    expect(again.open('address', sealed, { aad: 'cust-7' })).toBe('上海市徐汇区漕溪北路88号');
  });
});
