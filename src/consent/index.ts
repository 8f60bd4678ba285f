/**
 * Notices, consent events and the consent ledger (company policy art. 4, 8; T/CCAGM
 * 002-2021 §4.1-4.2, 6.1): inform, get (separate) consent, record how and where it was
 * collected, honour withdrawal, ask again when the terms change, and keep a hash-chained
 * record no one can quietly rewrite.
 * @module
 */
export { canonicalJson } from './_canonical.js';
export type { ChainAlg, ChainRecord, Checkpoint, VerifyOptions, VerifyResult } from './_chain.js';
export {
  CHANNELS,
  CONSENT_EVENTS,
  CONSENT_METHODS,
  consentEventSchema,
  type Channel,
  type ConsentEvent,
  type ConsentEventInput,
  type ConsentEventType,
} from './_events.js';
export { createLedger, verifyLedger, type Ledger, type LedgerOptions, type LedgerRecord } from './_ledger.js';
export { defineNotice, LEGAL_BASES, noticeRef, REQUIRED_RIGHTS, type LegalBasis, type Notice, type NoticeInput } from './_notice.js';
export { toConsentReceipt, type ConsentReceipt } from './_receipt.js';
export { consentState, needsReconsent, type PurposeConsent, type ReconsentReason, type SubjectState } from './_state.js';
