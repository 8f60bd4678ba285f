// The consent dialogue both components render, run without any UI: what it shows, the events
// it writes to a real ledger (parsed by the ledger's own schema), and the evidence hash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConsentFlow, createPreferences } from '../../src/components/index.js';
import { canonicalJson, createLedger } from '../../src/consent/index.js';
import { isCustodiaError } from '../../src/errors/index.js';
import { memoryStore } from '../../src/store/index.js';
import { BASE } from './_fixtures.js';

describe('createConsentFlow', () => {
  it('P8.1 / P8.2: notice first, every optional purpose off, basic service listed apart', () => {
    const v = createConsentFlow(BASE).view();
    expect(v.step).toBe('choose');
    expect(v.notice.text).toBe(BASE.notice.text);
    expect(v.notice.retention).toBe('3年');
    expect(v.basic.map((b) => b.id)).toEqual(['membership']);
    expect(v.purposes.map((p) => [p.id, p.on, p.sensitive])).toEqual([['marketing', false, false], ['face-pay', false, true], ['analytics', false, false]]);
  });

  it('P8.2: agree with marketing on and face pay on asks face pay separately; its refusal leaves it refused', async () => {
    const ledger = createLedger({ store: memoryStore() });
    const flow = createConsentFlow(BASE);
    flow.toggle('marketing', true);
    flow.toggle('face-pay', true);
    flow.agree();
    expect(flow.view().step).toBe('sensitive');
    expect(flow.view().sensitive).toMatchObject({ purpose: 'face-pay', necessity: BASE.sensitiveReasons['face-pay'].necessity, categories: ['面部识别特征'] });
    flow.decideSensitive(false);
    expect(flow.view().step).toBe('done');
    expect(flow.view().granted).toEqual(['marketing']);
    const records = await flow.commit(ledger);
    expect(records.map((r) => [r.data.event, r.data.purposes])).toEqual([['given', ['marketing']], ['refused', ['face-pay', 'analytics']]]);
    const state = await ledger.stateOf('u_7c1e');
    expect(state.purposes['marketing']?.status).toBe('given');
    expect(state.purposes['face-pay']?.status).toBe('refused');
  });

  it('P8.2: a separate consent to face pay is its own event with separate: true and the sensitive categories', async () => {
    const ledger = createLedger({ store: memoryStore() });
    const flow = createConsentFlow(BASE);
    flow.toggle('face-pay', true);
    flow.agree();
    flow.decideSensitive(true);
    const records = await flow.commit(ledger);
    const face = records.find((r) => r.data.purposes.includes('face-pay'))!;
    expect(face.data).toMatchObject({ event: 'given', separate: true, sensitiveCategories: ['biometric.face'], method: 'click' });
    expect((await ledger.stateOf('u_7c1e')).purposes['face-pay']?.sensitiveCategories).toEqual(['biometric.face']);
  });

  it('P8.2: refuse refuses every optional purpose in one event and grants nothing', async () => {
    const flow = createConsentFlow(BASE);
    flow.toggle('marketing', true);
    flow.refuse();
    expect(flow.events().map((e) => [e.event, e.purposes])).toEqual([['refused', ['marketing', 'face-pay', 'analytics']]]);
  });

  it('P8.2: under 14 on the day, a guardian decides first and is named on the events', async () => {
    const ledger = createLedger({ store: memoryStore() });
    const flow = createConsentFlow({ ...BASE, birthDate: '2013-12-04', guardianVerification: 'sms-code to guardian mobile' });
    expect(flow.view()).toMatchObject({ step: 'guardian', minor: true });
    expect(() => flow.toggle('marketing', true)).toThrow(/toggle is not possible on the guardian step/);
    flow.confirmGuardian('parent');
    flow.toggle('marketing', true);
    flow.agree();
    const [given] = await flow.commit(ledger);
    expect(given!.data).toMatchObject({ ageUnder14: true, guardian: { subject: 'u_7c1e:guardian', relation: 'parent', verification: 'sms-code to guardian mobile' } });
    // Fourteen on the day: no guardian step.
    expect(createConsentFlow({ ...BASE, birthDate: '2012-12-03' }).view().step).toBe('choose');
  });

  it('P8.2: a guardian who refuses records a refusal of everything', () => {
    const flow = createConsentFlow({ ...BASE, birthDate: '2020-01-01' });
    flow.refuseAsGuardian();
    expect(flow.events().map((e) => [e.event, e.ageUnder14])).toEqual([['refused', true]]);
  });

  it('P8.4: the evidence is the hash of the views acted on, so any other switch state or text gives another hash', () => {
    const run = (on: boolean[], locale: 'zh-CN' | 'en') => {
      const flow = createConsentFlow({ ...BASE, locale });
      ['marketing', 'analytics'].forEach((p, i) => flow.toggle(p, on[i]!));
      flow.agree();
      return flow.evidence();
    };
    const a = run([true, false], 'zh-CN');
    expect(a.trail).toHaveLength(1);
    expect(a.trail[0]!.view.purposes.find((p) => p.id === 'marketing')!.on).toBe(true);
    expect(run([true, false], 'zh-CN').hash).toBe(a.hash);
    expect(run([false, true], 'zh-CN').hash).not.toBe(a.hash);
    expect(run([true, false], 'en').hash).not.toBe(a.hash);
    const flow = createConsentFlow(BASE);
    flow.agree();
    expect(flow.events()[0]!.evidence).toBe(flow.evidence().hash);
    // The hash covers the notice's hash and the trail, nothing else.
    expect(canonicalJson({ notice: BASE.notice.hash, trail: flow.evidence().trail }).length).toBeGreaterThan(BASE.notice.text.length);
  });

  it('P8.2: every sequence of actions ends in events the ledger accepts, and granted = given purposes', async () => {
    const purposes = ['marketing', 'face-pay', 'analytics'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.boolean(), fc.boolean(), fc.option(fc.constantFrom('2015-06-01', '1990-06-01')), async (on, agree, sensitiveYes, birth) => {
        const ledger = createLedger({ store: memoryStore() });
        const flow = createConsentFlow({ ...BASE, ...(birth ? { birthDate: birth } : {}) });
        if (flow.view().step === 'guardian') flow.confirmGuardian('guardian');
        purposes.forEach((p, i) => flow.toggle(p, on[i]!));
        if (agree) flow.agree(); else flow.refuse();
        while (flow.view().step === 'sensitive') flow.decideSensitive(sensitiveYes);
        const granted = flow.view().granted;
        await flow.commit(ledger);
        const state = await ledger.stateOf('u_7c1e');
        for (const p of purposes) expect(state.purposes[p]?.status).toBe(granted.includes(p) ? 'given' : 'refused');
        expect(granted.includes('face-pay')).toBe(agree && on[1]! && sensitiveYes);
      }),
      { numRuns: 60, seed: 20261203 },
    );
  });

  it('bad options give a code and never echo the value', () => {
    const secret = '13812345678';
    for (const bad of [
      () => createConsentFlow({ ...BASE, birthDate: secret }),
      () => createConsentFlow({ ...BASE, locale: secret as 'en' }),
      () => createConsentFlow({ ...BASE, notice: { text: secret } as never }),
      () => createConsentFlow(null as never),
      () => createConsentFlow(BASE).toggle(secret, true),
    ]) {
      let err: unknown;
      try { bad(); } catch (e) { err = e; }
      expect(isCustodiaError(err), String(err)).toBe(true);
      expect(String((err as Error).message)).not.toContain(secret);
    }
  });

  it('S4.1.2: a sensitive purpose without necessity and impact texts is refused as a dark pattern', () => {
    const { sensitiveReasons: _, ...noReasons } = BASE;
    expect(() => createConsentFlow(noReasons)).toThrow(expect.objectContaining({ code: 'DARK_PATTERN', message: expect.stringContaining('SENSITIVE_WITHOUT_REASONS') }));
  });
});

