import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuditLog, verifyAuditLog, type AuditEntryInput, type DataSetInput } from '../../src/audit/index.js';
import { canonicalJson, verifyLedger } from '../../src/consent/index.js';
import type { ValidationError } from '../../src/catalog/index.js';
import { memoryStore } from '../../src/store/index.js';

const KEY = new Uint8Array(32).fill(3);
const entry = (o: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  operator: 'staff_17',
  role: 'crm',
  purpose: 'marketing',
  action: 'read',
  fields: ['phone'],
  subject: 'u_0001',
  decision: 'allow',
  at: '2024-09-01T10:00:00+08:00',
  ...o,
});
const members: DataSetInput = {
  id: 'ds-members',
  name: '会员主数据',
  location: 'pg://crm/members',
  categories: ['identity.name', 'contact.mobile'],
  purposes: ['membership'],
  responsible: { name: '李经理', role: '数据保管负责人', contact: 'data-owner@example.cn' },
  custodians: ['crm', 'service-desk'],
  encrypted: true,
  registeredBy: 'staff_01',
  registeredAt: '2024-06-01T09:00:00+08:00',
};

describe('audit log', () => {
  it('S5.5: records operator, role, purpose, fields, decision and time on a verifiable chain', async () => {
    const audit = createAuditLog({ store: memoryStore() });
    await audit.append(entry());
    await audit.append(entry({ decision: 'deny', reasons: ['CONSENT_WITHDRAWN'], at: '2024-09-02T10:00:00+08:00' }));
    await audit.append(entry({ subject: 'u_0002', operator: 'staff_2' }));
    const all = await audit.export();
    expect(all.map((r) => [r.seq, r.kind, r.data.decision])).toEqual([[0, 'audit', 'allow'], [1, 'audit', 'deny'], [2, 'audit', 'allow']]);
    expect(verifyAuditLog(all)).toEqual({ ok: true });
    expect((await audit.query({ subject: 'u_0001' })).length).toBe(2);
    expect((await audit.query({ operator: 'staff_17', from: '2024-09-02T00:00:00Z' })).map((r) => r.seq)).toEqual([1]);
    // A consent-ledger verifier does not accept audit records, and vice versa.
    expect(verifyLedger(all)).toEqual({ ok: false, index: 0, code: 'BAD_RECORD' });
  });

  it('audit entries are validated; reasons are codes, so no personal data rides along', async () => {
    const audit = createAuditLog({ store: memoryStore() });
    let err: ValidationError | undefined;
    try {
      await audit.append(entry({ reasons: ['手机号13800138000无效'], action: 'peek' as never }));
    } catch (e) {
      err = e as ValidationError;
    }
    expect(err?.issues).toEqual([{ path: 'action', code: 'invalid_value' }, { path: 'reasons[0]', code: 'invalid_format' }]);
    expect(err?.message).not.toContain('13800138000');
  });

  it('S5.2 / P10: each stored data set is registered with its responsible person, and the registration is logged', async () => {
    const store = memoryStore();
    const audit = createAuditLog({ store, key: KEY });
    const r = await audit.registerDataSet(members);
    expect(r.data).toMatchObject({ action: 'register', dataSet: 'ds-members', operator: 'staff_01', fields: ['identity.name', 'contact.mobile'] });
    expect(r.data.ref).toMatch(/^[0-9a-f]{64}$/);
    expect(await audit.dataSets()).toEqual([{ ...members, deidentified: false, residency: 'CN' }]);
    await expect(audit.registerDataSet({ ...members, responsible: undefined as never })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'responsible' });
    expect(await audit.verify()).toEqual({ ok: true });
  });

  it('S5.4: the periodic check catches a registry edited behind the log\'s back', async () => {
    const store = memoryStore();
    const audit = createAuditLog({ store });
    await audit.registerDataSet(members);
    await audit.append(entry());
    await store.put('audit.datasets', 'ds-members', canonicalJson({ ...members, responsible: { ...members.responsible, name: '某人' } }));
    expect(await audit.verify()).toEqual({ ok: false, index: 0, code: 'DATASET_MISMATCH' });
    // Re-registering through the log makes it consistent again.
    await audit.registerDataSet({ ...members, responsible: { ...members.responsible, name: '王主管' } });
    expect(await audit.verify()).toEqual({ ok: true });
    expect((await audit.dataSets())[0]?.responsible.name).toBe('王主管');
    // A registered data set deleted from the registry behind the log's back is caught too.
    await store.delete('audit.datasets', 'ds-members');
    expect(await audit.verify()).toEqual({ ok: false, index: 2, code: 'DATASET_MISSING' });
  });

  it('S5.4: verify against a checkpoint catches a truncated log', async () => {
    const store = memoryStore();
    const audit = createAuditLog({ store, hash: 'sm3' });
    for (let i = 0; i < 3; i++) await audit.append(entry({ operator: `staff_${i}` }));
    const cp = await audit.checkpoint();
    const recs = await audit.export();
    expect(recs[0]!.alg).toBe('sm3');
    expect(verifyAuditLog(recs.slice(0, 1), { checkpoint: cp })).toEqual({ ok: false, index: 1, code: 'TRUNCATED' });
    expect(await audit.verify({ checkpoint: cp })).toEqual({ ok: true });
  });

  it('S5.5: property: any edit of any audit record is caught at its index (HMAC chain)', async () => {
    const audit = createAuditLog({ store: memoryStore(), key: KEY });
    for (let i = 0; i < 5; i++) await audit.append(entry({ operator: `staff_${i}`, fields: ['phone', 'name'].slice(0, 1 + (i % 2)) }));
    const recs = await audit.export();
    fc.assert(
      fc.property(fc.nat(4), fc.constantFrom('operator', 'role', 'purpose', 'action', 'decision', 'at', 'subject', 'fields'), fc.string({ minLength: 1, maxLength: 5 }), (i, field, v) => {
        const data = { ...recs[i]!.data, [field]: field === 'fields' ? [v] : v } as Record<string, unknown>;
        fc.pre(canonicalJson(data) !== canonicalJson(recs[i]!.data));
        const bad = recs.map((r, j) => (j === i ? { ...r, data } : r));
        expect(verifyAuditLog(bad, { key: KEY })).toMatchObject({ ok: false, index: i });
      }),
    );
  });
});
