import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { addDuration, covers, coveredBy, defineCatalog, getCategory, isCategory, isValidResidentId, listCategories, parseDuration, parseWith, ValidationError } from '../../src/catalog/index.js';
import { isCustodiaError } from '../../src/errors/index.js';

const catalog = defineCatalog({
  fields: {
    name: { category: 'identity.name', schema: z.string().min(1) },
    phone: { category: 'contact.mobile', required: true },
    email: { category: 'contact.email' },
    idNo: { category: 'identity.residentId' },
    face: { category: 'biometric.face' },
    plate: { category: 'vehicle.plate', schema: z.string() },
    tags: { category: 'tags', schema: z.array(z.string()) },
  },
});

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('taxonomy', () => {
  it('P5: holds every data kind of policy art. 5 (1)-(7) with its examples', () => {
    const ids = new Set(listCategories().map((c) => c.id));
    for (const id of [
      'identity.name', 'identity.gender', 'identity.birthDate', 'identity.residentId', 'identity.passport',
      'contact.mobile', 'contact.email', 'contact.address', 'contact.landline',
      'account.username', 'account.passwordHash', 'account.securityQa', 'account.status',
      'transaction.orders', 'transaction.payments', 'transaction.logistics', 'transaction.preferences', 'transaction.history',
      'behaviour.browsing', 'behaviour.search', 'behaviour.clicks', 'behaviour.dwellTime', 'behaviour.ip', 'behaviour.device',
      'feedback.reviews', 'feedback.complaints', 'other',
    ])
      expect(ids.has(id), id).toBe(true);
    // Every child has its parent, so ancestor matching always has something to match.
    for (const id of ids) if (id.includes('.')) expect(ids.has(id.slice(0, id.lastIndexOf('.'))), id).toBe(true);
  });

  it('P6: sensitive per PIPL art. 28: biometrics, ID numbers, financial accounts, precise location, minors', () => {
    for (const id of ['biometric.face', 'biometric.fingerprint', 'identity.residentId', 'financial.account', 'location.precise', 'minor'])
      expect(getCategory(id).sensitivity, id).toBe('sensitive');
    for (const id of ['identity.name', 'contact.mobile', 'transaction.orders', 'behaviour.browsing', 'trafficFlow'])
      expect(getCategory(id).sensitivity, id).toBe('general');
  });

  it('isCategory agrees with getCategory on every listed id and on ids outside the taxonomy', () => {
    for (const c of listCategories()) expect(isCategory(c.id), c.id).toBe(true);
    for (const id of ['contact.pager', '', 'contact', 'CONTACT.MOBILE', 'contact.mobile.', '__proto__', 'constructor']) {
      let throws = false;
      try { getCategory(id); } catch { throws = true; }
      expect(isCategory(id), id).toBe(!throws);
    }
  });

  it('S3.1: identifier roles: ID number and mobile are direct identifiers, birth date and IP quasi', () => {
    expect(getCategory('identity.residentId').role).toBe('direct');
    expect(getCategory('contact.mobile').role).toBe('direct');
    expect(getCategory('identity.birthDate').role).toBe('quasi');
    expect(getCategory('behaviour.ip').role).toBe('quasi');
    expect(getCategory('transaction.orders').role).toBe('other');
  });

  it('S3.3: biometric data (face, fingerprint, voiceprint, iris) is sensitive and for public security only', () => {
    for (const c of listCategories().filter((x) => covers('biometric', x.id))) {
      expect(c.sensitivity).toBe('sensitive');
      expect(c.publicSecurityOnly).toBe(true);
    }
    expect(listCategories().filter((x) => covers('biometric', x.id)).length).toBeGreaterThanOrEqual(5);
  });

  it('S3.4 / S3.5: customer tags and traffic-flow data are categories of their own', () => {
    expect(getCategory('tags').role).toBe('quasi');
    expect(getCategory('trafficFlow').id).toBe('trafficFlow');
  });

  it('unknown category ids throw UNKNOWN_CATEGORY naming the id', () => {
    expect(() => getCategory('contact.fax')).toThrow(expect.objectContaining({ code: 'UNKNOWN_CATEGORY', field: 'contact.fax' }));
    expect(() => defineCatalog({ fields: { x: { category: 'nope' } } })).toThrow(expect.objectContaining({ code: 'UNKNOWN_CATEGORY' }));
  });

  it('ancestor matching: a parent covers its descendants and nothing else', () => {
    expect(covers('contact', 'contact.mobile')).toBe(true);
    expect(covers('contact', 'contact')).toBe(true);
    expect(covers('contact.mobile', 'contact')).toBe(false);
    expect(covers('contact', 'contactless')).toBe(false);
    expect(coveredBy(['identity', 'tags'], 'tags')).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom(...listCategories().map((c) => c.id)), fc.constantFrom(...listCategories().map((c) => c.id)), (a, b) => {
        expect(covers(a, b)).toBe(a === b || b.startsWith(`${a}.`));
      }),
    );
  });
});

