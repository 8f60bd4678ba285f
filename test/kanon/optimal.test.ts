import { beforeAll, describe, expect, it } from 'vitest';
import { anonymize } from '../../src/kanon/index.js';
import type { MetricName } from '../../src/kanon/index.js';
import { ADULT_AVAILABLE, argmin, bruteForce, loadAdult, type BruteForce } from './_adult.js';

const KS = [2, 5, 10];

describe.skipIf(!ADULT_AVAILABLE)('optimal search on ARX Adult equals brute force over all 12,960 nodes', () => {
  let adult: ReturnType<typeof loadAdult>;
  let bf: BruteForce;
  beforeAll(() => {
    adult = loadAdult();
    bf = bruteForce(adult.rows, adult.hierarchies, adult.columns, KS);
  });

  const lossArray = (metric: MetricName, ki: number): Float64Array =>
    metric === 'entropy' ? bf.entropy : metric === 'height' ? bf.height : metric === 'discernibility' ? bf.dm[ki]! : metric === 'loss' ? bf.loss[ki]! : bf.precision[ki]!;

  const cases: [number, number, MetricName][] = [
    ...KS.flatMap((k) => (['entropy', 'discernibility', 'loss', 'height', 'precision'] as const).map((m): [number, number, MetricName] => [k, 0, m])),
    [5, 0.01, 'entropy'],
    [10, 0.05, 'discernibility'],
    [2, 0.01, 'loss'],
    [5, 0.05, 'precision'],
    [10, 0.01, 'height'],
  ];

  it('the lattice has 12,960 nodes', () => {
    expect(bf.nodes).toBe(12960);
  });

  for (const [k, limit, metric] of cases) {
    it(`S3.8: k=${k}, suppression ${limit}, ${metric}: same transformation, suppressed count and loss`, () => {
      const ki = KS.indexOf(k);
      const max = Math.floor(limit * adult.rows.length);
      const loss = lossArray(metric, ki);
      const best = argmin(bf, loss, (node) => bf.outliers[ki]![node]! <= max);
      expect(best).toBeGreaterThanOrEqual(0);
      const res = anonymize(adult.rows, { quasiIdentifiers: adult.hierarchies, k, suppressionLimit: limit, metric });
      expect(Object.values(res.levels)).toEqual(bf.levelsOf(best));
      expect(res.suppressed).toBe(bf.outliers[ki]![best]);
      expect(res.informationLoss).toBeCloseTo(loss[best]!, 9);
      // Flash-style pruning: far fewer nodes computed than the lattice holds.
      expect(res.stats.checkedNodes).toBeLessThan(bf.nodes);
    });
  }
});
