// (ε, δ)-differential privacy as ARX's SafePub does it with a data-independent generalization
// (src/kanon/_dp.ts, _dpparams.ts). The derived β and k against an independent plain-double
// computation of the formulas of Li, Qardaji and Su (2012) as ARX's ParameterCalculation states them;
// ARX's own DP cases on Adult with ARX's deterministic sampler (java.util.Random(0xDEADBEEF), which
// EDDifferentialPrivacy uses when `deterministic` is true, as in every ARX test); the sampling rate
// with a seeded source; the platform CSPRNG by default.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anonymize, anonymizeColumns, type AnonymizeOptions } from '../../src/kanon/index.js';
import { dpParameters } from '../../src/kanon/_dpparams.js';
import { ADULT_AVAILABLE, loadAdult } from './_adult.js';
import { PORTED, scoreMatches, type JavaValue } from './arx/_suite.js';

/** java.util.Random(seed).nextDouble(): the 48-bit LCG of the Java API specification. */
function javaRandom(seed: number): () => number {
  const M = (1n << 48n) - 1n;
  let s = (BigInt.asIntN(64, BigInt(seed)) ^ 0x5deece66dn) & M;
  const next = (bits: number): number => { s = (s * 0x5deece66dn + 0xbn) & M; return Number(BigInt.asIntN(32, s >> BigInt(48 - bits))); };
  return () => (next(26) * 134217728 + next(27)) / 9007199254740992;
}

// ParameterCalculation's formulas in plain doubles (its comments), the binomial terms from log
// factorials instead of ARX's saddle-point form: an independent route to the same k.
function plainK(epsilon: number, delta: number): { beta: number; k: number } {
  const beta = 1 - Math.exp(-epsilon);
  const gamma = (Math.exp(epsilon) - 1 + beta) / Math.exp(epsilon);
  const lf = [0];
  const logFact = (n: number): number => { while (lf.length <= n) lf.push(lf[lf.length - 1]! + Math.log(lf.length)); return lf[n]!; };
  const a = (n: number): number => {
    let sum = 0;
    for (let j = Math.floor(n * gamma) + 1; j <= n; j++) sum += Math.exp(logFact(n) - logFact(j) - logFact(n - j) + j * Math.log(beta) + (n - j) * Math.log(1 - beta));
    return sum;
  };
  const c = (n: number): number => Math.exp(-n * (gamma * Math.log(gamma / beta) - (gamma - beta)));
  const deltaOf = (k: number): number => {
    let d = -Number.MAX_VALUE;
    let bound = Number.MAX_VALUE;
    for (let n = Math.ceil(k / gamma - 1); d < bound; n++) { d = Math.max(d, a(n)); bound = c(n); }
    return d;
  };
  let k = 1;
  for (let dk = Number.MAX_VALUE; dk > delta; k++) dk = deltaOf(k);
  return { beta, k };
}

describe('differential privacy parameters (ARX ParameterCalculation)', () => {
  for (const [epsilon, delta] of [[2, 1e-5], [1.5, 1e-6], [Math.LN2, 1e-7], [Math.log(3), 1e-8], [1, 1e-5], [0.5, 1e-6]] as const) {
    it(`ε=${epsilon.toFixed(4)}, δ=${delta}: β = 1 − e^−ε and k as the plain formulas give`, () => {
      const p = dpParameters(epsilon, delta);
      const plain = plainK(epsilon, delta);
      expect(p.beta).toBeLessThanOrEqual(plain.beta);
      expect(p.beta).toBeGreaterThan(plain.beta - 1e-15);
      expect(p.k).toBe(plain.k);
    });
  }
  it('values quoted for reference: ε=2, δ=1e-5 gives k=114; ε=ln 2, δ=1e-7 gives β≈0.5, k=81', () => {
    expect(dpParameters(2, 1e-5).k).toBe(114);
    expect(dpParameters(Math.LN2, 1e-7)).toEqual({ beta: expect.closeTo(0.5, 14) as number, k: 81 });
  });
});

