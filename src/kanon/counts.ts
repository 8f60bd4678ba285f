/**
 * Small-count suppression for 客流 (traffic-flow) aggregates, with complementary suppression so
 * that no hidden cell can be recomputed from the published row and column totals.
 *
 * Row/column totals turn hidden cells into unknowns of a linear system: a hidden cell is
 * recoverable exactly when it is a bridge of the bipartite graph (rows, columns; hidden cells
 * as edges), i.e. lies on no cycle. Complementary cells are added along the cheapest path
 * (least total count) that closes a cycle through each bridge.
 * @module
 */
import { CustodiaError } from '../errors/index.js';

/** One cell of an aggregate table: dimension values plus a count. */
export type CountCell = Readonly<Record<string, string | number>>;

/** Options of {@link suppressSmallCounts}. */
export interface SuppressOptions {
  /** Counts with 0 < count < threshold are hidden. */
  threshold: number;
  /** Dimension(s) forming table rows (e.g. `['store', 'segment']`). */
  rows: string | readonly string[];
  /** Dimension(s) forming table columns (e.g. `'hour'`). */
  columns: string | readonly string[];
  /** Field holding the count (default `count`). */
  countField?: string;
}

/** A published cell: `count` is `null` when hidden. */
export type PublishedCell = Record<string, string | number | null> & { suppressed?: 'primary' | 'complementary' };

/** Result of {@link suppressSmallCounts}. */
export interface SuppressResult {
  cells: PublishedCell[];
  /** Totals per row key and column key (keys joined with `|`), and the grand total, as published. */
  rowTotals: Record<string, number>;
  columnTotals: Record<string, number>;
  total: number;
  primary: number;
  complementary: number;
  /** Hidden cells that no complementary suppression could protect (e.g. a table with one row). */
  exposed: number;
}

const list = (x: string | readonly string[]): readonly string[] => (typeof x === 'string' ? [x] : x);

/**
 * Hides small counts and enough other cells that the hidden ones cannot be recovered from the totals.
 *
 * @example
 * ```ts
 * const out = suppressSmallCounts(
 *   [{ store: 'A', hour: 9, count: 2 }, { store: 'A', hour: 10, count: 40 }, { store: 'B', hour: 9, count: 31 }, { store: 'B', hour: 10, count: 28 }],
 *   { threshold: 5, rows: 'store', columns: 'hour' },
 * );
 * out.cells.filter((c) => c.count === null).length; // 4: the 2 and three complementary cells
 * ```
 */
export function suppressSmallCounts(table: readonly CountCell[], options: SuppressOptions): SuppressResult {
  const field = options.countField ?? 'count';
  if (!(options.threshold > 0)) throw new CustodiaError('INVALID_ARGUMENT', 'threshold must be positive', { field: 'threshold' });
  const rowDims = list(options.rows);
  const colDims = list(options.columns);
  const rowIndex = new Map<string, number>();
  const colIndex = new Map<string, number>();
  const cellRow: number[] = [];
  const cellCol: number[] = [];
  const counts: number[] = [];
  table.forEach((cell, i) => {
    const c = cell[field];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0)
      throw new CustodiaError('INVALID_ARGUMENT', `cell ${i + 1}: ${field} must be a non-negative integer`, { field });
    const rk = rowDims.map((d) => String(cell[d])).join('|');
    const ck = colDims.map((d) => String(cell[d])).join('|');
    if (!rowIndex.has(rk)) rowIndex.set(rk, rowIndex.size);
    if (!colIndex.has(ck)) colIndex.set(ck, colIndex.size);
    cellRow.push(rowIndex.get(rk)!);
    cellCol.push(colIndex.get(ck)!);
    counts.push(c);
  });
  const R = rowIndex.size;
  const V = R + colIndex.size;
  const hidden = counts.map((c) => c > 0 && c < options.threshold);
  const primary = hidden.filter(Boolean).length;
  const cellAt = new Map<number, number>();
  cellRow.forEach((r, i) => cellAt.set(r * V + R + cellCol[i]!, i));
  const givenUp = new Set<number>();
  for (;;) {
    const bridge = findBridges(V, hidden, cellRow, cellCol, R).find((e) => !givenUp.has(e));
    if (bridge === undefined) break;
    const path = cheapestPath(V, R, counts, hidden, cellRow, cellCol, bridge, cellAt);
    if (!path) { givenUp.add(bridge); continue; }
    for (const i of path) hidden[i] = true;
  }
  const rowTotals: Record<string, number> = {};
  const columnTotals: Record<string, number> = {};
  const rowKeys = [...rowIndex.keys()];
  const colKeys = [...colIndex.keys()];
  let total = 0;
  const cells = table.map((cell, i) => {
    rowTotals[rowKeys[cellRow[i]!]!] = (rowTotals[rowKeys[cellRow[i]!]!] ?? 0) + counts[i]!;
    columnTotals[colKeys[cellCol[i]!]!] = (columnTotals[colKeys[cellCol[i]!]!] ?? 0) + counts[i]!;
    total += counts[i]!;
    const out: PublishedCell = { ...cell };
    if (hidden[i]) {
      out[field] = null;
      out.suppressed = counts[i]! > 0 && counts[i]! < options.threshold ? 'primary' : 'complementary';
    }
    return out;
  });
  const hiddenCount = hidden.filter(Boolean).length;
  return { cells, rowTotals, columnTotals, total, primary, complementary: hiddenCount - primary, exposed: givenUp.size };
}

