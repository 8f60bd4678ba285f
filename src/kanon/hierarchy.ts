/**
 * Generalization hierarchies: how one value is coarsened level by level, ending in `*`.
 *
 * A hierarchy maps a value to its ARX-style row `[value, level1, level2, …]`. Materialized
 * hierarchies (fromRows, categorical) also know their whole domain, which the `loss`
 * metric uses for domain shares; computed ones (intervals, dates, masking, regionCode)
 * derive rows on demand and take the data's distinct values as their domain.
 * @module
 */
import { CustodiaError } from '../errors/index.js';
import { needArray, needObject, needString, readingCaller } from '../errors/_args.js';

/**
 * A generalization hierarchy for one quasi-identifier.
 * @example
 * ```ts
 * const bloodType: Hierarchy = { kind: 'hierarchy', row: (v) => (['A', 'B', 'AB', 'O'].includes(v) ? [v, '*'] : undefined), domain: () => undefined };
 * anonymize(rows, { quasiIdentifiers: { bloodType }, k: 5 });
 * ```
 */
export interface Hierarchy {
  /** Brand, so plain arrays of rows can be told apart. */
  readonly kind: 'hierarchy';
  /** The row `[value, level1, …, top]` for a value, or `undefined` if the hierarchy does not cover it. */
  row(value: string): readonly string[] | undefined;
  /** The whole domain when it is known in advance (ARX's hierarchy file); `undefined` for computed hierarchies. */
  domain(): readonly (readonly string[])[] | undefined;
  /** Values are numbers generalized to ranges (Mondrian then cuts at medians); detected for ARX rows when unset. */
  readonly numeric?: boolean;
}

/**
 * What `quasiIdentifiers` accepts per column: a {@link Hierarchy} or ARX-style rows.
 * @example
 * ```ts
 * const quasiIdentifiers: Record<string, HierarchyInput> = { sex: [['M', '*'], ['F', '*']], birth: dates() };
 * anonymize(rows, { quasiIdentifiers, k: 2 });
 * ```
 */
export type HierarchyInput = Hierarchy | readonly (readonly string[])[];

/**
 * A hierarchy from ARX-style rows `[value, level1, …]` (e.g. the lines of `adult_hierarchy_age.csv`).
 *
 * @example
 * ```ts
 * const sex = fromRows([['Male', '*'], ['Female', '*']]);
 * sex.row('Male'); // ['Male', '*']
 * ```
 */
export function fromRows(rows: readonly (readonly string[])[]): Hierarchy {
  needArray(rows, 'rows');
  for (const r of rows as readonly unknown[])
    if (!Array.isArray(r) || !r.every((v) => typeof v === 'string')) throw new CustodiaError('HIERARCHY_INVALID', 'hierarchy rows expected arrays of strings', { field: 'rows' });
  if (rows.length === 0) throw new CustodiaError('HIERARCHY_INVALID', 'hierarchy has no rows');
  const width = rows[0]!.length;
  const index = new Map<string, readonly string[]>();
  rows.forEach((r, i) => {
    if (r.length !== width || width === 0)
      throw new CustodiaError('HIERARCHY_INVALID', `hierarchy row ${i + 1} has ${r.length} levels, expected ${width}`);
    if (!index.has(r[0]!)) index.set(r[0]!, r);
  });
  const domain = [...index.values()];
  return { kind: 'hierarchy', row: (v) => (needString(v, 'value'), index.get(v)), domain: () => domain };
}

/** Turns what a user passed into a {@link Hierarchy}. */
export function toHierarchy(input: HierarchyInput): Hierarchy {
  return isHierarchy(input) ? input : fromRows(input);
}

function isHierarchy(x: unknown): x is Hierarchy {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'hierarchy';
}

/**
 * Options of {@link intervals}.
 * @example
 * ```ts
 * const opts: IntervalOptions = { min: 0, max: 99, widths: [10, 50], clamp: true };
 * intervals(opts).row('120'); // ['120', '90-99', '50-99', '*']
 * ```
 */
export interface IntervalOptions {
  /** Lowest value covered (inclusive). */
  min: number;
  /** Highest value covered (inclusive). */
  max: number;
  /** Interval widths per level, each a multiple of the previous one, e.g. `[5, 10, 20]`. */
  widths: readonly number[];
  /** Values below min / above max are clamped to the first/last interval instead of being rejected. */
  clamp?: boolean;
}

/**
 * Numeric intervals anchored at `min`: `39` → `35-39` → `30-39` → `20-39` → `*` (labels inclusive).
 *
 * @example
 * ```ts
 * const age = intervals({ min: 0, max: 99, widths: [5, 10, 20] });
 * age.row('39'); // ['39', '35-39', '30-39', '20-39', '*']
 * ```
 */