const adult = ADULT_AVAILABLE ? loadAdult() : undefined;
const ref = (v: JavaValue | undefined): string => (v && typeof v === 'object' && !Array.isArray(v) ? v.ref ?? '' : '');
const number = (v: JavaValue | undefined): number => (typeof v === 'number' ? v : ref(v) === 'LN2' ? Math.LN2 : ref(v) === 'LN3' ? Math.log(3) : Number.NaN);
const dpCases = PORTED.cases.filter((c) => c.dataset === 'adult' && (c.config.models ?? []).some((m) => m.type === 'EDDifferentialPrivacy'));

describe.skipIf(!adult)("ARX's data-independent DP cases on Adult (TestAnonymizationDifferentialPrivacy)", () => {
  it('are 7; the 16 data-dependent ones (SafePub search) are not built', () => {
    expect(dpCases.length).toBe(7);
    expect(PORTED.cases.filter((c) => c.dataset === 'adult' && c.config.source).length).toBe(16);
  });
  for (const c of dpCases) {
    it(`S3.8: ${c.id}: ARX's levels and score with ARX's deterministic sample`, { timeout: 60_000 }, () => {
      const m = c.config.models![0]!;
      const scheme = (m.args[2] as { args: JavaValue[] }).args[0];
      const generalization = ref(scheme).replace('GeneralizationDegree.', '').toLowerCase().replace('_', '-') as 'low-medium';
      expect(c.config.metric?.call).toBe('Metric.createLossMetric');
      const options: AnonymizeOptions = {
        quasiIdentifiers: Object.fromEntries(adult!.columns.map((q) => [q, adult!.hierarchies[q]!])), k: 1, metric: 'loss',
        suppressionLimit: c.config.suppressionLimit ?? 0,
        differentialPrivacy: { epsilon: number(m.args[0]), delta: number(m.args[1]), generalization, random: javaRandom(0xdeadbeef | 0) },
      };
      const out = anonymize(adult!.rows, options);
      expect(adult!.columns.map((q) => out.levels[q])).toEqual(c.transformation);
      expect(scoreMatches(c.loss!, out.informationLoss), `score ${out.informationLoss} vs ARX ${c.lossText}`).toBe(true);
      const dp = out.differentialPrivacy!;
      expect(out.rows.length).toBe(dp.published);
      expect(dp.published + out.suppressed).toBe(dp.sampled);
    });
  }
});

// A fixed xorshift128+ stream mapped to [0, 1): seeded test randomness.
function seeded(seed: number): () => number {
  let s0 = BigInt(seed) | 1n;
  let s1 = 0x9e3779b97f4a7c15n;
  const M = (1n << 64n) - 1n;
  return () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x = (x ^ (x << 23n)) & M;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return Number(((s1 + y) & M) >> 11n) / 2 ** 53;
  };
}

const table = (n: number): Record<string, string>[] => Array.from({ length: n }, (_, i) => ({ age: String(20 + (i % 50)), zone: String(i % 7), note: `r${i % 3}` }));
const QIS: AnonymizeOptions['quasiIdentifiers'] = {
  age: Array.from({ length: 50 }, (_, i) => [String(20 + i), `${20 + i - (i % 10)}-${29 + i - (i % 10)}`, '*']),
  zone: Array.from({ length: 7 }, (_, i) => [String(i), i < 4 ? 'A' : 'B', '*']),
};

