/**
 * Incremental roll-up for the lattice search. A cached frequency set holds, per class, its labels
 * packed into one 32-bit word (a fixed bit field per column, wide enough for the column's level-0
 * labels, which no level exceeds). Rolling a set up to a coarser node rewrites only the bit fields
 * of the columns whose level differs (usually one on a Flash path) through a small table, hashes
 * the word, and sums counts and histograms in the same pass. Scratch buffers are reused between
 * nodes; only the resulting set is allocated. The leaf codes (`keys`) that metrics read are made
 * from the words only when asked for. Used when the fields fit in 32 bits (Adult's nine QIs take
 * 32); otherwise the search regroups with `groupBy`.
 * @module
 */
import { groupBy, type FrequencySet, type LevelMaps } from './_freq.js';

/** A frequency set at `levels` with its packed class labels. */
export interface PackedSet {
  readonly set: FrequencySet;
  readonly levels: Int32Array;
  readonly packed: Int32Array;
}

/** Rolls packed sets up the lattice. */
export interface Roller {
  /** The bottom set (all levels 0), packed. */
  readonly bottom: PackedSet;
  /** Classes of `levels` (each ≥ the source's level) from `src`; `counts only`: without histograms. */
  rollUp(src: PackedSet, levels: Int32Array, countsOnly?: boolean): PackedSet;
}