describe('defineCatalog', () => {
  it('resolves sensitivity and role from the category, with upward overrides only', () => {
    expect(catalog.field('face')).toMatchObject({ category: 'biometric.face', sensitivity: 'sensitive', role: 'direct', publicSecurityOnly: true });
    expect(catalog.field('phone')).toMatchObject({ sensitivity: 'general', required: true, residency: 'CN' });
    const c2 = defineCatalog({ fields: { addr: { category: 'contact.address', sensitivity: 'sensitive' } } });
    expect(c2.field('addr').sensitivity).toBe('sensitive');
    expect(() => defineCatalog({ fields: { f: { category: 'biometric.face', sensitivity: 'general' } } })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'f' }));
  });

  it('P9.3: every field carries a residency tag, CN unless a cross-border assessment is declared', () => {
    const c = defineCatalog({ fields: { phone: { category: 'contact.mobile' }, email: { category: 'contact.email', residency: 'cross-border-assessed' } } });
    expect(c.field('phone').residency).toBe('CN');
    expect(c.field('email').residency).toBe('cross-border-assessed');
  });

  it('fieldsIn finds fields by ancestor category', () => {
    expect(catalog.fieldsIn(['contact']).sort()).toEqual(['email', 'phone']);
    expect(catalog.fieldsIn(['biometric', 'vehicle'])).toEqual(['face', 'plate']);
    expect(() => catalog.field('salary')).toThrow(expect.objectContaining({ code: 'UNKNOWN_FIELD', field: 'salary' }));
  });

  it('parses external JSON into typed records', () => {
    const r = catalog.parse({ name: '张三', phone: '13800138000', email: 'a@example.cn', idNo: '11010519491231002X', tags: ['vip'] });
    const phone: string | undefined = r.phone as string | undefined;
    expect(phone).toBe('13800138000');
    expect(r.tags).toEqual(['vip']);
  });

  it('P8.3: fields the catalog does not declare are rejected (collect only what is needed)', () => {
    const e = thrown(() => catalog.parse({ phone: '13800138000', religion: 'x' }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues).toEqual([{ path: 'religion', code: 'unrecognized_keys' }]);
  });

  it('an undeclared key that is itself personal data (a phone, an e-mail, a name) never reaches the error', () => {
    for (const key of ['13812345678', 'zhang.san@example.cn', '张三', 'id_110105194912310021', '']) {
      const e = thrown(() => catalog.parse({ phone: '13800138000', [key]: 'x' }));
      expect(e.issues).toEqual([{ path: '<key>', code: 'unrecognized_keys' }]);
      expect(`${e.message} ${e.stack} ${JSON.stringify(e)}`).not.toContain(key || '\u0000');
    }
  });

  it('validation errors carry paths and codes, never the values', () => {
    const bad = { name: '', phone: '12345678901', email: 'not-an-email-李四', idNo: '110105194912310021', tags: [7] };
    const e = thrown(() => catalog.parse(bad));
    expect(e.issues).toEqual([
      { path: 'name', code: 'too_small' },
      { path: 'phone', code: 'invalid_format' },
      { path: 'email', code: 'invalid_format' },
      { path: 'idNo', code: 'invalid_resident_id' },
      { path: 'tags[0]', code: 'invalid_type' },
    ]);
    for (const v of ['12345678901', 'not-an-email', '李四', '110105194912310021']) expect(e.message).not.toContain(v);
    expect(e.field).toBe('name');
    expect(isCustodiaError(e, 'VALIDATION_FAILED')).toBe(true);
  });

  it('S4.2.2: required fields are enforced; optional ones (phone binding is voluntary) may be absent', () => {
    expect(thrown(() => catalog.parse({ name: '王五' })).issues).toEqual([{ path: 'phone', code: 'invalid_type' }]);
    const c = defineCatalog({ fields: { name: { category: 'identity.name' }, phone: { category: 'contact.mobile' } } });
    expect(c.parse({ name: '王五' })).toEqual({ name: '王五' });
    expect(catalog.parsePatch({ email: 'b@example.cn' })).toEqual({ email: 'b@example.cn' });
    expect(catalog.safeParse({ phone: 1 })).toEqual({ ok: false, issues: [{ path: 'phone', code: 'invalid_type' }] });
  });

  it('property: no rejected mobile number ever appears in the error message', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{11}$/).filter((s) => !/^1[3-9]/.test(s)), (phone) => {
        const e = thrown(() => catalog.parse({ phone }));
        expect(e.message).not.toContain(phone);
        expect(e.issues[0]).toEqual({ path: 'phone', code: 'invalid_format' });
      }),
    );
  });

  it('parseWith reports nested paths', () => {
    const e = thrown(() => parseWith(z.object({ a: z.array(z.object({ b: z.number() })) }), { a: [{ b: 1 }, { b: 'x' }] }, 'thing'));
    expect(e.issues).toEqual([{ path: 'a[1].b', code: 'invalid_type' }]);
    expect(e.message).toBe('thing failed validation: a[1].b: invalid_type');
  });

  it('takes user schemas built with classic zod and with zod/mini, in one catalog, typed and with the same issue codes', () => {
    const c = defineCatalog({
      fields: {
        name: { category: 'identity.name', schema: z.string().min(1), required: true },
        nick: { category: 'identity.name', schema: zm.string().check(zm.minLength(1)), required: true },
        tags: { category: 'tags', schema: zm.array(zm.string()) },
        score: { category: 'other', schema: z.number().int() },
        code: { category: 'other', schema: zm.string().check(zm.refine((s) => s.startsWith('M'), { params: { code: 'bad_member_code' } })) },
      },
    });
    const r = c.parse({ name: '张三', nick: '三', tags: ['vip'], score: 3, code: 'M1' });
    const typed: { name?: string; nick?: string; tags?: string[]; score?: number; code?: string } = r;
    expect(typed).toEqual({ name: '张三', nick: '三', tags: ['vip'], score: 3, code: 'M1' });
    const e = thrown(() => c.parse({ name: '', nick: '', tags: [7], score: 1.5, code: 'X1', extra: 1 }));
    expect(e.issues).toEqual([
      { path: 'name', code: 'too_small' },
      { path: 'nick', code: 'too_small' },
      { path: 'tags[0]', code: 'invalid_type' },
      { path: 'score', code: 'invalid_type' },
      { path: 'code', code: 'bad_member_code' },
      { path: 'extra', code: 'unrecognized_keys' },
    ]);
    expect(c.parsePatch({ nick: '四' })).toEqual({ nick: '四' });
    expect(thrown(() => c.parse({ name: '王五' })).issues).toEqual([{ path: 'nick', code: 'invalid_type' }]);
    // parseWith takes either kind too.
    expect(parseWith(zm.object({ a: zm.number() }), { a: 1 }, 'thing').a).toBe(1);
    expect(thrown(() => parseWith(zm.object({ a: zm.array(zm.object({ b: zm.number() })) }), { a: [{ b: 'x' }] }, 'thing')).issues).toEqual([{ path: 'a[0].b', code: 'invalid_type' }]);
  });
});