describe('createPreferences', () => {
  it('S4.1.2 / P8.2: lists consents from the ledger and withdraws one with one call; basic service is not withdrawable', async () => {
    const ledger = createLedger({ store: memoryStore() });
    const flow = createConsentFlow(BASE);
    flow.toggle('marketing', true);
    flow.agree();
    await flow.commit(ledger);
    const prefs = createPreferences({ ledger, notice: BASE.notice, subject: 'u_7c1e', collector: 'web-settings', responsible: 'privacy-office' });
    expect((await prefs.list()).map((r) => [r.id, r.status, r.withdrawable])).toEqual([
      ['membership', 'basic', false], ['marketing', 'given', true], ['face-pay', 'refused', false], ['analytics', 'refused', false],
    ]);
    const r = await prefs.withdraw('marketing');
    expect(r.data).toMatchObject({ event: 'withdrawn', purposes: ['marketing'], method: 'toggle' });
    expect((await ledger.stateOf('u_7c1e')).purposes['marketing']?.status).toBe('withdrawn');
    await expect(prefs.withdraw('marketing')).rejects.toMatchObject({ code: 'CONSENT_MISSING' });
    await expect(prefs.withdraw('membership')).rejects.toMatchObject({ code: 'CONSENT_MISSING' });
    await expect(prefs.withdraw('nope')).rejects.toMatchObject({ code: 'UNKNOWN_PURPOSE' });
  });
});
