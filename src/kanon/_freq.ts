/**
 * Frequency sets: equivalence classes as typed arrays, and roll-up from a finer set to a
 * coarser transformation (Flash's "rollup": cost grows with the classes of the source,
 * not with the rows).
 * @module
 */

/**
 * Equivalence classes of a table at some transformation. `keys` holds, per class, the leaf
 * codes of one representative record, so the set can be rolled up to any coarser node.
 * `hists[s]` is a `size × domains[s]` histogram of sensitive attribute `s` per class.
 */
export interface FrequencySet {
  readonly width: number;
  readonly size: number;
  readonly keys: Int32Array;
  readonly counts: Int32Array;
  readonly domains: readonly number[];
  readonly hists: readonly Int32Array[];
  /**
   * With a research subset (ARX DataSubset): records of the whole table per class, while `counts`
   * and `hists` count the subset's records only (ARX's HashGroupifyEntry pcount / count).
   */
  readonly pcounts?: Int32Array;
}

/** What a roll-up reads: a frequency set, or raw encoded rows (count 1 each, sensitive codes per row). */
export type GroupSource =
  | { readonly kind: 'freq'; readonly set: FrequencySet }
  | {
      readonly kind: 'rows'; readonly width: number; readonly size: number; readonly keys: Int32Array; readonly sensitive: readonly Int32Array[]; readonly domains: readonly number[];
      /** Research subset membership per row (1 = in the subset): counts and histograms then count members only. */
      readonly subset?: Uint8Array;
    };

/** How leaf codes generalize: `byLevel[c][level][leaf]` = label code, and label counts per level. */
export interface LevelMaps {
  readonly byLevel: readonly (readonly Int32Array[])[];
  /** `sizes[c][level]` = number of distinct labels of column c at that level. */
  readonly sizes: readonly (readonly number[])[];
}

/** Level maps of encoded columns (level-major copies of their leaf-major `map`). */
export function levelMaps(columns: readonly { map: Int32Array; depth: number; leaves: number; labels: readonly string[][] }[]): LevelMaps {
  return {
    byLevel: columns.map((col) =>
      Array.from({ length: col.depth }, (_, l) => Int32Array.from({ length: col.leaves }, (_, leaf) => col.map[leaf * col.depth + l]!)),
    ),
    sizes: columns.map((c) => c.labels.map((l) => l.length)),
  };
}

/**
 * Groups `src` by the labels of `levels`; `classOf`, when given, receives each source
 * entry's class index. One pass, open addressing on typed arrays.
 */
