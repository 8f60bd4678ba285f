// custodia keys / tokenize / ledger verify through the real binary: passphrase-protected key
// files, pseudonyms and FPE tokens that the library reproduces, worker threads giving the same
// output as one thread, and a SQLite / JSON ledger whose tampering exits 3.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { built, cli, keyFileFixture, PASS, people, ROOT, writeFile } from './_run';
import type * as Consent from '../../src/consent/index';
import type * as Sqlite from '../../src/store/sqlite/index';
import type * as Tokenize from '../../src/tokenize/index';

let dir = '';
let keys = '';
beforeAll(() => {
  expect(built(), 'run npm run build first (dist/cli/index.js)').toBe(true);
  ({ dir, keys } = keyFileFixture());
});

const dist = async <T>(sub: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', sub, 'index.js')).href)) as T;

describe('custodia keys', () => {
  it('P9.1: writes a key file whose secrets are wrapped, never in the clear, and needs the passphrase', async () => {
    const json = readFileSync(keys, 'utf8');
    const doc = JSON.parse(json) as { wrap: { alg: string; kdf: { alg: string } } };
    expect(doc.wrap.alg).toBe('xchacha20poly1305');
    expect(doc.wrap.kdf.alg).toBe('argon2id');
    const { importKeyRing } = await dist<typeof Tokenize>('tokenize');
    await expect(importKeyRing(json, { passphrase: 'wrong passphrase!!' })).rejects.toThrow();
    const wrong = cli(['keys', 'list', keys], { env: { CUSTODIA_PASSPHRASE: 'wrong passphrase!!' } });
    expect(wrong.code).toBe(4);
    expect(cli(['keys', 'list', keys], { env: { CUSTODIA_PASSPHRASE: '' } }).code).toBe(4);
  });

  it('rotate makes a new primary and retires the old key; export re-wraps under a new passphrase', () => {
    const f = join(dir, 'rot.json');
    expect(cli(['keys', 'generate', f], { env: PASS }).code).toBe(0);
    expect(cli(['keys', 'generate', f], { env: PASS }).code).toBe(2);
    expect(cli(['keys', 'rotate', f], { env: PASS }).code).toBe(0);
    const list = cli(['keys', 'list', f], { env: PASS }).stdout.trim().split('\n');
    expect(list).toHaveLength(2);
    expect(list[0]).toMatch(/\tretired\t/);
    expect(list[1]).toMatch(/\tactive\tprimary\t/);
    const copy = join(dir, 'copy.json');
    const env = { ...PASS, NEW_PASS: 'another long passphrase' };
    expect(cli(['keys', 'export', f, copy, '--new-passphrase-env', 'NEW_PASS'], { env }).code).toBe(0);
    expect(cli(['keys', 'list', copy], { env: { CUSTODIA_PASSPHRASE: 'another long passphrase' } }).stdout.trim().split('\n')).toEqual(list);
    expect(cli(['keys', 'list', copy], { env: PASS }).code).toBe(4);
  });
});

describe('custodia tokenize', () => {
  it('S5.1: pseudonyms and FPE tokens are the ones the library makes with the same key ring', async () => {
    const ps = people(30, 7);
    const input = writeFile(dir, 'c.csv', `name,phone,id\n${ps.map((p) => `${p.name},${p.phone},${p.id}`).join('\n')}\n`);
    const r = cli(['tokenize', input, '--keys', keys, '-c', 'phone=pseudonym', '--normalize', 'phone=mobile', '-c', 'id=fpe:cn_resident_id', '--purpose', 'crm', '--workers', '0'], { env: PASS });
    expect(r.code, r.stderr).toBe(0);
    const { importKeyRing, createTokenizer } = await dist<typeof Tokenize>('tokenize');
    const ring = await importKeyRing(readFileSync(keys, 'utf8'), { passphrase: PASS.CUSTODIA_PASSPHRASE });
    const t = createTokenizer({ keyring: ring, purpose: 'crm', fields: { phone: { normalize: 'mobile' } } });
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('name,phone,id');
    lines.slice(1).forEach((l, i) => {
      const [name, phone, id] = l.split(',');
      expect(name).toBe(ps[i]!.name);
      expect(phone).toBe(t.pseudonym('phone', ps[i]!.phone));
      expect(id).toHaveLength(18);
      expect(t.reveal('id', id!, { format: 'cn_resident_id' })).toBe(ps[i]!.id);
    });
    expect(r.stdout).not.toContain(ps[0]!.phone);
  });

  it('worker threads give exactly the output of one thread, in input order', () => {
    const ps = people(9000, 3);
    const input = writeFile(dir, 'many.csv', `phone,id\n${ps.map((p) => `${p.phone},${p.id}`).join('\n')}\n`);
    const args = ['tokenize', input, '--keys', keys, '-c', 'phone=pseudonym', '-c', 'id=fpe:cn_resident_id', '-q'];
    const one = cli([...args, '--workers', '0'], { env: PASS });
    const three = cli([...args, '--workers', '3'], { env: PASS });
    expect(one.code, one.stderr).toBe(0);
    expect(three.code, three.stderr).toBe(0);
    expect(three.stdout.split('\n')).toHaveLength(9002);
    expect(three.stdout).toBe(one.stdout);
  });

  it('sealed columns open with the library; a bad value is named by row and field only', async () => {
    const input = 'phone,address\n13812345678,上海市徐汇区漕溪北路88号\nnot-a-phone,北京市\n';
    const r = cli(['tokenize', '--keys', keys, '-c', 'phone=fpe:cn_mobile', '-c', 'address=seal:sm4-gcm', '--on-error', 'skip', '--workers', '2', '--output-format', 'ndjson'], { input, env: PASS });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped row 2, field phone: FPE_INVALID_CHARACTER|skipped row 2, field phone: INVALID_/);
    expect(r.stderr).not.toMatch(/not-a-phone|北京/);
    const [row] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { phone: string; address: string });
    expect(row!.phone).toMatch(/^1\d{10}$/);
    const { importKeyRing, createTokenizer } = await dist<typeof Tokenize>('tokenize');
    const t = createTokenizer({ keyring: await importKeyRing(readFileSync(keys, 'utf8'), { passphrase: PASS.CUSTODIA_PASSPHRASE }) });
    expect(t.open('address', row!.address)).toBe('上海市徐汇区漕溪北路88号');
    expect(cli(['tokenize', '--keys', keys, '-c', 'phone=fpe:cn_mobile', '--workers', '0'], { input, env: PASS }).code).toBe(1);
  });
});