describe('resident ID check (GB 11643-1999)', () => {
  it('accepts the standard example and rejects a wrong check character', () => {
    // GB 11643-1999 appendix example: 11010519491231002X.
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('11010519491231002x')).toBe(false);
  });
  it('property: exactly one check character of 0-9/X makes an ID valid', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}$/), (body) => {
        expect([...'0123456789X'].filter((c) => isValidResidentId(body + c)).length).toBe(1);
      }),
    );
  });
});

describe('ISO 8601 durations', () => {
  it('parses designators and adds them with UTC calendar rules', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({ years: 1, months: 2, days: 25, seconds: 5 * 3600 + 6 * 60 + 7 });
    const d = (s: string) => new Date(s);
    expect(addDuration(d('2024-02-29T00:00:00Z'), 'P1Y').toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(addDuration(d('2024-01-31T08:00:00Z'), 'P1M').toISOString()).toBe('2024-02-29T08:00:00.000Z');
    expect(addDuration(d('2024-11-15T00:00:00Z'), 'P3M').toISOString()).toBe('2025-02-15T00:00:00.000Z');
    expect(addDuration(d('2024-12-31T23:00:00Z'), 'PT2H').toISOString()).toBe('2025-01-01T01:00:00.000Z');
    for (const bad of ['P', '3Y', 'PT', 'P1.5Y', 'P-1D', ''])
      expect(() => parseDuration(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
