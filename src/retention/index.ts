/**
 * Retention and subject rights (company policy art. 4(6), 9(2); T/CCAGM 002-2021 §7):
 * `planRetention` decides keep / delete / anonymize per record with the rule that decided,
 * honouring legal holds; `createSubjectData` keeps customer records in a store with the
 * person's rights to query, correct, delete and withdraw.
 * @module
 */
export { planRetention, type LegalHold, type PurposeRetention, type RetentionDecision, type RetentionPolicy, type RetentionRecord, type RetentionRule } from './_plan.js';
export { createSubjectData, type Actor, type RecordMeta, type SubjectData, type SubjectDataOptions, type SubjectExport, type SubjectRecord } from './_rights.js';
