// Issue 15: custodia's schemas left zod for catalog/_rules.ts (a mini-program page without zod's
// 30 KB). This is the proof that nothing changed: the zod/mini schemas they were written as
// (_oracle.ts) and ours parse the same seeded random and mutated inputs to the same answer:
// accept/reject, the parsed value, every issue's code and path in order; and the messages
// custodia builds never hold a value of the input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { AUDIT_ACTIONS, auditEntrySchema, dataSetSchema } from '../../src/audit/index.js';
import { defineCatalog, listCategories, parseWith, ValidationError, type FieldSpec, type ValidationIssue } from '../../src/catalog/index.js';
import { _isoDateSchema, _isoDateTimeSchema } from '../../src/catalog/_iso.js';
import { _array, _min, _object, _optional, _string, type _Rule } from '../../src/catalog/_rules.js';
import { _issuesOf } from '../../src/catalog/_validation.js';
import { CHANNELS, CONSENT_EVENTS, CONSENT_METHODS, consentEventSchema, defineNotice, LEGAL_BASES, REQUIRED_RIGHTS } from '../../src/consent/index.js';
import { definePurpose } from '../../src/purpose/index.js';
import { event, NOTICE_V1 } from './_fixtures.js';
import { auditEntryZod, consentEventZod, dataSetZod, defaultSchemaZod, isoDateTimeZod, isoDateZod, noticeZod, purposeZod, recordMetaZod } from './_oracle.js';

const SEED = 15;
const RUNS = 400;

// Values a mutation writes: the schemas' own words (so the deep rules get reached), personal data
// (which must never reach a message), strings at the length limits in code points, and any JSON.
const WORDS = [...CHANNELS, ...CONSENT_EVENTS, ...CONSENT_METHODS, ...LEGAL_BASES, ...REQUIRED_RIGHTS, ...AUDIT_ACTIONS, 'portability', 'explanation', 'complaint', 'parent', 'guardian', 'cross-border-assessed', 'allow', 'deny', 'delete', 'anonymize', 'CN'];
const PERSONAL = ['13812345678', '11010519491231002X', '张三丰', 'zhang.san@example.cn', '上海市浦东新区陆家嘴环路1000号'];
const SPECIAL = [
  'P1Y', 'P6M', 'PT', 'P', 'P1Y2', '2024-07-01T10:00:00+08:00', '2024-07-01T10:00:00Z', '2024-02-30T10:00:00Z', '2024-07-01', '2023-02-29', '2024-07-01T10:00+08:00',
  'a'.repeat(64), 'A'.repeat(64), 'a'.repeat(63), 'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(256), 'x'.repeat(257), '𝒳'.repeat(128), '𝒳'.repeat(129), '𝒳'.repeat(64), '𝒳', 'z',
  '', 'membership', 'marketing', 'CONSENT_WITHDRAWN', 'bad reason', '__proto__', 'constructor', 'toString',
];
const CATEGORIES = listCategories().map((c) => c.id);
const leaf = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL), weight: 3 },
  { arbitrary: fc.constantFrom(...WORDS, ...PERSONAL, ...CATEGORIES), weight: 2 },
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 3 }),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom(null, undefined, 1.5, -0, Number.NaN),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ maxDepth: 2, depthIdentifier: 'v' }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('id', 'name', 'x', 'hash', 'subject', 'terms'), tie('v'), { maxKeys: 3 })),
})).v;

