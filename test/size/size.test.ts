// Bundle-size ceilings (test/size/ceilings.json) on the built package, and the isolation rule:
// a consent-only bundle carries nothing of kanon or detect.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { forbiddenInputs, measure } from './size.mjs';

const ROOT = resolve(__dirname, '../..');

describe('npm run size', () => {
  it('every fixture and WASM core file stays under its committed gzip ceiling', async () => {
    expect(existsSync(resolve(ROOT, 'dist/index.js')), 'run npm run build first').toBe(true);
    const { rows, problems } = (await measure()) as { rows: { name: string; gzip: number }[]; problems: string[] };
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['mask', 'sha256-js', 'wasm:custodia.wasm', 'wasm:custodia-simd.wasm']));
    for (const r of rows) expect(r.gzip).toBeGreaterThan(0);
  });

  it('the isolation check sees detect when a bundle does pull it (so a clean result means something)', async () => {
    const bad = (await forbiddenInputs(resolve(ROOT, 'src/detect/index.ts'))) as string[];
    expect(bad.some((p) => p.startsWith('src/detect/'))).toBe(true);
    expect(await forbiddenInputs(resolve(ROOT, 'src/mask/index.ts'))).toEqual([]);
  });
});