// murmur3's 32-bit finalizer.
const hashOf = (key: number): number => {
  let h = Math.imul(key ^ (key >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/** A roller for the bottom set, or undefined when the label fields need more than 32 bits. */
export function roller(bottom: FrequencySet, lm: LevelMaps): Roller | undefined {
  const w = bottom.width;
  const shift = new Int32Array(w);
  const mask = new Int32Array(w);
  let bits = 0;
  for (let c = w - 1; c >= 0; c--) {
    const b = Math.ceil(Math.log2(Math.max(1, lm.sizes[c]![0]!)));
    shift[c] = bits;
    mask[c] = b === 0 ? 0 : (1 << b) - 1 || -1;
    bits += b;
  }
  if (bits > 32) return undefined;
  // up[c][from][to][label at from] = label at `to`; rep[c][level][label] = a leaf carrying it.
  const up = lm.byLevel.map((byLevel, c) => byLevel.map((fromMap, from) => byLevel.map((toMap) => {
    const t = new Int32Array(lm.sizes[c]![from]!);
    for (let leaf = 0; leaf < fromMap.length; leaf++) t[fromMap[leaf]!] = toMap[leaf]!;
    return t;
  })));
  const rep = lm.byLevel.map((byLevel, c) => byLevel.map((map, l) => {
    const t = new Int32Array(lm.sizes[c]![l]!);
    for (let leaf = map.length - 1; leaf >= 0; leaf--) t[map[leaf]!] = leaf;
    return t;
  }));
  const max = bottom.size;
  let cap = 16;
  while (cap < max * 2) cap <<= 1;
  const table = new Int32Array(cap).fill(-1);
  const slotOf = new Int32Array(max);
  const keyOf = new Int32Array(max);
  const counts = new Int32Array(max);
  const classOf = new Int32Array(max);
  const step = new Int32Array(max);
  const pcounts = bottom.pcounts ? new Int32Array(max) : undefined;
  const hists = bottom.domains.map((d) => new Int32Array(max * d));

  // Fine sets (the bottom above all) hold few values per class: their histograms are summed from
  // the non-zero cells, listed on a set's first use as a source when under a quarter are non-zero.
  type Cells = { cls: Int32Array; value: Int32Array; count: Int32Array } | null;
  const sparse = new WeakMap<Int32Array, Cells>();
  const nonZero = (s: FrequencySet, h: number): Cells => {
    const hist = s.hists[h]!;
    let cells = sparse.get(hist);
    if (cells !== undefined) return cells;
    const d = s.domains[h]!;
    let nz = 0;
    for (let b = 0; b < hist.length; b++) if (hist[b] !== 0) nz++;
    cells = null;
    if (s.size >= 256 && nz * 4 < hist.length) {
      cells = { cls: new Int32Array(nz), value: new Int32Array(nz), count: new Int32Array(nz) };
      for (let b = 0, j = 0; b < hist.length; b++) {
        if (hist[b] === 0) continue;
        cells.cls[j] = (b / d) | 0; cells.value[j] = b % d; cells.count[j++] = hist[b]!;
      }
    }
    sparse.set(hist, cells);
    return cells;
  };

  const bottomPacked = new Int32Array(bottom.size);
  for (let i = 0; i < bottom.size; i++) {
    let key = 0;
    for (let c = 0; c < w; c++) key |= lm.byLevel[c]![0]![bottom.keys[i * w + c]!]! << shift[c]!;
    bottomPacked[i] = key;
  }

  // Leaf codes of each class's representative, made from the packed labels when a metric asks.
  const withKeys = (fields: Omit<FrequencySet, 'keys'>, packed: Int32Array, levels: Int32Array): FrequencySet => {
    let keys: Int32Array | undefined;
    return Object.defineProperty(fields, 'keys', {
      enumerable: true,
      get: () => {
        if (keys) return keys;
        keys = new Int32Array(packed.length * w);
        for (let c = 0; c < w; c++) {
          const r = rep[c]![levels[c]!]!;
          const s = shift[c]!;
          const m = mask[c]!;
          for (let i = 0, j = c; i < packed.length; i++, j += w) keys[j] = r[(packed[i]! >>> s) & m]!;
        }
        return keys;
      },
    }) as FrequencySet;
  };

  const rollUp = (src: PackedSet, levels: Int32Array, countsOnly = false): PackedSet => {
    const s = src.set;
    const n = s.size;
    step.set(src.packed.subarray(0, n));
    let most = 1;
    for (let c = 0; c < w; c++) {
      most = Math.min(n, most * lm.sizes[c]![levels[c]!]!);
      if (levels[c] === src.levels[c]) continue;
      const t = up[c]![src.levels[c]!]![levels[c]!]!;
      const sh = shift[c]!;
      const m = mask[c]!;
      const clear = ~(m << sh);
      for (let i = 0; i < n; i++) { const k = step[i]!; step[i] = (k & clear) | (t[(k >>> sh) & m]! << sh); }
    }
    let hmask = 15;
    while (hmask + 1 < most * 2) hmask = (hmask << 1) | 1;
    let size = 0;
    const from = s.counts;
    for (let i = 0; i < n; i++) {
      const key = step[i]!;
      let slot = hashOf(key) & hmask;
      for (;;) {
        const t = table[slot]!;
        if (t < 0) { table[slot] = size; slotOf[size] = slot; keyOf[size] = key; counts[size] = from[i]!; classOf[i] = size++; break; }
        if (keyOf[t] === key) { counts[t]! += from[i]!; classOf[i] = t; break; }
        slot = (slot + 1) & hmask;
      }
    }
    for (let cls = 0; cls < size; cls++) table[slotOf[cls]!] = -1;
    let outP: Int32Array | undefined;
    if (pcounts && s.pcounts) {
      pcounts.fill(0, 0, size);
      for (let i = 0; i < n; i++) pcounts[classOf[i]!]! += s.pcounts[i]!;
      outP = pcounts.slice(0, size);
    }
    const outHists = countsOnly ? [] : s.domains.map((d, h) => {
      const to = hists[h]!;
      to.fill(0, 0, size * d);
      const fromH = s.hists[h]!;
      const nz = nonZero(s, h);
      if (nz) for (let j = 0; j < nz.cls.length; j++) to[classOf[nz.cls[j]!]! * d + nz.value[j]!]! += nz.count[j]!;
      else for (let i = 0, b = 0; i < n; i++) for (let v = 0, a = classOf[i]! * d; v < d; v++, b++) to[a + v]! += fromH[b]!;
      return to.slice(0, size * d);
    });
    const packed = keyOf.slice(0, size);
    const fields = { width: w, size, counts: counts.slice(0, size), domains: countsOnly ? [] : s.domains, hists: outHists, ...(outP ? { pcounts: outP } : {}) };
    return { set: withKeys(fields, packed, levels), levels, packed };
  };
  return { bottom: { set: bottom, levels: new Int32Array(w), packed: bottomPacked }, rollUp };
}

/** Classes of lattice nodes, each rolled up from the smallest cached finer set. */
export interface NodeSets {
  /** Classes at `levels`; `countsOnly`: without sensitive histograms (the least-class-size check needs none). */
  classes(levels: Int32Array, countsOnly?: boolean): FrequencySet;
}

/**
 * A cache of recently computed sets over `bottom`. Memory stays bounded: at most 512 sets holding,
 * together, at most 8 × the bottom's words (counts, keys, histograms; and not over 2^24 words unless
 * the bottom alone is larger, then 2 ×). Evaluated bottom-up or by a bound that grows with generalization, a node's
 * direct predecessors were computed shortly before it, so its source is usually one of them.
 */
export function nodeSets(bottom: FrequencySet, lm: LevelMaps): NodeSets {
  const w = bottom.width;
  const roll = roller(bottom, lm);
  type Entry = { set: FrequencySet; levels: Int32Array; packed?: Int32Array; full: boolean };
  const cache: Entry[] = [roll ? { ...roll.bottom, full: true } : { set: bottom, levels: new Int32Array(w), full: true }];
  // Budget in words: a class costs its packed key and count, plus its histograms in full sets.
  const wordsOf = (set: FrequencySet): number => set.size * (2 + set.domains.reduce((a, d) => a + d, 0));
  const budget = Math.max(2 * wordsOf(bottom), Math.min(8 * wordsOf(bottom), 1 << 24));
  let cached = 0;
  return {
    classes(levels, countsOnly = false) {
      let src = cache[0]!;
      for (let e = 1; e < cache.length; e++) {
        const x = cache[e]!;
        if (x.set.size >= src.set.size || (!countsOnly && !x.full)) continue;
        let below = true;
        for (let c = 0; c < w && below; c++) below = x.levels[c]! <= levels[c]!;
        if (below) src = x;
      }
      const full = !countsOnly || bottom.domains.length === 0;
      const entry: Entry = roll
        ? { ...roll.rollUp(src as PackedSet, levels, !full), full }
        : { set: groupBy({ kind: 'freq', set: src.set }, lm, levels), levels, full: true };
      cache.push(entry);
      cached += wordsOf(entry.set);
      while (cache.length > 513 || (cached > budget && cache.length > 1)) cached -= wordsOf(cache.splice(1, 1)[0]!.set);
      return entry.set;
    },
  };
}
