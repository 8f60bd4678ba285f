import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, consentEventSchema, createLedger, defineNotice, needsReconsent, noticeRef, verifyLedger, type LedgerRecord } from '../../src/consent/index.js';
import { parseWith, ValidationError } from '../../src/catalog/index.js';
import { memoryStore } from '../../src/store/index.js';
import { toHex } from '../../src/bytes/index.js';
import { sha256 } from '../../src/hash/index.js';
import { event, NOTICE_V1, notice1 } from './_fixtures.js';

const KEY = new Uint8Array(32).fill(7);
const parseEvent = (e: unknown) => parseWith(consentEventSchema(), e, 'consent event');

function issuesOf(fn: () => unknown): { path: string; code: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return [...e.issues];
    throw e;
  }
  return [];
}

async function rejection(p: Promise<unknown>): Promise<ValidationError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('did not reject');
}

describe('consent ledger', () => {
  it('P4.2: records a given consent with its notice, and stateOf reflects it', async () => {
    const ledger = createLedger({ store: memoryStore() });
    const r = await ledger.append(event());
    expect(r).toMatchObject({ v: 1, kind: 'consent', seq: 0, prev: '0'.repeat(64), alg: 'sha256' });
    const s = await ledger.stateOf('u_0001');
    expect(s.purposes['marketing']).toMatchObject({ status: 'given', notice: { id: 'member-privacy', hash: notice1.hash }, channel: 'mini-program' });
    expect((await ledger.stateOf('u_other')).purposes).toEqual({});
  });

  it('P8.2: withdrawal of marketing leaves other purposes as they were', async () => {
    const ledger = createLedger({ store: memoryStore() });
    await ledger.append(event({ purposes: ['marketing', 'analytics'] }));
    await ledger.append(event({ event: 'withdrawn', purposes: ['marketing'], at: '2024-08-01T00:00:00Z' }));
    const s = await ledger.stateOf('u_0001');
    expect(s.purposes['marketing']?.status).toBe('withdrawn');
    expect(s.purposes['analytics']?.status).toBe('given');
    expect((await ledger.history('u_0001')).map((r) => r.data.event)).toEqual(['given', 'withdrawn']);
  });

  it('P8.2 / S4.1.2: sensitive categories need a separate consent that names them; withdrawing it keeps the purpose', async () => {
    expect(issuesOf(() => parseEvent(event({ purposes: ['face-pay'], sensitiveCategories: ['biometric.face'] })))).toEqual([
      { path: 'separate', code: 'separate_consent_required' },
    ]);
    expect(issuesOf(() => parseEvent(event({ separate: true })))).toEqual([{ path: 'sensitiveCategories', code: 'separate_without_categories' }]);
    expect(issuesOf(() => parseEvent(event({ separate: true, sensitiveCategories: ['contact.mobile'] })))).toEqual([
      { path: 'sensitiveCategories[0]', code: 'not_a_sensitive_category' },
    ]);
    const ledger = createLedger({ store: memoryStore() });
    await ledger.append(event({ purposes: ['face-pay'], separate: true, sensitiveCategories: ['biometric.face'] }));
    expect((await ledger.stateOf('u_0001')).purposes['face-pay']?.sensitiveCategories).toEqual(['biometric.face']);
    await ledger.append(event({ event: 'withdrawn', purposes: ['face-pay'], sensitiveCategories: ['biometric.face'], method: 'toggle' }));
    expect((await ledger.stateOf('u_0001')).purposes['face-pay']).toMatchObject({ status: 'given', sensitiveCategories: [] });
  });

  it('P8.5 / S4.2: every event names channel, collector, responsible person and evidence; third-party data needs proof of authorization', async () => {
    const ledger = createLedger({ store: memoryStore() });
    const e = await rejection(ledger.append(event({ channel: 'third-party' })));
    expect(e.issues).toEqual([{ path: 'source', code: 'third_party_authorization_required' }]);
    const missing = { ...event() } as Record<string, unknown>;
    delete missing['collector'];
    expect((await rejection(ledger.append(missing as never))).issues).toEqual([{ path: 'collector', code: 'invalid_type' }]);
    const noEvidence = { ...event() } as Record<string, unknown>;
    delete noEvidence['evidence'];
    expect((await rejection(ledger.append(noEvidence as never))).issues).toEqual([{ path: 'evidence', code: 'evidence_required' }]);
    const ok = await ledger.append(event({ channel: 'third-party', source: { provider: '合作商户A', authorization: toHex(sha256('signed authorization')) } }));
    expect(ok.data.source?.provider).toBe('合作商户A');
    for (const channel of ['store-counter', 'pos', 'parking', 'survey', 'customer-service', 'payment', 'social-media', 'website', 'app'] as const)
      await ledger.append(event({ channel }));
    expect((await ledger.export()).length).toBe(10);
  });

  it('PIPL art. 31: consent for a subject under 14 needs a guardian', async () => {
    const ledger = createLedger({ store: memoryStore() });
    expect((await rejection(ledger.append(event({ ageUnder14: true })))).issues).toEqual([{ path: 'guardian', code: 'guardian_required' }]);
    await ledger.append(event({ ageUnder14: true, guardian: { subject: 'u_parent', relation: 'parent', verification: 'sms-code' } }));
    const s = await ledger.stateOf('u_0001');
    expect(s.minor).toBe(true);
    expect(s.purposes['marketing']?.guardian).toBe(true);
  });

  it('rejects identifying subject ids and keeps values out of messages', async () => {
    const ledger = createLedger({ store: memoryStore() });
    for (const subject of ['13800138000', '11010519491231002X', 'zhang@example.cn']) {
      const e = await rejection(ledger.append(event({ subject })));
      expect(e.issues).toEqual([{ path: 'subject', code: 'subject_not_pseudonymous' }]);
      expect(e.message).not.toContain(subject);
    }
    const e = await rejection(ledger.append(event({ at: '昨天下午', purposes: [] })));
    expect(e.issues).toEqual([{ path: 'purposes', code: 'too_small' }, { path: 'at', code: 'invalid_format' }]);
    expect(e.message).not.toContain('昨天');
    expect(await ledger.export()).toEqual([]);
  });

  it('S4.1.2: consent with an expiry; expired events end it', async () => {
    const ledger = createLedger({ store: memoryStore() });
    expect((await rejection(ledger.append(event({ expires: '2024-06-01T00:00:00Z' })))).issues).toEqual([{ path: 'expires', code: 'expires_not_after_at' }]);
    await ledger.append(event({ expires: '2025-07-01T00:00:00Z' }));
    expect((await ledger.stateOf('u_0001')).purposes['marketing']?.expires).toBe('2025-07-01T00:00:00Z');
    await ledger.append(event({ event: 'expired', method: 'system', at: '2025-07-01T00:00:00Z' }));
    expect((await ledger.stateOf('u_0001')).purposes['marketing']?.status).toBe('expired');
  });

  it('P4.5 / S4.1.3 / S6.1.2: needsReconsent asks again after a material change, not after a rewording', async () => {
    const ledger = createLedger({ store: memoryStore() });
    await ledger.append(event({ purposes: ['marketing', 'analytics'] }));
    await ledger.append(event({ event: 'refused', purposes: ['face-pay'] }));
    const s = await ledger.stateOf('u_0001');
    const now = new Date('2024-08-01T00:00:00Z');
    expect(needsReconsent(s, notice1, now)).toEqual({ needed: false, purposes: [], reasons: [] });
    const reworded = defineNotice({ ...NOTICE_V1, version: '2024-07', text: `${NOTICE_V1.text}。` });
    expect(needsReconsent(s, reworded, now).needed).toBe(false);
    const wider = defineNotice({
      ...NOTICE_V1,
      version: '2024-09',
      categories: [...NOTICE_V1.categories, 'location.precise'],
      purposes: [...NOTICE_V1.purposes.map((p) => (p.id === 'marketing' ? { ...p, categories: [...p.categories, 'location.precise'] } : p)), { id: 'surveys', description: '问卷', categories: ['contact.mobile'] }],
    });
    expect(needsReconsent(s, wider, now)).toEqual({
      needed: true,
      purposes: ['marketing', 'surveys'],
      reasons: [{ purpose: 'marketing', code: 'MATERIAL_CHANGE' }, { purpose: 'surveys', code: 'NEW_PURPOSE' }],
    });
    // Renewing under the new notice settles it; the refusal of face-pay is never re-asked.
    await ledger.append(event({ event: 'renewed', purposes: ['marketing', 'surveys'], notice: noticeRef(wider) }));
    expect(needsReconsent(await ledger.stateOf('u_0001'), wider, now).needed).toBe(false);
  });

  it('two ledgers on one store, appending at once, keep one gap-free chain', async () => {
    const store = memoryStore();
    const a = createLedger({ store });
    const b = createLedger({ store });
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => a.append(event({ subject: `u_a${i % 3}` }))),
      ...Array.from({ length: 20 }, (_, i) => b.append(event({ subject: `u_b${i % 3}` }))),
    ]);
    const all = await a.export();
    expect(all.map((r) => r.seq)).toEqual([...Array(40).keys()]);
    expect(verifyLedger(all)).toEqual({ ok: true });
    expect((await b.history('u_a0')).length).toBe(7);
    expect(await a.verify()).toEqual({ ok: true });
  });

  it('S5.5: reading a tampered store throws LEDGER_CORRUPT naming the record, not its content', async () => {
    const inner = memoryStore();
    const ledger = createLedger({ store: inner });
    await ledger.append(event());
    await ledger.append(event({ purposes: ['analytics'] }));
    // A second store holding a copy with one edited record.
    const forged = memoryStore();
    const recs = await ledger.export();
    await forged.append('consent', canonicalJson(recs[0]));
    await forged.append('consent', canonicalJson({ ...recs[1], data: { ...recs[1]!.data, purposes: ['marketing'] } }));
    const reader = createLedger({ store: forged });
    await expect(reader.stateOf('u_0001')).rejects.toMatchObject({ code: 'LEDGER_CORRUPT', field: 'seq 1' });
    expect(await reader.verify()).toEqual({ ok: false, index: 1, code: 'BAD_HASH' });
  });

  it('P4.4 / S5.5: with a key the chain is an HMAC chain an insider cannot recompute', async () => {
    const ledger = createLedger({ store: memoryStore(), key: KEY, hash: 'sm3' });
    await ledger.append(event());
    await ledger.append(event({ event: 'withdrawn' }));
    const recs = await ledger.export();
    expect(recs[0]!.alg).toBe('hmac-sm3');
    expect(verifyLedger(recs, { key: KEY })).toEqual({ ok: true });
    expect(verifyLedger(recs)).toEqual({ ok: false, index: 0, code: 'KEY_REQUIRED' });
    expect(verifyLedger(recs, { key: new Uint8Array(32) })).toEqual({ ok: false, index: 0, code: 'BAD_HASH' });
    // The insider deletes the withdrawal and re-chains everything with a plain hash: a downgrade, caught at 0.
    const plain = createLedger({ store: memoryStore() });
    await plain.append(recs[0]!.data as never);
    expect(verifyLedger(await plain.export())).toEqual({ ok: true });
    expect(verifyLedger(await plain.export(), { key: KEY })).toEqual({ ok: false, index: 0, code: 'BAD_ALGORITHM' });
    expect(verifyLedger([...(await plain.export()), recs[1]!], { key: KEY })).toMatchObject({ ok: false, index: 0 });
    expect(() => createLedger({ store: memoryStore(), key: new Uint8Array(8) })).toThrow(expect.objectContaining({ code: 'INVALID_KEY' }));
  });

  it('checkpoint catches truncation at the end', async () => {
    const ledger = createLedger({ store: memoryStore() });
    for (let i = 0; i < 3; i++) await ledger.append(event({ subject: `u_${i}` }));
    const cp = await ledger.checkpoint();
    expect(cp).toMatchObject({ length: 3, alg: 'sha256' });
    const recs = await ledger.export();
    expect(verifyLedger(recs.slice(0, 2))).toEqual({ ok: true });
    expect(verifyLedger(recs.slice(0, 2), { checkpoint: cp })).toEqual({ ok: false, index: 2, code: 'TRUNCATED' });
    await ledger.append(event({ subject: 'u_9' }));
    expect(verifyLedger(await ledger.export(), { checkpoint: cp })).toEqual({ ok: true });
  });
});

