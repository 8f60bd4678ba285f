// Which store and log a ledger or audit log object writes: looked up by the tree functions of
// _tree.ts, so that the ledger itself references no Merkle code (a page that only records
// consent bundles none of it).
// Only the store and log name: the head, verification and records come from the registered
// object's own checkpoint(), verify() and export(), which ledger and audit log both have.
import type { Store } from '../store/index.js';
import type { Checkpoint, VerifyResult } from './_chain.js';

/** What both a ledger and an audit log offer the tree functions. @internal */
export interface _LogReader { checkpoint(): Promise<Checkpoint>; verify(): Promise<VerifyResult>; export(): Promise<readonly unknown[]> }

/** @internal */
export interface _LogInfo { store: Store; log: string }

/** @internal */
export const _logs = /* @__PURE__ */ new WeakMap<object, _LogInfo>();

/** Records `obj` as the reader of `info`'s log and returns it. @internal */
export function _registerLog<T extends _LogReader>(obj: T, info: _LogInfo): T {
  _logs.set(obj, info);
  return obj;
}