export function intervals(opts: IntervalOptions): Hierarchy {
  needObject(opts, 'opts');
  needArray(opts.widths, 'widths');
  const { min, max, widths } = opts;
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min)
    throw new CustodiaError('HIERARCHY_INVALID', 'intervals: min and max must be finite with min <= max', { field: 'min' });
  widths.forEach((w, i) => {
    const prev = i === 0 ? undefined : widths[i - 1]!;
    if (!(w > 0) || (prev !== undefined && w % prev !== 0))
      throw new CustodiaError('HIERARCHY_INVALID', 'intervals: each width must be positive and a multiple of the previous one', { field: 'widths' });
  });
  const integral = Number.isInteger(min) && widths.every((w) => Number.isInteger(w));
  return {
    kind: 'hierarchy',
    numeric: true,
    domain: () => undefined,
    row(value) {
      needString(value, 'value');
      let x = Number(value);
      if (value.trim() === '' || !Number.isFinite(x)) return undefined;
      if (x < min || x > max) {
        if (!opts.clamp) return undefined;
        x = Math.min(max, Math.max(min, x));
      }
      const out = [value];
      for (const w of widths) {
        const lo = min + Math.floor((x - min) / w) * w;
        out.push(integral ? `${lo}-${lo + w - 1}` : `[${lo}, ${lo + w})`);
      }
      out.push('*');
      return out;
    },
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * ISO dates: `2024-05-17` → `2024-05` → `2024-Q2` → `2024` → `*`.
 *
 * @example
 * ```ts
 * dates().row('2024-05-17'); // ['2024-05-17', '2024-05', '2024-Q2', '2024', '*']
 * ```
 */
export function dates(): Hierarchy {
  return {
    kind: 'hierarchy',
    domain: () => undefined,
    row(value) {
      needString(value, 'value');
      const m = DATE.exec(value);
      if (!m) return undefined;
      const month = Number(m[2]);
      const day = Number(m[3]);
      if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
      return [value, `${m[1]}-${m[2]}`, `${m[1]}-Q${Math.ceil(month / 3)}`, m[1]!, '*'];
    },
  };
}

/**
 * Options of {@link masking}.
 * @example
 * ```ts
 * const opts: MaskingOptions = { length: 6, char: '#' };
 * masking(opts).row('518057'); // ['518057', '51805#', '5180##', '518###', '51####', '5#####', '######']
 * ```
 */
export interface MaskingOptions {
  /** Length every value must have (postal codes: 6). */
  length: number;
  /** Mask character, default `*`. */
  char?: string;
}

/**
 * Right-to-left masking, for postal codes and plates: `100080` → `10008*` → … → `******`.
 *
 * @example
 * ```ts
 * masking({ length: 6 }).row('100080'); // ['100080', '10008*', '1000**', '100***', '10****', '1*****', '******']
 * ```
 */
export function masking(opts: MaskingOptions): Hierarchy {
  needObject(opts, 'opts');
  const c = opts.char ?? '*';
  return {
    kind: 'hierarchy',
    domain: () => undefined,
    row(value) {
      needString(value, 'value');
      const chars = [...value];
      if (chars.length !== opts.length) return undefined;
      const out = [value];
      for (let i = 1; i <= chars.length; i++) out.push(chars.slice(0, chars.length - i).join('') + c.repeat(i));
      return out;
    },
  };
}

/**
 * A category tree: inner nodes map a label to children, leaves are arrays of values.
 * @example
 * ```ts
 * const tree: CategoryTree = { '*': { North: ['Beijing', 'Tianjin'], South: ['Guangzhou', 'Shenzhen'] } };
 * categorical(tree).row('Guangzhou'); // ['Guangzhou', 'South', '*']
 * ```
 */
export interface CategoryTree {
  readonly [label: string]: CategoryTree | readonly string[];
}

/**
 * A hierarchy from a category tree with one root; every leaf must sit at the same depth.
 *
 * @example
 * ```ts
 * const region = categorical({ '*': { North: ['Beijing', 'Tianjin'], South: ['Guangzhou', 'Shenzhen'] } });
 * region.row('Tianjin'); // ['Tianjin', 'North', '*']
 * ```
 */
export function categorical(tree: CategoryTree): Hierarchy {
  const rows: string[][] = [];
  // A tree is objects down to arrays of strings; anything else (a string, whose entries are its
  // characters, or a cycle) would recurse without end.
  const walk = (node: CategoryTree | readonly string[], path: string[]): void => {
    if (path.length > 32) throw new CustodiaError('HIERARCHY_INVALID', 'category tree is deeper than 32 levels (a cycle?)', { field: 'tree' });
    if (Array.isArray(node)) {
      for (const v of node as readonly unknown[])
        if (typeof v !== 'string') throw new CustodiaError('HIERARCHY_INVALID', 'category tree leaves expected arrays of strings', { field: 'tree' });
      for (const v of node as readonly string[]) rows.push([v, ...[...path].reverse()]);
      return;
    }
    needObject(node, 'tree');
    for (const [label, child] of Object.entries(node as CategoryTree)) walk(child, [...path, label]);
  };
  readingCaller('tree', () => walk(tree, []));
  return fromRows(rows);
}
