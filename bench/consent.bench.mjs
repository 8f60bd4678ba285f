// custodia/consent ledger: appends/s and verify records/s on the memory and SQLite stores,
// against what users would otherwise write: a bare SQLite INSERT of the event (no chain, no
// validation) and a hand-rolled JSON.stringify + node:crypto SHA-256 chain.
// Imports the BUILT package (npm run bench builds it).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createLedger, defineNotice, noticeRef, verifyLedger } from '../dist/consent/index.js';
import { memoryStore } from '../dist/store/index.js';
import { sqliteStore } from '../dist/store/sqlite/index.js';
import { defineCatalog } from '../dist/catalog/index.js';
import { checkPurpose, definePurpose } from '../dist/purpose/index.js';

const dir = mkdtempSync(join(tmpdir(), 'custodia-bench-'));
let files = 0;
const file = () => join(dir, `b${files++}.db`);

const notice = defineNotice({
  id: 'member-privacy', version: '2024-06', controller: { name: '某百货', contact: 'privacy@example.cn' },
  purposes: [{ id: 'marketing', description: '促销信息推送', categories: ['contact.mobile'], retention: 'P1Y' }],
  categories: ['contact.mobile'], retention: 'P3Y', rights: ['query', 'correct', 'delete', 'withdraw'],
  channels: ['mini-program'], language: 'zh-CN', text: '……',
});
const EVIDENCE = createHash('sha256').update('ui').digest('hex');
const event = (i) => ({
  subject: `u_${i % 1000}`, event: i % 7 === 6 ? 'withdrawn' : 'given', purposes: ['marketing'], notice: noticeRef(notice),
  method: 'checkbox', channel: 'mini-program', collector: 'mp-signup', responsible: 'crm-owner', evidence: EVIDENCE,
  at: new Date(1_720_000_000_000 + i * 1000).toISOString(),
});
const KEY = new Uint8Array(32).fill(9);

// Rates are the best of several chunks: on a shared machine other processes only ever slow a chunk down.
const CHUNKS = 8;
async function appendRate(make, n) {
  const { ledger, close } = make();
  await ledger.append(event(0));
  let best = 0;
  const per = Math.ceil(n / CHUNKS);
  for (let c = 0, i = 1; c < CHUNKS; c++) {
    const t = performance.now();
    for (let k = 0; k < per; k++, i++) await ledger.append(event(i));
    best = Math.max(best, (per / (performance.now() - t)) * 1000);
  }
  const records = await ledger.export();
  await close?.();
  return { rate: best, records };
}

function verifyRate(records, opts = {}) {
  verifyLedger(records, opts);
  let best = 0;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    const r = verifyLedger(records, opts);
    if (!r.ok) throw new Error('bench ledger does not verify');
    best = Math.max(best, (records.length / (performance.now() - t)) * 1000);
  }
  return best;
}

// Baseline 1: what a hand-rolled chain does (JSON.stringify, node:crypto), in memory.
function naiveChain(n) {
  const log = [];
  let prev = '0'.repeat(64);
  let best = 0;
  const per = Math.ceil(n / CHUNKS);
  for (let c = 0, i = 1; c < CHUNKS; c++) {
    const t = performance.now();
    for (let k = 0; k < per; k++, i++) {
      const body = JSON.stringify({ seq: i, prev, data: event(i) });
      prev = createHash('sha256').update(body).digest('hex');
      log.push({ body, hash: prev });
    }
    best = Math.max(best, (per / (performance.now() - t)) * 1000);
  }
  return { rate: best, log };
}
function naiveVerify(log) {
  let best = 0;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    for (const r of log) if (createHash('sha256').update(r.body).digest('hex') !== r.hash) throw new Error('bad');
    best = Math.max(best, (log.length / (performance.now() - t)) * 1000);
  }
  return best;
}
// Baseline 2: a bare SQLite INSERT of the event per call, same durability setting, no chain.
function rawSqlite(n, synchronous) {
  const db = new Database(file());
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE log (seq INTEGER PRIMARY KEY, value TEXT NOT NULL)');
  const ins = db.prepare('INSERT INTO log (seq, value) VALUES (?, ?)');
  let best = 0;
  const per = Math.ceil(n / CHUNKS);
  for (let c = 0, i = 1; c < CHUNKS; c++) {
    const t = performance.now();
    for (let k = 0; k < per; k++, i++) ins.run(i, JSON.stringify(event(i)));
    best = Math.max(best, (per / (performance.now() - t)) * 1000);
  }
  db.close();
  return best;
}

const N_MEM = 20_000;
const N_SQL = 3_000;
const rows = [];
const fmt = (x) => Math.round(x).toLocaleString('en-US');

