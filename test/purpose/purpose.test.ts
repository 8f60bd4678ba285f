import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { coveredBy, defineCatalog, listCategories } from '../../src/catalog/index.js';
import { consentState, defineNotice, noticeRef, type ConsentEvent, type SubjectState } from '../../src/consent/index.js';
import { checkPurpose, definePurpose, minimumView, purposesOf, type Purpose } from '../../src/purpose/index.js';
import { consentEventSchema } from '../../src/consent/index.js';
import { event, NOTICE_V1, notice1 } from '../consent/_fixtures.js';

const catalog = defineCatalog({
  fields: {
    name: { category: 'identity.name' },
    phone: { category: 'contact.mobile' },
    address: { category: 'contact.address' },
    orders: { category: 'transaction.orders', schema: z.array(z.string()) },
    history: { category: 'transaction.history' },
    tags: { category: 'tags' },
    face: { category: 'biometric.face' },
    cctv: { category: 'identity.image' },
    location: { category: 'location.precise' },
    clicks: { category: 'behaviour.clicks' },
    childAge: { category: 'minor' },
  },
});
const NOW = new Date('2024-09-01T00:00:00Z');
const P = purposesOf(notice1, { membership: { basic: true }, marketing: { marketing: true } });
const membership = P['membership']!;
const marketing = P['marketing']!;
const facePay = P['face-pay']!;
const security = definePurpose({ id: 'store-security', basis: 'legal-duty', publicSecurity: true, categories: ['identity.image', 'biometric.face'] });

const ev = (o: Parameters<typeof event>[0]) => consentEventSchema().parse(event(o));
const state = (...events: ConsentEvent[]): SubjectState => consentState('u_0001', events);
const codes = (p: Purpose, fields: string[], s: SubjectState, extra: Partial<Parameters<typeof checkPurpose>[0]> = {}) =>
  checkPurpose({ purpose: p, fields, subjectState: s, catalog, now: NOW, ...extra }).reasons.map((r) => r.code);

