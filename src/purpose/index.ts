/**
 * Purpose limitation (company policy art. 4(3), 4(5), 8; T/CCAGM 002-2021 §4.1, 6): purposes
 * with a legal basis, allowed categories and the basic-service rule; `checkPurpose` decides
 * whether a use is allowed now, `minimumView` cuts a record down to what a purpose may see.
 * @module
 */
export { definePurpose, purposesOf, type Purpose, type PurposeInput } from './_define.js';
export { checkPurpose, minimumView, type CheckInput, type MinimumViewOptions, type PurposeReason, type PurposeReasonCode } from './_check.js';
