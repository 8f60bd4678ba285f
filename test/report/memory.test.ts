// Bounded memory: the report streams each log once, so the heap it needs does not grow with the
// number of events (only with the people and withdrawals in them). Measured at two sizes, same people.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/index.js';
import { syntheticStore } from './_synthetic.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function peakHeap(n: number): Promise<{ peak: number; records: number }> {
  const store = syntheticStore(n, 300);
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = 0;
  let calls = 0;
  void calls;
  const { summary } = await buildReport({
    store, lang: 'en', now: new Date('2026-01-01T00:00:00Z'),
    onProgress: () => {
      // every progress call (1024 records): collect, then sample what is still held
      calls++;
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    },
  });
  return { peak, records: summary.integrity.consent.records + summary.integrity.audit.records };
}

describe('report memory', () => {
  it('S5.4: the heap held while summarizing 4x the events stays within 2 MB of the smaller run', async () => {
    const small = await peakHeap(3_000);
    const large = await peakHeap(12_000);
    expect(small.records).toBe(6_000);
    expect(large.records).toBe(24_000);
    expect(large.peak - small.peak).toBeLessThan(2 * 1024 * 1024);
  }, 120_000);
});
