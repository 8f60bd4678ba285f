/**
 * Strict reading of a chain's stored entries: what a store holds must be exactly what is
 * verified. Two readers of one text must never see two different records (JSON.parse keeps the
 * last of duplicate keys, SQLite's json_extract and many other parsers the first), and the
 * store's own columns (the entry's `seq`) must agree with the hashed record.
 */
import type { LogEntry } from '../store/index.js';

/** A stored entry that fails before its record can be checked; `_check` reports `code` at its index. @internal */
export class _StoredFinding {
  constructor(readonly code: string) {}
}

/**
 * The record in `e.value`, read strictly, at position `i` of its log:
 * - `SEQ_GAP` when the store's seq column is not `i` (a row removed, or numbers skipped);
 * - undefined (→ `BAD_RECORD`) when the text is not JSON;
 * - `NON_CANONICAL` when the text is not exactly `JSON.stringify` of what it parses to: this
 *   catches duplicate keys, whitespace, escapes and number spellings another parser may read
 *   differently. Every entry custodia writes is `JSON.stringify(record)`, so it round-trips.
 * @internal
 */
export function _parseStored(e: LogEntry, i: number): unknown {
  if (e.seq !== i) return new _StoredFinding('SEQ_GAP');
  let r: unknown;
  try {
    r = JSON.parse(e.value);
  } catch {
    return undefined;
  }
  return JSON.stringify(r) === e.value ? r : new _StoredFinding('NON_CANONICAL');
}
