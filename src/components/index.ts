/**
 * Consent at the point of collection (policy art. 8, T/CCAGM 4.1.2 / 4.2, PIPL art. 29-31): the
 * dialogue both consent components render, the preferences list with one-tap withdrawal, and the
 * dark-pattern rules they check themselves against. The WeChat component is
 * `custodia/components/wechat`, the web element `custodia/components/web`.
 * @module
 */
export { auditConsentUi, assertFairConsentUi, type ConsentScreen, type ConsentUi, type ConsentUiFinding, type Emphasis } from './_audit.js';
export { createConsentFlow, type ConsentFlow, type ConsentFlowOptions, type ConsentStep, type ConsentView } from './_flow.js';
export { createPreferences, type PreferenceItem, type Preferences, type PreferencesOptions } from './_preferences.js';
export { LOCALES, type Locale, type Texts } from './_texts.js';