// ---- properties: any change to any exported record is caught at its index ----

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
function leaves(v: Json, path: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [path];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [path, ...keys.flatMap((k) => leaves((v as Record<string | number, Json>)[k]!, [...path, k]))];
}
function mutate(v: Json, path: (string | number)[], how: number): Json {
  if (path.length === 0) {
    if (typeof v === 'string') return how % 2 ? `${v}x` : v.slice(1) === v ? 'x' : v.slice(1);
    if (typeof v === 'number') return v + 1 + (how % 3);
    if (typeof v === 'boolean') return !v;
    if (v === null) return 0;
    if (Array.isArray(v)) return how % 2 && v.length ? v.slice(1) : [...v, 'extra'];
    return { ...v, [`extra${how}`]: how };
  }
  const [h, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === h ? mutate(x, rest, how) : x));
  const o = v as Record<string, Json>;
  return { ...o, [h as string]: mutate(o[h as string]!, rest, how) };
}

const ledgerArb = fc.array(
  fc.record({
    subject: fc.constantFrom('u_1', 'u_2', 'u_3'),
    event: fc.constantFrom('given', 'withdrawn', 'refused', 'renewed'),
    purposes: fc.subarray(['marketing', 'analytics', 'membership'], { minLength: 1 }),
    channel: fc.constantFrom('app', 'pos', 'parking', 'survey'),
  }),
  { minLength: 1, maxLength: 6 },
);
async function build(events: { subject: string; event: string; purposes: string[]; channel: string }[], key?: Uint8Array): Promise<LedgerRecord[]> {
  const ledger = createLedger({ store: memoryStore(), ...(key ? { key } : {}) });
  for (const e of events) await ledger.append(event(e as never));
  return ledger.export();
}

