/**
 * ARX's ModelZayatz (org.deidentifier.arx.risk, aacd487fb): the number of population uniques estimated
 * from a sample's class-size histogram, with P[X = 1] of hypergeometric distributions (ARX uses
 * Apache Commons Math's HypergeometricDistribution; here the closed form in logs).
 * @module
 */

// ln Γ(a + m) − ln Γ(a) for a ≥ 100 by Stirling's series, written so the large terms cancel exactly:
// (a − ½)·ln(1 + m/a) + m·ln(a + m) − m + (series(a + m) − series(a)), series(x) = 1/(12x) − 1/(360x³) + 1/(1260x⁵).
function logGammaRatio(a: number, m: number): number {
  const series = (x: number): number => 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5);
  return (a - 0.5) * Math.log1p(m / a) + m * Math.log(a + m) - m + (series(a + m) - series(a));
}

/**
 * P[X = 1] for X hypergeometric: population `pop`, `size` successes, `n` draws. P = size·n·(pop−size)!/(pop−size−n+1)!
 * · (pop−n)!/pop!, in logs; both factorial ratios span n terms over large arguments.
 */
export function hypergeometricOne(pop: number, size: number, n: number): number {
  if (size < 1 || n < 1 || n - 1 > pop - size) return 0;
  const a = pop - size - n + 2;
  const b = pop - n + 1;
  const exact = (from: number, m: number): number => { let s = 0; for (let i = 0; i < m; i++) s += Math.log(from + i); return s; };
  // ln((pop−size)!/(pop−size−n+1)!) = ln Γ(a + n − 1) − ln Γ(a); ln(pop!/(pop−n)!) = ln Γ(b + n) − ln Γ(b).
  // Stirling's series after the x⁻⁵ term errs by under 1/(1680·a⁷): below 1e-17 from a = 100.
  const up = a >= 100 ? logGammaRatio(a, n - 1) : exact(a, n - 1);
  const down = b >= 100 ? logGammaRatio(b, n) : exact(b, n);
  return Math.exp(Math.log(size) + Math.log(n) + up - down);
}

/** ARX ModelZayatz.getNumUniques over the kept classes' size histogram (sizes ascending, as ARX sums them). */
export function zayatzUniques(sizes: ReadonlyMap<number, number>, records: number, classes: number, pop: number): number {
  const ones = sizes.get(1) ?? 0;
  if (ones === 0) return 0;
  let temp = 0;
  for (const s of [...sizes.keys()].sort((x, y) => x - y)) temp += (sizes.get(s)! / classes) * hypergeometricOne(pop, s, records);
  const uniqueness = ((ones / classes) * hypergeometricOne(pop, 1, records)) / temp;
  return (ones * uniqueness) / (records / pop);
}
