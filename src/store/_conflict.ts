import { CustodiaError } from '../errors/index.js';

/**
 * STORE_CONFLICT on the log or namespace `what`, naming the rule that failed (`ifLength`,
 * `ifVersion`) when the store knows it; never a value. Shared by every store. Internal.
 */
export function storeConflict(what: string, rule?: string): CustodiaError {
  return new CustodiaError('STORE_CONFLICT', `${what} changed concurrently${rule ? ` (${rule} does not match)` : ''}: re-read and retry`, { field: what });
}
