/**
 * The frequency set read from an engine: one GROUP BY streamed into typed arrays, then encoded
 * exactly as `anonymize` encodes rows (same hierarchy rows, domain order and level maps).
 * @module
 */
import { CustodiaError } from '../../errors/index.js';
import { encodeColumn, type EncodedColumn } from '../_encode.js';
import type { FrequencySet } from '../_freq.js';
import type { Hierarchy } from '../hierarchy.js';
import type { SqlRow } from './_executor.js';

/** Distinct values of one column in first-seen order, with their record counts. */
class Distinct {
  readonly index = new Map<string | null, number>();
  readonly values: (string | null)[] = [];
  readonly counts: number[] = [];
  code(v: string | null, n: number): number {
    let c = this.index.get(v);
    if (c === undefined) { c = this.values.length; this.index.set(v, c); this.values.push(v); this.counts.push(0); }
    this.counts[c]! += n;
    return c;
  }
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : String(v));

/** Accumulates GROUP BY rows (`c0…` quasi-identifiers, then sensitive columns, then `n`). */
export class FrequencyReader {
  readonly qi: Distinct[];
  readonly sens: Distinct[];
  private tuples = new Int32Array(0);
  private counts = new Float64Array(0);
  size = 0;
  rows = 0;
  constructor(qiCount: number, sensCount: number) {
    this.qi = Array.from({ length: qiCount }, () => new Distinct());
    this.sens = Array.from({ length: sensCount }, () => new Distinct());
  }

  add(batch: readonly SqlRow[]): void {
    const w = this.qi.length + this.sens.length;
    for (const r of batch) {
      const n = Number(r.n);
      if (this.size === this.counts.length || (this.size + 1) * w > this.tuples.length) {
        const cap = Math.max(1024, this.counts.length * 2);
        const t = new Int32Array(cap * w); t.set(this.tuples.subarray(0, this.size * w)); this.tuples = t;
        const c = new Float64Array(cap); c.set(this.counts.subarray(0, this.size)); this.counts = c;
      }
      const base = this.size * w;
      for (let i = 0; i < w; i++) {
        const d = i < this.qi.length ? this.qi[i]! : this.sens[i - this.qi.length]!;
        this.tuples[base + i] = d.code(text(r[`c${i}`]), n);
      }
      this.counts[this.size++] = n;
      this.rows += n;
    }
  }

  /** Encodes quasi-identifier `c` with its hierarchy; values without a row fail with their count, never their text. */
  column(c: number, name: string, h: Hierarchy): EncodedColumn {
    const d = this.qi[c]!;
    const leafRows: (readonly string[])[] = [];
    let missing = 0;
    d.values.forEach((v, i) => {
      const row = v === null ? undefined : h.row(v);
      if (row === undefined) missing += d.counts[i]!;
      else leafRows.push(row);
    });
    if (missing > 0)
      throw new CustodiaError('HIERARCHY_MISSING_VALUE', `column ${name}: ${missing} rows have a value (or NULL) with no hierarchy row`, { field: name });
    const freq = [...d.counts];
    const domain = h.domain();
    const seen = new Set(d.values);
    if (domain) for (const r of domain) if (!seen.has(r[0]!)) { seen.add(r[0]!); leafRows.push(r); freq.push(0); }
    return h.numeric === undefined ? encodeColumn(name, leafRows, freq, domain ?? leafRows) : encodeColumn(name, leafRows, freq, domain ?? leafRows, h.numeric);
  }

  /** Distinct values of sensitive column `s` (code order) and their record counts. */
  sensitive(s: number, name: string): { values: string[]; counts: number[] } {
    const d = this.sens[s]!;
    const nulls = d.index.get(null);
    if (nulls !== undefined)
      throw new CustodiaError('INVALID_ARGUMENT', `column ${name}: ${d.counts[nulls]} rows have no value (NULL) in a sensitive attribute`, { field: name });
    return { values: d.values as string[], counts: d.counts };
  }

  /** The set keyed by leaf codes, with `slots[i]` = the sensitive column of histogram i. */
  frequencySet(slots: readonly number[]): FrequencySet {
    const q = this.qi.length;
    const w = q + this.sens.length;
    const size = this.size;
    const keys = new Int32Array(size * q);
    const counts = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const n = this.counts[i]!;
      if (n > 0x7fffffff) throw new CustodiaError('INVALID_ARGUMENT', 'an equivalence class holds more than 2^31 - 1 rows', { field: 'table' });
      counts[i] = n;
      for (let c = 0; c < q; c++) keys[i * q + c] = this.tuples[i * w + c]!;
    }
    const domains = slots.map((s) => this.sens[s]!.values.length);
    const hists = slots.map((s, j) => {
      const d = domains[j]!;
      const h = new Int32Array(size * d);
      for (let i = 0; i < size; i++) h[i * d + this.tuples[i * w + q + s]!] = counts[i]!;
      return h;
    });
    return { width: q, size, keys, counts, domains, hists };
  }
}
