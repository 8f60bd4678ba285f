// custodia end to end, on embedded defaults only (a SQLite file in a temp dir, no server):
// a department store collects customers at the counter and in its mini-program, records consent,
// tokenizes and seals at collection, checks purposes, redacts reviews, publishes k-anonymous
// visit data and suppressed 客流 counts, plans retention and verifies its ledgers.
// Run: npm run demo   (builds dist/ first when it is missing)   Options: --customers N, --out DIR
// The SQLite file is kept in DIR (default: custodia-demo in the OS temp folder, emptied on each run)
// so the `custodia ledger verify` command printed at the end can be run on it afterwards.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAuditLog } from '../../dist/audit/index.js';
import { defineCatalog } from '../../dist/catalog/index.js';
import { createLedger, defineNotice, noticeRef, toConsentReceipt } from '../../dist/consent/index.js';
import { generateNoteKey, noteSigner } from '../../dist/merkle/index.js';
import { proveRecord, verifyConsentReceipt } from '../../dist/receipt/index.js';
import { redact, scan } from '../../dist/detect/index.js';
import { toHex, sha256 } from '../../dist/index.js';
import { anonymize, fromRows, intervals, suppressSmallCounts } from '../../dist/kanon/index.js';
import { mask } from '../../dist/mask/index.js';
import { checkPurpose, purposesOf } from '../../dist/purpose/index.js';
import { createSubjectData, planRetention } from '../../dist/retention/index.js';
import { buildReport, recordRelease } from '../../dist/report/index.js';
import { sqliteStore } from '../../dist/store/sqlite/index.js';
import { createTokenizer, KeyRing } from '../../dist/tokenize/index.js';
import { customers, reviews, rng } from './generate.mjs';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const N = Number(arg('--customers')) || 3000;
const NOW = new Date('2026-01-15T00:00:00Z');
const t0 = performance.now();
const step = (n, title) => console.log(`\n${n}. ${title}`);
const line = (s) => console.log(`   ${s}`);
const pct = (a, b) => `${((100 * a) / b).toFixed(1)}%`;