describe('definePurpose', () => {
  it('P8.2: a basic-service purpose cannot rest on consent (withdrawal must not stop it)', () => {
    expect(() => definePurpose({ id: 'orders', basis: 'consent', basic: true, categories: ['transaction'] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', issues: [{ path: 'basis', code: 'basic_service_on_consent' }] }),
    );
    expect(() => definePurpose({ id: 'x', basis: 'consent', categories: ['contact.fax'] })).toThrow(expect.objectContaining({ issues: [{ path: 'categories[0]', code: 'unknown_category' }] }));
  });
  it('S4.1.1: every purpose has a legal basis and a declared scope; purposesOf reads them from the notice', () => {
    expect(membership).toMatchObject({ basis: 'contract', basic: true, retention: 'P3Y' });
    expect(marketing).toMatchObject({ basis: 'consent', marketing: true, retention: 'P1Y', atExpiry: 'delete' });
  });
});

describe('checkPurpose', () => {
  it('P8.2: withdrawing marketing consent keeps basic service', () => {
    const s = state(ev({ purposes: ['marketing'] }), ev({ event: 'withdrawn', purposes: ['marketing'] }));
    expect(codes(marketing, ['phone'], s)).toEqual(['CONSENT_WITHDRAWN']);
    expect(checkPurpose({ purpose: membership, fields: ['name', 'phone', 'orders'], subjectState: s, catalog, now: NOW })).toEqual({ allowed: true, reasons: [] });
    // Even a subject who refused everything keeps the basic service.
    expect(codes(membership, ['phone'], state(ev({ event: 'refused', purposes: ['marketing', 'analytics'] })))).toEqual([]);
  });

  it('P4.2: no consent, refused consent: NO_CONSENT', () => {
    expect(codes(marketing, ['phone'], state())).toEqual(['NO_CONSENT']);
    expect(codes(marketing, ['phone'], state(ev({ event: 'refused' })))).toEqual(['NO_CONSENT']);
    expect(codes(marketing, ['phone'], state(ev({})))).toEqual([]);
  });

  it('P4.5 / S6.1.1: fields outside the purpose are FIELD_NOT_IN_PURPOSE; unknown fields never pass', () => {
    const s = state(ev({}));
    expect(checkPurpose({ purpose: marketing, fields: ['phone', 'address', 'salary'], subjectState: s, catalog, now: NOW }).reasons).toEqual([
      { code: 'FIELD_NOT_IN_PURPOSE', purpose: 'marketing', field: 'address', category: 'contact.address' },
      { code: 'UNKNOWN_FIELD', purpose: 'marketing', field: 'salary' },
    ]);
  });

  it('S4.1.2: expired consent is CONSENT_EXPIRED, by time or by an expired event', () => {
    expect(codes(marketing, ['phone'], state(ev({ expires: '2024-08-01T00:00:00Z' })))).toEqual(['CONSENT_EXPIRED']);
    expect(codes(marketing, ['phone'], state(ev({ expires: '2025-08-01T00:00:00Z' })))).toEqual([]);
    expect(codes(marketing, ['phone'], state(ev({}), ev({ event: 'expired', method: 'system' })))).toEqual(['CONSENT_EXPIRED']);
  });

  it('S6.1.2: consent under older material terms is NOTICE_OUTDATED until renewed', () => {
    const wider = defineNotice({ ...NOTICE_V1, version: '2024-09', purposes: NOTICE_V1.purposes.map((p) => (p.id === 'marketing' ? { ...p, recipients: ['广告联盟'] } : p)) });
    const s = state(ev({}));
    expect(codes(marketing, ['phone'], s, { notice: wider })).toEqual(['NOTICE_OUTDATED']);
    expect(codes(marketing, ['phone'], s, { notice: defineNotice({ ...NOTICE_V1, text: '新措辞' }) })).toEqual([]);
    expect(codes(marketing, ['phone'], state(ev({}), ev({ event: 'renewed', notice: noticeRef(wider) })), { notice: wider })).toEqual([]);
  });

  it('S6.3.1: marketing always honours unsubscribe, even for a basic-service message on contract basis', () => {
    const birthday = definePurpose({ id: 'birthday-sms', basis: 'contract', basic: true, marketing: true, categories: ['contact.mobile', 'identity.birthDate'] });
    const unsub = ev({ event: 'withdrawn', purposes: ['birthday-sms', 'marketing'], method: 'unsubscribe', channel: 'customer-service' });
    expect(codes(birthday, ['phone'], state())).toEqual([]);
    expect(codes(birthday, ['phone'], state(unsub))).toEqual(['MARKETING_UNSUBSCRIBED']);
    expect(codes(marketing, ['phone'], state(ev({}), unsub))).toEqual(['MARKETING_UNSUBSCRIBED', 'CONSENT_WITHDRAWN']);
    // Subscribing again (a new consent) lifts it.
    expect(codes(marketing, ['phone'], state(ev({}), unsub, ev({ at: '2024-08-01T00:00:00Z' })))).toEqual([]);
  });

  it('P6 / P8.2 / S4.1.2: sensitive fields need a separate consent naming their category', () => {
    const locMarketing = definePurpose({ id: 'marketing', basis: 'consent', marketing: true, categories: ['contact.mobile', 'location'] });
    expect(checkPurpose({ purpose: locMarketing, fields: ['phone', 'location'], subjectState: state(ev({})), catalog, now: NOW }).reasons).toEqual([
      { code: 'SEPARATE_CONSENT_REQUIRED', purpose: 'marketing', field: 'location', category: 'location.precise' },
    ]);
    const sep = ev({ separate: true, sensitiveCategories: ['location.precise'] });
    expect(codes(locMarketing, ['phone', 'location'], state(sep))).toEqual([]);
    // A separate consent for one sensitive category does not cover another.
    const both = definePurpose({ id: 'marketing', basis: 'consent', categories: ['location', 'biometric'] });
    expect(codes(both, ['location', 'face'], state(sep))).toEqual(['PUBLIC_SECURITY_ONLY']);
  });

  it('S6.2: images and identity-recognition data only for public security unless separately consented', () => {
    expect(codes(facePay, ['face'], state(ev({ purposes: ['face-pay'] })))).toEqual(['PUBLIC_SECURITY_ONLY']);
    expect(codes(facePay, ['face', 'phone'], state(ev({ purposes: ['face-pay'], separate: true, sensitiveCategories: ['biometric.face'] })))).toEqual([]);
    // Public security on a legal duty: no consent needed.
    expect(codes(security, ['cctv', 'face'], state())).toEqual([]);
    const tagging = definePurpose({ id: 'tagging', basis: 'contract', categories: ['identity.image', 'tags'] });
    expect(codes(tagging, ['cctv', 'tags'], state())).toEqual(['PUBLIC_SECURITY_ONLY']);
  });

  it('S3.3: biometric data under consent also needs its separate consent withdrawn-able on its own', () => {
    const withFace = ev({ purposes: ['face-pay'], separate: true, sensitiveCategories: ['biometric'] });
    const dropFace = ev({ event: 'withdrawn', purposes: ['face-pay'], sensitiveCategories: ['biometric'], method: 'toggle' });
    expect(codes(facePay, ['face'], state(withFace))).toEqual([]);
    expect(codes(facePay, ['face'], state(withFace, dropFace))).toEqual(['PUBLIC_SECURITY_ONLY']);
    expect(codes(facePay, ['phone'], state(withFace, dropFace))).toEqual([]);
  });

  it('PIPL art. 31: a subject under 14 needs guardian consent; minors\' data is sensitive', () => {
    const guardian = { subject: 'u_parent', relation: 'parent' as const, verification: 'id-check' };
    const minorNoGuardian = state(ev({ ageUnder14: true, guardian }), ev({ event: 'renewed' }));
    expect(minorNoGuardian.minor).toBe(true);
    expect(codes(marketing, ['phone'], minorNoGuardian)).toEqual(['GUARDIAN_CONSENT_REQUIRED']);
    expect(codes(marketing, ['phone'], state(ev({ ageUnder14: true, guardian })))).toEqual([]);
    const kids = definePurpose({ id: 'kids-club', basis: 'consent', categories: ['minor', 'contact'] });
    const s = consentState('u_0001', [ev({ purposes: ['kids-club'], separate: true, sensitiveCategories: ['minor'] })]);
    expect(codes(kids, ['childAge'], s)).toEqual(['GUARDIAN_CONSENT_REQUIRED']);
  });

  it('S5.3: purposes can restrict which roles may process', () => {
    const restricted = definePurpose({ id: 'complaints', basis: 'contract', roles: ['service-desk'], categories: ['contact', 'feedback'] });
    expect(codes(restricted, ['phone'], state(), { role: 'marketing-intern' })).toEqual(['ROLE_NOT_ALLOWED']);
    expect(codes(restricted, ['phone'], state())).toEqual(['ROLE_NOT_ALLOWED']);
    expect(codes(restricted, ['phone'], state(), { role: 'service-desk' })).toEqual([]);
  });
});

describe('properties', () => {
  const nonGranting = fc.constantFrom('withdrawn', 'refused', 'expired') as fc.Arbitrary<'withdrawn' | 'refused' | 'expired'>;
  const anyEvent = fc.constantFrom('given', 'renewed', 'withdrawn', 'refused', 'expired') as fc.Arbitrary<'given' | 'renewed' | 'withdrawn' | 'refused' | 'expired'>;

  it('S4.1.2: withdraw after give always denies, whatever came before or after (short of a new consent)', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 6 }), fc.array(nonGranting, { maxLength: 4 }), fc.boolean(), (before, after, unsub) => {
        const events = [
          ...before.map((e) => ev({ event: e, method: e === 'expired' ? 'system' : 'checkbox' })),
          ev({ event: 'given' }),
          ev({ event: 'withdrawn', method: unsub ? 'unsubscribe' : 'toggle' }),
          ...after.map((e) => ev({ event: e, method: 'system' })),
        ];
        const r = checkPurpose({ purpose: marketing, fields: ['phone'], subjectState: state(...events), catalog, now: NOW });
        expect(r.allowed).toBe(false);
        expect(r.reasons.length).toBeGreaterThan(0);
      }),
    );
  });

  const fieldNames = Object.keys(catalog.fields);
  it('P4.3 / P8.3: minimumView never leaks a field outside the purpose, nor an unknown one', () => {
    const cats = listCategories().map((c) => c.id);
    fc.assert(
      fc.property(
        fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), fc.string()), fc.jsonValue()),
        fc.subarray(cats, { minLength: 1 }),
        fc.boolean(),
        fc.array(fc.constantFrom('given', 'withdrawn'), { maxLength: 3 }),
        (record, categories, withState, evs) => {
          const purpose = definePurpose({ id: 'marketing', basis: 'consent', categories });
          const s = state(...evs.map((e) => ev({ event: e as 'given' })));
          const view = minimumView(record, purpose, { catalog, ...(withState ? { subjectState: s, now: NOW } : {}) });
          for (const k of Object.keys(view)) {
            expect(catalog.has(k)).toBe(true);
            expect(coveredBy(categories, catalog.field(k).category)).toBe(true);
            expect(view[k]).toBe(record[k]);
            if (withState) expect(checkPurpose({ purpose, fields: [k], subjectState: s, catalog, now: NOW }).allowed).toBe(true);
          }
          // And everything allowed is kept (the view is the maximum allowed, not an arbitrary subset).
          for (const k of Object.keys(record))
            if (catalog.has(k) && coveredBy(categories, catalog.field(k).category) && !withState) expect(k in view).toBe(true);
        },
      ),
    );
  });

  it('P4.3: minimumView for delivery keeps name, phone and address, drops the rest', () => {
    const delivery = definePurpose({ id: 'delivery', basis: 'contract', basic: true, categories: ['identity.name', 'contact.mobile', 'contact.address'] });
    const rec = { name: '张三', phone: '13800138000', address: '北京市朝阳区某路1号', face: 'base64…', tags: ['vip'], ssn: 'x' };
    expect(minimumView(rec, delivery, { catalog })).toEqual({ name: '张三', phone: '13800138000', address: '北京市朝阳区某路1号' });
    expect(minimumView(rec, marketing, { catalog, subjectState: state(), now: NOW })).toEqual({});
  });
});
