// docs/compliance.md stays true: every clause id of the seeds appears with its row and section,
// every test it names exists under that name in that file, and every clause that software
// serves is shown by at least one test (organisational ones are marked as such).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const doc = readFileSync(resolve(ROOT, 'docs/compliance.md'), 'utf8');
const ids = readFileSync(resolve(__dirname, 'clauses.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t')[0]!);

/** `- \`test/x.test.ts\` — NAME` lines, per `## ID` section. */
function sections(): Map<string, { file: string; name: string }[]> {
  const out = new Map<string, { file: string; name: string }[]>();
  let cur: string | undefined;
  for (const line of doc.split('\n')) {
    const h = /^## (\S+)$/.exec(line);
    if (h) out.set((cur = h[1]!), []);
    const t = /^- `([^`]+)` — (.+)$/.exec(line);
    if (t && cur) out.get(cur)!.push({ file: t[1]!, name: t[2]! });
  }
  return out;
}

describe('docs/compliance.md', () => {
  it('matches the seed clause list (test/docs/clauses.tsv is the lead\'s shared list)', () => {
    const shared = resolve(__dirname, '../../../shared/clauses.tsv');
    if (existsSync(shared)) expect(readFileSync(resolve(__dirname, 'clauses.tsv'), 'utf8')).toBe(readFileSync(shared, 'utf8'));
    expect(ids.length).toBeGreaterThan(40);
  });

  it('lists every clause id in the table and as a section', () => {
    const s = sections();
    for (const id of ids) {
      expect(doc, id).toContain(`| [${id}](#`);
      expect(s.has(id), id).toBe(true);
    }
  });

  it('every test it names exists in that file under that exact name, and starts with the clause id', () => {
    const missing: string[] = [];
    for (const [id, tests] of sections())
      for (const t of tests) {
        const path = resolve(ROOT, t.file);
        if (!existsSync(path) || !readFileSync(path, 'utf8').includes(t.name)) missing.push(`${id}: ${t.file} — ${t.name}`);
        expect(t.name.split(': ')[0]!.split(' / '), t.name).toContain(id);
      }
    expect(missing).toEqual([]);
  });

  it('every clause is shown by a test unless marked organisational', () => {
    const bare = [...sections()].filter(([id, tests]) => tests.length === 0 && !new RegExp(`## ${id.replace('.', '\\.')}\\n\\n[^\\n]*\\n\\nServed by: organisational`).test(doc));
    expect(bare.map(([id]) => id)).toEqual([]);
  });
});
