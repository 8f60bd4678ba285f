// The heuristic lattice search (src/kanon/_heuristic.ts, after ARX's LIGHTNINGAlgorithm): with no
// budget it returns the optimum of the optimal search; within ARX's budget it returns ARX's own
// Lightning answers on ARX's TestAnonymizationHeuristic cases; on a 16-QI table (43 million nodes)
// it returns a feasible transformation within the node budget, with a valid lower bound.
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymize, scoreTransformation, type AnonymizeOptions } from '../../src/kanon/index.js';
import { ADULT_AVAILABLE, loadAdult } from './_adult.js';
import { mapCase, PORTED, type ArxCase } from './arx/_suite.js';

const ALL = process.env['CUSTODIA_ARX_SUITE'] === 'all';
const adult = ADULT_AVAILABLE ? loadAdult() : undefined;
const qi = (h: Record<string, string[][]>, cols: string[]): AnonymizeOptions['quasiIdentifiers'] => Object.fromEntries(cols.map((c) => [c, h[c]!]));

describe.skipIf(!adult)('S3.8: heuristic search with an unlimited budget returns the optimum (Adult, 9 QIs)', () => {
  let rows: Record<string, string>[];
  beforeAll(() => { rows = adult!.rows.slice(0, 2000); });
  const configs: [string, Partial<AnonymizeOptions>][] = [
    ['k=5, 0%, entropy', { k: 5, metric: 'entropy' }],
    ['k=5, 2%, loss', { k: 5, suppressionLimit: 0.02, metric: 'loss' }],
    ['k=10, 1%, discernibility', { k: 10, suppressionLimit: 0.01, metric: 'discernibility' }],
    ['k=3, 0%, height + 2-diversity of salary-class', { k: 3, metric: 'height', lDiversity: { attribute: 'salary-class', l: 2 } }],
  ];
  for (const [name, o] of configs) {
    it(`first 2,000 rows, ${name}`, { timeout: 300_000 }, () => {
      const cols = adult!.columns.filter((c) => c !== (o.lDiversity as { attribute?: string } | undefined)?.attribute);
      const options = { quasiIdentifiers: qi(adult!.hierarchies, cols), ...o } as AnonymizeOptions;
      const opt = anonymize(rows, { ...options, algorithm: 'optimal' });
      const heu = anonymize(rows, { ...options, algorithm: 'heuristic', heuristic: { maxMillis: Number.POSITIVE_INFINITY } });
      expect(heu.levels).toEqual(opt.levels);
      expect(heu.informationLoss).toBe(opt.informationLoss);
      expect(heu.stats.algorithm).toBe('heuristic');
      expect(heu.stats.heuristic).toMatchObject({ proven: true, gap: 0, lowerBound: opt.informationLoss });
      expect(heu.stats.heuristic!.stoppedBy).toBeUndefined();
    });
  }
  it.skipIf(!ALL)('all 30,162 rows, k=5, 4% loss and k=100, 100% non-monotonic entropy (test:arx)', { timeout: 900_000 }, () => {
    const options = { quasiIdentifiers: qi(adult!.hierarchies, adult!.columns) };
    for (const o of [{ k: 5, suppressionLimit: 0.04, metric: 'loss' }, { k: 100, suppressionLimit: 1, metric: { name: 'entropy', monotonic: false } }] as const) {
      const opt = anonymize(adult!.rows, { ...options, ...o, algorithm: 'optimal' });
      const heu = anonymize(adult!.rows, { ...options, ...o, algorithm: 'heuristic', heuristic: { maxMillis: Number.POSITIVE_INFINITY } });
      expect([heu.levels, heu.informationLoss, heu.stats.heuristic?.proven]).toEqual([opt.levels, opt.informationLoss, true]);
    }
  });
});

