/**
 * (ε, δ)-differential privacy by sampling and k-anonymization, the parameters: ARX's
 * org.deidentifier.arx.dp.ParameterCalculation with its interval arithmetic
 * (org.deidentifier.arx.reliability.IntervalArithmeticDouble), after Li, Qardaji and Su, "On
 * sampling, anonymization, and differential privacy", ASIACCS 2012, Theorem 5, as SafePub uses it
 * (Bild, Kuhn, Prasser, PoPETs 2018):
 *   β = 1 − e^(−ε);  γ = (e^ε − 1 + β) / e^ε;
 *   a_n = Σ_{j > ⌊nγ⌋}^{n} C(n, j) β^j (1 − β)^(n−j);  c_n = e^(−n (γ ln(γ/β) − (γ − β)));
 *   δ(k) = max_{n ≥ ⌈k/γ − 1⌉} a_n, the n running until a_n's maximum exceeds c_n;
 *   k = 1 + the least k with δ(k) < δ (ARX's loop returns one past it; kept for the same answers).
 * Every operation bounds its result by one floating-point step each way (Java's Math and IEEE
 * arithmetic are within one ulp, as JavaScript's are), and the bounds only move toward more privacy.
 * @module
 */

/** A closed interval of doubles. */
interface Interval {
  readonly lo: number;
  readonly hi: number;
}

// Math.nextAfter(x, ±∞) of Java: the adjacent double toward +∞. The bits are stepped as two
// 32-bit halves through a DataView (no BigInt64Array: the mini-program runtime floor lacks it; no
// buffer at module load).
let scratch: DataView | undefined;
function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Number.POSITIVE_INFINITY) return x;
  if (x === 0) return Number.MIN_VALUE;
  const v = (scratch ??= new DataView(new ArrayBuffer(8)));
  v.setFloat64(0, x);
  let hi = v.getUint32(0);
  let lo = v.getUint32(4);
  if (x > 0) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  } else {
    if (lo === 0) hi = (hi - 1) >>> 0;
    lo = (lo - 1) >>> 0;
  }
  v.setUint32(0, hi);
  v.setUint32(4, lo);
  return v.getFloat64(0);
}
function nextDown(x: number): number {
  return -nextUp(-x);
}

function valid(lo: number, hi: number): Interval {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) throw new RangeError('numeric instability in the differential-privacy parameters');
  return { lo, hi };
}
const point = (x: number): Interval => valid(x, x);
function binary(a: Interval, b: Interval, op: (x: number, y: number) => number): Interval {
  const v = [op(a.lo, b.lo), op(a.lo, b.hi), op(a.hi, b.lo), op(a.hi, b.hi)];
  return valid(nextDown(Math.min(...v)), nextUp(Math.max(...v)));
}
function unary(a: Interval, op: (x: number) => number): Interval {
  const x = op(a.lo);
  const y = op(a.hi);
  return valid(nextDown(Math.min(x, y)), nextUp(Math.max(x, y)));
}
const add = (a: Interval, b: Interval): Interval => binary(a, b, (x, y) => x + y);
const sub = (a: Interval, b: Interval): Interval => binary(a, b, (x, y) => x - y);
const mul = (a: Interval, b: Interval): Interval => binary(a, b, (x, y) => x * y);
const div = (a: Interval, b: Interval): Interval => binary(a, b, (x, y) => x / y);
const exp = (a: Interval): Interval => unary(a, Math.exp);
const log = (a: Interval): Interval => unary(a, Math.log);
const sqrt = (a: Interval): Interval => unary(a, Math.sqrt);
const inv = (a: Interval): Interval => unary(a, (x) => 1 / x);
const pow = (a: Interval, e: number): Interval => unary(a, (x) => Math.pow(x, e));
const ONE: Interval = { lo: 1, hi: 1 };
// ARX's PI, createInterval(3.1415926535897932384, …385): both literals are the double Math.PI.
const PI: Interval = { lo: Math.PI, hi: Math.PI };

