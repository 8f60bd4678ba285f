/**
 * The conformance suite every {@link Store} passes: memory, SQLite, PostgreSQL, IndexedDB,
 * wx storage — and yours. It registers tests with the test functions you pass, so it works
 * with vitest, jest, mocha or node:test without custodia depending on any of them.
 * `describeStoreTamper` is the storage-level tamper suite: given raw access to the rows, it
 * checks that a consent ledger and an audit log on the store catch edits made beside custodia.
 * @module
 */
import { isCustodiaError } from '../../errors/index.js';
import { needFunction, needObject, oneOf, readingCaller } from '../../errors/_args.js';
import type { Store } from '../index.js';

/**
 * The test-framework functions the suite registers with (vitest's and jest's fit).
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * const t: TestApi = { describe, it, expect };
 * ```
 */
export interface TestApi {
  describe: (name: string, fn: () => void) => void;
  /**
   * Registers a test. The suite reads a `skip(note)` from the test's first argument (vitest's and
   * node:test's test context) or from `this` (mocha) to report a test of an optional method the
   * store lacks as skipped, with the reason.
   */
  it: (name: string, fn: (...args: unknown[]) => Promise<void>, timeout?: number) => void;
  expect: (value: unknown) => { toBe(v: unknown): void; toEqual(v: unknown): void };
}

/**
 * Options of {@link describeStoreConformance}.
 * @example
 * ```ts
 * const opts: ConformanceOptions = { name: 'redis', create: () => redisStore(client), destroy: () => client.flushDb(), writers: 4 };
 * describeStoreConformance(opts, { describe, it, expect });
 * ```
 */
export interface ConformanceOptions {
  /** Test name prefix, e.g. `'sqlite'`. */
  name: string;
  /** Makes a fresh, empty store for one test. */
  create: () => Promise<Store> | Store;
  /** Cleans up after a test (drop tables, delete files). The store is closed first. */
  destroy?: (store: Store) => Promise<void> | void;
  /** Concurrent writers in the race tests (default 8). */
  writers?: number;
  /**
   * Optional batch writes the store does not have. Their tests are registered skipped up front
   * (`it.skip`, or not at all where `t.it` has none), for runners that cannot skip at run time
   * (jest). One test checks that the store lacks each one listed, so the list cannot hide a
   * method the store has. Unlisted and missing: skipped at run time through the runner's `skip()`.
   */
  lacks?: readonly BatchWrite[];
}

/**
 * The optional batch writes of a {@link Store}.
 * @example
 * ```ts
 * const lacks: BatchWrite[] = ['putMany', 'appendMany', 'appendManyAndPut'];
 * describeStoreConformance({ name: 'my-kv-store', create: () => myStore(), lacks }, { describe, it, expect });
 * ```
 */
export type BatchWrite = 'putMany' | 'appendMany' | 'appendManyAndPut';
const BATCH_WRITES: readonly BatchWrite[] = ['putMany', 'appendMany', 'appendManyAndPut'];

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/**
 * Registers the store contract tests.
 *
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { describeStoreConformance } from 'custodia/store/testing';
 * describeStoreConformance({ name: 'my-redis-store', create: () => myStore() }, { describe, it, expect });
 * ```
 */