// ARX's heuristic cases (TestAnonymizationHeuristic: BEST_EFFORT_BOTTOM_UP = Lightning;
// TestAnonymizationHeuristicTopDown; TestAnonymizationGenetic), each with a 1000-check step limit.
const heuristicCases = PORTED.cases.filter((c) => c.dataset === 'adult' && (c.config.fileSettings ?? []).some((s) => s.call === 'setAlgorithm'));
const algorithmOf = (c: ArxCase): string => c.config.fileSettings!.find((s) => s.call === 'setAlgorithm')!.source.replace('AnonymizationAlgorithm.', '');
const stepLimit = (c: ArxCase): number => Number(c.config.fileSettings!.find((s) => s.call === 'setHeuristicSearchStepLimit')!.source);
// The same case without its algorithm settings, mapped as the ported suite maps it.
const optionsOf = (c: ArxCase): ReturnType<typeof mapCase> =>
  adult ? mapCase({ ...c, config: { ...c.config, fileSettings: [] } }, adult.hierarchies) : { reason: 'Adult data not available' };

describe.skipIf(!adult)("ARX's heuristic-search cases on Adult", () => {
  it('are 18: 6 each for Lightning (bottom-up), top-down and genetic; all 18 expressible (the 3 with the loss metric\'s gs-factor too)', () => {
    expect(heuristicCases.map(algorithmOf).sort()).toEqual([...Array(6).fill('BEST_EFFORT_BOTTOM_UP'), ...Array(6).fill('BEST_EFFORT_GENETIC'), ...Array(6).fill('BEST_EFFORT_TOP_DOWN')]);
    expect(heuristicCases.every((c) => stepLimit(c) === 1000)).toBe(true);
    expect(heuristicCases.filter((c) => 'reason' in optionsOf(c)).map((c) => [c.id, (optionsOf(c) as { reason: string }).reason])).toEqual([]);
  });

  for (const c of heuristicCases) {
    const m = optionsOf(c);
    if ('reason' in m) continue;
    const lightning = algorithmOf(c) === 'BEST_EFFORT_BOTTOM_UP';
    // Lightning is deterministic under a step limit: custodia's search runs the same procedure (not
    // ARX's successor order or PriorityQueue ties, so not claimed step by step) and returns ARX's node and score. Top-down and genetic are other algorithms: the budget-free
    // search (proven optimal) must be feasible and score at most ARX's; slow, so in test:arx only.
    const run = lightning ? it : it.skipIf(!ALL);
    run(`S3.8: ${c.id} (${lightning ? "ARX's node within 1000 checks" : 'optimum ≤ ARX score'})`, { timeout: 900_000 }, () => {
      const options: AnonymizeOptions = { ...m.options, algorithm: 'heuristic', heuristic: lightning ? { maxNodes: stepLimit(c) } : { maxMillis: Number.POSITIVE_INFINITY } };
      const out = anonymize(adult!.rows, options);
      const levels = m.qis.map((q) => out.levels[q]!);
      const score = scoreTransformation(adult!.rows, m.options, out.levels);
      expect(score.anonymous).toBe(true);
      expect(score.informationLoss).toBe(out.informationLoss);
      const report = out.stats.heuristic!;
      expect(report.lowerBound).toBeLessThanOrEqual(out.informationLoss);
      if (lightning) {
        // The whole budget, unless the lower bound proves the answer optimal first (Heuristic#2, with the
        // loss metric's gs-factor: ARX's node, proven after 675 checks).
        if (report.proven) expect(out.stats.checkedNodes).toBeLessThanOrEqual(1000);
        else expect(out.stats.checkedNodes).toBe(1000);
        expect(levels).toEqual(c.transformation);
        expect(out.informationLoss).toBe(c.loss);
      } else {
        expect(report.proven).toBe(true);
        expect(out.informationLoss).toBeLessThanOrEqual(c.loss!);
      }
    });
  }
});

// 16 quasi-identifiers with 3 levels each: 3^16 = 43,046,721 nodes, beyond enumeration.
function wideTable(rows: number): { rows: Record<string, string>[]; quasiIdentifiers: AnonymizeOptions['quasiIdentifiers'] } {
  const cols = Array.from({ length: 16 }, (_, c) => `q${c}`);
  // xorshift32 with a fixed seed (test data only, no security role); rows are noisy copies of 60
  // prototypes, so classes form only after some generalization.
  let s = 2463534242;
  const next = (m: number): number => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s % m; };
  const protos = Array.from({ length: 60 }, () => cols.map(() => next(8)));
  const data = Array.from({ length: rows }, () => { const p = protos[next(60)]!; return Object.fromEntries(cols.map((c, i) => [c, String(next(10) === 0 ? next(8) : p[i]!)])); });
  const h = Array.from({ length: 8 }, (_, v) => [String(v), v < 4 ? 'low' : 'high', '*']);
  return { rows: data, quasiIdentifiers: Object.fromEntries(cols.map((c) => [c, h])) };
}

