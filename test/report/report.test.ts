// buildReport against the library's own answers: verify(), checkpoint(), export(), history(),
// query(), planRetention and treeRoot compute every figure again, independently of the report's code.
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/index.js';
import type { LogEntry, Store } from '../../src/store/index.js';
import { memoryStore } from '../../src/store/index.js';
import { generateNoteKey, noteSigner, treeRoot } from '../../src/merkle/index.js';
import { signCheckpointOf } from '../../src/receipt/index.js';
import { buildReport, type ReportSummary } from '../../src/report/index.js';
import { createSubjectData, planRetention } from '../../src/retention/index.js';
import { defineCatalog } from '../../src/catalog/index.js';
import { isCustodiaError } from '../../src/errors/index.js';
import { PURPOSES, writeScenario } from './_scenario.js';
import type { Ledger } from '../../src/consent/index.js';
import type { AuditLog } from '../../src/audit/index.js';

const FROM = '2025-08-01T00:00:00+08:00';
const TO = '2026-01-01T00:00:00+08:00';
const inPeriod = (at: string) => Date.parse(at) >= Date.parse(FROM) && Date.parse(at) < Date.parse(TO);
const monthCst = (at: string) => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 7);

let store: Store;
let ledger: Ledger;
let audit: AuditLog;
let s: ReportSummary;
let html: string;
const origin = 'report.test/consent';
const { signerKey, verifierKey } = generateNoteKey(origin, 'ed25519');
let note = '';

beforeAll(async () => {
  store = memoryStore();
  ({ ledger, audit } = await writeScenario(store));
  note = await signCheckpointOf(ledger, { origin, signer: noteSigner([signerKey]) });
  ({ summary: s, html } = await buildReport({
    store, lang: 'en', from: FROM, to: TO, now: new Date(TO), retention: { ns: 'subjects', purposes: PURPOSES },
    checkpoints: { consent: [await ledger.checkpoint(), note], audit: [await audit.checkpoint()] }, verifierKeys: [verifierKey],
  }));
}, 60_000);

