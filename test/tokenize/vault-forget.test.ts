// forgetSubject deletes, not only shreds: after it the store holds nothing derived from the
// subject's values (index HMACs) and nothing linking tokens to the subject (token and member
// records), also after a crash half-way, a race with tokenize, or data of the previous layout.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toBase64 } from '../../src/bytes/index.js';
import { isCustodiaError } from '../../src/errors/index.js';
import { hmac } from '../../src/hash/index.js';
import { memoryStore, type Store } from '../../src/store/index.js';
import { KeyRing, createVault, type Vault } from '../../src/tokenize/index.js';
import { createVault as createLayout1Vault } from './_vault-layout1.js';
import { rejects } from './_rejects.js';
import { CN_MOBILE } from '../../src/normalize/_phone.generated.js';

const NS = 'custodia.vault';
const b64 = (b: Uint8Array) => toBase64(b, true);

/** A store that remembers every namespace written, so a test can scan all of them. */
function recording(inner: Store): Store & { all(): Promise<{ ns: string; key: string; value: string }[]> } {
  const seen = new Set<string>();
  return {
    ...inner,
    put: (ns, key, value, o) => (seen.add(ns), inner.put(ns, key, value, o)),
    async all() {
      const out: { ns: string; key: string; value: string }[] = [];
      for (const ns of [...seen].sort()) for await (const r of inner.scan(ns)) out.push({ ns, key: r.key, value: r.value });
      return out;
    },
  };
}

/** Throws on the `n`th put or delete once armed (a process dying between two writes). */
function crashing(inner: Store) {
  let left = Infinity;
  const hit = () => {
    if (--left === 0) throw new Error('simulated crash');
  };
  const store: Store = {
    ...inner,
    put: async (ns, key, value, o) => (hit(), inner.put(ns, key, value, o)),
    delete: async (ns, key, o) => (hit(), inner.delete(ns, key, o)),
  };
  return { store, arm: (n: number) => (left = n), disarm: () => (left = Infinity) };
}

/** What tokenize derives, recomputed here from the documented construction (not from _vault.ts). */
function guesses(ring: KeyRing, subject: string, field: string, value: string, maxGen: number): { ref: string; gen: number; hash: string }[] {
  const live = ring.list().filter((x) => x.status !== 'destroyed');
  const refs = live.map((k) => b64(hmac('sha256', ring._subkey(k.id, ['vault-subject', 'default']), subject)).slice(0, 32));
  const out: { ref: string; gen: number; hash: string }[] = [];
  for (const k of live)
    for (const ref of refs)
      for (let gen = 0; gen <= maxGen; gen++)
        out.push({ ref, gen, hash: b64(hmac('sha256', ring._subkey(k.id, ['vault-index', 'default', field]), `${ref}\u0000${gen}\u0000${field}\u0000${value}`)) });
  return out;
}

/** How many of the subject's index entries a holder of the key ring finds for a guessed value. */
async function guessHits(store: Store, ring: KeyRing, subject: string, field: string, value: string): Promise<number> {
  let n = 0;
  const keys: string[] = [];
  for await (const r of store.scan(`${NS}.index`)) keys.push(r.key);
  for (const g of guesses(ring, subject, field, value, 4)) {
    if (await store.get(`${NS}.index`, g.hash)) n++; // layout 1
    if (await store.get(`${NS}.index`, `${g.ref}.${g.gen}.${g.hash}`)) n++; // layout 2
    n += keys.filter((k) => k.includes(g.hash)).length; // any other spelling
  }
  return n;
}

const phone = fc.stringMatching(new RegExp(`^(?:${CN_MOBILE})$`));
const isForgotten = async (vault: Vault, t: string) => isCustodiaError(await rejects(vault.detokenize(t)), 'SUBJECT_FORGOTTEN');

