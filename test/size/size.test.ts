// Bundle-size ceilings (test/size/ceilings.json) on the built package, and the isolation rule:
// a consent-only bundle carries nothing of kanon or detect.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { forbiddenInputs, measure, readmeTable, readmeTableNow } from './size.mjs';

const ROOT = resolve(__dirname, '../..');

describe('npm run size', () => {
  it('every fixture and WASM core file stays under its committed gzip ceiling', async () => {
    expect(existsSync(resolve(ROOT, 'dist/index.js')), 'run npm run build first').toBe(true);
    const { rows, problems } = (await measure()) as { rows: { name: string; gzip: number }[]; problems: string[] };
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['mask', 'mask-phone', 'sha256-js', 'consent-purpose', 'wasm:custodia.wasm', 'wasm:custodia-simd.wasm']));
    for (const r of rows) expect(r.gzip).toBeGreaterThan(0);
  });

  // Issue 15's budgets, met: a phone mask <= 2 KiB, sha256 <= 4 KiB, consent + purpose + memory store <= 20 KiB.
  // The whole `mask` object (every mask, ~3 KiB) is not under 2 KiB: the compound-surname table (~0.55 KiB gzip),
  // the administrative-level address pattern (~0.3 KiB) and the error class with its argument checks (~0.5 KiB,
  // in every bundle) leave ~0.7 KiB for nine masks (ceilings.json says more).
  it('issue 15 budgets: a phone mask <= 2 KiB, sha256 <= 4 KiB, consent + purpose <= 20 KiB', async () => {
    const c = (await import('./ceilings.json')).default as unknown as Record<string, number>;
    expect(c['mask-phone']).toBeLessThanOrEqual(2048);
    expect(c['sha256-js']).toBeLessThanOrEqual(4096);
    expect(c['consent-purpose']).toBeLessThanOrEqual(20480);
  });

  it('the README size table is the one measured here (same fixtures and ceilings, sizes within 3%)', async () => {
    const { rows } = (await measure()) as { rows: { name: string; gzip: number; ceiling: number }[] };
    const parse = (t: string) => [...t.matchAll(/^\| `([^`]+)` \| .* \| ([\d.]+) KiB \| ([\d.]+) KiB \|$/gm)].map((m) => ({ name: m[1]!, gzip: Number(m[2]) * 1024, ceiling: Number(m[3]) * 1024 }));
    const inReadme = parse(readmeTableNow() ?? '');
    const expected = parse(readmeTable(rows) as string);
    expect(inReadme.map((r) => [r.name, r.ceiling])).toEqual(expected.map((r) => [r.name, r.ceiling]));
    for (const [i, r] of inReadme.entries()) expect(Math.abs(r.gzip - expected[i]!.gzip) / expected[i]!.gzip, `${r.name}: run node test/size/size.mjs --readme`).toBeLessThan(0.03);
  });

  it('the isolation check sees detect when a bundle does pull it (so a clean result means something)', async () => {
    const bad = (await forbiddenInputs(resolve(ROOT, 'src/detect/index.ts'))) as string[];
    expect(bad.some((p) => p.startsWith('src/detect/'))).toBe(true);
    expect(await forbiddenInputs(resolve(ROOT, 'src/mask/index.ts'))).toEqual([]);
  });
});
