// Test helpers: ARX's Adult benchmark data and an independent brute-force reference over the
// whole generalization lattice (ARX metric definitions, see src/kanon/_metrics.ts for sources).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The data sits in the project's shared folder beside the checkout (`../shared/data/adult`, as
// in CI, which clones into a fresh folder with a copy of shared/ beside it), or where
// CUSTODIA_ADULT_DIR points. Nothing else: no machine's absolute path.
const CANDIDATES = [
  process.env['CUSTODIA_ADULT_DIR'],
  fileURLToPath(new URL('../../../shared/data/adult/', import.meta.url)),
].filter((d): d is string => !!d).map((d) => (d.endsWith('/') ? d : d + '/'));

/** The folder holding adult.csv and its hierarchy files (the first candidate that has them). */
export const ADULT_DIR = CANDIDATES.find((d) => existsSync(d + 'adult.csv')) ?? CANDIDATES[0]!;
const DIR = ADULT_DIR;

export const ADULT_AVAILABLE = existsSync(DIR + 'adult.csv');

const lines = (file: string): string[] => readFileSync(DIR + file, 'utf8').trim().split(/\r?\n/);

/** Adult: 30,162 rows, nine QIs, ARX hierarchy files. */
export function loadAdult(): { rows: Record<string, string>[]; hierarchies: Record<string, string[][]>; columns: string[] } {
  const [head, ...body] = lines('adult.csv');
  const columns = head!.split(';');
  const rows = body.map((l) => Object.fromEntries(l.split(';').map((v, i) => [columns[i]!, v])));
  const hierarchies = Object.fromEntries(columns.map((c) => [c, lines(`adult_hierarchy_${c}.csv`).map((l) => l.split(';'))]));
  return { rows, hierarchies, columns };
}

const floor10 = (x: number): number => Math.floor(x * 1e10) / 1e10;

/** Per-node statistics for every k in `ks`, computed by DFS over the lattice with Map-based grouping. */
export interface BruteForce {
  depths: number[];
  nodes: number;
  levelsOf(node: number): number[];
  heightOf(node: number): number;
  entropy: Float64Array;
  height: Float64Array;
  /** Per k (same order as ks): outliers, DM*, loss, precision. */
  outliers: Float64Array[];
  dm: Float64Array[];
  loss: Float64Array[];
  precision: Float64Array[];
}

