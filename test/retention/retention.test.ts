import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAuditLog, verifyAuditLog } from '../../src/audit/index.js';
import { defineCatalog } from '../../src/catalog/index.js';
import { consentEventSchema, consentState, createLedger } from '../../src/consent/index.js';
import { definePurpose } from '../../src/purpose/index.js';
import { createSubjectData, planRetention, type RetentionRecord } from '../../src/retention/index.js';
import { memoryStore } from '../../src/store/index.js';
import { event } from '../consent/_fixtures.js';

const orders = definePurpose({ id: 'orders', basis: 'contract', basic: true, categories: ['identity.name', 'contact', 'transaction'], retention: 'P3Y' });
const marketing = definePurpose({ id: 'marketing', basis: 'consent', marketing: true, categories: ['contact.mobile', 'transaction.history'], retention: 'P1Y' });
const analytics = definePurpose({ id: 'analytics', basis: 'consent', categories: ['behaviour', 'transaction'], retention: 'P2Y', atExpiry: 'anonymize' });
const purposes = { orders, marketing, analytics };
const NOW = new Date('2026-01-01T00:00:00Z');
const rec = (id: string, ps: string[], collectedAt: string, subject = 'u_1'): RetentionRecord => ({ id, subject, purposes: ps, collectedAt });

describe('planRetention', () => {
  it('P9.2: keeps data while a purpose needs it, then deletes or anonymizes, naming the rule', () => {
    const plan = planRetention(
      [
        rec('r1', ['marketing'], '2024-06-01T00:00:00Z'),
        rec('r2', ['marketing', 'orders'], '2024-06-01T00:00:00Z'),
        rec('r3', ['analytics'], '2023-06-01T00:00:00Z'),
        rec('r4', [], '2025-06-01T00:00:00Z'),
        rec('r5', ['unknown-purpose'], '2025-06-01T00:00:00Z'),
      ],
      { purposes },
      NOW,
    );
    expect(plan).toEqual([
      { id: 'r1', action: 'delete', rule: 'RETENTION_EXPIRED', purposes: ['marketing'] },
      { id: 'r2', action: 'keep', rule: 'WITHIN_RETENTION', until: '2027-06-01T00:00:00.000Z', purposes: ['orders'] },
      { id: 'r3', action: 'anonymize', rule: 'RETENTION_EXPIRED', purposes: ['analytics'] },
      { id: 'r4', action: 'delete', rule: 'NO_PURPOSE', purposes: [] },
      { id: 'r5', action: 'delete', rule: 'NO_PURPOSE', purposes: [] },
    ]);
  });

  it('S7: legal holds keep data past its purpose, until the hold ends', () => {
    const records = [rec('r1', ['marketing'], '2020-01-01T00:00:00Z', 'u_9'), rec('r2', ['marketing'], '2020-01-01T00:00:00Z', 'u_8')];
    const policy = { purposes, legalHolds: [{ reason: '诉讼保全', subjects: ['u_9'], until: '2026-06-01T00:00:00Z' }, { reason: 'audit', recordIds: ['r2'], until: '2025-01-01T00:00:00Z' }] };
    expect(planRetention(records, policy, NOW).map((d) => [d.id, d.action, d.rule])).toEqual([
      ['r1', 'keep', 'LEGAL_HOLD'],
      ['r2', 'delete', 'RETENTION_EXPIRED'],
    ]);
    expect(planRetention(records, policy, new Date('2026-07-01T00:00:00Z'))[0]?.action).toBe('delete');
  });

  it('P4.6 / S7: a withdrawn consent ends its purpose at once, without touching contract purposes', () => {
    const ev = (o: Parameters<typeof event>[0]) => consentEventSchema().parse(event({ subject: 'u_1', ...o }));
    const state = consentState('u_1', [ev({ purposes: ['marketing', 'analytics'], at: '2025-06-01T00:00:00Z' }), ev({ event: 'withdrawn', purposes: ['marketing'], at: '2025-07-01T00:00:00Z' })]);
    const plan = planRetention(
      [rec('a', ['marketing'], '2025-06-01T00:00:00Z'), rec('b', ['marketing', 'orders'], '2025-06-01T00:00:00Z'), rec('c', ['analytics'], '2025-06-01T00:00:00Z')],
      { purposes, consents: { u_1: state } },
      NOW,
    );
    expect(plan.map((d) => [d.id, d.action, d.rule])).toEqual([
      ['a', 'delete', 'CONSENT_ENDED'],
      ['b', 'keep', 'WITHIN_RETENTION'],
      ['c', 'keep', 'WITHIN_RETENTION'],
    ]);
  });

  it('a record with a bad date is an error, never an expiry', () => {
    expect(() => planRetention([rec('x', ['orders'], 'last spring')], { purposes }, NOW)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'collectedAt' }));
  });

  it('a purpose without retention needs a policy default', () => {
    const open = definePurpose({ id: 'open', basis: 'contract', categories: ['tags'] });
    expect(() => planRetention([rec('x', ['open'], '2025-01-01T00:00:00Z')], { purposes: { open } }, NOW)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'open' }));
    expect(planRetention([rec('x', ['open'], '2025-01-01T00:00:00Z')], { purposes: { open }, defaultRetention: 'P6M' }, NOW)[0]?.action).toBe('delete');
  });

  it('P9.2: property: nothing is kept past its longest purpose, and nothing is dropped before it', () => {
    fc.assert(
      fc.property(fc.subarray(['orders', 'marketing', 'analytics']), fc.integer({ min: 0, max: 6 * 365 }), (ps, daysAgo) => {
        const collected = new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString();
        const [d] = planRetention([rec('r', ps, collected)], { purposes }, NOW);
        const years = Math.max(0, ...ps.map((p) => ({ orders: 3, marketing: 1, analytics: 2 })[p as 'orders']));
        const end = new Date(collected);
        end.setUTCFullYear(end.getUTCFullYear() + years);
        expect(d!.action === 'keep').toBe(ps.length > 0 && end.getTime() > NOW.getTime());
      }),
    );
  });
});