describe('verifyLedger properties', () => {
  it('S5.5: any mutation of any field of any record is detected at that record', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerArb, fc.nat(), fc.nat(), fc.nat(), fc.boolean(), async (events, ri, li, how, keyed) => {
        const recs = (await build(events, keyed ? KEY : undefined)) as unknown as Json[];
        const i = ri % recs.length;
        const paths = leaves(recs[i]!);
        const path = paths[li % paths.length]!;
        const bad = recs.map((r, j) => (j === i ? mutate(r, path, how) : r));
        fc.pre(canonicalJson(bad[i]) !== canonicalJson(recs[i]));
        const r = verifyLedger(bad, keyed ? { key: KEY } : {});
        expect(r.ok).toBe(false);
        expect(r.ok === false && r.index).toBe(i);
      }),
      { numRuns: 150 },
    );
  });

  it('S5.5: removed, inserted, duplicated or reordered records are detected at the first bad index', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerArb, fc.nat(), fc.nat(), fc.constantFrom('remove', 'insert', 'swap', 'duplicate'), async (events, a, b, op) => {
        const recs = await build(events);
        const n = recs.length;
        const i = a % n;
        let bad: unknown[];
        let expected: number;
        if (op === 'remove') {
          fc.pre(i < n - 1); // dropping the tail needs a checkpoint, tested below
          bad = recs.filter((_, j) => j !== i);
          expected = i;
        } else if (op === 'insert') {
          const other = await build([{ subject: 'u_9', event: 'given', purposes: ['marketing'], channel: 'app' }]);
          bad = [...recs.slice(0, i), other[0], ...recs.slice(i)];
          // A foreign genesis record in front is itself well-formed: the displaced first record is then the bad one.
          expected = i === 0 ? 1 : i;
        } else if (op === 'duplicate') {
          bad = [...recs.slice(0, i + 1), recs[i], ...recs.slice(i + 1)];
          expected = i + 1;
        } else {
          const j = b % n;
          fc.pre(i !== j);
          bad = [...recs];
          [bad[i], bad[j]] = [bad[j], bad[i]];
          expected = Math.min(i, j);
        }
        expect(verifyLedger(bad)).toMatchObject({ ok: false, index: expected });
        expect(verifyLedger(recs)).toEqual({ ok: true });
      }),
      { numRuns: 150 },
    );
  });

  it('S5.5: dropping the last records is caught against an earlier checkpoint', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerArb, fc.nat(), async (events, k) => {
        const recs = await build(events);
        const cp = { length: recs.length, hash: recs[recs.length - 1]!.hash, alg: recs[0]!.alg };
        const keep = k % recs.length;
        expect(verifyLedger(recs.slice(0, keep), { checkpoint: cp })).toEqual({ ok: false, index: keep, code: 'TRUNCATED' });
      }),
      { numRuns: 50 },
    );
  });
});

describe('ledger records as handed out', () => {
  it('are frozen, so a caller cannot edit the ledger\'s records in place', async () => {
    const ledger = createLedger({ store: memoryStore() });
    await ledger.append(event());
    const [r] = await ledger.export();
    expect(() => (r!.data.purposes as string[]).push('analytics')).toThrow(TypeError);
    expect(verifyLedger(await ledger.export())).toEqual({ ok: true });
  });

  it('BAD_DATA: a record whose hash is right but whose event breaks the schema (forged on a plain chain)', async () => {
    const ledger = createLedger({ store: memoryStore() });
    await ledger.append(event());
    const [r] = await ledger.export();
    const data = { ...r!.data, channel: 'telepathy' };
    const body = { v: 1, kind: 'consent', seq: 0, prev: r!.prev, alg: 'sha256', data };
    const forged = { ...body, hash: toHex(sha256(canonicalJson(body))) };
    expect(verifyLedger([forged])).toEqual({ ok: false, index: 0, code: 'BAD_DATA' });
  });
});
