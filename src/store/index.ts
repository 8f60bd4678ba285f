/**
 * The small async store every ledger, vault and log in custodia talks to, and the
 * in-memory default. Engines (SQLite, PostgreSQL, IndexedDB, wx storage) implement the
 * same {@link Store} interface in their own subpaths; a user plugs in their own database
 * by implementing it.
 *
 * Two shapes of data:
 * - records: `ns` + `key` → string value with a version, for optimistic concurrency
 *   (`put` with `ifVersion`; 0 means "must not exist yet");
 * - logs: append-only sequences of strings, numbered from 0, where `append` with `ifLength`
 *   succeeds only if the log still has that many entries: this is what keeps a hash
 *   chain single when several writers append at once.
 * @module
 */
export { memoryStore } from './memory.js';

/**
 * A stored record: its value (usually JSON text) and version (1 on first write).
 * @example
 * ```ts
 * const rec: StoredRecord | undefined = await store.get('vault', 'tok_1');
 * if (rec) await store.put('vault', 'tok_1', rec.value, { ifVersion: rec.version });
 * ```
 */
export interface StoredRecord {
  key: string;
  value: string;
  version: number;
}

/**
 * How a sequencer seals queued items into a hash chain (see `Store.sequence`): the chain's record
 * kind, its algorithm and, for `hmac-*`, its key (kept in the process, never queued).
 * @example
 * ```ts
 * const chain: SequenceChain = { kind: 'consent', alg: 'hmac-sm3', key: chainKey };
 * const { seq, value } = await store.sequence!('consent', JSON.stringify(event), chain);
 * ```
 */
export interface SequenceChain {
  kind: string;
  alg: 'sha256' | 'sm3' | 'hmac-sha256' | 'hmac-sm3';
  key?: Uint8Array | undefined;
}

/**
 * One entry of an append-only log.
 * @example
 * ```ts
 * for await (const entry of store.read('ledger', { from: 10 })) console.log(entry.seq, entry.value);
 * ```
 */
export interface LogEntry {
  seq: number;
  value: string;
}

/**
 * Options of {@link Store.put} and {@link Store.delete}.
 * @example
 * ```ts
 * const createOnly: WriteOptions = { ifVersion: 0 }; // STORE_CONFLICT if the key exists
 * await store.put('vault', 'tok_1', '{"c":"..."}', createOnly);
 * ```
 */
export interface WriteOptions {
  /** Write only if the record's current version is this (0 = does not exist); else `STORE_CONFLICT`. */
  ifVersion?: number;
}

/**
 * Options of {@link Store.scan}.
 * @example
 * ```ts
 * const page: ScanOptions = { prefix: 'user:', after: lastKey, limit: 100 };
 * for await (const rec of store.scan('profiles', page)) lastKey = rec.key;
 * ```
 */
export interface ScanOptions {
  /** Only keys starting with this. */
  prefix?: string;
  /** Only keys strictly after this one (for paging). */
  after?: string;
  /** At most this many records. */
  limit?: number;
}

/**
 * The async store interface. Keys are returned by `scan` in ascending code-unit order.
 *
 * @example
 * ```ts
 * const store: Store = memoryStore();
 * const v = await store.put('vault', 'tok_1', '{"c":"..."}', { ifVersion: 0 });
 * await store.append('ledger', JSON.stringify(record), { ifLength: 0 });
 * ```
 */
export interface Store {
  /** The record at `ns`/`key`, or undefined. */
  get(ns: string, key: string): Promise<StoredRecord | undefined>;
  /** Writes a record and returns its new version. Throws `STORE_CONFLICT` when `ifVersion` does not match. */
  put(ns: string, key: string, value: string, opts?: WriteOptions): Promise<number>;
  /** Deletes a record; true if it existed. Throws `STORE_CONFLICT` when `ifVersion` does not match. */
  delete(ns: string, key: string, opts?: WriteOptions): Promise<boolean>;
  /** Records of `ns` in key order. */
  scan(ns: string, opts?: ScanOptions): AsyncIterable<StoredRecord>;
  /**
   * Appends to log `log` and returns the new entry's sequence number. With `ifLength`, appends
   * only if the log has exactly that many entries, else throws `STORE_CONFLICT`.
   */
  append(log: string, value: string, opts?: { ifLength?: number }): Promise<number>;
  /**
   * Optional: appends `values` in order as one write (all or none) and returns the first one's
   * sequence number; `ifLength` as for `append`. The Merkle log uses it for batches (one SQLite
   * transaction instead of one per entry) and falls back to `append` where a store lacks it.
   */
  appendMany?(log: string, values: readonly string[], opts?: { ifLength?: number }): Promise<number>;
  /**
   * Optional: writes several records of `ns` as one write (all or none; `STORE_CONFLICT` and
   * nothing written when any `ifVersion` does not match). The Merkle log writes a batch's tiles
   * and head with it (one SQLite transaction instead of one per tile).
   */
  putMany?(ns: string, records: readonly { key: string; value: string; ifVersion?: number }[]): Promise<void>;
  /**
   * Optional: `appendMany(log, values, opts)` and `putMany(ns, records)` as one write (all or
   * none: `STORE_CONFLICT` and nothing written when `ifLength` or any `ifVersion` does not
   * match); returns the first value's sequence number. The Merkle log writes a batch's entries
   * with their tiles and head through it (one SQLite transaction, one WAL commit, instead of
   * two), and uses `appendMany` then `putMany` where a store lacks it.
   */
  appendManyAndPut?(log: string, values: readonly string[], ns: string, records: readonly { key: string; value: string; ifVersion?: number }[], opts?: { ifLength?: number }): Promise<number>;
  /**
   * Optional (batch-sequencing stores: `postgresStore({ sequencer: true })`): durably queues `item`
   * for `log` and resolves once a sequencer has written it into the log, with its sequence number
   * and the value stored. With `chain`, the sequencer seals the item (the JSON of a record's
   * `data`) as the next record of that hash chain; the ledger and the audit log use this instead
   * of `append` where a store has it.
   */
  sequence?(log: string, item: string, chain?: SequenceChain): Promise<LogEntry>;
  /** Entries of `log` from `from` (default 0), in order. */
  read(log: string, opts?: { from?: number; limit?: number }): AsyncIterable<LogEntry>;
  /** Number of entries in `log`. */
  length(log: string): Promise<number>;
  /** Releases connections or handles. */
  close(): Promise<void>;
}
