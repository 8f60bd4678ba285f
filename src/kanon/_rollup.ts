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

// One class for every rolled-up set (a shape the per-class checks and metrics see again and again),
// its `keys` decoded from the packed labels on first read.
class RolledSet implements FrequencySet {
  readonly pcounts?: Int32Array;
  #keys: Int32Array | undefined;
  constructor(
    readonly width: number,
    readonly size: number,
    readonly counts: Int32Array,
    readonly domains: readonly number[],
    readonly hists: readonly Int32Array[],
    private readonly packed: Int32Array,
    private readonly levels: Int32Array,
    private readonly decode: (packed: Int32Array, levels: Int32Array) => Int32Array,
    pcounts: Int32Array | undefined,
  ) {
    if (pcounts) this.pcounts = pcounts;
  }

  get keys(): Int32Array {
    return (this.#keys ??= this.decode(this.packed, this.levels));
  }
}

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
  const decode = (packed: Int32Array, levels: Int32Array): Int32Array => {
    const keys = new Int32Array(packed.length * w);
    for (let c = 0; c < w; c++) {
      const r = rep[c]![levels[c]!]!;
      const s = shift[c]!;
      const m = mask[c]!;
      for (let i = 0, j = c; i < packed.length; i++, j += w) keys[j] = r[(packed[i]! >>> s) & m]!;
    }
    return keys;
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
    // Fibonacci hashing: the top bits of key × 2^32/φ, as many as the table has.
    let hs = 32;
    for (let x = hmask; x; x >>>= 1) hs--;
    let size = 0;
    const from = s.counts;
    for (let i = 0; i < n; i++) {
      const key = step[i]!;
      let slot = Math.imul(key, 0x9e3779b1) >>> hs;
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
    const set = new RolledSet(w, size, counts.slice(0, size), countsOnly ? [] : s.domains, outHists, packed, levels, decode, outP);
    return { set, levels, packed };
  };
  return { bottom: { set: bottom, levels: new Int32Array(w), packed: bottomPacked }, rollUp };
}

/** Classes of lattice nodes, each rolled up from the smallest cached finer set. */
export interface NodeSets {
  /** Classes at `levels`; `countsOnly`: without sensitive histograms (the least-class-size check needs none). */
  classes(levels: Int32Array, countsOnly?: boolean): FrequencySet;
}

type Entry = { set: FrequencySet; levels: Int32Array; packed?: Int32Array; full: boolean };

/**
 * A cache of recently computed sets over `bottom`. Memory stays bounded: at most 512 sets holding,
 * together, at most 8 × the bottom's words (counts, keys, histograms; and not over 2^24 words unless
 * the bottom alone is larger, then 2 ×). Evaluated bottom-up or by a bound that grows with generalization, a node's
 * direct predecessors were computed shortly before it, so its source is usually one of them.
 *
 * A search also starts paths and binary searches at nodes none of whose finer nodes was computed:
 * their only source is the bottom, and on Adult those roll-ups are 85–95 % of all roll-up work.
 * For them the cache keeps stepping stones ({@link stones}): low nodes shared by many targets.
 */
export function nodeSets(bottom: FrequencySet, lm: LevelMaps): NodeSets {
  const w = bottom.width;
  const roll = roller(bottom, lm);
  const first: Entry = roll ? { ...roll.bottom, full: true } : { set: bottom, levels: new Int32Array(w), full: true };
  const cache: Entry[] = [first];
  // Budget in words: a class costs its packed key and count, plus its histograms in full sets.
  const wordsOf = (set: FrequencySet): number => set.size * (2 + set.domains.reduce((a, d) => a + d, 0));
  const budget = Math.max(2 * wordsOf(bottom), Math.min(8 * wordsOf(bottom), 1 << 24));
  let cached = 0;
  const make = (src: Entry, levels: Int32Array, full: boolean): Entry =>
    roll
      ? { ...roll.rollUp(src as PackedSet, levels, !full), full }
      : { set: groupBy({ kind: 'freq', set: src.set }, lm, levels), levels, full: true };
  const stone = roll ? stones(bottom, lm, make) : undefined;
  return {
    classes(levels, countsOnly = false) {
      let src = cache[0]!;
      // x can stand in for `than` as the source: smaller, finer than `levels`, histograms if needed.
      const better = (x: Entry, than: Entry): boolean => {
        if (x.set.size >= than.set.size || (!countsOnly && !x.full)) return false;
        for (let c = 0; c < w; c++) if (x.levels[c]! > levels[c]!) return false;
        return true;
      };
      for (let e = 1; e < cache.length; e++) if (better(cache[e]!, src)) src = cache[e]!;
      if (stone) src = stone(src, levels, better);
      const entry = make(src, levels, !countsOnly || bottom.domains.length === 0);
      cache.push(entry);
      cached += wordsOf(entry.set);
      while (cache.length > 513 || (cached > budget && cache.length > 1)) cached -= wordsOf(cache.splice(1, 1)[0]!.set);
      return entry.set;
    },
  };
}

/**
 * Stepping stones: when a node's best source is still large (over half the bottom's classes), the
 * roll-up goes through low nodes kept for the whole search, each one level above the last in the
 * column whose generalization merges most (largest drop of the column's entropy over the bottom's
 * records), until a stone is small or no column is left to raise. Every later node above a stone
 * starts from it. At most 64 stones are made, each from a smaller set than the bottom (bar the first).
 * Returns the source to use for `levels`: `src` or a stone below `levels`.
 */
function stones(bottom: FrequencySet, lm: LevelMaps, make: (src: Entry, levels: Int32Array, full: boolean) => Entry) {
  const w = bottom.width;
  const kept = new Map<string, Entry>();
  const large = bottom.size / 2;
  let drop: Float64Array[] | undefined;
  // drop[c][l]: entropy (bits per record) lost by raising column c from level l to l + 1.
  const drops = (): Float64Array[] =>
    lm.byLevel.map((byLevel, c) => {
      const leaf = new Float64Array(byLevel[0]!.length);
      for (let i = 0, j = c; i < bottom.size; i++, j += w) leaf[bottom.keys[j]!]! += bottom.counts[i]!;
      const hs = byLevel.map((map, l) => {
        const tally = new Float64Array(lm.sizes[c]![l]!);
        let n = 0;
        for (let x = 0; x < leaf.length; x++) { tally[map[x]!]! += leaf[x]!; n += leaf[x]!; }
        let h = 0;
        for (const x of tally) if (x > 0) h -= (x / n) * Math.log2(x / n);
        return h;
      });
      return Float64Array.from({ length: byLevel.length - 1 }, (_, l) => hs[l]! - hs[l + 1]!);
    });
  return (src: Entry, levels: Int32Array, better: (x: Entry, than: Entry) => boolean): Entry => {
    for (const x of kept.values()) if (better(x, src)) src = x;
    while (src.set.size > large && kept.size < 64) {
      drop ??= drops();
      let best = -1;
      for (let c = 0; c < w; c++) if (src.levels[c]! < levels[c]! && (best < 0 || drop[c]![src.levels[c]!]! > drop[best]![src.levels[best]!]!)) best = c;
      if (best < 0) break;
      const next = Int32Array.from(src.levels);
      next[best]!++;
      let equal = true;
      for (let c = 0; c < w && equal; c++) equal = next[c] === levels[c];
      if (equal) break;
      const key = next.join(',');
      let e = kept.get(key);
      if (!e || (!e.full && src.full)) { e = make(src, next, src.full); kept.set(key, e); }
      src = e;
    }
    return src;
  };
}