describe('subject rights over the store', () => {
  const catalog = defineCatalog({
    fields: {
      name: { category: 'identity.name', schema: z.string().min(1) },
      phone: { category: 'contact.mobile' },
      orders: { category: 'transaction.orders', schema: z.array(z.string()) },
      clicks: { category: 'behaviour.clicks', schema: z.number() },
    },
  });
  const staff = { operator: 'staff_1', role: 'service-desk', at: '2025-12-01T00:00:00Z' };
  const setup = () => {
    const store = memoryStore();
    const ledger = createLedger({ store });
    const audit = createAuditLog({ store });
    return { store, ledger, audit, data: createSubjectData({ store, catalog, ledger, audit }) };
  };

  it('P4.6: query exports every record, the consents and their history, and the access log', async () => {
    const { data, ledger } = setup();
    await ledger.append(event({ subject: 'u_1' }));
    await data.put('u_1', 'profile', { name: '张三', phone: '13800138000' }, { purposes: ['orders'], collectedAt: '2025-01-01T00:00:00Z', channel: 'store-counter' }, staff);
    await data.put('u_1', 'orders', { orders: ['o1', 'o2'] }, { purposes: ['orders'], collectedAt: '2025-02-01T00:00:00Z' }, staff);
    await data.put('u_2', 'profile', { name: '李四' }, { purposes: ['orders'], collectedAt: '2025-01-01T00:00:00Z' }, staff);
    const q = await data.query('u_1', staff);
    expect(q.records.map((r) => r.id).sort()).toEqual(['orders', 'profile']);
    expect(q.records.find((r) => r.id === 'profile')?.meta.channel).toBe('store-counter');
    expect(q.consent.purposes['marketing']?.status).toBe('given');
    expect(q.consentHistory.length).toBe(1);
    expect(q.accessLog.map((a) => a.data.action)).toEqual(['write', 'write']);
    // Queries are themselves logged.
    expect((await data.query('u_1', staff)).accessLog.map((a) => a.data.action)).toEqual(['write', 'write', 'query']);
  });

  it('P4.6: correct validates with the catalog, removes fields with null, and logs field names only', async () => {
    const { data, audit } = setup();
    await data.put('u_1', 'profile', { name: '张三', phone: '13800138000' }, { purposes: ['orders'], collectedAt: '2025-01-01T00:00:00Z' }, staff);
    const r = await data.correct('u_1', 'profile', { phone: '13900139000' }, staff);
    expect(r.data).toEqual({ name: '张三', phone: '13900139000' });
    await expect(data.correct('u_1', 'profile', { phone: '139' }, staff)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'phone', code: 'invalid_format' }] });
    expect((await data.correct('u_1', 'profile', { phone: null }, staff)).data).toEqual({ name: '张三' });
    await expect(data.correct('u_1', 'profile', { salary: null }, staff)).rejects.toMatchObject({ code: 'UNKNOWN_FIELD' });
    const log = await audit.export();
    expect(log.filter((x) => x.data.action === 'correct').map((x) => x.data.fields)).toEqual([['phone'], ['phone']]);
    expect(JSON.stringify(log)).not.toContain('13900139000');
  });

  it('P4.6: concurrent corrections lose nothing', async () => {
    const { data } = setup();
    await data.put('u_1', 'c', { clicks: 0 }, { purposes: ['analytics'], collectedAt: '2025-01-01T00:00:00Z' }, staff);
    await Promise.all([data.correct('u_1', 'c', { name: 'A' }, staff), data.correct('u_1', 'c', { phone: '13800138000' }, staff)]);
    expect((await data.get('u_1', 'c'))?.data).toEqual({ clicks: 0, name: 'A', phone: '13800138000' });
  });

  it('P4.6 / S7: delete removes the subject\'s records but keeps the consent proof; withdraw goes to the ledger', async () => {
    const { data, ledger, audit } = setup();
    await ledger.append(event({ subject: 'u_1', purposes: ['marketing', 'analytics'] }));
    await data.put('u_1', 'profile', { name: '张三' }, { purposes: ['orders'], collectedAt: '2025-01-01T00:00:00Z' }, staff);
    await data.put('u_2', 'profile', { name: '李四' }, { purposes: ['orders'], collectedAt: '2025-01-01T00:00:00Z' }, staff);
    const w = await data.withdraw('u_1', ['marketing'], { ...staff, channel: 'customer-service', responsible: 'crm-data-owner' });
    expect(w.data).toMatchObject({ event: 'withdrawn', purposes: ['marketing'], channel: 'customer-service' });
    expect((await ledger.stateOf('u_1')).purposes['analytics']?.status).toBe('given');
    expect(await data.erase('u_1', staff)).toBe(1);
    expect((await data.query('u_1', staff)).records).toEqual([]);
    expect((await data.get('u_2', 'profile'))?.data).toEqual({ name: '李四' });
    expect((await ledger.history('u_1')).length).toBe(2);
    expect(verifyAuditLog(await audit.export())).toEqual({ ok: true });
    await expect(data.put('a/b', 'x', {}, { purposes: [], collectedAt: '2025-01-01T00:00:00Z' }, staff)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'subject' });
    await expect(data.put('u_3', 'x', {}, { purposes: [], collectedAt: 'yesterday' }, staff)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'collectedAt', code: 'invalid_format' }] });
  });

  it('P9.2 / S3.8: applying a plan deletes expired records and anonymizes by dropping identifiers and the subject link', async () => {
    const { data, store } = setup();
    await data.put('u_1', 'm', { name: '张三', phone: '13800138000' }, { purposes: ['marketing'], collectedAt: '2023-01-01T00:00:00Z' }, staff);
    await data.put('u_1', 'a', { name: '张三', clicks: 42, orders: ['o1'] }, { purposes: ['analytics'], collectedAt: '2022-01-01T00:00:00Z' }, staff);
    await data.put('u_1', 'o', { name: '张三', orders: ['o2'] }, { purposes: ['orders'], collectedAt: '2025-06-01T00:00:00Z' }, staff);
    const plan = planRetention(await data.retentionRecords(), { purposes }, NOW);
    expect(plan.map((d) => [d.id, d.action])).toEqual([['u_1/a', 'anonymize'], ['u_1/m', 'delete'], ['u_1/o', 'keep']]);
    expect(await data.apply(plan, staff)).toEqual({ deleted: 1, anonymized: 1 });
    expect((await data.query('u_1', staff)).records.map((r) => r.id)).toEqual(['o']);
    const anon: string[] = [];
    for await (const r of store.scan('subjects.anonymized')) anon.push(r.value);
    expect(anon.length).toBe(1);
    expect(JSON.parse(anon[0]!)).toEqual({ data: { clicks: 42, orders: ['o1'] }, purposes: ['analytics'] });
    expect(anon[0]).not.toContain('u_1');
  });
});
