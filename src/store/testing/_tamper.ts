import { createAuditLog } from '../../audit/index.js';
import { createLedger, type Ledger } from '../../consent/index.js';
import { equalBytes, fromBase64, toBase64 } from '../../bytes/index.js';
import { isCustodiaError } from '../../errors/index.js';
import type { LogEntry, Store } from '../index.js';
import type { TestApi } from './index.js';
import { needFunction, needObject } from '../../errors/_args.js';
import { _seal, type ChainRecord } from '../../consent/_chain.js';
import { verifyCheckpointOf, type TreeCheckpoint } from '../../consent/_tree.js';
import { createMerkleLog } from '../../merkle/_api.js';
import { verifyInclusion } from '../../merkle/_verify.js';

/**
 * What an attacker with database access can do to a store's raw rows, bypassing the
 * {@link Store} interface (and any trigger: a superuser can disable it). Each store's tests
 * implement it with the engine's own API (SQL, IndexedDB object stores, wx storage keys).
 * @example
 * ```ts
 * const raw: RawStoreAccess = {
 *   rows: async (log) => db.prepare('SELECT seq, value FROM custodia_logs WHERE log = ? ORDER BY seq').all(log),
 *   setValue: async (log, seq, value) => void db.prepare('UPDATE custodia_logs SET value = ? WHERE log = ? AND seq = ?').run(value, log, seq),
 *   setSeq: async (log, from, to) => void db.prepare('UPDATE custodia_logs SET seq = ? WHERE log = ? AND seq = ?').run(to, log, from),
 *   deleteRow: async (log, seq) => void db.prepare('DELETE FROM custodia_logs WHERE log = ? AND seq = ?').run(log, seq),
 *   setRecord: async (ns, key, value) => void db.prepare('UPDATE custodia_records SET value = ? WHERE ns = ? AND key = ?').run(value, ns, key),
 * };
 * ```
 */
export interface RawStoreAccess {
  /** The entries of `log` as stored (seq column, value column), in seq order. */
  rows(log: string): Promise<LogEntry[]>;
  /** Overwrites the value column of entry `seq`. */
  setValue(log: string, seq: number, value: string): Promise<void>;
  /** Renumbers entry `from` to `to` (no entry holds `to`); the log's length or head is left alone. */
  setSeq(log: string, from: number, to: number): Promise<void>;
  /** Deletes entry `seq`, leaving the others (and the head) as they are. */
  deleteRow(log: string, seq: number): Promise<void>;
  /** Overwrites the value of record `ns`/`key`, version unchanged. */
  setRecord(ns: string, key: string, value: string): Promise<void>;
}

/**
 * Options of {@link describeStoreTamper}.
 * @example
 * ```ts
 * const opts: TamperOptions = { name: 'sqlite', create: () => sqliteStore({ db }), raw: () => sqliteRaw(db) };
 * describeStoreTamper(opts, { describe, it, expect });
 * ```
 */
export interface TamperOptions {
  /** Test name prefix, e.g. `'sqlite'`. */
  name: string;
  /** Makes a fresh, empty store for one test. */
  create: () => Promise<Store> | Store;
  /** Raw row access to the store `create` made. */
  raw: (store: Store) => RawStoreAccess;
  /** Cleans up after a test. The store is closed first. */
  destroy?: (store: Store) => Promise<void> | void;
}

const event = (i: number) => ({
  subject: `cust-${i % 3}`, event: 'withdrawn' as const, purposes: ['marketing'], method: 'unsubscribe' as const, channel: 'app' as const,
  collector: 'crm', responsible: 'dpo', at: `2026-01-${String(1 + i).padStart(2, '0')}T00:00:00Z`,
});
const N = 6;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (e) {
    return isCustodiaError(e) ? e.code : 'other';
  }
}

/**
 * Registers the storage-level tamper tests: a consent ledger and an audit log are written
 * through the store, their rows are edited the way someone with database access would
 * (duplicate-key JSON, non-canonical text, seq column out of step with the record, a gap, a
 * deleted or reordered row, an edited hash, a changed data-set registration), and
 * verification must report each at the right index; a fresh reader must refuse the chain
 * (`LEDGER_CORRUPT`), and so must a later append.
 *
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { describeStoreTamper } from 'custodia/store/testing';
 * describeStoreTamper({ name: 'my-store', create: () => myStore(), raw: (s) => myRawAccess(s) }, { describe, it, expect });
 * ```
 */