const naive = naiveChain(N_MEM);
const mem256 = await appendRate(() => ({ ledger: createLedger({ store: memoryStore() }) }), N_MEM);
const memSm3 = await appendRate(() => ({ ledger: createLedger({ store: memoryStore(), hash: 'sm3' }) }), N_MEM);
const memHmac = await appendRate(() => ({ ledger: createLedger({ store: memoryStore(), key: KEY }) }), N_MEM);
rows.push(['append, memory store, sha256 chain', mem256.rate, naive.rate, 'hand-rolled JSON + node:crypto chain']);
rows.push(['append, memory store, sm3 chain', memSm3.rate, naive.rate, 'hand-rolled JSON + node:crypto chain']);
rows.push(['append, memory store, hmac-sha256 chain', memHmac.rate, naive.rate, 'hand-rolled JSON + node:crypto chain']);
for (const sync of ['NORMAL', 'FULL']) {
  const s = await appendRate(() => {
    const store = sqliteStore({ path: file(), synchronous: sync });
    return { ledger: createLedger({ store }), close: () => store.close() };
  }, N_SQL);
  rows.push([`append, SQLite store (WAL, synchronous=${sync}), sha256 chain`, s.rate, rawSqlite(N_SQL, sync), `bare better-sqlite3 INSERT, synchronous=${sync}`]);
}

const naiveV = naiveVerify(naive.log);
const vRows = [
  ['verifyLedger, sha256 chain', verifyRate(mem256.records), naiveV],
  ['verifyLedger, sm3 chain', verifyRate(memSm3.records), naiveV],
  ['verifyLedger, hmac-sha256 chain', verifyRate(memHmac.records, { key: KEY }), naiveV],
];
// verify by re-reading a SQLite store (what ledger.verify() does for a periodic check).
{
  const path = file();
  const store = sqliteStore({ path, synchronous: 'NORMAL' });
  const l = createLedger({ store });
  for (const r of mem256.records.slice(0, 5000)) await store.append('consent', JSON.stringify(r));
  const t = performance.now();
  const ok = await l.verify();
  if (!ok.ok) throw new Error('sqlite ledger does not verify');
  vRows.push(['ledger.verify() re-reading 5,000 records from SQLite', (5000 / (performance.now() - t)) * 1000, naiveV]);
  await store.close();
}
// verify by re-reading the memory store: parsing each stored text (strictly: it must round-trip) and the chain.
{
  const store = memoryStore();
  for (const r of mem256.records) await store.append('consent', JSON.stringify(r));
  const l = createLedger({ store });
  let best = 0;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    if (!(await l.verify()).ok) throw new Error('memory ledger does not verify');
    best = Math.max(best, (mem256.records.length / (performance.now() - t)) * 1000);
  }
  vRows.push([`ledger.verify() re-reading ${fmt(mem256.records.length)} records from the memory store (strict: text must round-trip, seq column checked)`, best, naiveV]);
  // The same read as before strict reading: JSON.parse only, then the chain. The difference is its cost.
  let lax = 0;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    const recs = [];
    for await (const e of store.read('consent')) recs.push(JSON.parse(e.value));
    if (!verifyLedger(recs).ok) throw new Error('memory ledger does not verify');
    lax = Math.max(lax, (recs.length / (performance.now() - t)) * 1000);
  }
  vRows.push([`same, lax reading as before (JSON.parse only)`, lax, naiveV]);
}

console.log(`| operation | custodia ops/s | baseline ops/s | custodia / baseline | baseline |\n|---|---:|---:|---:|---|`);
for (const [name, c, b, what] of rows) console.log(`| ${name} | ${fmt(c)} | ${fmt(b)} | ${(c / b).toFixed(2)} | ${what} |`);
console.log(`\n| verification | custodia records/s | hand-rolled node:crypto verify records/s | ratio |\n|---|---:|---:|---:|`);
for (const [name, c, b] of vRows) console.log(`| ${name} | ${fmt(c)} | ${fmt(b)} | ${(c / b).toFixed(2)} |`);

// Purpose checks: the hot path of every read.
const catalog = defineCatalog({ fields: { phone: { category: 'contact.mobile' }, name: { category: 'identity.name' } } });
const marketing = definePurpose({ id: 'marketing', basis: 'consent', marketing: true, categories: ['contact.mobile'] });
const ledger = createLedger({ store: memoryStore() });
await ledger.append(event(1));
const state = await ledger.stateOf('u_1');
const now = new Date('2025-01-01T00:00:00Z');
let n = 0;
const t = performance.now();
while (performance.now() - t < 300) {
  for (let i = 0; i < 1000; i++) checkPurpose({ purpose: marketing, fields: ['phone', 'name'], subjectState: state, catalog, now, notice });
  n += 1000;
}
console.log(`\n| decision | ops/s |\n|---|---:|\n| checkPurpose (2 fields, notice check) | ${fmt((n / (performance.now() - t)) * 1000)} |`);
rmSync(dir, { recursive: true, force: true });
