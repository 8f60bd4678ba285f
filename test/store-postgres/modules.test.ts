// The consent ledger, the audit log and the token vault on a real PostgreSQL, as a backend
// service runs them: several pools (processes) on one database.
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/audit/index.js';
import { createLedger } from '../../src/consent/index.js';
import { postgresStore, type PostgresStore } from '../../src/store/postgres/index.js';
import { createVault, KeyRing } from '../../src/tokenize/index.js';
import { event } from '../consent/_fixtures.js';
import { usePostgres } from '../pg/use.js';

const pgEnv = usePostgres({ adminConnections: 1 });
const open: PostgresStore[] = [];
const store = async (schema: string) => {
  const s = await postgresStore({ connectionString: pgEnv.server.url, schema, config: { max: 3 } });
  open.push(s);
  return s;
};

// Registered after usePostgres, so it runs before the server stops (after-hooks run as a stack).
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

describe('custodia modules on PostgreSQL', () => {
  it('S5.5: two services append to one consent ledger and one audit log; both verify; an edit behind the trigger is caught', async () => {
    const [a, b] = [await store('svc'), await store('svc')];
    const key = new Uint8Array(32).fill(9);
    const ledgers = [createLedger({ store: a, hash: 'sm3' }), createLedger({ store: b, hash: 'sm3' })];
    const audits = [createAuditLog({ store: a, key }), createAuditLog({ store: b, key })];
    await Promise.all(
      [0, 1].map(async (w) => {
        for (let i = 0; i < 10; i++) {
          await ledgers[w]!.append(event({ subject: `u_${w}_${i}`, channel: w ? 'store-counter' : 'mini-program' }));
          await audits[w]!.append({ operator: `staff_${w}`, role: 'crm', purpose: 'marketing', action: 'read', fields: ['phone'], subject: `u_${w}_${i}`, decision: 'allow', reasons: [], at: '2024-07-02T10:00:00+08:00' });
        }
      }),
    );
    for (const l of ledgers) expect(await l.verify()).toEqual({ ok: true });
    for (const l of audits) expect(await l.verify()).toEqual({ ok: true });
    expect((await ledgers[0]!.export()).length).toBe(20);
    expect((await ledgers[1]!.stateOf('u_0_3')).purposes['marketing']?.status).toBe('given');
    // Even the table owner must switch the append-only trigger off to edit history, and then the chain tells.
    await pgEnv.admin.query('ALTER TABLE svc.custodia_logs DISABLE TRIGGER custodia_logs_append_only');
    await pgEnv.admin.query(`UPDATE svc.custodia_logs SET value = convert_to(replace(convert_from(value, 'UTF8'), '"given"', '"refused"'), 'UTF8') WHERE log = 'consent' AND seq = 4`);
    await pgEnv.admin.query('ALTER TABLE svc.custodia_logs ENABLE TRIGGER custodia_logs_append_only');
    expect(await ledgers[0]!.verify()).toMatchObject({ ok: false, index: 4 });
  });

  it('S5.1 / S7: vault tokens made by one service resolve in another; forgetting the subject shreds them for both', async () => {
    const keyring = KeyRing.generate();
    const [a, b] = [await store('vault'), await store('vault')];
    const v1 = createVault({ keyring, store: a, fields: { phone: { normalize: 'mobile' } } });
    const v2 = createVault({ keyring, store: b, fields: { phone: { normalize: 'mobile' } } });
    const t = await v1.tokenize('phone', '13812345678', { subject: 'cust-42' });
    expect(await v2.tokenize('phone', '+86 138 1234 5678', { subject: 'cust-42' })).toBe(t);
    expect(await v2.detokenize(t)).toBe('13812345678');
    // The database holds no phone number in any column.
    const { rows } = await pgEnv.admin.query<{ n: string }>(`SELECT count(*) AS n FROM vault.custodia_records WHERE position(convert_to('13812345678', 'UTF8') in value) > 0`);
    expect(rows[0]!.n).toBe('0');
    await v1.forgetSubject('cust-42');
    await expect(v2.detokenize(t)).rejects.toMatchObject({ code: 'SUBJECT_FORGOTTEN' });
  });
});