export function describeStoreTamper(opts: TamperOptions, t: TestApi): void {
  needObject(opts, 'opts');
  needFunction(opts.create, 'opts.create');
  needFunction(opts.raw, 'opts.raw');
  needObject(t, 't');
  const { describe, it, expect } = t;
  needFunction(describe, 't.describe');
  needFunction(it, 't.it');
  needFunction(expect, 't.expect');
  // Each case: seed a 6-record ledger, edit rows, check the verdict and that readers refuse it.
  // `readers`: whether a reader (not only verify and append) must see it. A store that keeps a head
  // counter and reads only below it (wx) sees a renumbered last entry as a removed tail.
  const tamper = (title: string, edit: (raw: RawStoreAccess, rows: LogEntry[]) => Promise<void>, index: number, code: string, readers = true) =>
    it(title, async () => {
      const s = await opts.create();
      try {
        const ledger = createLedger({ store: s });
        for (let i = 0; i < N; i++) await ledger.append(event(i));
        const raw = opts.raw(s);
        const rows = await raw.rows('consent');
        expect(rows.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5]);
        expect(await createLedger({ store: s }).verify()).toEqual({ ok: true });
        await edit(raw, rows);
        const fresh = (): Ledger => createLedger({ store: s });
        expect(await fresh().verify()).toEqual({ ok: false, index, code });
        if (readers) expect(await codeOf(fresh().stateOf('cust-0'))).toBe('LEDGER_CORRUPT');
        expect(await codeOf(fresh().append(event(9)))).toBe('LEDGER_CORRUPT');
      } finally {
        await s.close();
        await opts.destroy?.(s);
      }
    }, 60_000);

  describe(`store tamper suite: ${opts.name}`, () => {
    tamper('S5.5 duplicate key: a forged "data" before the hashed one (JSON.parse keeps the last, json_extract reads the first) is NON_CANONICAL', async (raw, rows) => {
      const rec = JSON.parse(rows[2]!.value) as { data: Record<string, unknown> };
      await raw.setValue('consent', 2, `{"data":${JSON.stringify({ ...rec.data, event: 'given' })},${rows[2]!.value.slice(1)}`);
    }, 2, 'NON_CANONICAL');
    tamper('S5.5 non-canonical text: whitespace or an escaped key another parser may read differently is NON_CANONICAL', async (raw, rows) => {
      await raw.setValue('consent', 1, rows[1]!.value.replace('"seq":1', '"seq": 1'));
      await raw.setValue('consent', 3, rows[3]!.value.replace('"v":1', '"\\u0076":1'));
    }, 1, 'NON_CANONICAL');
    tamper('S5.5 column/record mismatch: the seq column of the last row renumbered leaves a gap (SEQ_GAP)', async (raw) => {
      await raw.setSeq('consent', 5, 6);
    }, 5, 'SEQ_GAP', false);
    tamper('S5.5 a gap written into seq in the middle (rows 3.. renumbered up by one) is SEQ_GAP at 3', async (raw) => {
      for (let i = N - 1; i >= 3; i--) await raw.setSeq('consent', i, i + 1);
    }, 3, 'SEQ_GAP');
    tamper('S5.5 reordered rows: seq columns of rows 2 and 3 swapped is BAD_SEQUENCE at 2', async (raw) => {
      await raw.setSeq('consent', 2, 100);
      await raw.setSeq('consent', 3, 2);
      await raw.setSeq('consent', 100, 3);
    }, 2, 'BAD_SEQUENCE');
    tamper('S5.5 a deleted middle row is SEQ_GAP at its index', async (raw) => {
      await raw.deleteRow('consent', 2);
    }, 2, 'SEQ_GAP');
    tamper('S5.5 an edited hash (well-formed hex) is BAD_HASH at that row', async (raw, rows) => {
      const rec = JSON.parse(rows[4]!.value) as { hash: string };
      await raw.setValue('consent', 4, rows[4]!.value.replace(rec.hash, rec.hash.replace(/^./, (c) => (c === '0' ? '1' : '0'))));
    }, 4, 'BAD_HASH');

    it('S5.4 a removed tail is TRUNCATED against a checkpoint taken before; without one only a head counter can tell', async () => {
      const s = await opts.create();
      try {
        const ledger = createLedger({ store: s });
        for (let i = 0; i < N; i++) await ledger.append(event(i));
        const cp = await ledger.checkpoint();
        await opts.raw(s).deleteRow('consent', N - 1);
        // The documented limit: a chain's prefix is itself a valid chain. Stores that keep a head
        // (count of appends) apart from the rows still count the removed entry: SEQ_GAP there.
        const r = await createLedger({ store: s }).verify();
        expect(r.ok ? 'ok' : `${r.code}@${r.index}`).toBe((await s.length('consent')) === N ? `SEQ_GAP@${N - 1}` : 'ok');
        expect(await createLedger({ store: s }).verify({ checkpoint: cp })).toEqual({ ok: false, index: N - 1, code: 'TRUNCATED' });
      } finally {
        await s.close();
        await opts.destroy?.(s);
      }
    }, 60_000);

    // The same rows under the Merkle tree (issue 18): its tiles sit in namespace `consent.merkle`
    // of the same store, and a tree head taken before the edit plays the signed checkpoint.
    const withTree = (title: string, body: (s: Store, cp: TreeCheckpoint) => Promise<void>) =>
      it(title, async () => {
        const s = await opts.create();
        try {
          const ledger = createLedger({ store: s });
          for (let i = 0; i < N; i++) await ledger.append(event(i));
          const tree = createMerkleLog({ store: s, log: 'consent' });
          await tree.sync();
          await body(s, { origin: 'tamper.example/log', ...(await tree.treeHead()) });
        } finally {
          await s.close();
          await opts.destroy?.(s);
        }
      }, 60_000);
    withTree('S5.5 tree: the chain rewritten from row 2 on with every hash recomputed verifies as a chain, yet is SPLIT_VIEW against the tree checkpoint', async (s, cp) => {
      const raw = opts.raw(s);
      const rows = await raw.rows('consent');
      let prev = (JSON.parse(rows[1]!.value) as ChainRecord).hash;
      for (let i = 2; i < N; i++) {
        const r = JSON.parse(rows[i]!.value) as ChainRecord<ReturnType<typeof event>>;
        const forged = _seal('consent', i, prev, r.alg, undefined, i === 2 ? { ...r.data, subject: 'cust-9' } : r.data);
        await raw.setValue('consent', i, JSON.stringify(forged));
        prev = forged.hash;
      }
      expect(await createLedger({ store: s }).verify()).toEqual({ ok: true });
      expect(await verifyCheckpointOf(createLedger({ store: s }), cp)).toEqual({ ok: false, index: N - 1, code: 'SPLIT_VIEW' });
    });
    withTree('S5.5 tree: an edited tile hash serves proofs that fail against the checkpoint; a shortened tile is LEDGER_CORRUPT', async (s, cp) => {
      const tile = (await s.get('consent.merkle', 'tile/0/000'))!.value;
      const bytes = fromBase64(tile);
      bytes[3 * 32]! ^= 1; // leaf 3's hash
      await opts.raw(s).setRecord('consent.merkle', 'tile/0/000', toBase64(bytes));
      const tree = createMerkleLog({ store: s, log: 'consent' });
      expect(verifyInclusion('sha256', 2, N, await tree.leafHash(2), await tree.inclusionProof(2, N), cp.root)).toBe(false);
      expect(verifyInclusion('sha256', 3, N, await tree.leafHash(3), await tree.inclusionProof(3, N), cp.root)).toBe(false);
      expect(equalBytes((await tree.treeHead()).root, cp.root)).toBe(false);
      // The records themselves still give the signed root: the tiles are an index, the rows the evidence.
      expect(await verifyCheckpointOf(createLedger({ store: s }), cp)).toEqual({ ok: true });
      await opts.raw(s).setRecord('consent.merkle', 'tile/0/000', toBase64(bytes.subarray(0, 2 * 32)));
      expect(await codeOf(createMerkleLog({ store: s, log: 'consent' }).inclusionProof(4, N))).toBe('LEDGER_CORRUPT');
    });
    withTree('S5.4 tree: a removed tail is TRUNCATED against the tree checkpoint that counted it', async (s, cp) => {
      await opts.raw(s).deleteRow('consent', N - 1);
      const r = await verifyCheckpointOf(createLedger({ store: s }), cp);
      // Stores that keep a head counter see the gap first (SEQ_GAP); the others reach the checkpoint.
      expect(r).toEqual((await s.length('consent')) === N ? { ok: false, index: N - 1, code: 'SEQ_GAP' } : { ok: false, index: N - 1, code: 'TRUNCATED' });
    });

    it('S5.2 a data-set registration rewritten with a duplicate key or under another id is DATASET_MISMATCH', async () => {
      const s = await opts.create();
      try {
        const audit = createAuditLog({ store: s });
        const reg = {
          id: 'crm-members', name: 'members', location: 'db://crm/members', categories: ['contact.mobile'], purposes: ['membership'],
          responsible: { name: 'owner', role: 'data owner', contact: 'owner@example.cn' }, encrypted: true, registeredBy: 'ops', registeredAt: '2026-01-01T00:00:00Z',
        };
        await audit.registerDataSet(reg);
        await audit.registerDataSet({ ...reg, id: 'crm-orders' });
        expect(await createAuditLog({ store: s }).verify()).toEqual({ ok: true });
        const stored = (await s.get('audit.datasets', 'crm-members'))!.value;
        await opts.raw(s).setRecord('audit.datasets', 'crm-members', `{"responsible":{"name":"nobody","role":"none","contact":"none"},${stored.slice(1)}`);
        expect(await createAuditLog({ store: s }).verify()).toEqual({ ok: false, index: 0, code: 'DATASET_MISMATCH' });
        // The other registration, stored under this id: same text, wrong key.
        const other = (await s.get('audit.datasets', 'crm-orders'))!.value;
        await opts.raw(s).setRecord('audit.datasets', 'crm-members', other);
        expect(await createAuditLog({ store: s }).verify()).toEqual({ ok: false, index: 0, code: 'DATASET_MISMATCH' });
      } finally {
        await s.close();
        await opts.destroy?.(s);
      }
    }, 60_000);
  });
}
