// A seeded scenario written through the library's own API (ledger, audit log, subject data,
// releases) into any store: consents over several months, withdrawals followed by checks
// (some still allowed: a withdrawal NOT honoured), separate and guardian consents, renewals,
// retention runs and a release. Deterministic, so two stores get byte-identical logs.
import { createAuditLog } from '../../src/audit/index.js';
import { defineCatalog } from '../../src/catalog/index.js';
import { createLedger, type Ledger } from '../../src/consent/index.js';
import type { AuditLog } from '../../src/audit/index.js';
import { anonymize, intervals } from '../../src/kanon/index.js';
import { recordRelease } from '../../src/report/index.js';
import { createSubjectData, planRetention } from '../../src/retention/index.js';
import type { Store } from '../../src/store/index.js';
import { event } from '../consent/_fixtures.js';

export const PURPOSES = { marketing: { retention: 'P1Y', basis: 'consent' as const }, analytics: { retention: 'P2Y', basis: 'consent' as const } };

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5;
    return (x >>>= 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

/** `people` subjects, `checks` extra campaign checks; returns the ledger and audit log over `store`. */
export async function writeScenario(store: Store, people = 60, checks = 200): Promise<{ ledger: Ledger; audit: AuditLog }> {
  const r = rng(7);
  const ledger = createLedger({ store, hash: 'sm3' });
  const audit = createAuditLog({ store });
  const start = Date.parse('2025-06-01T00:00:00Z');
  const subj = (i: number) => `u_${String(i).padStart(4, '0')}`;
  for (let i = 0; i < people; i++) {
    const at = start + Math.floor(r() * 60) * DAY;
    const minor = i % 17 === 0;
    await ledger.append(event({
      subject: subj(i), at: iso(at), purposes: ['marketing', 'analytics'], channel: i % 3 ? 'mini-program' : 'store-counter',
      ...(minor ? { ageUnder14: true, guardian: { subject: `g_${i}`, relation: 'parent' as const, verification: 'id-check' } } : {}),
    }));
    if (i % 11 === 0) await ledger.append(event({ subject: subj(i), at: iso(at + DAY), purposes: ['face-pay'], separate: true, sensitiveCategories: ['biometric.face'] }));
  }
  await audit.registerDataSet({ id: 'crm', name: 'CRM', location: 'db.crm', categories: ['contact.mobile'], purposes: ['marketing'], responsible: { name: 'DPO', role: 'dpo', contact: 'dpo@example.cn' }, encrypted: true, registeredBy: 'dpo', registeredAt: iso(start) });
  // Withdrawals: every 7th person; the check after is allowed for every 21st (a stale list), denied otherwise.
  const events: { t: number; fn: () => Promise<unknown> }[] = [];
  for (let i = 0; i < people; i += 7) {
    const at = Date.parse('2025-09-01T00:00:00Z') + Math.floor(r() * 100) * DAY + Math.floor(r() * 20) * 3_600_000;
    events.push({ t: at, fn: () => ledger.append(event({ subject: subj(i), event: 'withdrawn', method: 'unsubscribe', at: iso(at), purposes: ['marketing'] })) });
    const late = i % 21 === 0;
    for (const [dt, decision] of [[3 * 3_600_000, late ? 'allow' : 'deny'], [(late ? 2 : 1) * DAY + 3_600_000, late ? 'allow' : 'deny']] as const)
      events.push({ t: at + dt, fn: () => audit.append({ operator: 'sms-job', role: 'crm', purpose: 'marketing', action: 'read', fields: ['mobile'], subject: subj(i), decision, reasons: decision === 'deny' ? ['CONSENT_WITHDRAWN', 'MARKETING_UNSUBSCRIBED'] : [], at: iso(at + dt) }) });
    if (i % 14 === 0) events.push({ t: at + 10 * DAY, fn: () => ledger.append(event({ subject: subj(i), event: 'renewed', at: iso(at + 10 * DAY), purposes: ['marketing'] })) });
  }
  for (let c = 0; c < checks; c++) {
    const t = Date.parse('2025-08-01T00:00:00Z') + Math.floor(r() * 150) * DAY;
    const i = Math.floor(r() * people);
    const deny = r() < 0.2;
    events.push({ t, fn: () => audit.append({ operator: c % 2 ? 'analyst' : 'bot', role: c % 2 ? 'analytics' : 'crm', purpose: c % 2 ? 'analytics' : 'orders', action: 'read', fields: ['mobile'], subject: subj(i), decision: deny ? 'deny' : 'allow', reasons: deny ? (c % 3 ? ['NO_CONSENT'] : ['NO_CONSENT', 'FIELD_NOT_IN_PURPOSE']) : [], at: iso(t) }) });
  }
  events.sort((a, b) => a.t - b.t);
  for (const e of events) await e.fn();
  // Retention: records in the store, two monthly runs.
  const catalog = defineCatalog({ fields: { history: { category: 'transaction.history' } } });
  const data = createSubjectData({ store, catalog, ledger, audit, ns: 'subjects' });
  for (let i = 0; i < people; i += 2) await data.put(subj(i), 'sms', { history: String(i) }, { purposes: ['marketing'], collectedAt: iso(Date.parse('2024-08-01T00:00:00Z') + i * 3 * DAY) }, { operator: 'import', role: 'crm', at: iso(start) });
  for (const month of ['2025-10-01T00:00:00Z', '2025-11-01T00:00:00Z']) {
    const recs = await data.retentionRecords();
    const consents = Object.fromEntries(await Promise.all(recs.map(async (x) => [x.subject!, await ledger.stateOf(x.subject!)] as const)));
    await data.apply(planRetention(recs, { purposes: PURPOSES, consents }, new Date(month)), { operator: 'retention-job', role: 'dpo', at: month });
  }
  const rows = Array.from({ length: 40 }, (_, i) => ({ age: String(20 + (i % 30)), sex: i % 2 ? 'M' : 'F' }));
  const result = anonymize(rows, { quasiIdentifiers: { age: intervals({ min: 0, max: 99, widths: [10, 50] }), sex: [['F', '*'], ['M', '*']] }, k: 4 });
  await recordRelease(store, { id: 'visits', at: '2025-10-15T00:00:00Z', k: 4, records: rows.length, result, purpose: 'analytics' });
  return { ledger, audit };
}
