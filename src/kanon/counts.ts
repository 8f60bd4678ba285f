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

/**
 * One cell of an aggregate table: dimension values plus a count.
 * @example
 * ```ts
 * const cells: CountCell[] = [{ store: 'A', hour: 9, count: 2 }, { store: 'A', hour: 10, count: 40 }, { store: 'B', hour: 9, count: 31 }, { store: 'B', hour: 10, count: 28 }];
 * suppressSmallCounts(cells, { threshold: 5 });
 * ```
 */
export type CountCell = Readonly<Record<string, string | number>>;

/**
 * Options of {@link suppressSmallCounts}.
 * @example
 * ```ts
 * const opts: SuppressOptions = { threshold: 5, rows: ['store', 'segment'], columns: 'hour', countField: 'visitors' };
 * suppressSmallCounts(cells, opts).rowTotals; // keys like 'A|new'
 * ```
 */
export interface SuppressOptions {
  /** Counts with 0 < count < threshold are hidden. */
  threshold: number;
  /**
   * Dimension(s) forming table rows (e.g. `['store', 'segment']`). Default: the first dimension
   * of the first cell when `columns` is not given either, else every dimension not in `columns`.
   */
  rows?: string | readonly string[];
  /** Dimension(s) forming table columns (e.g. `'hour'`). Default: every dimension not in `rows`. */
  columns?: string | readonly string[];
  /** Field holding the count (default `count`). */
  countField?: string;
}

/** A published cell: `count` is `null` when hidden. */
export type PublishedCell = Record<string, string | number | null> & { suppressed?: 'primary' | 'complementary' };

/**
 * Result of {@link suppressSmallCounts}.
 * @example
 * ```ts
 * const out: SuppressResult = suppressSmallCounts(cells, { threshold: 5 }); // the cells of CountCell's example
 * out.primary; out.complementary; out.exposed; // 1, 3, 0
 * out.rowTotals; // { A: 42, B: 59 }
 * ```
 */
export interface SuppressResult {
  cells: PublishedCell[];
  /** Totals per row key and column key (dimension values joined with `|`), and the grand total, as published. */
  rowTotals: Record<string, number>;
  columnTotals: Record<string, number>;
  total: number;
  primary: number;
  complementary: number;
  /** Hidden cells that no complementary suppression could protect (e.g. a table with one row). */
  exposed: number;
  /** The dimensions that formed rows and columns: the protection holds for totals over exactly these. */
  layout: { rows: string[]; columns: string[] };
}

const invalid = (message: string, field: string): CustodiaError => new CustodiaError('INVALID_ARGUMENT', message, { field });

// A dimension list option: a non-empty name or a non-empty array of them.
function dimList(x: unknown, field: string): string[] | undefined {
  if (x === undefined) return undefined;
  const arr = typeof x === 'string' ? [x] : Array.isArray(x) ? (x as unknown[]) : undefined;
  if (!arr || arr.length === 0 || !arr.every((d): d is string => typeof d === 'string' && d.length > 0))
    throw invalid(`${field} must be a dimension name or a non-empty array of dimension names`, field);
  if (new Set(arr).size !== arr.length) throw invalid(`${field} must not name a dimension twice`, field);
  return arr;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

// Validates the options and settles which dimensions form rows and columns.
function layoutOf(table: readonly CountCell[], options: SuppressOptions): { field: string; threshold: number; rows: string[]; columns: string[]; inferred: boolean } {
  if (!Array.isArray(table)) throw invalid('table must be an array of count records like { store, hour, segment, count }', 'table');
  if (!isObject(options)) throw invalid('options must be an object with a threshold', 'threshold');
  const threshold = options.threshold;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) throw invalid('threshold must be a positive finite number', 'threshold');
  const field = options.countField ?? 'count';
  if (typeof field !== 'string' || field.length === 0) throw invalid('countField must be a non-empty field name', 'countField');
  let rows = dimList(options.rows, 'rows');
  let columns = dimList(options.columns, 'columns');
  if (rows?.includes(field)) throw invalid('rows must not include the count field', 'rows');
  if (columns?.includes(field)) throw invalid('columns must not include the count field', 'columns');
  if (rows && columns && columns.some((d) => rows!.includes(d))) throw invalid('columns must not repeat a dimension of rows', 'columns');
  const inferred = !rows || !columns;
  if (inferred && table.length > 0) {
    const first = table[0];
    if (!isObject(first)) throw invalid('cell 1 must be an object', 'table');
    const dims = Object.keys(first).filter((d) => d !== field);
    if (rows) columns = dims.filter((d) => !rows!.includes(d));
    else if (columns) rows = dims.filter((d) => !columns!.includes(d));
    else [rows, columns] = [dims.slice(0, 1), dims.slice(1)];
    if (rows.length === 0 || columns.length === 0)
      throw invalid(`table needs at least two dimension fields besides ${field} (or give rows and columns)`, 'table');
  }
  return { field, threshold, rows: rows ?? [], columns: columns ?? [], inferred };
}