type Json = Record<string, unknown> | unknown[];
/** Every container and leaf path of a value. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...at, k], out);
  return out;
}
const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom('set', 'set', 'set', 'delete', 'add', 'dup', 'setUndefined'), value, key: fc.oneof(fc.constantFrom('', 'x'.repeat(129), 'extra', '13812345678', '__proto__', 'id', 'notice', 'source', 'guardian', 'sensitiveCategories', 'separate', 'ageUnder14', 'expires'), fc.string()) });
function mutate(base: unknown, ms: { at: number; op: string; value: unknown; key: string }[]): unknown {
  let root: unknown = structuredClone(base);
  for (const m of ms) {
    const all = paths(root);
    const p = all[m.at % all.length]!;
    if (p.length === 0) {
      if (m.op === 'set') root = m.value;
      continue;
    }
    const parent = p.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as Json;
    const k = p[p.length - 1]!;
    const target = (parent as Record<string | number, unknown>)[k];
    if (m.op === 'set') (parent as Record<string | number, unknown>)[k] = m.value;
    else if (m.op === 'setUndefined') (parent as Record<string | number, unknown>)[k] = undefined;
    else if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(k), 1);
      else delete parent[k as string];
    }
    else if (m.op === 'dup' && Array.isArray(target) && target.length > 0) target.push(structuredClone(target[0]));
    else if (m.op === 'add' && typeof target === 'object' && target !== null && !Array.isArray(target))
      Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

/** Input strings that must not show in a message: the test's personal values, and any string the schema has no word for. */
function leaves(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => leaves(x, out));
  else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) leaves((v as Record<string, unknown>)[k], out);
  return out;
}
const seen = new Map<string, number>();
type Outcome = { ok: true; data: unknown } | { ok: false; issues: ValidationIssue[] };
const zodOutcome = (s: { safeParse(x: unknown): { success: boolean; data?: unknown; error?: { issues: unknown[] } } }, x: unknown): Outcome => {
  const r = s.safeParse(x);
  return r.success ? { ok: true, data: r.data } : { ok: false, issues: _issuesOf(r.error!.issues as Parameters<typeof _issuesOf>[0]) };
};
const thrown = (f: () => unknown): Outcome => {
  try {
    return { ok: true, data: f() };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    // Paths name keys (identifier-like ones): a key is the caller's field name, not a value.
    const allowed = [...ALLOWED, ...paths(lastInput).flat().filter((k): k is string => typeof k === 'string')];
    for (const s of leaves(lastInput)) if (s.length >= 3 && !allowed.some((w) => w.includes(s))) expect(e.message).not.toContain(s);
    return { ok: false, issues: [...e.issues] };
  }
};
let lastInput: unknown;
const ALLOWED = [...WORDS, 'failed validation', 'undeclared key(s)', 'unrecognized_keys', 'must be one of', 'invalid_type', 'invalid_value', 'invalid_format', 'invalid_key', 'too_small', 'too_big', 'consent event', 'notice', 'purpose', 'audit entry', 'data set', 'record', 'sensitiveCategories', 'categories', 'purposes'];

/** Ours against the oracle on one input: same outcome, same parsed value (key presence included), same issues in order. */
function same(ours: (x: unknown) => Outcome, oracle: (x: unknown) => Outcome, x: unknown, strip: (d: unknown) => unknown = (d) => d): void {
  lastInput = x;
  const a = ours(x);
  const b = oracle(x);
  expect(a.ok).toBe(b.ok);
  if (a.ok && b.ok) expect(strip(a.data)).toStrictEqual(b.data);
  else if (!a.ok && !b.ok) expect(a.issues).toEqual(b.issues);
  const key = a.ok ? 'accepted' : 'rejected';
  seen.set(key, (seen.get(key) ?? 0) + 1);
  if (!a.ok) for (const i of a.issues) seen.set(i.code, (seen.get(i.code) ?? 0) + 1);
}
const run = (bases: unknown[], check: (x: unknown) => void) =>
  fc.assert(
    fc.property(fc.nat(bases.length - 1), fc.array(mutation, { minLength: 0, maxLength: 4 }), fc.boolean(), value, (b, ms, random, anything) => check(random && ms.length === 4 ? anything : mutate(bases[b], ms))),
    { seed: SEED, numRuns: RUNS },
  );

