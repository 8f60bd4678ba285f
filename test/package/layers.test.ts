// DESIGN.md's layers, enforced: a module imports only modules of its own layer or below,
// the module graph has no cycles, and only Node-only modules touch `node:`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');
const LAYERS: Record<string, number> = {
  errors: 0, bytes: 0, runtime: 0,
  hash: 1,
  catalog: 2, normalize: 2, store: 2,
  keys: 3, cipher: 3,
  tokenize: 4, mask: 4, merkle: 4,
  consent: 5, purpose: 5, retention: 5, audit: 5, kanon: 5, detect: 5, receipt: 5,
  'kanon/sql': 6, 'store/testing': 6, 'store/sqlite': 6, 'store/postgres': 6, 'store/indexeddb': 6, 'store/wx': 6,
  components: 6, 'components/web': 7, 'components/wechat': 7,
  cli: 7, report: 7,
};
const NODE_ONLY = new Set(['cli', 'report', 'store/sqlite', 'store/postgres', 'kanon/sql']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
function moduleOf(file: string): string | undefined {
  const parts = relative(SRC, file).split('/');
  if (parts.length === 1) return undefined; // src/index.ts, src/miniprogram.ts: the top
  const two = `${parts[0]}/${parts[1]}`;
  return parts.length > 2 && two in LAYERS ? two : parts[0];
}
const importsOf = (code: string) =>
  [...code.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);

const all = files(SRC);
const edges = new Map<string, Set<string>>();

describe('layers (DESIGN.md)', () => {
  it('every module under src/ has a declared layer', () => {
    const unknown = all.map(moduleOf).filter((m) => m !== undefined && !(m in LAYERS));
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('imports point down or sideways, never up', () => {
    const bad: string[] = [];
    for (const f of all) {
      const from = moduleOf(f);
      if (!from) continue;
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const to = moduleOf(resolve(dirname(f), spec));
        if (!to || to === from) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
        if ((LAYERS[to] ?? 99) > (LAYERS[from] ?? -1)) bad.push(`${relative(SRC, f)} -> ${to}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the module graph has no cycles', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (m: string, path: string[]) => {
      if (state.get(m) === 'done') return;
      if (state.get(m) === 'visiting') { cycles.push([...path, m].join(' -> ')); return; }
      state.set(m, 'visiting');
      for (const n of edges.get(m) ?? []) visit(n, [...path, m]);
      state.set(m, 'done');
    };
    for (const m of edges.keys()) visit(m, []);
    expect(cycles).toEqual([]);
  });

  it('no node: import outside Node-only modules', () => {
    const bad = all.filter((f) => {
      const m = moduleOf(f);
      if (m && NODE_ONLY.has(m)) return false;
      return importsOf(readFileSync(f, 'utf8')).some((s) => s.startsWith('node:') || ['fs', 'path', 'crypto', 'worker_threads'].includes(s));
    });
    expect(bad.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('no Math.random and no module-load access to runtime globals', () => {
    const bad: string[] = [];
    for (const f of all) {
      const code = readFileSync(f, 'utf8');
      if (/Math\.random\s*\(|Math\[['"]random/.test(code)) bad.push(`${relative(SRC, f)}: Math.random`);
      // Top-level statements (column 0) that touch globals run at import time.
      for (const line of code.split('\n'))
        if (/^(const|let|var)\s.*=\s*(globalThis|crypto|WebAssembly|TextEncoder|wx)\b/.test(line)) bad.push(`${relative(SRC, f)}: ${line.trim()}`);
    }
    expect(bad).toEqual([]);
  });
});
