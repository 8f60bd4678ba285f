import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCustodiaError } from '../../src/errors/index.js';
import { memoryStore, type Store } from '../../src/store/index.js';
import { KeyRing, createVault } from '../../src/tokenize/index.js';
import { rejects } from './_rejects.js';
import { CN_MOBILE } from '../../src/normalize/_phone.generated.js';

async function dump(store: Store, ns: string): Promise<string> {
  let all = '';
  for (const n of ['tokens', 'index', 'subjects']) for await (const r of store.scan(`${ns}.${n}`)) all += r.key + '\n' + r.value + '\n';
  return all;
}

describe('vault', () => {
  it('S3.9: random tokens round-trip, idempotently per subject, and the store holds no value in the clear', async () => {
    const store = memoryStore();
    const vault = createVault({ keyring: KeyRing.generate(), store, fields: { phone: { normalize: 'mobile' } } });
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(new RegExp(`^(?:${CN_MOBILE})$`)), fc.constantFrom('c1', 'c2', 'c3'), async (p, subject) => {
        const tok = await vault.tokenize('phone', p, { subject });
        expect(tok).toMatch(/^vt_[A-Za-z0-9_-]{24}$/);
        expect(await vault.tokenize('phone', `+86 ${p}`, { subject })).toBe(tok);
        expect(await vault.detokenize(tok)).toBe(p);
        expect(await dump(store, 'custodia.vault')).not.toContain(p);
      }),
      { numRuns: 60 },
    );
    const a = await vault.tokenize('phone', '13812345678', { subject: 'c1' });
    const b = await vault.tokenize('phone', '13812345678', { subject: 'c2' });
    expect(a).not.toBe(b);
    expect(await vault.tokenize('name', '欧阳娜娜', { subject: 'c1' })).not.toBe(await vault.tokenize('name2', '欧阳娜娜', { subject: 'c1' }));
  });

  it('concurrent tokenize calls of one value agree on one token', async () => {
    const vault = createVault({ keyring: KeyRing.generate() });
    const toks = await Promise.all(Array.from({ length: 20 }, () => vault.tokenize('phone', '13812345678', { subject: 's' })));
    expect(new Set(toks).size).toBe(1);
    expect(await vault.detokenize(toks[0]!)).toBe('13812345678');
  });

  it('S7: forgetSubject crypto-shreds every token of that subject and no other', async () => {
    const store = memoryStore();
    const vault = createVault({ keyring: KeyRing.generate(), store });
    const mine = [await vault.tokenize('phone', '13812345678', { subject: 'alice' }), await vault.tokenize('id_card', '11010519491231002X', { subject: 'alice' })];
    const other = await vault.tokenize('phone', '13812345678', { subject: 'bob' });
    const before = await dump(store, 'custodia.vault');
    await vault.forgetSubject('alice');
    for (const t of mine) {
      const e = (await rejects(vault.detokenize(t))) as Error;
      expect(isCustodiaError(e, 'SUBJECT_FORGOTTEN')).toBe(true);
      expect(e.message).not.toContain('alice');
    }
    expect(await vault.detokenize(other)).toBe('13812345678');
    // Restoring a backup of the token records does not help: the data key is gone.
    expect(before).toContain(mine[0]!);
    // The subject may come back (new consent): a new data key and new tokens.
    const again = await vault.tokenize('phone', '13812345678', { subject: 'alice' });
    expect(mine).not.toContain(again);
    expect(await vault.detokenize(again)).toBe('13812345678');
    expect(isCustodiaError(await rejects(vault.detokenize(mine[0]!)), 'SUBJECT_FORGOTTEN')).toBe(true);
  });

  it('TTL: expired tokens fail with TOKEN_EXPIRED, are replaced on tokenize and purged', async () => {
    let now = 1_000_000;
    const vault = createVault({ keyring: KeyRing.generate(), ttlMs: 1000, now: () => now });
    const t1 = await vault.tokenize('phone', '13812345678', { subject: 's' });
    const t2 = await vault.tokenize('phone', '13900000000', { subject: 's', ttlMs: 10_000 });
    now += 999;
    expect(await vault.detokenize(t1)).toBe('13812345678');
    now += 1;
    expect(isCustodiaError(await rejects(vault.detokenize(t1)), 'TOKEN_EXPIRED')).toBe(true);
    const t3 = await vault.tokenize('phone', '13812345678', { subject: 's' });
    expect(t3).not.toBe(t1);
    expect(isCustodiaError(await rejects(vault.detokenize(t1)), 'INVALID_TOKEN')).toBe(true);
    now += 5000;
    expect(await vault.purgeExpired()).toBe(1);
    expect(await vault.detokenize(t2)).toBe('13900000000');
    expect(isCustodiaError(await rejects(vault.detokenize('vt_nope')), 'INVALID_TOKEN')).toBe(true);
  });

  it('rotation keeps tokens resolvable and idempotent; destroying the wrapping key shreds them', async () => {
    const ring = KeyRing.generate();
    const vault = createVault({ keyring: ring });
    const t = await vault.tokenize('phone', '13812345678', { subject: 's' });
    const old = ring.primary().id;
    ring.rotate();
    expect(await vault.detokenize(t)).toBe('13812345678');
    expect(await vault.tokenize('phone', '13812345678', { subject: 's' })).toBe(t);
    ring.destroy(old);
    expect(isCustodiaError(await rejects(vault.detokenize(t)), 'KEY_DESTROYED')).toBe(true);
  });

  it('P4.4: a modified store record fails with DECRYPT_FAILED, never returns another value', async () => {
    const store = memoryStore();
    const vault = createVault({ keyring: KeyRing.generate(), store });
    const a = await vault.tokenize('phone', '13812345678', { subject: 's' });
    const b = await vault.tokenize('phone', '13900000000', { subject: 's' });
    const ra = (await store.get('custodia.vault.tokens', a))!;
    const rb = (await store.get('custodia.vault.tokens', b))!;
    // swap the ciphertexts of two tokens: the AAD binds each to its token
    const ja = JSON.parse(ra.value) as { c: string };
    ja.c = (JSON.parse(rb.value) as { c: string }).c;
    await store.put('custodia.vault.tokens', a, JSON.stringify(ja));
    const e = (await rejects(vault.detokenize(a))) as Error;
    expect(isCustodiaError(e, 'DECRYPT_FAILED')).toBe(true);
    expect(e.message).not.toContain('1390000');
  });
});
