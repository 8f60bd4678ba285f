// The scanner's findings before overlap resolution, kept in typed arrays rather than objects:
// on one long text (a 64 MB log) a million finding objects held in one growing array cost the
// garbage collector more than finding them did. Objects are made once, for what `scan` returns.
import { Pieces } from './_pieces.js';
import { PII_TYPES, type Finding, type PiiType } from './_types.js';

const NO_VALID = 0;
const INVALID = 1;
const VALID = 2;

let spare: RawFindings | undefined;
let indexOfType: Map<string, number> | undefined;
function typeIndex(type: PiiType): number {
  indexOfType ??= new Map(PII_TYPES.map((t, k) => [t, k]));
  return indexOfType.get(type)!;
}
// Arrays for more findings than this are not kept for the next call (about 100 KB at most is held).
const KEEP_AT_MOST = 1 << 12;

/**
 * An array for `n` findings, filled in order by the caller: sized once, not grown by copying a
 * million slots. V8 keeps such an array fast up to 2^25 slots; past 2^24 it starts empty and
 * grows as it is filled (a longer presized one would be a dictionary).
 */
const sized = (n: number): Finding[] => (n < 1 << 24 ? new Array<Finding>(n) : []);

function keepForNextScan(r: RawFindings): void {
  spare = r;
}

/** A store for one scan: the one left by the last scan when there is one (typed arrays are slow to make). */
export function rawFindings(): RawFindings {
  const r = spare ?? new RawFindings();
  spare = undefined;
  r.n = 0;
  return r;
}

// Each distinct confidence as one number value shared by every finding that has it. V8 gives a
// number-only object field a separate 16-byte box per object; once one finding-shaped literal
// has held a non-number there, the field holds plain references, and a million findings are a
// million heap objects instead of two million for the garbage collector to move and mark.
let boxes: Map<number, number> | undefined;
// Kept (a store a minifier does not drop, unlike a call to an empty function).
let _shapes: object[] | undefined;
function shared(c: number): number {
  if (boxes === undefined) {
    boxes = new Map();
    _shapes = [{ type: '', start: 0, end: 0, confidence: null }, { type: '', start: 0, end: 0, confidence: null, valid: false }];
  }
  let b = boxes.get(c);
  if (b === undefined) boxes.set(c, (b = c));
  return b;
}

/** Findings in the order the scanner made them: type, [start, end), confidence, valid. */
export class RawFindings {
  n = 0;
  // Index of each finding's type in PII_TYPES: a byte, not a pointer in a growing array of a million.
  private types = new Uint8Array(64);
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private confs = new Float64Array(64);
  private valids = new Uint8Array(64);
  private idx = new Int32Array(64);
  private kept = new Int32Array(64);

  add(type: PiiType, start: number, end: number, confidence: number, valid: boolean | undefined): void {
    const k = this.n++;
    if (k === this.starts.length) this.grow();
    this.types[k] = typeIndex(type);
    this.starts[k] = start;
    this.ends[k] = end;
    this.confs[k] = confidence;
    this.valids[k] = valid === undefined ? NO_VALID : valid ? VALID : INVALID;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const more = <A extends Int32Array | Float64Array | Uint8Array>(a: A, b: A): A => (b.set(a), b);
    this.starts = more(this.starts, new Int32Array(size));
    this.ends = more(this.ends, new Int32Array(size));
    this.confs = more(this.confs, new Float64Array(size));
    this.valids = more(this.valids, new Uint8Array(size));
    this.types = more(this.types, new Uint8Array(size));
    this.idx = new Int32Array(size);
    this.kept = new Int32Array(size);
  }

  /** Done with it: the next scan may reuse it. */
  private release(): void {
    if (this.starts.length <= KEEP_AT_MOST) keepForNextScan(this);
  }

  private finding(k: number): Finding {
    const v = this.valids[k];
    const type = PII_TYPES[this.types[k]!]!;
    const start = this.starts[k]!;
    const end = this.ends[k]!;
    const confidence = shared(this.confs[k]!);
    return v === NO_VALID ? { type, start, end, confidence } : { type, start, end, confidence, valid: v === VALID };
  }

  /** Every finding as an object, in the order made. */
  all(): Finding[] {
    const out = sized(this.n);
    for (let k = 0; k < this.n; k++) out[k] = this.finding(k);
    this.release();
    return out;
  }

  /** Indices by start, longer first at the same start (stable, as Array.prototype.sort is). */
  private order(): Int32Array {
    const idx = this.idx;
    for (let k = 0; k < this.n; k++) idx[k] = k;
    const { starts: s, ends: e } = this;
    // The scanner emits in text order almost always: sort only when it did not.
    for (let k = 1; k < this.n; k++) {
      if (s[k - 1]! > s[k]! || (s[k - 1] === s[k] && e[k - 1]! < e[k]!)) {
        const sorted = Array.from(idx.subarray(0, this.n)).sort((a, b) => s[a]! - s[b]! || e[b]! - e[a]!);
        idx.set(sorted);
        return idx;
      }
    }
    return idx;
  }

  /** resolveOverlaps (custodia/detect's rule) over the findings: how many are kept, their indices in `kept`. */
  private resolve(): number {
    const idx = this.order();
    const kept = this.kept;
    let top = 0;
    const { starts: s, ends: e, confs: c } = this;
    for (let q = 0; q < this.n; q++) {
      const f = idx[q]!;
      let keep = true;
      while (top > 0) {
        const last = kept[top - 1]!;
        if (s[f]! >= e[last]!) break;
        if (e[f]! <= e[last]! || c[last]! >= c[f]!) {
          keep = false;
          break;
        }
        top--;
      }
      if (keep) kept[top++] = f;
    }
    return top;
  }

  /** resolveOverlaps (custodia/detect's rule) over the findings, as objects. */
  resolved(): Finding[] {
    const top = this.resolve();
    const out = sized(top);
    for (let q = 0; q < top; q++) out[q] = this.finding(this.kept[q]!);
    this.release();
    return out;
  }

  /**
   * `text` with each resolved finding replaced by `replace(type, original)`: redact's path for its
   * own replacements, which need no finding objects.
   */
  redacted(text: string, replace: (type: PiiType, original: string) => string): string {
    const top = this.resolve();
    const { kept, starts, ends, types } = this;
    const out = new Pieces();
    let pos = 0;
    for (let q = 0; q < top; q++) {
      const k = kept[q]!;
      const start = starts[k]!;
      const end = ends[k]!;
      out.add(text.slice(pos, start), replace(PII_TYPES[types[k]!]!, text.slice(start, end)));
      pos = end;
    }
    this.release();
    return top === 0 ? text : out.end(text.slice(pos));
  }
}