export function groupBy(src: GroupSource, lm: LevelMaps, levels: ArrayLike<number>, classOf?: Int32Array): FrequencySet {
  const width = src.kind === 'freq' ? src.set.width : src.width;
  const n = src.kind === 'freq' ? src.set.size : src.size;
  const keys = src.kind === 'freq' ? src.set.keys : src.keys;
  const domains = src.kind === 'freq' ? src.set.domains : src.domains;
  const of = classOf ?? new Int32Array(n);
  const lv = Array.from({ length: width }, (_, c) => lm.byLevel[c]![levels[c]!]!);
  // Labels of an entry as one mixed-radix number when the product of label counts fits in 2^53
  // (every realistic table): one comparison per probe instead of a tuple compare.
  const mult = new Float64Array(width);
  let product = 1;
  for (let c = width - 1; c >= 0; c--) { mult[c] = product; product *= lm.sizes[c]![levels[c]!]!; }
  // At most min(entries, label combinations) classes: a coarse node gets a small, cache-resident table.
  const most = Math.max(1, Math.min(n, product));
  let cap = 16;
  while (cap < most * 2) cap <<= 1;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const classes = new Int32Array(most);
  let size = 0;
  if (product <= Number.MAX_SAFE_INTEGER) {
    // Keys column by column (tight loops), then one hashing pass.
    const keyOf = new Float64Array(n);
    for (let c = 0; c < width; c++) {
      const map = lv[c]!;
      const m = mult[c]!;
      for (let i = 0, j = c; i < n; i++, j += width) keyOf[i]! += map[keys[j]!]! * m;
    }
    const packed = new Float64Array(most);
    for (let i = 0; i < n; i++) {
      const key = keyOf[i]!;
      let h = Math.imul((key | 0) ^ ((key / 4294967296) | 0), 0x9e3779b1);
      h ^= h >>> 16;
      let slot = h & mask;
      for (;;) {
        const t = table[slot]!;
        if (t < 0) { table[slot] = size; packed[size] = key; classes[size] = i; of[i] = size++; break; }
        if (packed[t] === key) { of[i] = t; break; }
        slot = (slot + 1) & mask;
      }
    }
  } else {
    const gen = new Int32Array(most * width);
    const tmp = new Int32Array(width);
    for (let i = 0; i < n; i++) {
      const base = i * width;
      let h = 0x811c9dc5 | 0;
      for (let c = 0; c < width; c++) { const g = lv[c]![keys[base + c]!]!; tmp[c] = g; h = Math.imul(h ^ g, 0x01000193); }
      h ^= h >>> 15;
      let slot = h & mask;
      let cls: number;
      for (;;) {
        const t = table[slot]!;
        if (t < 0) {
          cls = size++; table[slot] = cls; classes[cls] = i;
          gen.set(tmp, cls * width);
          break;
        }
        const tb = t * width;
        let eq = true;
        for (let c = 0; c < width; c++) if (gen[tb + c] !== tmp[c]) { eq = false; break; }
        if (eq) { cls = t; break; }
        slot = (slot + 1) & mask;
      }
      of[i] = cls;
    }
  }
  return collect(src, of, classes, size, width, keys, domains);
}

// Counts, representatives and sensitive histograms of the classes found by groupBy.
function collect(
  src: GroupSource, of: Int32Array, firsts: Int32Array, size: number, width: number, keys: Int32Array, domains: readonly number[],
): FrequencySet {
  const n = of.length;
  const outKeys = new Int32Array(size * width);
  for (let cls = 0, o = 0; cls < size; cls++) for (let c = 0, b = firsts[cls]! * width; c < width; c++) outKeys[o++] = keys[b + c]!;
  const counts = new Int32Array(size);
  const hists = domains.map((d) => new Int32Array(size * d));
  let pcounts: Int32Array | undefined;
  if (src.kind === 'freq') {
    const from = src.set.counts;
    for (let i = 0; i < n; i++) counts[of[i]!]! += from[i]!;
    const pfrom = src.set.pcounts;
    if (pfrom) {
      pcounts = new Int32Array(size);
      for (let i = 0; i < n; i++) pcounts[of[i]!]! += pfrom[i]!;
    }
    hists.forEach((to, s) => {
      const d = domains[s]!;
      const h = src.set.hists[s]!;
      for (let i = 0; i < n; i++) for (let v = 0, a = of[i]! * d, b = i * d; v < d; v++) to[a + v]! += h[b + v]!;
    });
  } else if (src.subset) {
    const member = src.subset;
    pcounts = new Int32Array(size);
    for (let i = 0; i < n; i++) { pcounts[of[i]!]!++; counts[of[i]!]! += member[i]!; }
    hists.forEach((to, s) => {
      const d = domains[s]!;
      const codes = src.sensitive[s]!;
      for (let i = 0; i < n; i++) to[of[i]! * d + codes[i]!]! += member[i]!;
    });
  } else {
    for (let i = 0; i < n; i++) counts[of[i]!]!++;
    hists.forEach((to, s) => {
      const d = domains[s]!;
      const codes = src.sensitive[s]!;
      for (let i = 0; i < n; i++) to[of[i]! * d + codes[i]!]!++;
    });
  }
  return pcounts ? { width, size, keys: outKeys, counts, domains, hists, pcounts } : { width, size, keys: outKeys, counts, domains, hists };
}
