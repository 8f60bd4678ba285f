// Random tables and hierarchies for the engine-vs-memory property: every hierarchy is a proper
// tree (each label has one parent), values include quotes, placeholders and SQL fragments.
import fc from 'fast-check';

export interface RandomCase {
  columns: string[];
  rows: Record<string, string>[];
  hierarchies: Record<string, string[][]>;
  k: number;
  suppressionLimit: number;
  metric: 'entropy' | 'discernibility' | 'loss' | 'height' | 'precision';
  lDiversity?: { attribute: string; l: number };
}

const NASTY = ["'", '"', '$1', '); DROP TABLE "sentinel"; --', '\\', '\n', '年', '🙂', ' '];

const hierarchy = fc.record({
  leaves: fc.integer({ min: 2, max: 6 }),
  branching: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 2 }),
  salt: fc.constantFrom(...NASTY),
});

export const randomCase: fc.Arbitrary<RandomCase> = fc
  .record({
    hs: fc.array(hierarchy, { minLength: 1, maxLength: 3 }),
    n: fc.integer({ min: 12, max: 90 }),
    seeds: fc.array(fc.nat(), { minLength: 90 * 4, maxLength: 90 * 4 }),
    k: fc.integer({ min: 2, max: 5 }),
    suppressionLimit: fc.constantFrom(0, 0.05, 0.1),
    metric: fc.constantFrom('entropy', 'discernibility', 'loss', 'height', 'precision' as const),
    sensitive: fc.integer({ min: 1, max: 4 }),
    diverse: fc.boolean(),
  })
  .map(({ hs, n, seeds, k, suppressionLimit, metric, sensitive, diverse }) => {
    const names = hs.map((_, c) => `q${c}${NASTY[c]}`);
    const hierarchies: Record<string, string[][]> = {};
    hs.forEach((h, c) => {
      const rows: string[][] = [];
      for (let i = 0; i < h.leaves; i++) {
        const row = [`${h.salt}v${i}`];
        let group = i;
        h.branching.forEach((b, l) => { group = Math.floor(group / (b + 1)); row.push(`${h.salt}L${l + 1}:${group}`); });
        row.push('*');
        rows.push(row);
      }
      hierarchies[names[c]!] = rows;
    });
    const rows = Array.from({ length: n }, (_, i) => {
      const r: Record<string, string> = { id: String(i), s: `s${seeds[i * 4 + 3]! % sensitive}` };
      names.forEach((name, c) => {
        const hr = hierarchies[name]!;
        r[name] = hr[seeds[i * 4 + c]! % hr.length]![0]!;
      });
      return r;
    });
    const out: RandomCase = { columns: ['id', ...names, 's'], rows, hierarchies, k: Math.min(k, n), suppressionLimit, metric };
    if (diverse && sensitive > 1) out.lDiversity = { attribute: 's', l: 2 };
    return out;
  });
