// Precision and recall per type on the labelled synthetic corpus (test/detect/corpus.ts).
// A finding counts only with the exact type and span of a label; everything else is a false positive.
import { describe, expect, it } from 'vitest';
import { PII_TYPES, scan, type PiiType } from '../../src/detect/index.js';
import { makeCorpus } from './corpus.js';

const docs = makeCorpus(20261123, 6000);
const stats = new Map<PiiType, { tp: number; fp: number; fn: number; overlap: number }>(PII_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0, overlap: 0 }]));
for (const d of docs) {
  const found = scan(d.text);
  const key = (t: string, s: number, e: number): string => `${t}:${s}:${e}`;
  const labelled = new Set(d.labels.map((l) => key(l.type, l.start, l.end)));
  const hit = new Set(found.map((f) => key(f.type, f.start, f.end)));
  for (const f of found) stats.get(f.type)![labelled.has(key(f.type, f.start, f.end)) ? 'tp' : 'fp']++;
  for (const l of d.labels) {
    const s = stats.get(l.type)!;
    if (!hit.has(key(l.type, l.start, l.end))) s.fn++;
    if (found.some((f) => f.type === l.type && f.start < l.end && l.start < f.end)) s.overlap++;
  }
}
const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
const rows = [...stats].map(([type, s]) => ({
  type,
  labels: s.tp + s.fn,
  precision: Number(ratio(s.tp, s.tp + s.fp).toFixed(4)),
  recall: Number(ratio(s.tp, s.tp + s.fn).toFixed(4)),
  'recall (overlap)': Number(ratio(s.overlap, s.tp + s.fn).toFixed(4)),
}));
console.table(rows);

// Types with a fixed structure (most with a check character): the issue's ≥ 0.98 targets.
const STRUCTURED: PiiType[] = PII_TYPES.filter((t) => t !== 'cn_address' && t !== 'person_name');

describe('labelled corpus (6000 synthetic documents, seed 20261123)', () => {
  it('S3.1: has enough labels of every type to measure', () => {
    for (const r of rows) expect(r.labels, r.type).toBeGreaterThan(100);
  });
  it.each(STRUCTURED)('S3.1: %s precision and recall are at least 0.98', (type) => {
    const r = rows.find((x) => x.type === type)!;
    expect(r.precision, `${type} precision`).toBeGreaterThanOrEqual(0.98);
    expect(r.recall, `${type} recall`).toBeGreaterThanOrEqual(0.98);
  });
  it('P5: names and addresses are found with reported (lower) figures', () => {
    // Not the structured targets: free-form, reported in the table above and in docs/detect.md.
    // Names written with no cue word at all (感谢王芳的耐心) are out of reach without a language model.
    const addr = rows.find((x) => x.type === 'cn_address')!;
    const name = rows.find((x) => x.type === 'person_name')!;
    expect(addr.precision).toBeGreaterThan(0.9);
    expect(addr['recall (overlap)']).toBeGreaterThan(0.9);
    expect(name.precision).toBeGreaterThan(0.9);
    expect(name['recall (overlap)']).toBeGreaterThan(0.5);
  });
});