export function describeStoreConformance(opts: ConformanceOptions, t: TestApi): void {
  needObject(opts, 'opts');
  needObject(t, 't');
  for (const k of ['describe', 'it', 'expect'] as const) needFunction(t[k], `t.${k}`);
  const { describe, it, expect } = t;
  const writers = opts.writers ?? 8;
  const lacks = readingCaller('opts.lacks', () => [...(opts.lacks ?? [])]);
  for (const m of lacks) oneOf(m, BATCH_WRITES, 'opts.lacks');
  // `needs`: the optional method the test is about. A store without it gets the test skipped, with
  // the reason, through the runner's skip(); where the runner has none (jest) the test fails with
  // that reason: passed would say ok about a test that tested nothing.
  const withStore = (fn: (s: Store) => Promise<void>, needs?: BatchWrite) =>
    async function (this: unknown, ...args: unknown[]) {
      const s = await opts.create();
      try {
        if (needs && typeof s[needs] !== 'function') {
          const reason = `${opts.name} has no ${needs} (optional)`;
          const runner = [args[0], this].find((c): c is { skip(note: string): void } => typeof (c as { skip?: unknown } | null)?.skip === 'function');
          if (!runner) throw new Error(`${reason}, and the test runner passed no skip(): not reported as passed`);
          runner.skip(reason);
          return;
        }
        await fn(s);
      } finally {
        await s.close();
        await opts.destroy?.(s);
      }
    };
  // A test of an optional batch write: registered skipped when the store declares it lacks it.
  const itBatch = (needs: BatchWrite, name: string, fn: (s: Store) => Promise<void>) => {
    if (!lacks.includes(needs)) return it(name, withStore(fn, needs));
    const skip = (it as { skip?: unknown }).skip;
    if (typeof skip === 'function') (skip as TestApi['it'])(`${name} (${opts.name} has no ${needs})`, async () => undefined);
  };
  const conflictOf = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'none';
    } catch (e) {
      return isCustodiaError(e) ? e.code : 'other';
    }
  };

  describe(`store conformance: ${opts.name}`, () => {
    if (lacks.length)
      it(`has none of the batch writes it declares it lacks (${lacks.join(', ')})`, withStore(async (s) => {
        for (const m of lacks) expect(`${m}: ${typeof s[m]}`).toBe(`${m}: undefined`);
      }));
    it('get of a missing record is undefined; put returns versions 1, 2, ...', withStore(async (s) => {
      expect(await s.get('ns', 'a')).toBe(undefined);
      expect(await s.put('ns', 'a', 'x')).toBe(1);
      expect(await s.put('ns', 'a', 'y')).toBe(2);
      expect(await s.get('ns', 'a')).toEqual({ key: 'a', value: 'y', version: 2 });
      expect(await s.get('other', 'a')).toBe(undefined);
    }));
    it('put with ifVersion: 0 creates only; a stale version is STORE_CONFLICT and writes nothing', withStore(async (s) => {
      expect(await s.put('ns', 'k', 'v1', { ifVersion: 0 })).toBe(1);
      expect(await conflictOf(s.put('ns', 'k', 'v2', { ifVersion: 0 }))).toBe('STORE_CONFLICT');
      expect(await conflictOf(s.put('ns', 'k', 'v2', { ifVersion: 7 }))).toBe('STORE_CONFLICT');
      expect(await s.put('ns', 'k', 'v2', { ifVersion: 1 })).toBe(2);
      expect((await s.get('ns', 'k'))?.value).toBe('v2');
    }));
    it('delete honours ifVersion and reports whether the record existed', withStore(async (s) => {
      await s.put('ns', 'k', 'v');
      expect(await conflictOf(s.delete('ns', 'k', { ifVersion: 3 }))).toBe('STORE_CONFLICT');
      expect(await s.delete('ns', 'k', { ifVersion: 1 })).toBe(true);
      expect(await s.delete('ns', 'k')).toBe(false);
      expect(await s.get('ns', 'k')).toBe(undefined);
    }));
    it('values round-trip exactly (unicode, quotes, empty, 1 MB)', withStore(async (s) => {
      const values = ['', '张三 😀 \u0000 "\'\\', 'x'.repeat(1 << 20)];
      for (const [i, v] of values.entries()) await s.put('ns', `k${i}`, v);
      for (const [i, v] of values.entries()) expect((await s.get('ns', `k${i}`))?.value).toBe(v);
    }));
    it('scan returns keys in code-unit order with prefix, after and limit', withStore(async (s) => {
      for (const k of ['b2', 'a', 'b1', 'c', 'b10']) await s.put('ns', k, k.toUpperCase());
      await s.put('other', 'b0', 'x');
      const keys = async (o?: Parameters<Store['scan']>[1]) => (await collect(s.scan('ns', o))).map((r) => r.key);
      expect(await keys()).toEqual(['a', 'b1', 'b10', 'b2', 'c']);
      expect(await keys({ prefix: 'b' })).toEqual(['b1', 'b10', 'b2']);
      expect(await keys({ prefix: 'b', after: 'b1' })).toEqual(['b10', 'b2']);
      expect(await keys({ limit: 2 })).toEqual(['a', 'b1']);
      expect((await collect(s.scan('ns', { prefix: 'c' })))[0]).toEqual({ key: 'c', value: 'C', version: 1 });
    }));
    it('append numbers entries from 0 and read returns them in order', withStore(async (s) => {
      expect(await s.length('log')).toBe(0);
      for (let i = 0; i < 5; i++) expect(await s.append('log', `e${i}`)).toBe(i);
      expect(await s.length('log')).toBe(5);
      expect((await collect(s.read('log'))).map((e) => e.value)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
      expect(await collect(s.read('log', { from: 3 }))).toEqual([{ seq: 3, value: 'e3' }, { seq: 4, value: 'e4' }]);
      expect(await collect(s.read('log', { from: 1, limit: 2 }))).toEqual([{ seq: 1, value: 'e1' }, { seq: 2, value: 'e2' }]);
      expect(await s.length('other')).toBe(0);
    }));
    it('append with a stale ifLength is STORE_CONFLICT and appends nothing', withStore(async (s) => {
      await s.append('log', 'a', { ifLength: 0 });
      expect(await conflictOf(s.append('log', 'b', { ifLength: 0 }))).toBe('STORE_CONFLICT');
      expect(await s.append('log', 'b', { ifLength: 1 })).toBe(1);
      expect(await s.length('log')).toBe(2);
    }));
    itBatch('putMany', 'putMany (where a store has it) writes records all or none, honouring each ifVersion', async (s) => {
      await s.put('ns', 'a', 'A');
      await s.putMany!('ns', [{ key: 'a', value: 'A2', ifVersion: 1 }, { key: 'b', value: 'B', ifVersion: 0 }, { key: 'c', value: 'C' }]);
      expect(await s.get('ns', 'a')).toEqual({ key: 'a', value: 'A2', version: 2 });
      expect(await conflictOf(s.putMany!('ns', [{ key: 'd', value: 'D' }, { key: 'b', value: 'B2', ifVersion: 0 }]))).toBe('STORE_CONFLICT');
      expect(await s.get('ns', 'd')).toBe(undefined);
      expect((await s.get('ns', 'b'))?.value).toBe('B');
    });
    itBatch('appendMany', 'appendMany (where a store has it) writes a batch in order, after ifLength, all or none', async (s) => {
      await s.append('log', 'a');
      expect(await s.appendMany!('log', ['b', 'c', 'd'], { ifLength: 1 })).toBe(1);
      expect(await conflictOf(s.appendMany!('log', ['x', 'y'], { ifLength: 1 }))).toBe('STORE_CONFLICT');
      expect(await s.appendMany!('log', [])).toBe(4);
      expect((await collect(s.read('log'))).map((e) => `${e.seq}:${e.value}`)).toEqual(['0:a', '1:b', '2:c', '3:d']);
      expect(await s.length('log')).toBe(4);
    });
    itBatch('appendMany', 'appendMany of 70 values (the SQLite store writes 32 rows per INSERT) reads back in order, after ifLength', async (s) => {
      const values = Array.from({ length: 70 }, (_, i) => `v${i}`);
      expect(await s.appendMany!('log', values, { ifLength: 0 })).toBe(0);
      expect(await s.appendMany!('log', values.slice(0, 33), { ifLength: 70 })).toBe(70);
      expect(await conflictOf(s.appendMany!('log', values, { ifLength: 70 }))).toBe('STORE_CONFLICT');
      expect((await collect(s.read('log'))).map((e) => `${e.seq}:${e.value}`)).toEqual([...values, ...values.slice(0, 33)].map((v, i) => `${i}:${v}`));
    });
    itBatch('appendManyAndPut', 'appendManyAndPut (where a store has it) writes entries and records as one write, all or none', async (s) => {
      const values = Array.from({ length: 40 }, (_, i) => `v${i}`);
      await s.put('ns', 'head', 'h1');
      expect(await s.appendManyAndPut!('log', values, 'ns', [{ key: 'head', value: 'h2', ifVersion: 1 }, { key: 't', value: 'T', ifVersion: 0 }], { ifLength: 0 })).toBe(0);
      expect(await s.get('ns', 'head')).toEqual({ key: 'head', value: 'h2', version: 2 });
      // A stale ifVersion after a good ifLength, and a stale ifLength: neither the entries nor the records are written.
      expect(await conflictOf(s.appendManyAndPut!('log', ['x'], 'ns', [{ key: 'u', value: 'U' }, { key: 'head', value: 'h3', ifVersion: 1 }], { ifLength: 40 }))).toBe('STORE_CONFLICT');
      expect(await conflictOf(s.appendManyAndPut!('log', ['y'], 'ns', [{ key: 'head', value: 'h3', ifVersion: 2 }], { ifLength: 39 }))).toBe('STORE_CONFLICT');
      expect(await s.length('log')).toBe(40);
      expect(await s.get('ns', 'u')).toBe(undefined);
      expect((await s.get('ns', 'head'))?.value).toBe('h2');
      expect(await s.appendManyAndPut!('log', ['z'], 'ns', [], { ifLength: 40 })).toBe(40);
      expect((await collect(s.read('log'))).map((e) => `${e.seq}:${e.value}`)).toEqual([...values, 'z'].map((v, i) => `${i}:${v}`));
    });
    it(`${writers} racing writers with ifLength keep one gap-free sequence`, withStore(async (s) => {
      const perWriter = 25;
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) {
            for (;;) {
              const n = await s.length('chain');
              try {
                await s.append('chain', `${w}:${i}:${n}`, { ifLength: n });
                break;
              } catch (e) {
                if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e;
              }
            }
          }
        }),
      );
      const all = await collect(s.read('chain'));
      expect(all.length).toBe(writers * perWriter);
      // Each entry was written believing it was number n: proves no two appends saw the same length.
      expect(all.every((e) => Number(e.value.split(':')[2]) === e.seq)).toBe(true);
    }), 60_000);
    it(`${writers} racing ifVersion updates lose no increment`, withStore(async (s) => {
      await s.put('ns', 'counter', '0');
      await Promise.all(
        Array.from({ length: writers }, async () => {
          for (let i = 0; i < 10; i++) {
            for (;;) {
              const cur = (await s.get('ns', 'counter'))!;
              try {
                await s.put('ns', 'counter', String(Number(cur.value) + 1), { ifVersion: cur.version });
                break;
              } catch (e) {
                if (!isCustodiaError(e, 'STORE_CONFLICT')) throw e;
              }
            }
          }
        }),
      );
      expect((await s.get('ns', 'counter'))?.value).toBe(String(writers * 10));
    }), 60_000);
  });
}

export { describeStoreTamper, type RawStoreAccess, type TamperOptions } from './_tamper.js';