const HASH = 'b'.repeat(64);
const EVENTS = [
  event(),
  event({ event: 'withdrawn', notice: undefined, evidence: undefined, method: 'unsubscribe' }),
  event({ separate: true, sensitiveCategories: ['biometric.face'], purposes: ['face-pay'] }),
  event({ ageUnder14: true, guardian: { subject: 'g_1', relation: 'parent', verification: 'id-card-check' } }),
  event({ channel: 'third-party', source: { provider: 'partner', authorization: HASH }, expires: '2025-07-01T10:00:00+08:00', id: 'e-1' }),
  // Lengths at the limits in code points (zod counts code points, not UTF-16 units).
  event({ subject: '𝒳'.repeat(128), collector: '𝒳'.repeat(256), purposes: ['𝒳'.repeat(128)] }),
  // A separate consent naming no category (separate_without_categories).
  event({ event: 'withdrawn', separate: true }),
  // A phone number as subject (subject_not_pseudonymous: the message must not carry it).
  event({ subject: '13812345678' }),
  // A terms key outside the key schema (1-128 characters): invalid_key.
  event({ notice: { id: 'n', version: '1', hash: HASH, terms: { marketing: HASH, ['k'.repeat(129)]: HASH } } }),
];
const PURPOSES = [
  { id: 'marketing', basis: 'consent', marketing: true, categories: ['contact.mobile', 'transaction.history'], retention: 'P1Y' },
  { id: 'orders', description: '订单', basis: 'contract', basic: true, categories: ['identity.name', 'contact'], roles: ['crm'], atExpiry: 'anonymize', publicSecurity: false },
  { id: 'svc', basis: 'consent', basic: true, categories: ['contact'] },
];
const ENTRY = { operator: 'emp-1', role: 'crm', purpose: 'marketing', action: 'export', fields: ['phone'], decision: 'allow', reasons: ['OK_1'], ref: HASH, subject: 'u_1', dataSet: 'd', at: '2024-07-01T10:00:00Z' };
const DATASET = {
  id: 'crm', name: '会员库', location: 'pg://crm', categories: ['contact.mobile'], purposes: ['membership'], responsible: { name: '李四', role: 'DPO', contact: 'dpo@example.cn' },
  custodians: ['emp-1'], encrypted: true, deidentified: false, residency: 'CN', registeredBy: 'emp-7', registeredAt: '2024-07-01T10:00:00+08:00',
};
const ruleOutcome = (s: _Rule<unknown, unknown>) => (x: unknown) => thrown(() => parseWith(s, x, 'input'));

