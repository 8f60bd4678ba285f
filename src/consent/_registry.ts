// Which store and log a ledger or audit log object writes: looked up by the tree functions of
// _tree.ts, so that the ledger itself references no Merkle code (a page that only records
// consent bundles none of it).
import type { Store } from '../store/index.js';
import type { Checkpoint, VerifyResult } from './_chain.js';

/** @internal */
export interface _LogInfo { store: Store; log: string; head: () => Promise<Checkpoint>; verify: () => Promise<VerifyResult>; records: () => Promise<readonly unknown[]> }

/** @internal */
export const _logs = /* @__PURE__ */ new WeakMap<object, _LogInfo>();

/** Records `obj` as the reader of `info`'s log and returns it. @internal */
export function _registerLog<T extends object>(obj: T, info: _LogInfo): T {
  _logs.set(obj, info);
  return obj;
}
