/**
 * The compliance evidence pack (PIPL art. 54 compliance audits; T/CCAGM 002-2021 5.4 periodic
 * checks), Node only: `buildReport` reads the live stores for a period and writes one
 * self-contained HTML page (integrity, consent, use, retention, releases and the clause table),
 * `printPdf` prints it with Chromium, `recordRelease` keeps k-anonymity releases on record for it.
 * `custodia report` is the same from a shell.
 * @module
 */
export { buildReport, type ReportOptions, type ReportSummary } from './_build.js';
export type { ConsentSummary } from './_consent.js';
export type { CheckCount, RetentionRuns, UseSummary } from './_audit.js';
export type { WithdrawalFigures, WithdrawalSummary } from './_withdrawals.js';
export type { RetentionDue } from './_retention.js';
export type { CheckpointResult, LogIntegrity } from './_pass.js';
export { recordRelease, type Release, type ReleaseInput } from './_releases.js';
export { findChromium, printPdf } from './_pdf.js';