// Tarjan's bridge finding on the graph whose edges are the hidden cells.
function findBridges(V: number, hidden: readonly boolean[], cellRow: readonly number[], cellCol: readonly number[], R: number): number[] {
  const adj: [number, number][][] = Array.from({ length: V }, () => []);
  hidden.forEach((h, i) => {
    if (!h) return;
    const a = cellRow[i]!;
    const b = R + cellCol[i]!;
    adj[a]!.push([b, i]);
    adj[b]!.push([a, i]);
  });
  const disc = new Int32Array(V).fill(-1);
  const low = new Int32Array(V);
  let time = 0;
  const bridges: number[] = [];
  const dfs = (u: number, viaEdge: number): void => {
    disc[u] = low[u] = time++;
    for (const [v, e] of adj[u]!) {
      if (e === viaEdge) continue;
      if (disc[v] === -1) {
        dfs(v, e);
        low[u] = Math.min(low[u]!, low[v]!);
        if (low[v]! > disc[u]!) bridges.push(e);
      } else low[u] = Math.min(low[u]!, disc[v]!);
    }
  };
  for (let u = 0; u < V; u++) if (disc[u] === -1) dfs(u, -1);
  return bridges.sort((a, b) => a - b);
}

// Dijkstra from the bridge's row to its column avoiding the bridge: hidden cells cost 0,
// published cells their count (zero cells last, they leave no room to move).
function cheapestPath(
  V: number, R: number, counts: readonly number[], hidden: readonly boolean[],
  cellRow: readonly number[], cellCol: readonly number[], bridge: number, cellAt: ReadonlyMap<number, number>,
): number[] | undefined {
  const from = cellRow[bridge]!;
  const to = R + cellCol[bridge]!;
  const dist = new Float64Array(V).fill(Number.POSITIVE_INFINITY);
  const via = new Int32Array(V).fill(-1);
  const done = new Uint8Array(V);
  dist[from] = 0;
  for (;;) {
    let u = -1;
    for (let v = 0; v < V; v++) if (!done[v] && dist[v]! < Number.POSITIVE_INFINITY && (u < 0 || dist[v]! < dist[u]!)) u = v;
    if (u < 0 || u === to) break;
    done[u] = 1;
    const isRow = u < R;
    for (let v = isRow ? R : 0; v < (isRow ? V : R); v++) {
      const cell = cellAt.get(isRow ? u * V + v : v * V + u);
      if (cell === undefined || cell === bridge) continue;
      const cost = hidden[cell] ? 0 : counts[cell]! > 0 ? counts[cell]! : 1e9;
      if (dist[u]! + cost < dist[v]!) { dist[v] = dist[u]! + cost; via[v] = cell; }
    }
  }
  if (dist[to] === Number.POSITIVE_INFINITY) return undefined;
  const path: number[] = [];
  for (let v = to; v !== from;) {
    const cell = via[v]!;
    if (!hidden[cell]) path.push(cell);
    v = v < R ? R + cellCol[cell]! : cellRow[cell]!;
  }
  return path;
}