// IntervalArithmeticDouble.lessThan: throws when the intervals overlap. Here an overlap counts as
// "not less", which only makes k larger (more protection) where ARX would stop with an error.
const lessThan = (a: Interval, b: Interval): boolean => a.hi < b.lo;
function max(a: Interval, b: Interval): Interval {
  if (a.hi === b.lo) return b;
  if (b.hi === a.lo) return a;
  if (a.hi < b.lo) return b;
  if (b.hi < a.lo) return a;
  // Overlap (ARX: undecidable): the hull is a sound bound of the maximum.
  return { lo: Math.max(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

// IntervalArithmeticDouble.stirlingError: 1/(12n) − 1/(360n³) ± 1/(1260n⁵).
function stirlingError(n: Interval): Interval {
  const base = sub(inv(mul(point(12), n)), inv(mul(point(360), pow(n, 3))));
  const bound = inv(mul(point(1260), pow(n, 5)));
  const offset = Math.max(Math.abs(bound.lo), Math.abs(bound.hi));
  return valid(nextDown(base.lo - offset), nextUp(base.hi + offset));
}

// IntervalArithmeticDouble.binomialProbability (Loader's saddle-point form).
function binomialProbability(n: number, p: Interval, k: number): Interval {
  if (k < 0 || k > n) return point(0);
  if (k === 0) return pow(sub(ONE, p), n);
  if (k === n) return pow(p, n);
  const N = point(n);
  const K = point(k);
  const NK = sub(N, K);
  const dev = add(mul(K, log(div(K, mul(N, p)))), mul(NK, log(div(NK, mul(N, sub(ONE, p))))));
  const term1 = sub(sub(stirlingError(N), stirlingError(K)), stirlingError(NK));
  const term2 = sqrt(div(N, mul(mul(mul(point(2), PI), K), NK)));
  return exp(sub(add(log(term2), term1), dev));
}

// Σ_{j=from}^{n} P[Bin(n, β) = j]. ARX adds every term; here, once the terms fall (the binomial is
// log-concave, so they keep falling) and the n − j terms left are below 1e-17 of the sum, they are
// bounded by (n − j) × the current term and added as [0, that]: a sound interval, slightly wider
// than ARX's, so k can only come out larger, never smaller. It makes ε = 0.01 take a second, not minutes.
function tailSum(n: number, beta: Interval, from: number): Interval {
  let sum = point(0);
  let prevLo = Number.POSITIVE_INFINITY;
  for (let j = from; j <= n; j++) {
    const t = binomialProbability(n, beta, j);
    sum = add(sum, t);
    const rest = n - j;
    if (rest > 0 && t.hi < prevLo && rest * t.hi <= sum.lo * 1e-17) return valid(sum.lo, nextUp(sum.hi + nextUp(rest * t.hi)));
    prevLo = t.lo;
  }
  return sum;
}

/** β (the sampling probability) and k (the least class size) for (ε, δ), as ARX derives them. */
export interface DpParameters {
  readonly beta: number;
  readonly k: number;
}

/** ARX ParameterCalculation(epsilon, delta): β is the lower bound of 1 − e^(−ε), k as in the module comment. */
export function dpParameters(epsilon: number, delta: number): DpParameters {
  const eps = point(epsilon);
  const beta = sub(ONE, exp(mul(point(-1), eps)));
  const power = exp(eps);
  const gamma = div(add(sub(power, ONE), beta), power);
  const a = new Map<number, Interval>();
  const c = new Map<number, Interval>();
  const termC = sub(mul(gamma, log(div(gamma, beta))), sub(gamma, beta));
  const deltaOf = (k: number): Interval => {
    const nm = Math.ceil(sub(div(point(k), gamma), ONE).lo);
    let d: Interval = point(-Number.MAX_VALUE);
    let bound: Interval = point(Number.MAX_VALUE);
    for (let n = nm; d.lo <= bound.hi; n++) {
      if (!a.has(n)) {
        a.set(n, tailSum(n, beta, Math.floor(mul(point(n), gamma).lo) + 1));
        c.set(n, exp(mul(point(-1), mul(point(n), termC))));
      }
      d = max(d, a.get(n)!);
      bound = c.get(n)!;
    }
    return d;
  };
  const target = point(delta);
  let k = 1;
  for (let dk = point(Number.MAX_VALUE); !lessThan(dk, target); k++) dk = deltaOf(k);
  return { beta: beta.lo, k };
}
