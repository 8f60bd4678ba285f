import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, defineNotice } from '../../src/consent/index.js';
import type { ValidationError } from '../../src/catalog/index.js';
import { NOTICE_V1, notice1 } from './_fixtures.js';

describe('canonicalJson (RFC 8785)', () => {
  it('matches the RFC 8785 §3.2.2 example', () => {
    // RFC 8785 section 3.2.2 input and its canonical output.
    const input = JSON.parse('{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}');
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });
  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    // RFC 8785 §3.2.3: "\u20ac" (Euro), "\r", "\ufb33" (Hebrew), "1", "\ud83d\ude00" (emoji), "\u0080", "\u00f6"
    const o = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    const order = Object.keys(JSON.parse(canonicalJson(o)) as object);
    // JSON.parse reorders integer-like keys first, so compare the text order instead.
    const text = canonicalJson(o);
    const positions = ['\\r', '"1"', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'].map((k) => text.indexOf(k));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(order.length).toBe(7);
  });
  it('is independent of key insertion order and drops undefined members', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: undefined, a: 'x' }], a: null })).toBe('{"a":null,"b":[1,{"a":"x","d":2}]}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
  it('property: parses back to the same value, agrees with JSON.stringify on strings, ignores key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (v, s) => {
        const text = canonicalJson(v);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(canonicalJson(s)).toBe(JSON.stringify(s));
        if (v && typeof v === 'object' && !Array.isArray(v)) expect(canonicalJson(Object.fromEntries(Object.entries(v).reverse()))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects what JSON cannot carry faithfully, naming the path', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'a[1]' }));
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(expect.objectContaining({ field: 'd' }));
    expect(() => canonicalJson({ n: 1n })).toThrow(expect.objectContaining({ field: 'n' }));
  });
});

describe('defineNotice', () => {
  it('P8.1: a notice states purposes, categories, retention and the rights before collection', () => {
    expect(notice1.purposes.map((p) => p.id)).toEqual(['membership', 'marketing', 'face-pay', 'analytics']);
    expect(notice1.retention).toBe('P3Y');
    expect(notice1.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(notice1.sensitive['face-pay']).toEqual(['biometric.face']);
    const noRights = { ...NOTICE_V1, rights: ['query', 'delete'] as const };
    let err: ValidationError | undefined;
    try {
      defineNotice({ ...noRights, rights: [...noRights.rights] });
    } catch (e) {
      err = e as ValidationError;
    }
    expect(err?.issues).toEqual([
      { path: 'rights', code: 'missing_right_correct' },
      { path: 'rights', code: 'missing_right_withdraw' },
    ]);
  });

  it('P4.2: a purpose may only use categories the notice discloses', () => {
    const bad = { ...NOTICE_V1, purposes: [{ id: 'x', description: 'x', categories: ['identity.residentId'] }] };
    expect(() => defineNotice(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', issues: [{ path: 'purposes[0].categories[0]', code: 'category_not_in_notice' }] }));
  });

  it('the hash is canonical: equal content in another key order hashes the same', () => {
    const reordered = Object.fromEntries(Object.entries(NOTICE_V1).reverse()) as typeof NOTICE_V1;
    expect(defineNotice(reordered).hash).toBe(notice1.hash);
    expect(defineNotice(NOTICE_V1, { hash: 'sm3' }).hash).not.toBe(notice1.hash);
  });

  it('S6.1.2: a rewording changes the hash but no terms; a new category, recipient or retention changes that purpose\'s terms only', () => {
    const reworded = defineNotice({ ...NOTICE_V1, version: '2024-07', text: NOTICE_V1.text + '（措辞调整）' });
    expect(reworded.hash).not.toBe(notice1.hash);
    expect(reworded.terms).toEqual(notice1.terms);
    const withPartner = defineNotice({
      ...NOTICE_V1,
      purposes: NOTICE_V1.purposes.map((p) => (p.id === 'marketing' ? { ...p, recipients: ['短信服务商'] } : p)),
    });
    expect(withPartner.terms['marketing']).not.toBe(notice1.terms['marketing']);
    expect(withPartner.terms['membership']).toBe(notice1.terms['membership']);
    const longer = defineNotice({ ...NOTICE_V1, retention: 'P5Y' });
    // membership and analytics inherit the notice retention; marketing and face-pay set their own.
    expect(Object.keys(longer.terms).filter((k) => longer.terms[k] !== notice1.terms[k]).sort()).toEqual(['analytics', 'membership']);
  });
});

describe('Kantara consent receipt', () => {
  it('S4.1.2: a given consent becomes a Kantara CR v1.1 receipt tied to the ledger record', async () => {
    const { createLedger, toConsentReceipt } = await import('../../src/consent/index.js');
    const { memoryStore } = await import('../../src/store/index.js');
    const { event } = await import('./_fixtures.js');
    const ledger = createLedger({ store: memoryStore() });
    const rec = await ledger.append(event({ purposes: ['face-pay'], separate: true, sensitiveCategories: ['biometric.face'], expires: '2025-07-01T00:00:00Z' }));
    const r = toConsentReceipt(rec, notice1);
    expect(r).toMatchObject({
      version: 'KI-CR-v1.1.0',
      jurisdiction: 'CN',
      consentTimestamp: Date.parse('2024-07-01T10:00:00+08:00') / 1000,
      collectionMethod: 'mini-program:checkbox',
      consentReceiptID: rec.hash,
      language: 'zh-CN',
      piiPrincipalId: 'u_0001',
      piiControllers: [{ piiController: '某百货股份有限公司', contact: 'privacy@example.cn' }],
      sensitive: true,
      spiCat: ['biometric.face'],
    });
    expect(r.policyUrl).toBe(`urn:custodia:notice:member-privacy:2024-06:${notice1.hash}`);
    expect(r.services[0]!.purposes).toEqual([
      { purpose: '刷脸支付', purposeCategory: ['face-pay'], consentType: 'EXPLICIT', piiCategory: ['biometric.face', 'contact.mobile'], primaryPurpose: false, termination: '2025-07-01T00:00:00Z', thirdPartyDisclosure: false },
    ]);
  });
});