/**
 * Hides small counts and enough other cells that the hidden ones cannot be recovered from the totals.
 *
 * `table` is an array of count records. Without `rows` / `columns`, every field but the count is a
 * dimension: the first forms the rows, the others the columns (`result.layout` says which).
 *
 * @example
 * ```ts
 * const out = suppressSmallCounts(
 *   [{ store: 'A', hour: 9, count: 2 }, { store: 'A', hour: 10, count: 40 }, { store: 'B', hour: 9, count: 31 }, { store: 'B', hour: 10, count: 28 }],
 *   { threshold: 5 },                                   // rows: store, columns: hour
 * );
 * out.cells.filter((c) => c.count === null).length; // 4: the 2 and three complementary cells
 * ```
 */
export function suppressSmallCounts(table: readonly CountCell[], options: SuppressOptions): SuppressResult {
  const { field, threshold, rows: rowDims, columns: colDims, inferred } = layoutOf(table, options);
  const dims = [...rowDims, ...colDims];
  const dimSet = new Set(dims);
  // Internal keys are JSON (collision-free); published keys join the values with `|`.
  const rowIndex = new Map<string, number>();
  const colIndex = new Map<string, number>();
  const rowKeys: string[] = [];
  const colKeys: string[] = [];
  const cellRow: number[] = [];
  const cellCol: number[] = [];
  const counts: number[] = [];
  const seen = new Map<string, number>();
  const keyOf = (cell: Record<string, unknown>, ds: readonly string[]): unknown[] => ds.map((d) => cell[d]);
  const index = (m: Map<string, number>, keys: string[], parts: unknown[]): number => {
    const k = JSON.stringify(parts);
    let at = m.get(k);
    if (at === undefined) {
      at = m.size;
      m.set(k, at);
      keys.push(parts.join('|'));
    }
    return at;
  };
  table.forEach((cell, i) => {
    if (!isObject(cell)) throw invalid(`cell ${i + 1} must be an object`, 'table');
    const c = cell[field];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0)
      throw invalid(`cell ${i + 1}: ${field} must be a non-negative integer`, field);
    for (const d of dims) {
      const v = cell[d];
      if (!(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))))
        throw invalid(`cell ${i + 1}: dimension ${d} must be present, a string or a finite number`, d);
    }
    if (inferred) for (const d of Object.keys(cell)) if (d !== field && !dimSet.has(d))
      throw invalid(`cell ${i + 1}: field ${d} is not a dimension of cell 1 (every cell must have the same fields)`, d);
    const r = index(rowIndex, rowKeys, keyOf(cell, rowDims));
    const k = index(colIndex, colKeys, keyOf(cell, colDims));
    const pos = `${r},${k}`;
    const before = seen.get(pos);
    if (before !== undefined) throw invalid(`cell ${i + 1} repeats the row and column of cell ${before + 1}: each combination must appear once`, 'table');
    seen.set(pos, i);
    cellRow.push(r);
    cellCol.push(k);
    counts.push(c);
  });
  if (new Set(rowKeys).size !== rowKeys.length) throw invalid('two different rows join to the same key with |: rename values or change the layout', 'rows');
  if (new Set(colKeys).size !== colKeys.length) throw invalid('two different columns join to the same key with |: rename values or change the layout', 'columns');
  const R = rowIndex.size;
  const V = R + colIndex.size;
  const hidden = counts.map((c) => c > 0 && c < threshold);
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
  let total = 0;
  const cells = table.map((cell, i) => {
    rowTotals[rowKeys[cellRow[i]!]!] = (rowTotals[rowKeys[cellRow[i]!]!] ?? 0) + counts[i]!;
    columnTotals[colKeys[cellCol[i]!]!] = (columnTotals[colKeys[cellCol[i]!]!] ?? 0) + counts[i]!;
    total += counts[i]!;
    const out: PublishedCell = { ...cell };
    if (hidden[i]) {
      out[field] = null;
      out.suppressed = counts[i]! > 0 && counts[i]! < threshold ? 'primary' : 'complementary';
    }
    return out;
  });
  const hiddenCount = hidden.filter(Boolean).length;
  return {
    cells, rowTotals, columnTotals, total, primary, complementary: hiddenCount - primary, exposed: givenUp.size,
    layout: { rows: [...rowDims], columns: [...colDims] },
  };
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