describe('buildReport: figures cross-checked against the library', () => {
  it('S5.4: integrity equals ledger.verify() / audit.verify(), heads equal checkpoint(), the Merkle root equals treeRoot of the export', async () => {
    expect(s.integrity.consent.result).toEqual(await ledger.verify());
    expect(s.integrity.audit.result).toEqual(await audit.verify());
    expect(s.integrity.consent.head).toEqual(await ledger.checkpoint());
    expect(s.integrity.audit.head).toEqual(await audit.checkpoint());
    const records = await ledger.export();
    expect(s.integrity.consent.records).toBe(records.length);
    expect(s.integrity.consent.merkle?.root).toBe(toHex(treeRoot('sm3', records.map((r) => JSON.stringify(r)))));
    expect(s.integrity.audit.merkle?.root).toBe(toHex(treeRoot('sha256', (await audit.export()).map((r) => JSON.stringify(r)))));
    expect(s.integrity.consent.checkpoints.map((c) => [c.type, c.ok])).toEqual([['chain', true], ['signed', true]]);
    expect(s.integrity.audit.register).toEqual({ ok: true, dataSets: 1 });
    expect(html).toContain(records.length.toString());
  });

  it('S5.5: an edited stored record is reported at the index and with the code ledger.verify() gives; an older checkpoint after truncation is TRUNCATED', async () => {
    const entries: LogEntry[] = [];
    for await (const e of store.read('consent')) entries.push(e);
    const edited = entries.map((e) => (e.seq === 5 ? { ...e, value: e.value.replace('"mini-program"', '"app"').replace('"store-counter"', '"app"') } : e));
    const fake: Store = { ...store, read: (log: string, o?: { from?: number; limit?: number }) => (log === 'consent' ? (async function* () { yield* edited.slice(o?.from ?? 0, o?.limit === undefined ? undefined : (o?.from ?? 0) + o.limit); })() : store.read(log, o)), length: async (log: string) => (log === 'consent' ? edited.length : store.length(log)) };
    const { createLedger } = await import('../../src/consent/index.js');
    const expected = await createLedger({ store: fake, hash: 'sm3' }).verify();
    expect(expected.ok).toBe(false);
    const r = await buildReport({ store: fake, lang: 'en' });
    expect(r.summary.integrity.consent.result).toEqual(expected);
    expect(r.html).toContain('BROKEN');
    const short: Store = { ...fake, read: (log: string, o?: { from?: number }) => (log === 'consent' ? (async function* () { yield* entries.slice(0, 4); })() : store.read(log, o)), length: async (log: string) => (log === 'consent' ? 4 : store.length(log)) };
    const t = await buildReport({ store: short, checkpoints: { consent: [await ledger.checkpoint()] } });
    expect(t.summary.integrity.consent.checkpoints[0]).toMatchObject({ ok: false, code: 'TRUNCATED' });
  });

  it('P8.2: consent events by type, channel, month and purpose equal a count over ledger.export() in the period', async () => {
    const ev = (await ledger.export()).map((r) => r.data).filter((e) => inPeriod(e.at));
    const count = (f: (e: (typeof ev)[number]) => string) => ev.reduce<Record<string, number>>((a, e) => ((a[f(e)] = (a[f(e)] ?? 0) + 1), a), {});
    expect(s.consent.events).toBe(ev.length);
    expect(s.consent.byType).toEqual(count((e) => e.event));
    expect(s.consent.byChannel).toEqual(count((e) => e.channel));
    expect(Object.fromEntries(Object.entries(s.consent.byMonth).map(([m, c]) => [m, Object.values(c).reduce((a, b) => a + b, 0)]))).toEqual(count((e) => monthCst(e.at)));
    expect(s.consent.renewed).toBe(ev.filter((e) => e.event === 'renewed').length);
    expect(s.consent.renewed).toBeGreaterThan(0);
    // separate and guardian consents were all given before the period; the whole log has them
    const all = await buildReport({ store, now: new Date(TO) });
    const everything = (await ledger.export()).map((r) => r.data);
    expect(all.summary.consent.separate.events).toBe(everything.filter((e) => e.separate).length);
    expect(all.summary.consent.separate.byCategory).toEqual({ 'biometric.face': everything.filter((e) => e.separate).length });
    expect(all.summary.consent.guardian.people).toBe(new Set(everything.filter((e) => e.guardian).map((e) => e.subject)).size);
  });

  it('P8.2 / S4.1.2: every withdrawal judged from ledger.history() and audit.query(): honoured, within a day, time to the first denial', async () => {
    const wd = (await ledger.export()).filter((r) => r.data.event === 'withdrawn' && inPeriod(r.data.at));
    let honoured = 0;
    let withinDay = 0;
    for (const w of wd) {
      const t = Date.parse(w.data.at);
      const regrant = (await ledger.history(w.data.subject)).map((r) => r.data).filter((e) => (e.event === 'given' || e.event === 'renewed') && e.purposes.includes('marketing') && Date.parse(e.at) > t);
      const until = Math.min(Infinity, ...regrant.map((e) => Date.parse(e.at)));
      const after = (await audit.query({ subject: w.data.subject, purpose: 'marketing' })).map((r) => r.data).filter((e) => e.action === 'read' && Date.parse(e.at) >= t && Date.parse(e.at) < until);
      const allowed = after.filter((e) => e.decision === 'allow');
      if (allowed.length === 0) honoured++;
      if (allowed.every((e) => Date.parse(e.at) - t < 86_400_000)) withinDay++;
    }
    expect(s.withdrawals.total.withdrawals).toBe(wd.length);
    expect(s.withdrawals.total.people).toBe(new Set(wd.map((w) => w.data.subject)).size);
    expect(s.withdrawals.total.honoured).toBe(honoured);
    expect(s.withdrawals.total.honouredWithinDay).toBe(withinDay);
    // the scenario's stale list: some withdrawals are NOT honoured within a day, and the page says so
    expect(withinDay).toBeLessThan(wd.length);
    const dec = s.withdrawals.byPurposeMonth['marketing']?.['2025-12'];
    expect(html).toContain(dec && dec.honouredWithinDay < dec.withdrawals ? 'NOT every withdrawal was honoured within a day' : 'Every withdrawal was honoured within a day');
  });

  it('S6.1.1: checks and people allowed / denied, per reason code, and accesses by role equal a count over audit.export()', async () => {
    const es = (await audit.export()).map((r) => r.data).filter((e) => inPeriod(e.at));
    const uses = es.filter((e) => ['read', 'update', 'export', 'other'].includes(e.action));
    const denied = uses.filter((e) => e.decision === 'deny');
    expect(s.use.denied.checks).toBe(denied.length);
    expect(s.use.denied.people).toBe(new Set(denied.map((e) => e.subject)).size);
    expect(s.use.allowed.checks).toBe(uses.length - denied.length);
    for (const code of ['NO_CONSENT', 'FIELD_NOT_IN_PURPOSE', 'CONSENT_WITHDRAWN']) {
      const d = denied.filter((e) => e.reasons.includes(code));
      expect(s.use.byReason[code]).toEqual({ checks: d.length, people: new Set(d.map((e) => e.subject)).size });
    }
    // one person denied for two reasons counts once in the total, once under each code
    expect(s.use.denied.people).toBeLessThan(Object.values(s.use.byReason).reduce((a, c) => a + c.people, 0));
    expect(s.use.byRolePurpose['crm']?.['marketing']).toBe(es.filter((e) => e.role === 'crm' && e.purpose === 'marketing').length);
  });

  it('S7 / P9.2: retention runs equal the audit entries of apply(); overdue equals planRetention over the records still held', async () => {
    const es = (await audit.export()).map((r) => r.data).filter((e) => inPeriod(e.at) && e.purpose.startsWith('retention:'));
    expect(s.retention.runs.deleted).toBe(es.filter((e) => e.action === 'delete').length);
    expect(s.retention.runs.deleted).toBeGreaterThan(0);
    const data = createSubjectData({ store, catalog: defineCatalog({ fields: { history: { category: 'transaction.history' } } }), ledger, ns: 'subjects' });
    const recs = await data.retentionRecords();
    const consents = Object.fromEntries(await Promise.all(recs.map(async (x) => [x.subject!, await ledger.stateOf(x.subject!)] as const)));
    const plan = planRetention(recs, { purposes: PURPOSES, consents }, new Date(TO));
    expect(s.retention.due).toEqual({ held: recs.length, keep: plan.filter((d) => d.action === 'keep').length, overdueTotal: plan.filter((d) => d.action !== 'keep').length, overdue: expect.any(Object) });
    expect(s.retention.due!.overdueTotal).toBeGreaterThan(0);
  });

  it('S3.8: the recorded release is listed with its k and risk', () => {
    expect(s.releases).toHaveLength(1);
    expect(s.releases[0]).toMatchObject({ id: 'visits', k: 4, records: 40 });
    expect(s.releases[0]!.risk.after.highest).toBeLessThanOrEqual(1 / 4);
  });

  it('P4.1 / S5.4: one self-contained page: six sections, inline SVG, no script and nothing fetched; the clause table lists every clause id', async () => {
    for (const id of ['integrity', 'consent', 'use', 'retention', 'releases', 'clauses']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toMatch(/<svg /);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\(|src=|href="(?!#)/i);
    const { _CLAUSES } = await import('../../src/report/_clauses.generated.js');
    for (const c of _CLAUSES) expect(html).toContain(`<td>${c.id}</td>`);
    expect(html).toContain('no evidence in period');
    const zh = await buildReport({ store, lang: 'zh-CN', from: FROM, to: TO });
    expect(zh.html).toContain('<html lang="zh-CN">');
    expect(zh.html).toContain('本期间无证据');
  });

  it('S5.4: a date alone is midnight at the report\'s offset (UTC+8 by default): the same period as the full time', async () => {
    const a = await buildReport({ store, lang: 'en', from: '2025-08-01', to: '2026-01-01' });
    expect(a.summary.period).toEqual(s.period);
    expect(a.summary.consent).toEqual(s.consent);
  });

  it('errors are CustodiaErrors with codes, naming the option', async () => {
    for (const [o, code] of [[{ lang: 'fr' }, 'INVALID_ARGUMENT'], [{ from: '2026-01-02', to: '2026-01-01' }, 'INVALID_ARGUMENT'], [{ from: 'yesterday' }, 'INVALID_ARGUMENT'], [{ checkpoints: { consent: [note] } }, 'INVALID_ARGUMENT']] as const) {
      const e = await buildReport({ store, ...(o as object) }).catch((x: unknown) => x);
      expect(isCustodiaError(e, code)).toBe(true);
    }
  });
});
