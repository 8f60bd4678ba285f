// End-to-end: a member joins at the store counter, uses the mini-program, turns a permission
// off, and staff process the data; every decision is checked against the ledger and logged.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAuditLog, verifyAuditLog } from '../../src/audit/index.js';
import { defineCatalog } from '../../src/catalog/index.js';
import { CHANNELS, createLedger, verifyLedger } from '../../src/consent/index.js';
import { checkPurpose, definePurpose, purposesOf } from '../../src/purpose/index.js';
import { memoryStore } from '../../src/store/index.js';
import { event, notice1 } from '../consent/_fixtures.js';

const catalog = defineCatalog({
  fields: {
    name: { category: 'identity.name' },
    phone: { category: 'contact.mobile' },
    photo: { category: 'identity.image', schema: z.string() },
    orders: { category: 'transaction.orders' },
    history: { category: 'transaction.history' },
  },
});
const P = purposesOf(notice1, { membership: { basic: true }, marketing: { marketing: true } });
const now = new Date('2024-09-01T00:00:00Z');

describe('scenarios', () => {
  it('P4.1 / S5.5: every processing decision is checked against the ledger and logged on a verifiable chain', async () => {
    const store = memoryStore();
    const ledger = createLedger({ store });
    const audit = createAuditLog({ store, key: new Uint8Array(32).fill(5) });
    await ledger.append(event({ subject: 'u_7', purposes: ['marketing'], channel: 'store-counter' }));
    const use = async (purposeId: string, fields: string[], operator: string) => {
      const r = checkPurpose({ purpose: P[purposeId]!, fields, subjectState: await ledger.stateOf('u_7'), catalog, now, notice: notice1 });
      await audit.append({ operator, role: 'crm', purpose: purposeId, action: 'read', fields, subject: 'u_7', decision: r.allowed ? 'allow' : 'deny', reasons: r.reasons.map((x) => x.code), at: now.toISOString() });
      return r.allowed;
    };
    expect(await use('marketing', ['phone', 'history'], 'staff_1')).toBe(true);
    expect(await use('marketing', ['name'], 'staff_1')).toBe(false);
    await ledger.append(event({ subject: 'u_7', event: 'withdrawn', purposes: ['marketing'], method: 'unsubscribe' }));
    expect(await use('marketing', ['phone'], 'staff_2')).toBe(false);
    expect(await use('membership', ['name', 'phone', 'orders'], 'staff_2')).toBe(true);
    const log = await audit.export();
    expect(log.map((r) => [r.data.decision, r.data.reasons])).toEqual([
      ['allow', []],
      ['deny', ['FIELD_NOT_IN_PURPOSE']],
      ['deny', ['MARKETING_UNSUBSCRIBED', 'CONSENT_WITHDRAWN']],
      ['allow', []],
    ]);
    expect(verifyAuditLog(log, { key: new Uint8Array(32).fill(5) })).toEqual({ ok: true });
    expect(verifyLedger(await ledger.export())).toEqual({ ok: true });
  });

  it('P7: every collection channel of policy art. 7 and T/CCAGM 4.2 can be recorded on a consent event', async () => {
    const ledger = createLedger({ store: memoryStore() });
    // Policy 7(1) platform registration/orders/payment, 7(2) activities and surveys, 7(3) app/web/mini-program,
    // 7(4) customer service and social media, 7(5) other consented channels (third parties with proof).
    for (const channel of ['online-shop', 'payment', 'survey', 'gift-scan', 'app', 'website', 'mini-program', 'hotline', 'customer-service', 'social-media', 'parking', 'pos', 'shopping-guide', 'sample-scan', 'store-counter', 'other'] as const)
      await ledger.append(event({ channel }));
    const recorded = new Set((await ledger.history('u_0001')).map((r) => r.data.channel));
    expect([...CHANNELS].filter((c) => !recorded.has(c))).toEqual(['third-party']);
  });

  it('S4.2.1: turning a permission switch off ends that authorization only, and earlier processing stays on record', async () => {
    const ledger = createLedger({ store: memoryStore() });
    const camera = definePurpose({ id: 'camera', basis: 'consent', categories: ['identity.image'] });
    await ledger.append(event({ purposes: ['camera'], method: 'toggle', separate: true, sensitiveCategories: ['identity.image'], channel: 'app' }));
    await ledger.append(event({ purposes: ['marketing'], channel: 'app' }));
    const check = async () => checkPurpose({ purpose: camera, fields: ['photo'], subjectState: await ledger.stateOf('u_0001'), catalog, now }).allowed;
    expect(await check()).toBe(true);
    await ledger.append(event({ event: 'withdrawn', purposes: ['camera'], method: 'toggle', channel: 'app', at: '2024-08-01T00:00:00Z' }));
    expect(await check()).toBe(false);
    expect((await ledger.stateOf('u_0001')).purposes['marketing']?.status).toBe('given');
    // The authorization that covered earlier processing is still provable.
    expect((await ledger.history('u_0001')).filter((r) => r.data.purposes.includes('camera')).map((r) => r.data.event)).toEqual(['given', 'withdrawn']);
  });
});
