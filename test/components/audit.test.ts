// Each dark-pattern rule on a UI that breaks it and only it, starting from the fair dialogue the
// components describe; and the components' own description passes.
import { describe, expect, it } from 'vitest';
import { auditConsentUi, createConsentFlow, type ConsentUi } from '../../src/components/index.js';
import { BASE } from './_fixtures.js';

const fair = (): ConsentUi => structuredClone(createConsentFlow(BASE).ui());
const rules = (ui: ConsentUi) => auditConsentUi(ui).map((f) => `${f.rule} ${f.clause}`);

describe('auditConsentUi', () => {
  it('P8.4: the dialogue of both components passes, for an adult and for a child', () => {
    expect(rules(fair())).toEqual([]);
    expect(rules(createConsentFlow({ ...BASE, birthDate: '2016-01-01' }).ui())).toEqual([]);
  });

  it('P8.4: a pre-ticked purpose', () => {
    const ui = fair();
    ui.screens[0]!.switches![0]!.on = true;
    expect(rules(ui)).toEqual(['PRE_TICKED P8.4']);
  });

  it('P8.4: refuse missing, or less prominent than agree', () => {
    const ui = fair();
    ui.screens[0]!.buttons = [{ action: 'agree', emphasis: 'primary' }, { action: 'refuse', emphasis: 'link' }];
    expect(rules(ui)).toEqual(['REFUSE_NOT_EQUAL P8.4']);
    ui.screens[0]!.buttons = [{ action: 'agree', emphasis: 'primary' }];
    expect(rules(ui)).toEqual(['REFUSE_NOT_EQUAL P8.4']);
  });

  it('P8.4: one switch for several purposes', () => {
    const ui = fair();
    ui.screens[0]!.switches = [{ purposes: ['marketing', 'analytics'], on: false }, { purposes: ['face-pay'], on: false }];
    expect(rules(ui)).toEqual(['BUNDLED_PURPOSES P8.4']);
  });

  it('P8.2: a sensitive purpose granted without its own screen', () => {
    const ui = fair();
    ui.screens = ui.screens.filter((s) => s.kind !== 'sensitive');
    expect(rules(ui)).toEqual(['SENSITIVE_NOT_SEPARATE P8.2']);
  });

  it('S4.1.2: a sensitive screen without necessity or impact', () => {
    const ui = fair();
    ui.screens.find((s) => s.kind === 'sensitive')!.impact = ' ';
    expect(rules(ui)).toEqual(['SENSITIVE_WITHOUT_REASONS S4.1.2']);
  });

  it('P8.1: data asked before the notice is shown', () => {
    const ui = fair();
    ui.screens.unshift({ kind: 'collect', fields: [{ category: 'contact.mobile', required: true }], buttons: [{ action: 'next', emphasis: 'primary' }] });
    expect(rules(ui)).toEqual(['NOTICE_NOT_FIRST P8.1']);
  });

  it('S4.2.2: a voluntary field (phone binding at the counter) made required', () => {
    const ui = fair();
    ui.screens[0]!.fields = [{ category: 'contact.mobile', required: true, voluntary: true }];
    expect(rules(ui)).toEqual(['VOLUNTARY_FIELD_REQUIRED S4.2.2']);
  });

  it('P8.2: a consent-based purpose with no switch', () => {
    const ui = fair();
    ui.screens[0]!.switches = ui.screens[0]!.switches!.filter((s) => !s.purposes.includes('analytics'));
    expect(rules(ui)).toEqual(['PURPOSE_WITHOUT_SWITCH P8.2']);
  });

  it('P8.2: a child chooses before a guardian is asked', () => {
    const ui = createConsentFlow({ ...BASE, birthDate: '2016-01-01' }).ui();
    ui.screens = ui.screens.filter((s) => s.kind !== 'guardian');
    expect(rules(ui)).toEqual(['MINOR_WITHOUT_GUARDIAN P8.2']);
  });

  it('S4.1.2: withdrawing harder than consenting; P8.2: refusing ends the basic service', () => {
    const ui = fair();
    ui.withdrawTaps = 4;
    ui.refuseKeepsBasicService = false;
    expect(rules(ui)).toEqual(['WITHDRAW_HARDER S4.1.2', 'BASIC_SERVICE_DENIED P8.2']);
  });

  it('bad input gives INVALID_ARGUMENT', () => {
    expect(() => auditConsentUi(null as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => auditConsentUi({ purposes: [] } as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