describe('vault forgetSubject removes the subject from the store', () => {
  it('P9.2 / S7: after forgetSubject no record in any namespace holds the subject\'s tokens or index HMACs, and a guessed value matches nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(phone, { minLength: 1, maxLength: 5 }), fc.array(phone, { maxLength: 3 }), fc.boolean(), async (mine, theirs, rotate) => {
        const ring = KeyRing.generate();
        const store = recording(memoryStore());
        const vault = createVault({ keyring: ring, store });
        const tokens: string[] = [];
        for (const [i, p] of mine.entries()) {
          if (rotate && i === 1) ring.rotate(); // index entries under two keys
          tokens.push(await vault.tokenize('phone', p, { subject: 'alice' }));
        }
        tokens.push(await vault.tokenize('id_card', '11010519491231002X', { subject: 'alice', ttlMs: 60_000 }));
        const other = await Promise.all(theirs.map((p) => vault.tokenize('phone', p, { subject: 'bob' })));
        const hashes = (await store.all()).filter((r) => r.ns === `${NS}.index` && tokens.includes(r.value)).map((r) => r.key.split('.').pop()!);
        expect(hashes.length).toBe(tokens.length);
        for (const p of mine) expect(await guessHits(store, ring, 'alice', 'phone', p)).toBeGreaterThan(0); // the attack works before

        await vault.forgetSubject('alice');

        const all = await store.all();
        for (const r of all) for (const x of [...tokens, ...hashes]) expect(r.key + '\n' + r.value).not.toContain(x);
        for (const p of mine) expect(await guessHits(store, ring, 'alice', 'phone', p)).toBe(0);
        expect(await guessHits(store, ring, 'alice', 'id_card', '11010519491231002X')).toBe(0);
        // What is left of alice: her tombstone (no data key) only.
        const ref = b64(hmac('sha256', ring._subkey(ring.list()[0]!.id, ['vault-subject', 'default']), 'alice')).slice(0, 32);
        expect(all.filter((r) => (r.key + r.value).includes(ref)).map((r) => r.ns)).toEqual([`${NS}.subjects`]);
        expect(JSON.parse(all.find((r) => r.key === ref)!.value)).not.toHaveProperty('w');
        for (const t of tokens) expect(await isForgotten(vault, t)).toBe(true);
        for (const [i, t] of other.entries()) expect(await vault.detokenize(t)).toBe(theirs[i]);
        // The same value for a new subject, or for alice coming back, gets a fresh token.
        const carol = await vault.tokenize('phone', mine[0]!, { subject: 'carol' });
        const back = await vault.tokenize('phone', mine[0]!, { subject: 'alice' });
        for (const t of [carol, back]) {
          expect(tokens).not.toContain(t);
          expect(other).not.toContain(t);
          expect(await vault.detokenize(t)).toBe(mine[0]);
        }
        expect(carol).not.toBe(back);
        expect(await vault.tokenize('phone', mine[0]!, { subject: 'alice' })).toBe(back);
      }),
      { numRuns: 25 },
    );
  });

  it('S7: a forgotten token keeps answering SUBJECT_FORGOTTEN (not INVALID_TOKEN) after its record is deleted, with no value or subject in the error', async () => {
    const vault = createVault({ keyring: KeyRing.generate(), fields: { phone: { normalize: 'mobile' } } });
    const t = await vault.tokenize('phone', '13812345678', { subject: 'cust-42' });
    await vault.forgetSubject('cust-42');
    const e = (await rejects(vault.detokenize(t))) as Error & { code: string };
    expect(e.code).toBe('SUBJECT_FORGOTTEN');
    expect(e.message + JSON.stringify(e)).not.toMatch(/13812345678|cust-42/);
    expect(isCustodiaError(await rejects(vault.detokenize('vt_' + 'A'.repeat(24))), 'INVALID_TOKEN')).toBe(true);
  });

  it('S7: forgetSubject twice, or of a subject never seen, is fine and changes nothing more', async () => {
    const store = recording(memoryStore());
    const vault = createVault({ keyring: KeyRing.generate(), store });
    const t = await vault.tokenize('phone', '13812345678', { subject: 'alice' });
    const b = await vault.tokenize('phone', '13812345678', { subject: 'bob' });
    await vault.forgetSubject('alice');
    const after = JSON.stringify(await store.all());
    await vault.forgetSubject('alice');
    expect(JSON.stringify(await store.all())).toBe(after);
    await vault.forgetSubject('nobody');
    expect(await isForgotten(vault, t)).toBe(true);
    expect(await vault.detokenize(b)).toBe('13812345678');
  });

  it('P9.2 / S7: a forgetSubject that crashes part-way leaves every value unrecoverable, and calling it again completes the deletion', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.uniqueArray(phone, { minLength: 1, maxLength: 4 }), fc.boolean(), async (n, mine, layout1) => {
        const ring = KeyRing.generate();
        const mem = recording(memoryStore());
        const c = crashing(mem);
        const vault = createVault({ keyring: ring, store: c.store });
        const writer = layout1 ? createLayout1Vault({ keyring: ring, store: c.store }) : vault;
        const tokens = [];
        for (const p of mine) tokens.push(await writer.tokenize('phone', p, { subject: 'alice' }));
        const bob = await writer.tokenize('phone', mine[0]!, { subject: 'bob' });
        c.arm(n);
        const crashed = await vault.forgetSubject('alice').then(
          () => false,
          (e: Error) => (expect(e.message).toBe('simulated crash'), true),
        );
        c.disarm();
        if (crashed && n === 1) {
          // The very first write is the tombstone: nothing was forgotten, and the caller was told.
          expect(await vault.detokenize(tokens[0]!)).toBe(mine[0]);
        } else for (const t of tokens) expect(await isForgotten(vault, t)).toBe(true);
        await vault.forgetSubject('alice');
        const all = await mem.all();
        for (const r of all) for (const t of tokens) expect(r.key + '\n' + r.value).not.toContain(t);
        for (const p of mine) expect(await guessHits(mem, ring, 'alice', 'phone', p)).toBe(0);
        for (const t of tokens) expect(await isForgotten(vault, t)).toBe(true);
        expect(await vault.detokenize(bob)).toBe(mine[0]);
      }),
      { numRuns: 60 },
    );
  });

  it('S7: tokenize racing forgetSubject leaves no record of the forgotten generation and every token listed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(fc.constantFrom('13812345678', '13900000000', '13511112222'), { minLength: 1, maxLength: 5 }), async (s, values) => {
        const mem = recording(memoryStore());
        const sched = <T>(f: () => Promise<T>) => s.schedule(Promise.resolve()).then(f);
        const store: Store = {
          ...mem,
          get: (ns, k) => sched(() => mem.get(ns, k)),
          put: (ns, k, v, o) => sched(() => mem.put(ns, k, v, o)),
          delete: (ns, k, o) => sched(() => mem.delete(ns, k, o)),
          async *scan(ns, o) {
            await s.schedule(Promise.resolve());
            yield* mem.scan(ns, o);
          },
        };
        const ring = KeyRing.generate();
        const vault = createVault({ keyring: ring, store });
        const first = await s.waitFor(vault.tokenize('phone', values[0]!, { subject: 'alice' }));
        const results = await s.waitFor(Promise.all([...values.map((v) => vault.tokenize('phone', v, { subject: 'alice' })), vault.forgetSubject('alice').then(() => '')]));
        const all = await mem.all();
        const subj = all.filter((r) => r.ns === `${NS}.subjects`);
        expect(subj.length).toBe(1);
        const rec = JSON.parse(subj[0]!.value) as { gen: number; forgotten?: boolean };
        const liveGen = rec.forgotten ? -1 : rec.gen;
        // Only records of the live generation (alice tokenized again after the forget) remain.
        for (const r of all.filter((x) => [`${NS}.index`, `${NS}.members`].includes(x.ns))) expect(Number(r.key.split('.')[1])).toBe(liveGen);
        const tokenRecs = all.filter((r) => r.ns === `${NS}.tokens`);
        for (const r of tokenRecs) expect((JSON.parse(r.value) as { g: number }).g).toBe(liveGen);
        const members = new Set(all.filter((r) => r.ns === `${NS}.members`).map((r) => r.key.split('.')[2]));
        for (const r of tokenRecs) expect(members.has(r.key)).toBe(true);
        expect(await s.waitFor(isForgotten(vault, first))).toBe(true);
        for (const [i, t] of results.slice(0, -1).entries()) {
          const got = await s.waitFor(vault.detokenize(t).catch((e: { code: string }) => e.code));
          expect([values[i], 'SUBJECT_FORGOTTEN']).toContain(got);
          if (tokenRecs.some((r) => r.key === t)) expect(got).toBe(values[i]);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('S7: a subject who comes back while a forget is still deleting keeps the new token, and the old ones go', async () => {
    const mem = recording(memoryStore());
    let onScan: (() => Promise<void>) | undefined;
    const store: Store = {
      ...mem,
      async *scan(ns, o) {
        const f = onScan;
        onScan = undefined;
        if (f && ns === `${NS}.members`) await f(); // after the tombstone, before the listing
        yield* mem.scan(ns, o);
      },
    };
    const vault = createVault({ keyring: KeyRing.generate(), store });
    const old = await vault.tokenize('phone', '13812345678', { subject: 'alice' });
    let back = '';
    onScan = async () => {
      back = await vault.tokenize('phone', '13812345678', { subject: 'alice' });
    };
    await vault.forgetSubject('alice');
    expect(back).not.toBe(old);
    expect(await vault.detokenize(back)).toBe('13812345678');
    expect(await vault.tokenize('phone', '13812345678', { subject: 'alice' })).toBe(back);
    expect(await isForgotten(vault, old)).toBe(true);
    for (const r of await mem.all()) expect(r.key + '\n' + r.value).not.toContain(old);
  });

  it('S7: data of the previous layout still detokenizes, stays idempotent, and forgetSubject removes it too', async () => {
    const ring = KeyRing.generate();
    const store = recording(memoryStore());
    const old = createLayout1Vault({ keyring: ring, store, fields: { phone: { normalize: 'mobile' } } });
    const a1 = await old.tokenize('phone', '13812345678', { subject: 'alice' });
    const b1 = await old.tokenize('phone', '13812345678', { subject: 'bob' });
    const oldHashes = (await store.all()).filter((r) => r.ns === `${NS}.index` && r.value === a1).map((r) => r.key);
    const vault = createVault({ keyring: ring, store, fields: { phone: { normalize: 'mobile' } } });
    expect(await vault.detokenize(a1)).toBe('13812345678');
    expect(await vault.tokenize('phone', '+86 138 1234 5678', { subject: 'alice' })).toBe(a1);
    const a2 = await vault.tokenize('phone', '13900000000', { subject: 'alice' });
    ring.rotate();
    expect(await vault.tokenize('phone', '13812345678', { subject: 'alice' })).toBe(a1);
    await vault.forgetSubject('alice');
    for (const r of await store.all()) for (const x of [a1, a2, ...oldHashes]) expect(r.key + '\n' + r.value).not.toContain(x);
    expect(await guessHits(store, ring, 'alice', 'phone', '13812345678')).toBe(0);
    for (const t of [a1, a2]) expect(await isForgotten(vault, t)).toBe(true);
    expect(await vault.detokenize(b1)).toBe('13812345678');
    expect(await vault.tokenize('phone', '13812345678', { subject: 'bob' })).toBe(b1);
    // alice's tombstone is now marked layout 2: a second forget needs no scan of every token.
    let scans = 0;
    const counting = createVault({ keyring: ring, store: { ...store, scan: (ns, o) => (ns === `${NS}.tokens` && scans++, store.scan(ns, o)) } });
    await counting.forgetSubject('alice');
    expect(scans).toBe(0);
  });

  it('purgeExpired removes the token record, its index entry and its member entry', async () => {
    let now = 1_000_000;
    const store = recording(memoryStore());
    const vault = createVault({ keyring: KeyRing.generate(), store, ttlMs: 1000, now: () => now });
    const t = await vault.tokenize('phone', '13812345678', { subject: 's' });
    now += 1000;
    expect(await vault.purgeExpired()).toBe(1);
    expect((await store.all()).filter((r) => r.ns !== `${NS}.subjects` && r.ns !== `${NS}.epochs`)).toEqual([]);
    expect(isCustodiaError(await rejects(vault.detokenize(t)), 'INVALID_TOKEN')).toBe(true);
  });
});