export function bruteForce(rows: readonly Record<string, string>[], hier: Record<string, string[][]>, columns: string[], ks: number[]): BruteForce {
  const n = rows.length;
  const w = columns.length;
  const rowOf = columns.map((c) => new Map(hier[c]!.map((r) => [r[0]!, r])));
  const depths = columns.map((c) => hier[c]![0]!.length);
  // leaves in first-appearance order, labels coded per level
  const leafCode: Int32Array[] = [];
  const labelOf: Int32Array[][] = [];
  const labelCount: number[][] = [];
  const shareOf: Float64Array[][] = [];
  const entropyOf: number[][] = [];
  columns.forEach((c, ci) => {
    const leaves = new Map<string, number>();
    const codes = new Int32Array(n);
    rows.forEach((r, i) => {
      const v = r[c]!;
      if (!leaves.has(v)) leaves.set(v, leaves.size);
      codes[i] = leaves.get(v)!;
    });
    leafCode.push(codes);
    const leafRows = [...leaves.keys()].map((v) => rowOf[ci]!.get(v)!);
    const perLevel: Int32Array[] = [];
    const counts: number[] = [];
    const shares: Float64Array[] = [];
    const ent: number[] = [];
    const leafFreq = new Array<number>(leafRows.length).fill(0);
    for (const code of codes) leafFreq[code]!++;
    for (let l = 0; l < depths[ci]!; l++) {
      const m = new Map<string, number>();
      const lab = Int32Array.from(leafRows, (r) => { if (!m.has(r[l]!)) m.set(r[l]!, m.size); return m.get(r[l]!)!; });
      perLevel.push(lab);
      counts.push(m.size);
      const domainCount = new Map<string, number>();
      for (const r of hier[c]!) domainCount.set(r[l]!, (domainCount.get(r[l]!) ?? 0) + 1);
      shares.push(Float64Array.from([...m.keys()], (k) => domainCount.get(k)! / hier[c]!.length));
      const labelFreq = new Array<number>(m.size).fill(0);
      leafFreq.forEach((f, leaf) => (labelFreq[lab[leaf]!]! += f));
      let v = 0;
      leafFreq.forEach((a, leaf) => { if (a > 0) v += a * Math.log2(a / labelFreq[lab[leaf]!]!); });
      ent.push(v === 0 ? 0 : floor10(-v));
    }
    labelOf.push(perLevel);
    labelCount.push(counts);
    shareOf.push(shares);
    entropyOf.push(ent);
  });
  const stride: number[] = new Array<number>(w);
  let nodes = 1;
  for (let c = w - 1; c >= 0; c--) { stride[c] = nodes; nodes *= depths[c]!; }
  const levelsOf = (node: number): number[] => columns.map((_, c) => Math.floor(node / stride[c]!) % depths[c]!);
  const heightOf = (node: number): number => levelsOf(node).reduce((a, b) => a + b, 0);
  const mk = (): Float64Array[] => ks.map(() => new Float64Array(nodes));
  const out: BruteForce = {
    depths, nodes, levelsOf, heightOf,
    entropy: Float64Array.from({ length: nodes }, (_, node) => levelsOf(node).reduce((s, l, c) => s + entropyOf[c]![l]!, 0)),
    height: Float64Array.from({ length: nodes }, (_, node) => heightOf(node)),
    outliers: mk(), dm: mk(), loss: mk(), precision: mk(),
  };
  const visit = (node: number, levels: number[], reps: Int32Array, cnts: Int32Array): void => {
    ks.forEach((k, ki) => {
      let outl = 0;
      let dm = 0;
      const agg = new Float64Array(w);
      for (let i = 0; i < reps.length; i++) {
        const c = cnts[i]!;
        const isOut = c < k;
        if (isOut) outl += c;
        dm += isOut ? n * c : c * c;
        for (let col = 0; col < w; col++) {
          const l = levels[col]!;
          agg[col]! += isOut ? c : c * shareOf[col]![l]![labelOf[col]![l]![leafCode[col]![reps[i]!]!]!]!;
        }
      }
      let gm = 1;
      let prec = 0;
      for (let col = 0; col < w; col++) {
        const min = n / hier[columns[col]!]!.length;
        gm *= Math.pow((n === min ? 0 : floor10(Math.max(0, (agg[col]! - min) / (n - min)))) + 1, 1 / w);
        const h = depths[col]! - 1;
        prec += (((n - outl) * (h === 0 ? 0 : levels[col]! / h) + outl) / n) / w;
      }
      out.outliers[ki]![node] = outl;
      out.dm[ki]![node] = dm;
      out.loss[ki]![node] = gm - 1;
      out.precision[ki]![node] = prec;
    });
  };
  const groupAt = (levels: number[], reps: Int32Array, cnts: Int32Array): [Int32Array, Int32Array] => {
    const m = new Map<number, number>();
    const nr: number[] = [];
    const nc: number[] = [];
    for (let i = 0; i < reps.length; i++) {
      let key = 0;
      for (let c = 0; c < w; c++) key = key * labelCount[c]![levels[c]!]! + labelOf[c]![levels[c]!]![leafCode[c]![reps[i]!]!]!;
      const at = m.get(key);
      if (at === undefined) { m.set(key, nr.length); nr.push(reps[i]!); nc.push(cnts[i]!); } else nc[at]! += cnts[i]!;
    }
    return [Int32Array.from(nr), Int32Array.from(nc)];
  };
  const dfs = (node: number, levels: number[], from: number, reps: Int32Array, cnts: Int32Array): void => {
    visit(node, levels, reps, cnts);
    for (let c = from; c < w; c++) {
      if (levels[c]! + 1 >= depths[c]!) continue;
      const next = levels.slice();
      next[c]!++;
      const [r2, c2] = groupAt(next, reps, cnts);
      dfs(node + stride[c]!, next, c, r2, c2);
    }
  };
  const zero = new Array<number>(w).fill(0);
  const [r0, c0] = groupAt(zero, Int32Array.from({ length: n }, (_, i) => i), new Int32Array(n).fill(1));
  dfs(0, zero, 0, r0, c0);
  return out;
}

/** The optimum of a loss array over feasible nodes: least loss, then least height, then lexicographic. */
export function argmin(bf: BruteForce, loss: Float64Array, feasible: (node: number) => boolean): number {
  let best = -1;
  for (let node = 0; node < bf.nodes; node++) {
    if (!feasible(node)) continue;
    if (best < 0 || loss[node]! < loss[best]! || (loss[node] === loss[best] && bf.heightOf(node) < bf.heightOf(best))) best = node;
  }
  return best;
}