const dir = resolve(arg('--out') ?? join(tmpdir(), 'custodia-demo'));
rmSync(join(dir, 'custodia.db'), { force: true });
for (const ext of ['-wal', '-shm']) rmSync(join(dir, `custodia.db${ext}`), { force: true });
mkdirSync(dir, { recursive: true });
const store = sqliteStore({ path: join(dir, 'custodia.db'), synchronous: 'NORMAL' });
try {
  console.log(`custodia demo: ${N} synthetic customers of a Shanghai department store (SQLite in ${dir})`);

  step(1, 'Synthetic customers (seeded, reproducible)');
  const people = customers(N);
  const minors = people.filter((p) => p.age < 14);
  line(`${people.length} customers, ${minors.length} under 14, ${people.filter((p) => p.plate).length} with a car plate, ${people.reduce((s, p) => s + p.visits.length, 0)} store visits`);
  line(`e.g. ${mask.name(people[0].name)} ${mask.phone(people[0].mobile)} ${mask.idCard(people[0].id)} (masked for display)`);

  step(2, 'Privacy notice shown before collection (policy art. 8(1))');
  const notice = defineNotice({
    id: 'member-privacy',
    version: '2026-01',
    controller: { name: '示例百货股份有限公司', contact: 'privacy@example.cn' },
    purposes: [
      { id: 'orders', description: '订单履行与会员服务', basis: 'contract', categories: ['identity.name', 'contact.mobile', 'transaction'] },
      { id: 'marketing', description: '促销短信推送', categories: ['contact.mobile', 'transaction.history'], retention: 'P1Y' },
      { id: 'analytics', description: '客流分析', categories: ['behaviour', 'trafficFlow'], retention: 'P2Y' },
    ],
    categories: ['identity.name', 'contact.mobile', 'transaction', 'behaviour', 'trafficFlow'],
    retention: 'P3Y',
    rights: ['query', 'correct', 'delete', 'withdraw'],
    channels: ['mini-program', 'store-counter'],
    language: 'zh-CN',
    text: '我们收集您的姓名、手机号码和消费记录，用于订单履行；经您同意，用于促销推送与客流分析。您可随时查询、更正、删除或撤回同意。',
  });
  line(`notice ${notice.id} v${notice.version}, ${notice.purposes.length} purposes, hash ${notice.hash.slice(0, 16)}…`);
  line(`  「${notice.text}」`);
  for (const p of notice.purposes) line(`  ${p.id}: ${p.description} (${p.basis ?? 'consent'}${p.retention ? `, kept ${p.retention}` : ''})`);

  step(3, 'Tokenize and seal at collection (T/CCAGM 5.1, policy art. 9.1)');
  const ring = KeyRing.generate();
  const tok = createTokenizer({ keyring: ring, purpose: 'crm', hash: 'sm3', fields: { mobile: { normalize: 'mobile' } } });
  const subjects = tok.pseudonyms('mobile', people.map((p) => p.mobile));
  const vault = people.map((p, i) => ({ subject: subjects[i], name: tok.seal('name', p.name, { aad: subjects[i] }), id: tok.seal('id', p.id, { alg: 'sm4-gcm', aad: subjects[i] }) }));
  const analyticsPhone = tok.formatPreserving('mobile', people[0].mobile, { format: 'cn_mobile' });
  line(`${subjects.length} keyed SM3 pseudonyms (e.g. ${subjects[0]}), ${vault.length * 2} sealed fields (XChaCha20-Poly1305, SM4-GCM)`);
  line(`a format-preserving mobile token for test systems: ${mask.phone(analyticsPhone)}; opening a sealed ID round-trips: ${tok.open('id', vault[0].id, { aad: subjects[0] }) === people[0].id}`);

  step(4, 'Consent ledger (SQLite, SM3 hash chain)');
  const ledger = createLedger({ store, hash: 'sm3' });
  const r = rng(99);
  const evidence = toHex(sha256(`<dialog>${notice.id} ${notice.version} [x] 同意</dialog>`));
  const base = (p, i) => ({ subject: subjects[i], notice: noticeRef(notice), method: 'checkbox', channel: r.chance(0.6) ? 'mini-program' : 'store-counter', collector: 'member-signup', responsible: 'crm-data-owner', evidence, at: p.collectedAt });
  let given = 0;
  let refused = 0;
  let guardians = 0;
  for (let i = 0; i < people.length; i++) {
    const p = people[i];
    const minor = p.age < 14;
    const ev = { ...base(p, i), purposes: ['marketing', 'analytics'] };
    if (minor) {
      ev.ageUnder14 = true;
      ev.guardian = { subject: `guardian-of-${subjects[i].slice(0, 12)}`, relation: 'parent', verification: 'store-counter-id-check' };
      guardians++;
    }
    if (r.chance(0.3)) {
      await ledger.append({ ...ev, event: 'refused', evidence });
      refused++;
    } else {
      await ledger.append({ ...ev, event: 'given' });
      given++;
    }
  }
  line(`${given} gave consent to marketing + analytics, ${refused} refused marketing, ${guardians} minors consented through a guardian`);

  step('4b', 'Six months of use: withdrawals, the daily SMS job and monthly campaigns (policy art. 8(2); T/CCAGM 4.1.2, 6.3.1)');
  // In time order, as a live system sees them: each withdrawal is followed by the next morning's
  // SMS job checking that customer, a few people consent again later, and once a month a
  // campaign checks a sample of members. Every check is decided by checkPurpose on the state the
  // ledger holds at that moment, and logged.
  const catalog = defineCatalog({ fields: { name: { category: 'identity.name' }, mobile: { category: 'contact.mobile' }, orders: { category: 'transaction.orders' }, history: { category: 'transaction.history' } } });
  const P = purposesOf(notice, { orders: { basic: true }, marketing: { marketing: true } });
  const audit = createAuditLog({ store, hash: 'sm3' });
  const gaveMarketing = new Set();
  for (const rec of await ledger.export()) if (rec.data.event === 'given') gaveMarketing.add(rec.data.subject);
  const DAY = 86_400_000;
  const START = Date.parse('2025-08-01T00:00:00+08:00');
  const timeline = [];
  people.forEach((p, i) => {
    if (!gaveMarketing.has(subjects[i])) return;
    if (i % 19 === 3) {
      const at = START + r.int(167) * DAY + (8 + r.int(12)) * 3_600_000 + r.int(60) * 60_000;
      const purposes = i % 3 === 0 ? ['marketing', 'analytics'] : ['marketing'];
      timeline.push({ t: at, kind: 'withdraw', i, purposes, method: r.chance(0.7) ? 'unsubscribe' : 'toggle', channel: r.chance(0.6) ? 'mini-program' : 'store-counter' });
      // the next morning's SMS job (10:00 Shanghai) still has this customer on its list
      const next = Math.floor((at + 8 * 3_600_000) / DAY) * DAY + DAY + 2 * 3_600_000;
      timeline.push({ t: next, kind: 'check', i, purpose: 'marketing' });
      if (i % 5 === 0) timeline.push({ t: at + 20 * DAY, kind: 'renew', i });
    }
  });
  for (let m = 0; m < 6; m++) {
    const day = Date.UTC(2025, 7 + m, 10, 2); // the 10th, 10:00 Shanghai
    people.forEach((_, i) => i % 10 === 0 && timeline.push({ t: day + (i % 600) * 1000, kind: 'check', i, purpose: 'marketing' }));
  }
  timeline.sort((a, b) => a.t - b.t || a.i - b.i);
  const NOTICE_AT = NOW.getTime();
  let withdrawal;
  let withdrawals = 0;
  let renewed = 0;
  let jobChecks = 0;
  for (const ev of timeline) {
    if (ev.t >= NOTICE_AT) continue;
    const at = new Date(ev.t).toISOString();
    if (ev.kind === 'withdraw') {
      const rec = await ledger.append({ ...base(people[ev.i], ev.i), purposes: ev.purposes, event: 'withdrawn', method: ev.method, channel: ev.channel, at });
      if (!withdrawal && ev.i % 5 !== 0) withdrawal = rec;
      withdrawals++;
    } else if (ev.kind === 'renew') {
      const minor = people[ev.i].age < 14 ? { ageUnder14: true, guardian: { subject: `guardian-of-${subjects[ev.i].slice(0, 12)}`, relation: 'parent', verification: 'mini-program-guardian-check' } } : {};
      await ledger.append({ ...base(people[ev.i], ev.i), ...minor, purposes: ['marketing'], event: 'renewed', method: 'toggle', channel: 'mini-program', at });
      renewed++;
    } else {
      const res = checkPurpose({ purpose: P[ev.purpose], fields: ['mobile', 'history'], subjectState: await ledger.stateOf(subjects[ev.i]), catalog, now: new Date(ev.t), notice });
      await audit.append({ operator: 'sms-job', role: 'crm', purpose: ev.purpose, action: 'read', fields: ['mobile', 'history'], subject: subjects[ev.i], decision: res.allowed ? 'allow' : 'deny', reasons: res.reasons.map((x) => x.code), at });
      jobChecks++;
    }
  }
  const withdrawer = subjects.indexOf(withdrawal.data.subject);
  line(`${withdrawals} withdrawals between 2025-08 and 2026-01 (${renewed} of those customers consented to marketing again 20 days later), ${jobChecks} marketing checks by the SMS job and monthly campaigns, each logged`);

  step(5, 'Purpose checks: marketing vs order fulfilment (policy art. 4(5), 8(2); T/CCAGM 6.1)');
  // People are counted once however many reasons deny them; the reasons are listed beside.
  const tally = { marketing: { allow: 0, denied: 0, deny: {} }, orders: { allow: 0, denied: 0, deny: {} } };
  const states = {};
  for (let i = 0; i < people.length; i++) {
    const s = await ledger.stateOf(subjects[i]);
    states[subjects[i]] = s;
    for (const [pid, fields] of [['marketing', ['mobile', 'history']], ['orders', ['name', 'mobile', 'orders']]]) {
      const res = checkPurpose({ purpose: P[pid], fields, subjectState: s, catalog, now: NOW, notice });
      if (res.allowed) tally[pid].allow++;
      else {
        tally[pid].denied++;
        for (const code of new Set(res.reasons.map((x) => x.code))) tally[pid].deny[code] = (tally[pid].deny[code] ?? 0) + 1;
      }
      if (i < 50) await audit.append({ operator: 'campaign-bot', role: 'crm', purpose: pid, action: 'read', fields, subject: subjects[i], decision: res.allowed ? 'allow' : 'deny', reasons: res.reasons.map((x) => x.code), at: NOW.toISOString() });
    }
  }
  const fmt = (d) => Object.entries(d).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const denied = (t) => (t.denied ? `${t.denied} customers denied (people per reason: ${fmt(t.deny)})` : 'denied: none');
  line(`marketing SMS: ${tally.marketing.allow} allowed, ${denied(tally.marketing)}`);
  line(`order fulfilment: ${tally.orders.allow} allowed, ${denied(tally.orders)} (withdrawal never stops the basic service)`);
  const w = states[subjects[withdrawer]];
  line(`the customer who withdrew: marketing ${checkPurpose({ purpose: P.marketing, fields: ['mobile'], subjectState: w, catalog, now: NOW }).reasons.map((x) => x.code).join(',')}, orders allowed = ${checkPurpose({ purpose: P.orders, fields: ['mobile'], subjectState: w, catalog, now: NOW }).allowed}`);

  step(6, 'Scan and redact free-text reviews (policy art. 5(6); T/CCAGM 3.1)');
  const texts = reviews(people);
  const byType = {};
  let withPii = 0;
  for (const t of texts) {
    const f = scan(t);
    if (f.length) withPii++;
    for (const x of f) byType[x.type] = (byType[x.type] ?? 0) + 1;
  }
  line(`${texts.length} reviews, ${withPii} contain personal data: ${fmt(byType)}`);
  const sample = texts.find((t) => /电话1/.test(t)) ?? texts[0];
  line(`redacted: ${redact(sample)}`);

  step(7, 'k-anonymous visit data for analytics, small 客流 counts suppressed (T/CCAGM 3.5-3.8)');
  const visitRows = people.map((p) => ({ age: String(p.age), sex: p.sex, district: p.district, spend: String(p.purchases.reduce((s, x) => s + x.amount, 0)) }));
  const districts = [...new Set(people.map((p) => p.district))];
  const centre = new Set(['黄浦区', '徐汇区', '长宁区', '静安区', '普陀区', '虹口区', '杨浦区']);
  const k = anonymize(visitRows, {
    quasiIdentifiers: {
      age: intervals({ min: 0, max: 99, widths: [5, 10, 20] }),
      sex: [['F', '*'], ['M', '*']],
      district: fromRows(districts.map((d) => [d, centre.has(d) ? '中心城区' : '郊区', '*'])),
    },
    k: 5,
    suppressionLimit: 0.02,
    metric: 'entropy',
  });
  line(`k=5 over age, sex, district: transformation ${Object.entries(k.levels).map(([a, l]) => `${a}=${l}`).join(', ')}, ${k.suppressed} records suppressed, information loss ${k.informationLoss.toFixed(3)}`);
  await recordRelease(store, { id: 'visits-k5', at: '2026-01-10T10:00:00+08:00', k: 5, records: visitRows.length, result: k, purpose: 'analytics' });
  line(`re-identification risk (prosecutor, highest): ${pct(k.risk.before.prosecutor.highest, 1)} before -> ${pct(k.risk.after.prosecutor.highest, 1)} after; records at risk ${pct(k.risk.before.prosecutor.recordsAtRisk, 1)} -> ${pct(k.risk.after.prosecutor.recordsAtRisk, 1)}`);
  // One day's 客流 (a 1-in-25 sample of the visits) by store and hour: many cells are small.
  const counts = new Map();
  for (const p of people.filter((x) => x.no % 25 === 0)) for (const v of p.visits) counts.set(`${v.store}|${v.hour}`, (counts.get(`${v.store}|${v.hour}`) ?? 0) + 1);
  const cells = [...counts].map(([key, count]) => ({ store: key.split('|')[0], hour: Number(key.split('|')[1]), count }));
  const flow = suppressSmallCounts(cells, { threshold: 5, rows: 'store', columns: 'hour' });
  line(`one day's 客流 by store x hour: ${cells.length} cells, ${cells.reduce((a, c) => a + c.count, 0)} visits, ${flow.primary} below 5 hidden, ${flow.complementary} more hidden so totals cannot reveal them, ${flow.exposed} exposed`);

  step(8, 'Retention plan (policy art. 9(2); T/CCAGM 7)');
  const records = people.map((p, i) => ({ id: `cust-${p.no}`, subject: subjects[i], purposes: ['orders', 'marketing', 'analytics'], collectedAt: p.collectedAt }));
  const plan = planRetention(records, { purposes: P, consents: states }, NOW);
  const actions = {};
  for (const d of plan) actions[`${d.action} (${d.rule})`] = (actions[`${d.action} (${d.rule})`] ?? 0) + 1;
  line(`${plan.length} customer records: ${fmt(actions)}`);
  // The marketing-only records (opt-in SMS lists) live in the store and are purged on the 1st of
  // each month: what expired since the last run is what the report calls overdue.
  const data = createSubjectData({ store, catalog, ledger, audit, ns: 'subjects' });
  const crm = { operator: 'crm-import', role: 'crm' };
  for (let i = 0; i < people.length; i += 4)
    await data.put(subjects[i], 'sms-list', { history: String(people[i].purchases.length) }, { purposes: ['marketing'], collectedAt: people[i].collectedAt }, { ...crm, at: people[i].collectedAt });
  let purged = { deleted: 0, anonymized: 0 };
  for (let m = 0; m < 6; m++) {
    const runAt = new Date(Date.UTC(2025, 7 + m, 1, 1));
    const st = {};
    const recs = await data.retentionRecords();
    for (const x of recs) st[x.subject] ??= await ledger.stateOf(x.subject);
    const done = await data.apply(planRetention(recs, { purposes: P, consents: st }, runAt), { operator: 'retention-job', role: 'dpo', at: runAt.toISOString() });
    purged = { deleted: purged.deleted + done.deleted, anonymized: purged.anonymized + done.anonymized };
  }
  line(`SMS-list records purged by the monthly retention job since 2025-08: ${purged.deleted} deleted, ${purged.anonymized} anonymized; ${(await data.retentionRecords()).length} still held`);

  step(9, 'Verify the ledgers (T/CCAGM 5.4, 5.5)');
  const v1 = await ledger.verify();
  const v2 = await audit.verify();
  const length = (await ledger.export()).length;
  line(`consent ledger: ${length} records, chain ${v1.ok ? 'intact' : `BROKEN at ${v1.index}`}; audit log: ${(await audit.export()).length} records, chain ${v2.ok ? 'intact' : `BROKEN at ${v2.index}`}`);
  line(`the SQLite file stays for you to inspect; the same checks from a shell:`);
  line(`  npx custodia ledger verify --sqlite ${join(dir, 'custodia.db')}`);
  line(`  npx custodia ledger verify --sqlite ${join(dir, 'custodia.db')} --kind audit`);

  step(10, '"Prove my withdrawal is on record": a receipt the customer checks offline (T/CCAGM 5.5; policy art. 8(2))');
  // The store publishes its verifier key once (SM2 with SM3 for 国密) and signs checkpoints of the
  // Merkle tree kept over the ledger; the customer gets the record, its inclusion proof and a checkpoint.
  const origin = 'consent.demo-store.cn/members';
  const { signerKey, verifierKey } = generateNoteKey(origin, 'sm2');
  const proof = await proveRecord(ledger, withdrawal, { origin, signer: noteSigner([signerKey]) });
  const receipt = JSON.parse(JSON.stringify(toConsentReceipt(withdrawal, notice, { proof })));
  const checked = verifyConsentReceipt(receipt, { verifierKeys: [verifierKey], origin });
  line(`receipt for record ${proof.index} of ${proof.treeSize}: inclusion proof of ${proof.proof.length} ${proof.hash} hashes, checkpoint "${proof.checkpoint.split('\n').slice(0, 2).join(' / ')}"`);
  line(`published verifier key: ${verifierKey.slice(0, 48)}…`);
  line(`checked offline with only the receipt and that key: ${checked.ok ? 'ok' : `FAILED (${checked.code})`}`);
  const forged = JSON.parse(JSON.stringify(receipt));
  forged.proof.entry = forged.proof.entry.replace('"withdrawn"', '"given"');
  const caught = verifyConsentReceipt(forged, { verifierKeys: [verifierKey], origin });
  line(`the same receipt with the event changed to "given": ${caught.ok ? 'ACCEPTED (bug)' : `rejected (${caught.code})`}`);

  step(11, 'The compliance report: PIPL art. 54 audit, T/CCAGM 5.4 periodic check (custodia report)');
  const retentionPurposes = Object.fromEntries(Object.entries(P).map(([id, p]) => [id, { retention: p.retention, basis: p.basis, ...(p.atExpiry ? { atExpiry: p.atExpiry } : {}) }]));
  writeFileSync(join(dir, 'purposes.json'), `${JSON.stringify(retentionPurposes, null, 2)}\n`);
  const reportOf = async (lang) => buildReport({ store, lang, from: '2025-08-01T00:00:00+08:00', to: NOW.toISOString(), now: NOW, retention: { ns: 'subjects', purposes: retentionPurposes } });
  const zh = await reportOf('zh-CN');
  const en = await reportOf('en');
  writeFileSync(join(dir, 'report.zh-CN.html'), zh.html);
  writeFileSync(join(dir, 'report.en.html'), en.html);
  const lastMonth = en.summary.withdrawals.byPurposeMonth.marketing?.['2025-12'];
  line(`last month (2025-12): ${lastMonth?.people ?? 0} customers withdrew marketing consent; ${lastMonth?.honouredWithinDay ?? 0} of ${lastMonth?.withdrawals ?? 0} withdrawals honoured within a day`);
  line(`report written: ${join(dir, 'report.zh-CN.html')} (English: ${join(dir, 'report.en.html')})`);
  line(`the same from a shell: npx custodia report --sqlite ${join(dir, 'custodia.db')} --purposes ${join(dir, 'purposes.json')} --from 2025-08-01 -o report.html --pdf`);

  console.log(`\ndone in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (!v1.ok || !v2.ok || !checked.ok || caught.ok) process.exitCode = 1;
} finally {
  await store.close();
}