describe('custodia ledger verify', () => {
  it('S5.4: an intact SQLite ledger verifies (exit 0); an edited record fails with exit 3 naming the record', async () => {
    const db = join(dir, 'ledger.db');
    const { sqliteStore } = await dist<typeof Sqlite>('store/sqlite');
    const { createLedger } = await dist<typeof Consent>('consent');
    const store = sqliteStore({ path: db });
    const ledger = createLedger({ store, hash: 'sm3' });
    for (let i = 0; i < 5; i++)
      await ledger.append({ subject: `cust-${i}`, event: 'withdrawn', purposes: ['marketing'], method: 'unsubscribe', channel: 'app', collector: 'crm', responsible: 'dpo', at: '2026-01-01T00:00:00Z' });
    const exported = JSON.parse(JSON.stringify(await ledger.export())) as { data: { purposes: string[] } }[];
    await store.close();
    const ok = cli(['ledger', 'verify', '--sqlite', db]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('5 record(s) intact');
    const json = join(dir, 'ledger.json');
    writeFileSync(json, JSON.stringify(exported));
    expect(cli(['ledger', 'verify', '--json', json]).code).toBe(0);
    exported[2]!.data.purposes = ['analytics'];
    writeFileSync(json, JSON.stringify(exported));
    const bad = cli(['ledger', 'verify', '--json', json]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('broken at record 2');
    writeFileSync(json, JSON.stringify(exported.slice(0, 1).concat(exported.slice(2))));
    expect(cli(['ledger', 'verify', '--json', json]).code).toBe(3);
  });
});
