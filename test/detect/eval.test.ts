// Accuracy on text nobody here wrote (test/detect/eval-corpus.ts): faker zh_CN names, addresses,
// companies and numbers in message templates, identifiers labelled by outside validators,
// exact-span matching. docs/detect.md's detection
// table is this test's output (`npx vitest run test/detect/eval.test.ts`).
import { describe, expect, it } from 'vitest';
import { PII_TYPES, scan, type PiiType } from '../../src/detect/index.js';
import { makeEvalCorpus } from './eval-corpus.js';

const docs = makeEvalCorpus(20261203, 8000);
const stats = new Map<PiiType, { tp: number; fp: number; fn: number }>();
const row = (t: PiiType) => stats.get(t) ?? (stats.set(t, { tp: 0, fp: 0, fn: 0 }), stats.get(t)!);
for (const d of docs) {
  const found = scan(d.text);
  const key = (s: { type: string; start: number; end: number }) => `${s.type}:${s.start}:${s.end}`;
  const gold = new Set(d.gold.map(key));
  const got = new Set(found.map(key));
  for (const f of found) {
    if (gold.has(key(f))) row(f.type).tp++;
    else row(f.type).fp++;
  }
  for (const g of d.gold) if (!got.has(key(g))) row(g.type).fn++;
}
const f1 = (t: PiiType) => {
  const { tp, fp, fn } = row(t);
  const p = tp / (tp + fp || 1);
  const r = tp / (tp + fn || 1);
  return { p, r, f1: (2 * p * r) / (p + r || 1), labels: tp + fn };
};

describe('evaluation on faker zh_CN text (8000 messages, seed 20261203)', () => {
  it('prints the detection table', () => {
    const lines = ['| type | labels | precision | recall | F1 |', '|---|---:|---:|---:|---:|'];
    for (const t of [...stats.keys()].sort()) {
      const m = f1(t);
      lines.push(`| ${t} | ${m.labels} | ${m.p.toFixed(3)} | ${m.r.toFixed(3)} | ${m.f1.toFixed(3)} |`);
    }
    console.log(lines.join('\n'));
    expect(stats.size).toBeGreaterThanOrEqual(16);
  });
  it('S3.1: person names reach F1 0.85 without cue words (roles, verbs, sentence starts)', () => {
    expect(f1('person_name').labels).toBeGreaterThan(1000);
    expect(f1('person_name').f1).toBeGreaterThanOrEqual(0.85);
  });
  it.each(PII_TYPES.filter((t) => t !== 'person_name'))('S3.1: %s reaches F1 0.9', (t) => {
    expect(f1(t).labels).toBeGreaterThan(100);
    expect(f1(t).f1).toBeGreaterThanOrEqual(0.9);
  });
});
