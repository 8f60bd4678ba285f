/* global document, window */
// Browser-side checks, run by test/browser/browser.test.ts in Chromium against dist/: standard
// hash vectors on the js and wasm backends, display masks, the consent ledger on IndexedDB
// (verify, then tamper and verify again) and the store conformance suite on IndexedDB.
// Results go to window.__checks as { name, ok, error } rows.
import { toHex, utf8Encode } from 'custodia';
import { createLedger, defineNotice, noticeRef, verifyLedger } from 'custodia/consent';
import { getBackend, hmac, initWasm, setBackend, sha256, sm3 } from 'custodia/hash';
import { mask } from 'custodia/mask';
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

let n = 0;
describeStoreConformance(
  {
    name: 'indexeddb (Chromium)',
    create: () => indexedDbStore({ name: `checks-conf-${++n}` }),
    destroy: (s) => deleteIndexedDbStore(s.name),
  },
  { describe: (_name, fn) => fn(), it: (name, fn) => it(`conformance: ${name}`, fn), expect },
);

for (const t of tests) {
  try {
    await t.fn();
    results.push({ name: t.name, ok: true });
  } catch (e) {
    results.push({ name: t.name, ok: false, error: `${e?.code ?? ''} ${e?.message ?? e}` });
  }
}
document.getElementById('out').textContent = results.map((r) => `${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.error ? `: ${r.error}` : ''}`).join('\n');
window.__checks = results;
