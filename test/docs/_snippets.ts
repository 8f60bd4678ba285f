// The fenced js/ts code blocks of README.md and docs/*.md, with the marker comment that may
// precede each (`<!-- snippet: browser -->`, or `<!-- snippet: skip <reason> -->` for the few
// that need a server this machine may lack).
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

export interface Snippet {
  /** e.g. `README.md:97`, the line of the opening fence. */
  where: string;
  lang: 'js' | 'ts';
  code: string;
  mode: 'node' | 'browser' | 'skip';
  /** Why a skipped snippet cannot run here. */
  reason?: string;
}

const FENCE = /^```(js|ts|javascript|typescript|mjs)\s*$/;
const MARKER = /^<!--\s*snippet:\s*(browser|skip)\b\s*(.*?)\s*-->\s*$/;

export function snippetsOf(file: string): Snippet[] {
  const lines = readFileSync(resolve(ROOT, file), 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]!);
    if (!m) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    let j = start - 1;
    while (j >= 0 && lines[j]!.trim() === '') j--;
    const mark = j >= 0 ? MARKER.exec(lines[j]!) : null;
    out.push({
      where: `${file}:${start + 1}`,
      lang: m[1]!.startsWith('t') ? 'ts' : 'js',
      code: body.join('\n'),
      mode: mark ? (mark[1] as 'browser' | 'skip') : 'node',
      ...(mark?.[2] ? { reason: mark[2] } : {}),
    });
  }
  return out;
}

/** README.md and every docs/*.md (the generated API reference in docs/api excluded). */
export function allSnippets(): Snippet[] {
  const docs = readdirSync(resolve(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return ['README.md', ...docs].flatMap(snippetsOf);
}
