/* global crypto, document, TextEncoder, window */
// Browser-side checks, run by test/browser/browser.test.ts in Chromium against dist/: standard
// hash vectors on the js and wasm backends, display masks, the consent ledger on IndexedDB
// (verify, then tamper and verify again) and the store conformance suite on IndexedDB.
// Results go to window.__checks as { name, ok, error } rows.
import { toHex, utf8Encode } from 'custodia';
import { createLedger, defineNotice, noticeRef, verifyLedger } from 'custodia/consent';
import { getBackend, hmac, initWasm, setBackend, sha256, sm3 } from 'custodia/hash';
import { mask } from 'custodia/mask';
import { createMerkleLog } from 'custodia/merkle';
import { deleteIndexedDbStore, indexedDbStore } from 'custodia/store/indexeddb';
import { describeStoreConformance } from 'custodia/store/testing';

const results = [];
const tests = [];
const it = (name, fn) => tests.push({ name, fn });
const eq = (a, b) => {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => eq(a[k], b[k]));
};
const show = (v) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 80)}…` : JSON.stringify(v));
const expect = (v) => ({
  toBe: (w) => {
    if (!Object.is(v, w)) throw new Error(`expected ${show(w)}, got ${show(v)}`);
  },
  toEqual: (w) => {
    if (!eq(v, w)) throw new Error(`expected ${show(w)} (deep), got ${show(v)}`);
  },
});

// FIPS 180-4 / NIST CSRC examples (SHA-256), GB/T 32905-2016 appendix A (SM3), RFC 4231 test case 2 (HMAC-SHA256).
const VECTORS = [
  ['sha256 "abc"', () => toHex(sha256('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['sha256 448-bit', () => toHex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ['sha256 1,000,000 "a"', () => toHex(sha256('a'.repeat(1_000_000))), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ['sm3 "abc"', () => toHex(sm3('abc')), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
  ['sm3 "abcd"x16', () => toHex(sm3('abcd'.repeat(16))), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
  ['hmac-sha256 RFC 4231 #2', () => toHex(hmac('sha256', utf8Encode('Jefe'), 'what do ya want for nothing?')), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
];

for (const backend of ['js', 'wasm'])
  for (const [name, f, want] of VECTORS)
    it(`hash ${backend}: ${name}`, async () => {
      if (backend === 'wasm') await initWasm();
      setBackend(backend);
      expect(getBackend()).toBe(backend);
      expect(f()).toBe(want);
      setBackend('auto');
    });

it('mask: phone, name, resident ID', async () => {
  expect(mask.phone('13812345678')).toBe('138****5678');
  expect(mask.name('欧阳娜娜')).toBe('欧阳**');
  expect(mask.idCard('11010519491231002X')).toBe('110***********002X');
});

const notice = defineNotice({
  id: 'checks', version: '1', controller: { name: '示例', contact: 'privacy@example.cn' },
  purposes: [{ id: 'marketing', description: '营销', categories: ['contact.mobile'] }],
  categories: ['contact.mobile'], retention: 'P1Y', rights: ['query', 'correct', 'delete', 'withdraw'],
  channels: ['website'], language: 'zh-CN', text: '告知',
});
const event = (subject, type) => ({
  subject, event: type, purposes: ['marketing'], notice: noticeRef(notice), method: 'checkbox', channel: 'website',
  collector: 'checks', responsible: 'dpo', evidence: toHex(sha256(type)), at: '2026-01-01T00:00:00+08:00',
});

it('S5.5: consent ledger on IndexedDB verifies, and a record edited in IndexedDB is caught', async () => {
  await deleteIndexedDbStore('checks-ledger');
  const store = await indexedDbStore({ name: 'checks-ledger' });
  const ledger = createLedger({ store, hash: 'sm3' });
  await ledger.append(event('u_1', 'given'));
  await ledger.append(event('u_2', 'given'));
  await ledger.append(event('u_1', 'withdrawn'));
  expect((await ledger.stateOf('u_1')).purposes.marketing.status).toBe('withdrawn');
  expect(await ledger.verify()).toEqual({ ok: true });
  const records = await ledger.export();
  expect(verifyLedger(records)).toEqual({ ok: true });
  // Someone with access to the device rewrites record 1 in IndexedDB.
  const raw = await store.db.get('logs', ['consent', 1]);
  const r = JSON.parse(raw.value);
  r.data.event = 'refused';
  await store.db.put('logs', { ...raw, value: JSON.stringify(r) });
  const v = await ledger.verify();
  expect(v.ok).toBe(false);
  expect(v.index).toBe(1);
  await store.close();
  await deleteIndexedDbStore('checks-ledger');
});

// The database's three object stores as IndexedDB holds them, read past the store's own code.
const rawContents = async (store) => JSON.stringify(await Promise.all(['records', 'logs', 'heads'].map((os) => store.db.getAll(os))));
const errorOf = (p) => p.then(() => undefined, (e) => e);

it('IndexedDB: a refused or failed appendManyAndPut leaves neither its entries nor its records in the database', async () => {
  await deleteIndexedDbStore('checks-batch');
  const store = await indexedDbStore({ name: 'checks-batch' });
  expect(await store.appendManyAndPut('log', ['e0', 'e1'], 'ns', [{ key: 'head', value: 'h1', ifVersion: 0 }], { ifLength: 0 })).toBe(0);
  const before = await rawContents(store);
  // ifLength holds, the second record's ifVersion does not: refused after the checks that passed.
  const refused = await errorOf(store.appendManyAndPut('log', ['e2', 'e3'], 'ns', [{ key: 'tile', value: 't' }, { key: 'head', value: 'h2', ifVersion: 0 }], { ifLength: 2 }));
  expect([refused?.code, refused?.field, /ifVersion/.test(refused?.message), refused?.message.includes('h2')]).toEqual(['STORE_CONFLICT', 'ns', true, false]);
  expect(await rawContents(store)).toBe(before);
  const stale = await errorOf(store.appendManyAndPut('log', ['e2'], 'ns', [{ key: 'head', value: 'h2', ifVersion: 1 }], { ifLength: 1 }));
  expect([stale?.code, stale?.field, /ifLength/.test(stale?.message)]).toEqual(['STORE_CONFLICT', 'log', true]);
  expect(await rawContents(store)).toBe(before);
  // All checks pass, but a row planted at seq 3 makes the second entry's add fail after the
  // records and entry 2 were written in the transaction: the abort takes them back.
  await store.db.put('logs', { log: 'log', seq: 3, value: 'planted' });
  const planted = await rawContents(store);
  const failed = await errorOf(store.appendManyAndPut('log', ['e2', 'e3'], 'ns', [{ key: 'tile', value: 't' }, { key: 'head', value: 'h2', ifVersion: 1 }], { ifLength: 2 }));
  expect([failed?.code, failed?.message]).toEqual(['STORE_UNAVAILABLE', 'indexeddb store: appendManyAndPut failed (ConstraintError)']);
  expect(await rawContents(store)).toBe(planted);
  await store.db.delete('logs', ['log', 3]);
  expect(await store.appendManyAndPut('log', ['e2', 'e3'], 'ns', [{ key: 'tile', value: 't' }, { key: 'head', value: 'h2', ifVersion: 1 }], { ifLength: 2 })).toBe(2);
  expect(await rawContents(store)).toBe(JSON.stringify([
    [{ ns: 'ns', key: 'head', value: 'h2', version: 2 }, { ns: 'ns', key: 'tile', value: 't', version: 1 }],
    ['e0', 'e1', 'e2', 'e3'].map((value, seq) => ({ log: 'log', seq, value })),
    [{ log: 'log', length: 4 }],
  ]));
  await store.close();
  await deleteIndexedDbStore('checks-batch');
});

it('merkle log on IndexedDB: each batch is one appendManyAndPut, and the root is RFC 9162\'s (WebCrypto SHA-256)', async () => {
  await deleteIndexedDbStore('checks-merkle');
  const store = await indexedDbStore({ name: 'checks-merkle' });
  const writes = ['put', 'delete', 'append', 'appendMany', 'putMany', 'appendManyAndPut'];
  const calls = [];
  const spied = new Proxy(store, {
    get: (t, k) => (writes.includes(k) ? (...a) => (calls.push(k), t[k](...a)) : t[k]),
  });
  const log = createMerkleLog({ store: spied, log: 'audit', hash: 'sha256' });
  expect(await log.appendMany(['a', 'b', 'c'])).toBe(0);
  expect(await log.append('d')).toBe(3);
  expect(calls).toEqual(['appendManyAndPut', 'appendManyAndPut']);
  // RFC 9162 2.1.1: leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right).
  const digest = async (...parts) => {
    const bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  };
  const leaf = (e) => digest(Uint8Array.of(0), new TextEncoder().encode(e));
  const node = async (l, r) => digest(Uint8Array.of(1), await l, await r);
  const root = await node(node(leaf('a'), leaf('b')), node(leaf('c'), leaf('d')));
  const head = await log.treeHead();
  expect([head.size, toHex(head.root)]).toEqual([4, toHex(root)]);
  expect((await store.db.getAll('logs')).map((r) => r.value)).toEqual(['a', 'b', 'c', 'd']);
  await store.close();
  await deleteIndexedDbStore('checks-merkle');
});

let n = 0;
describeStoreConformance(
  {
    name: 'indexeddb (Chromium)',
    create: () => indexedDbStore({ name: `checks-conf-${++n}` }),
    destroy: (s) => deleteIndexedDbStore(s.name),
  },
  { describe: (_name, fn) => fn(), it: (name, fn) => it(`conformance: ${name}`, fn), expect },
);

// A test may skip itself through its context, as under vitest: such a row is not ok, it says why.
class Skip extends Error {}
const context = { skip: (note) => { throw new Skip(note); } };
for (const t of tests) {
  try {
    await t.fn(context);
    results.push({ name: t.name, ok: true });
  } catch (e) {
    if (e instanceof Skip) results.push({ name: t.name, ok: false, skipped: e.message });
    else results.push({ name: t.name, ok: false, error: `${e?.code ?? ''} ${e?.message ?? e}` });
  }
}
document.getElementById('out').textContent = results.map((r) => `${r.ok ? 'ok  ' : r.skipped ? 'SKIP' : 'FAIL'} ${r.name}${r.error ? `: ${r.error}` : ''}${r.skipped ? `: ${r.skipped}` : ''}`).join('\n');
window.__checks = results;
