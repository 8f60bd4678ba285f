// The report from a real PostgreSQL store: the same scenario written through the library gives
// the same figures as in memory, and they agree with the library's own queries on PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/store/index.js';
import { postgresStore, type PostgresStore } from '../../src/store/postgres/index.js';
import { buildReport } from '../../src/report/index.js';
import { usePostgres } from '../pg/use.js';
import { PURPOSES, writeScenario } from '../report/_scenario.js';

const pgEnv = usePostgres({ adminConnections: 1 });
const open: PostgresStore[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

describe('custodia report on PostgreSQL', () => {
  it('S5.4: the report read from PostgreSQL equals the one read from memory, and its integrity equals verify() there', async () => {
    const pg = await postgresStore({ connectionString: pgEnv.server.url, schema: 'report', config: { max: 2 } });
    open.push(pg);
    const mem = memoryStore();
    const [onPg, onMem] = [await writeScenario(pg, 30, 60), await writeScenario(mem, 30, 60)];
    const opts = { lang: 'en' as const, from: '2025-08-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00', now: new Date('2026-01-01T00:00:00+08:00'), retention: { ns: 'subjects', purposes: PURPOSES } };
    const a = await buildReport({ store: pg, ...opts });
    const b = await buildReport({ store: mem, ...opts });
    // the releases namespace and anonymized copies use random keys; the figures do not depend on them
    expect(a.summary).toEqual(b.summary);
    expect(a.html).toBe(b.html);
    expect(a.summary.integrity.consent.result).toEqual(await onPg.ledger.verify());
    expect(a.summary.integrity.audit.result).toEqual(await onPg.audit.verify());
    expect(a.summary.integrity.consent.head).toEqual(await onPg.ledger.checkpoint());
    expect(a.summary.withdrawals.total.withdrawals).toBe((await onPg.ledger.export()).filter((r) => r.data.event === 'withdrawn' && Date.parse(r.data.at) >= Date.parse(opts.from) && Date.parse(r.data.at) < Date.parse(opts.to)).length);
    expect(onMem).toBeDefined();
  }, 120_000);
});