describe('sampling and publication', () => {
  afterEach(() => { vi.restoreAllMocks(); });
  it('samples each record with probability β (20,000 records, seeded; within 4 standard deviations)', () => {
    const rows = table(20_000);
    for (const epsilon of [0.5, 1, 2]) {
      const out = anonymize(rows, { quasiIdentifiers: QIS, k: 1, differentialPrivacy: { epsilon, delta: 1e-5, generalization: 'medium', random: seeded(7 + epsilon * 10) } });
      const { beta, sampled } = out.differentialPrivacy!;
      expect(beta).toBeCloseTo(1 - Math.exp(-epsilon), 14);
      expect(Math.abs(sampled - 20_000 * beta)).toBeLessThan(4 * Math.sqrt(20_000 * beta * (1 - beta)));
    }
  });
  it('publishes only sampled records in classes of at least k, generalized to the fixed levels', () => {
    const rows = table(5000);
    const out = anonymize(rows, { quasiIdentifiers: QIS, k: 1, differentialPrivacy: { epsilon: 1, delta: 1e-5, generalization: { age: 1, zone: 'complete' }, random: seeded(3) } });
    const dp = out.differentialPrivacy!;
    expect(dp.levels).toEqual({ age: 1, zone: 2 });
    expect(out.rows.length).toBe(dp.published);
    const sizes = new Map<string, number>();
    for (const r of out.rows) { expect(r['zone']).toBe('*'); sizes.set(r['age']!, (sizes.get(r['age']!) ?? 0) + 1); }
    for (const n of sizes.values()) expect(n).toBeGreaterThanOrEqual(dp.k);
    // The same source gives the same sample; columns in, the same records out.
    const cols = anonymizeColumns({ age: rows.map((r) => r['age']!), zone: rows.map((r) => r['zone']!), note: rows.map((r) => r['note']!) },
      { quasiIdentifiers: QIS, k: 1, differentialPrivacy: { epsilon: 1, delta: 1e-5, generalization: { age: 1, zone: 'complete' }, random: seeded(3) } });
    expect(cols.columns['note']).toEqual(out.rows.map((r) => r['note']));
    expect(cols.columns['age']).toEqual(out.rows.map((r) => r['age']));
  });
  it('without `random` draws from crypto.getRandomValues, looked up when called; never Math.random', () => {
    const grv = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const mr = vi.spyOn(Math, 'random');
    const out = anonymize(table(3000), { quasiIdentifiers: QIS, k: 1, differentialPrivacy: { epsilon: 2, delta: 1e-5, generalization: 'high' } });
    expect(grv).toHaveBeenCalled();
    expect(mr).not.toHaveBeenCalled();
    expect(out.differentialPrivacy!.sampled).toBeGreaterThan(0);
  });
  it('bad options are INVALID_ARGUMENT naming the field, never the value', () => {
    const rows = table(200);
    const secret = '13800138000';
    const bad: [unknown, string][] = [
      [secret, 'differentialPrivacy'], [{ epsilon: 0, delta: 1e-5, generalization: 'low' }, 'differentialPrivacy.epsilon'],
      [{ epsilon: 1, delta: 1, generalization: 'low' }, 'differentialPrivacy.delta'], [{ epsilon: 1, delta: 1e-5, generalization: secret }, 'differentialPrivacy.generalization'],
      [{ epsilon: 1, delta: 1e-5, generalization: { [secret]: 1 } }, 'differentialPrivacy.generalization'], [{ epsilon: 1, delta: 1e-5, generalization: { age: 9 } }, 'differentialPrivacy.generalization'],
      [{ epsilon: 1, delta: 1e-5, generalization: 'low', random: secret }, 'differentialPrivacy.random'], [{ epsilon: 1, delta: 1e-5, generalization: 'low', random: () => 1 }, 'differentialPrivacy.random'],
    ];
    for (const [dp, field] of bad) {
      let err: unknown;
      try { anonymize(rows, { quasiIdentifiers: QIS, k: 1, differentialPrivacy: dp as never }); } catch (e) { err = e; }
      expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', field });
      expect((err as Error).message).not.toContain(secret);
    }
    expect(() => anonymize(rows, { quasiIdentifiers: QIS, k: 1, lDiversity: { attribute: 'note', l: 2 }, differentialPrivacy: { epsilon: 1, delta: 1e-5, generalization: 'low' } }))
      .toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'differentialPrivacy' }) as Error);
  });
});