describe('custodia schemas against their zod/mini oracle (seeded, random and mutated inputs)', () => {
  it('consent events: consentEventSchema() and parseWith, against the zod schema', () => {
    const oracle = consentEventZod();
    run(EVENTS, (x) => {
      same((y) => thrown(() => parseWith(consentEventSchema(), y, 'consent event')), (y) => zodOutcome(oracle, y), x);
      // The schema's own safeParse agrees with parseWith.
      expect(consentEventSchema().safeParse(x).success).toBe(oracle.safeParse(x).success);
    });
  });

  it('notices: defineNotice against parseWith(zod notice schema) (hashes aside)', () => {
    const oracle = noticeZod();
    const strip = (n: unknown) => {
      const { hash: _h, terms: _t, hashAlg: _a, sensitive: _s, ...rest } = n as Record<string, unknown>;
      return rest;
    };
    run([NOTICE_V1, { ...NOTICE_V1, purposes: [{ ...NOTICE_V1.purposes[0]!, recipients: ['物流公司'] }], rights: [...REQUIRED_RIGHTS, 'complaint'] }], (x) => {
      // defineNotice checks it was given an object before validating (INVALID_ARGUMENT).
      if (typeof x !== 'object' || x === null || Array.isArray(x)) return void expect(oracle.safeParse(x).success).toBe(false);
      same((y) => thrown(() => defineNotice(y as never)), (y) => zodOutcome(oracle, y), x, strip);
    });
  });

  it('purposes: definePurpose against the zod purpose schema', () => {
    const oracle = purposeZod();
    run(PURPOSES, (x) => same((y) => thrown(() => definePurpose(y as never)), (y) => zodOutcome(oracle, y), x, (p) => ({ ...(p as object), categories: [...(p as { categories: string[] }).categories] })));
  });

  it('audit entries and data-set registrations', () => {
    const e = auditEntryZod();
    const d = dataSetZod();
    run([ENTRY, { operator: 'o', role: 'r', purpose: 'p', action: 'read', decision: 'deny', at: '2024-07-01T10:00:00Z' }], (x) => same(ruleOutcome(auditEntrySchema() as never), (y) => zodOutcome(e, y), x));
    run([DATASET], (x) => same(ruleOutcome(dataSetSchema() as never), (y) => zodOutcome(d, y), x));
  });

  it('z.object (unknown keys dropped): retention record meta, rebuilt on the same rules', () => {
    const ours = _object({ purposes: _array(_string(_min(1))), collectedAt: _isoDateTimeSchema(), lastActivityAt: _optional(_isoDateTimeSchema()), channel: _optional(_string()), dataSet: _optional(_string()) }, 1);
    const oracle = recordMetaZod();
    run([{ purposes: ['membership'], collectedAt: '2024-07-01T10:00:00Z', channel: 'app', extra: 1 }], (x) => same(ruleOutcome(ours), (y) => zodOutcome(oracle, y), x));
  });

  it('catalogs: default schemas per category and user zod schemas (classic and mini) inside ours', () => {
    const fields: Record<string, FieldSpec> = {
      phone: { category: 'contact.mobile', required: true },
      email: { category: 'contact.email' },
      birth: { category: 'identity.birthDate' },
      idNo: { category: 'identity.residentId' },
      face: { category: 'biometric.face' },
      name: { category: 'identity.name', schema: z.string().min(1).max(8) },
      tags: { category: 'tags', schema: zm.array(zm.string().check(zm.refine((s) => !s.includes('!'), { params: { code: 'bad_tag' } }))), required: true },
      score: { category: 'other', schema: z.number().int().optional() },
      level: { category: 'other', schema: z.string().default('basic') },
    };
    const catalog = defineCatalog({ fields });
    const shape: Record<string, zm.ZodMiniType> = {};
    const patchShape: Record<string, zm.ZodMiniType> = {};
    for (const [k, f] of Object.entries(fields)) {
      const base = (f.schema as zm.ZodMiniType | undefined) ?? defaultSchemaZod(f.category) ?? zm.unknown();
      shape[k] = f.required ? base : zm.optional(base);
      patchShape[k] = zm.optional(base);
    }
    const oracle = zm.strictObject(shape);
    const patch = zm.strictObject(patchShape);
    const base = { phone: '13812345678', email: 'a@b.cn', birth: '2000-02-29', idNo: '11010519491231002X', face: { template: [1, 2] }, name: '张三', tags: ['vip'], score: 3 };
    run([base, { phone: '13912345678', tags: ['vip!'] }], (x) => {
      same((y) => thrown(() => catalog.parse(y)), (y) => zodOutcome(oracle, y), x);
      same((y) => thrown(() => catalog.parsePatch(y)), (y) => zodOutcome(patch, y), x);
      const r = catalog.safeParse(x);
      const o = zodOutcome(oracle, x);
      expect(r.ok ? { ok: true, data: r.value } : { ok: false, issues: r.issues }).toStrictEqual(o);
    });
  });

  it('ISO dates and date-times match zod 4 on every leap-year and offset edge', () => {
    const dates = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom('Z', '+08:00', '-23:59', '+24:00', '', '.123Z', '+0800'));
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(dates, ([y, m, d, h, mi, tz]) => {
        const date = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        const dt = `${date}T${pad(h, 2)}:${pad(mi, 2)}:${pad(mi, 2)}${tz}`;
        expect(_isoDateSchema().safeParse(date).success).toBe(isoDateZod().safeParse(date).success);
        expect(_isoDateTimeSchema().safeParse(dt).success).toBe(isoDateTimeZod().safeParse(dt).success);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('the generators reach every rule: both outcomes and every issue code the schemas raise', () => {
    for (const code of ['accepted', 'rejected', 'invalid_type', 'invalid_value', 'invalid_format', 'invalid_key', 'too_small', 'too_big', 'unrecognized_keys', 'unknown_category', 'duplicate_purpose', 'notice_required', 'evidence_required', 'separate_without_categories', 'subject_not_pseudonymous', 'basic_service_on_consent', 'invalid_resident_id', 'bad_tag'])
      expect(seen.get(code) ?? 0, code).toBeGreaterThan(0);
  });
});

describe('zod 4 protocol both ways', () => {
  it("custodia's schemas nest inside a user's zod schema with the same result as the zod oracle", () => {
    const ours = z.object({ e: consentEventSchema() as unknown as z.ZodType, tag: z.string() });
    const oracle = z.object({ e: consentEventZod(), tag: z.string() });
    run([{ e: EVENTS[0], tag: 't' }], (x) => same((y) => zodOutcome(ours, y), (y) => zodOutcome(oracle, y), x));
  });
});
