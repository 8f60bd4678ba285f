// describeStoreConformance's `lacks`: a store that declares the batch writes it does not have gets
// their tests registered skipped up front (for runners such as jest that cannot skip at run time),
// and one registered test proves the declaration, so it cannot hide a method the store has.
import { describe, expect, it } from 'vitest';
import { memoryStore, type Store } from '../../src/store/index.js';
import { describeStoreConformance, type TestApi } from '../../src/store/testing/index.js';
import { batchless } from './_batchless.js';

const ALL = ['putMany', 'appendMany', 'appendManyAndPut'] as const;
describeStoreConformance({ name: 'memory without batch writes', create: () => batchless(memoryStore()), lacks: ALL }, { describe, it, expect });

/** Registers the suite on a runner like jest's (no run-time skip); returns the tests it registered. */
function register(create: () => Store, skip: boolean) {
  const tests = new Map<string, () => Promise<void>>();
  const skipped: string[] = [];
  const it = ((name: string, fn: () => Promise<void>) => void tests.set(name, fn)) as TestApi['it'];
  if (skip) Object.assign(it, { skip: (name: string) => void skipped.push(name) });
  describeStoreConformance({ name: 'x', create, lacks: ALL }, { describe: (_n, fn) => fn(), it, expect });
  return { tests, skipped };
}

describe('describeStoreConformance lacks', () => {
  it('registers the batch tests skipped where the runner has it.skip, and not at all where it has none', () => {
    const withSkip = register(() => batchless(memoryStore()), true);
    expect(withSkip.skipped).toHaveLength(4);
    expect(withSkip.skipped.every((n) => n.endsWith('(x has no putMany)') || n.endsWith('(x has no appendMany)') || n.endsWith('(x has no appendManyAndPut)'))).toBe(true);
    const without = register(() => batchless(memoryStore()), false);
    expect([...without.tests.keys()].filter((n) => /putMany|appendMany/.test(n) && !n.startsWith('has none'))).toEqual([]);
    expect(without.tests.size).toBe(withSkip.tests.size);
  });

  it('fails its declaration test when the store has a method it declares it lacks', async () => {
    const { tests } = register(() => memoryStore(), false);
    const check = [...tests].find(([n]) => n.startsWith('has none of the batch writes'))![1];
    await expect(check()).rejects.toThrow(/putMany: function/);
    const honest = [...register(() => batchless(memoryStore()), false).tests].find(([n]) => n.startsWith('has none of the batch writes'))![1];
    await expect(honest()).resolves.toBeUndefined();
  });

  it('refuses an unknown method name with INVALID_ARGUMENT naming opts.lacks', () => {
    const t = { describe: (_n: string, fn: () => void) => fn(), it: (() => undefined) as TestApi['it'], expect };
    expect(() => describeStoreConformance({ name: 'x', create: () => memoryStore(), lacks: ['scan' as never] }, t)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'opts.lacks' }));
  });
});
