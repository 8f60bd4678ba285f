// The public surface as users see it: every symbol each package.json export re-exports from its
// src/<module>/index.ts, with the doc comment TypeScript attaches to its declaration.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(__dirname, '../..');

export interface ExportedSymbol {
  subpath: string;
  name: string;
  kind: 'value' | 'type';
  hasDoc: boolean;
  hasExample: boolean;
  file: string;
}

/** src entry of each package.json export (Node-only CLI included: its exports are documented too). */
export function entryPoints(): { subpath: string; file: string }[] {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  return Object.keys(pkg.exports)
    .filter((k) => k !== './package.json')
    .map((k) => ({ subpath: k === '.' ? 'custodia' : `custodia/${k.slice(2)}`, file: resolve(ROOT, k === '.' ? 'src/index.ts' : `src/${k.slice(2)}/index.ts`) }));
}

export function exportedSymbols(): ExportedSymbol[] {
  const entries = entryPoints();
  const program = ts.createProgram(
    entries.map((e) => e.file),
    { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, noEmit: true, skipLibCheck: true, allowJs: false, resolveJsonModule: true },
  );
  const checker = program.getTypeChecker();
  const out: ExportedSymbol[] = [];
  for (const e of entries) {
    const sf = program.getSourceFile(e.file);
    if (!sf) continue;
    const mod = checker.getSymbolAtLocation(sf);
    if (!mod) continue;
    for (const exp of checker.getExportsOfModule(mod)) {
      const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      const decls = target.getDeclarations() ?? [];
      const tags = decls.flatMap((d) => ts.getJSDocTags(d));
      const docs = decls.flatMap((d) => ts.getJSDocCommentsAndTags(d));
      const hasDoc = target.getDocumentationComment(checker).some((p) => p.text.trim().length > 0) || docs.length > 0;
      const value = (target.flags & ts.SymbolFlags.Value) !== 0;
      out.push({
        subpath: e.subpath,
        name: exp.getName(),
        kind: value ? 'value' : 'type',
        hasDoc,
        hasExample: tags.some((t) => t.tagName.text === 'example'),
        file: decls[0]?.getSourceFile().fileName.replace(`${ROOT}/`, '') ?? '?',
      });
    }
  }
  return out;
}
