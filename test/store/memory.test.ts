import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/store/index.js';
import { describeStoreConformance } from '../../src/store/testing/index.js';

describeStoreConformance({ name: 'memory', create: () => memoryStore() }, { describe, it, expect });

describe('memoryStore', () => {
  it('refuses use after close with STORE_UNAVAILABLE', async () => {
    const s = memoryStore();
    await s.close();
    await expect(s.get('ns', 'k')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
  it('returns copies, so callers cannot edit stored records in place', async () => {
    const s = memoryStore();
    await s.put('ns', 'k', 'v');
    const r = (await s.get('ns', 'k'))!;
    r.value = 'changed';
    expect((await s.get('ns', 'k'))?.value).toBe('v');
  });
});
