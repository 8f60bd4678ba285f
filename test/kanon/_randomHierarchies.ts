// Random tree hierarchies for the property tests that drive the library's own node evaluation and
// lattice search (properties.test.ts, pruning.test.ts): every label has one parent.
import fc from 'fast-check';

export interface RandomHierarchy {
  leaves: number;
  // Per level above the leaves: how many groups (as a fraction of the labels below) and each label's group.
  levels: { groups: number; parent: number[] }[];
  star: boolean;
}

export const randomHierarchy: fc.Arbitrary<RandomHierarchy> = fc.record({
  leaves: fc.integer({ min: 2, max: 6 }),
  levels: fc.array(fc.record({ groups: fc.nat(), parent: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }) }), { minLength: 0, maxLength: 2 }),
  star: fc.boolean(),
});

/** The hierarchies of QIs `q0`, `q1`, …: leaf `qCvI`, then `qCL<level>:<group>`, maybe `*` on top. */
export function buildHierarchies(hs: readonly RandomHierarchy[]): { names: string[]; hierarchies: Record<string, string[][]> } {
  const names = hs.map((_, c) => `q${c}`);
  const hierarchies: Record<string, string[][]> = {};
  hs.forEach((h, c) => {
    const rows = Array.from({ length: h.leaves }, (_, i) => [`${names[c]}v${i}`]);
    let labelOf = rows.map((_, i) => i); // each leaf's label code at the current top level
    let size = h.leaves;
    h.levels.forEach((lv, l) => {
      const groups = 1 + (lv.groups % size);
      const parentOf = Array.from({ length: size }, (_, j) => lv.parent[j]! % groups);
      const used = [...new Set(parentOf)];
      labelOf = labelOf.map((code) => used.indexOf(parentOf[code]!));
      size = used.length;
      rows.forEach((r, i) => r.push(`${names[c]}L${l + 1}:${labelOf[i]}`));
    });
    if (h.star) rows.forEach((r) => r.push('*'));
    hierarchies[names[c]!] = rows;
  });
  return { names, hierarchies };
}