describe('heuristic search on a lattice too large to enumerate (16 QIs, 43 million nodes)', () => {
  const { rows, quasiIdentifiers } = wideTable(3000);
  it('S3.8: returns a feasible transformation within the node budget, with a lower bound below its loss', () => {
    const out = anonymize(rows, { quasiIdentifiers, k: 5, suppressionLimit: 0.05, metric: 'loss', heuristic: { maxNodes: 1000 } });
    expect(out.stats.algorithm).toBe('heuristic'); // chosen automatically: 43 million > 100,000 nodes
    expect(out.stats.latticeSize).toBe(3 ** 16);
    expect(out.stats.checkedNodes).toBeLessThanOrEqual(1000);
    expect(out.informationLoss).toBeLessThan(0.8); // well below the top node's 1
    const score = scoreTransformation(rows, { quasiIdentifiers, k: 5, suppressionLimit: 0.05, metric: 'loss' }, out.levels);
    expect(score.anonymous).toBe(true);
    expect(score.informationLoss).toBe(out.informationLoss);
    const r = out.stats.heuristic!;
    expect(r.stoppedBy).toBe('nodes');
    expect(r.proven).toBe(false);
    expect(r.lowerBound).toBeLessThanOrEqual(out.informationLoss);
    expect(r.gap).toBeCloseTo(out.informationLoss - r.lowerBound, 12);
    expect(r.openNodes).toBeGreaterThan(0);
    // Published rows are k-anonymous apart from the suppressed ones.
    const sizes = new Map<string, number>();
    for (const row of out.rows) { const key = Object.keys(quasiIdentifiers).map((q) => row[q]).join('|'); sizes.set(key, (sizes.get(key) ?? 0) + 1); }
    for (const [key, n] of sizes) if (!key.split('|').every((v) => v === '*')) expect(n).toBeGreaterThanOrEqual(5);
  });
  it('a larger budget never returns a worse transformation (same path, more of it)', () => {
    const base = { quasiIdentifiers, k: 5, metric: 'entropy' as const, algorithm: 'heuristic' as const };
    const small = anonymize(rows, { ...base, heuristic: { maxNodes: 300 } });
    const large = anonymize(rows, { ...base, heuristic: { maxNodes: 1500 } });
    expect(large.informationLoss).toBeLessThan(small.informationLoss);
    expect(large.stats.heuristic!.lowerBound).toBeGreaterThanOrEqual(small.stats.heuristic!.lowerBound - 1e-9);
  });
  it("the optimal search stays the default while the lattice fits (Adult's 12,960 nodes)", () => {
    const few = rows.slice(0, 200);
    const q4 = Object.fromEntries(Object.entries(quasiIdentifiers).slice(0, 4));
    const out = anonymize(few, { quasiIdentifiers: q4, k: 3 });
    expect(out.stats.algorithm).toBe('optimal');
    expect(out.stats.heuristic).toBeUndefined();
    expect(anonymize(few, { quasiIdentifiers: q4, k: 3, heuristic: { threshold: 10 } }).stats.algorithm).toBe('heuristic');
  });
  it('bad heuristic options are INVALID_ARGUMENT naming the field, never the value', () => {
    const few = rows.slice(0, 50);
    const q2 = Object.fromEntries(Object.entries(quasiIdentifiers).slice(0, 2));
    for (const [heuristic, field] of [[{ maxNodes: 0 }, 'heuristic.maxNodes'], [{ maxNodes: 1.5 }, 'heuristic.maxNodes'], [{ maxMillis: -1 }, 'heuristic.maxMillis'],
      [{ threshold: '13800138000' }, 'heuristic.threshold'], ['13800138000', 'heuristic']] as const) {
      let err: unknown;
      try { anonymize(few, { quasiIdentifiers: q2, k: 2, heuristic: heuristic as never }); } catch (e) { err = e; }
      expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', field });
      expect(String((err as Error).message)).not.toContain('13800138000');
    }
    expect(() => anonymize(few, { quasiIdentifiers: q2, k: 2, algorithm: 'lightning' as never })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'algorithm' }) as Error);
  });
});
