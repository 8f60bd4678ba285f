import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs generator without types
import { OUTPUTS as TABLES } from './gen-tables.mjs';
// @ts-expect-error plain .mjs generator without types
import { namesSource } from './gen-names.mjs';

const OUTPUTS = { ...TABLES, 'src/detect/_names.generated.ts': namesSource };

describe('generated standards tables', () => {
  it.each(Object.keys(OUTPUTS as Record<string, () => string>))('%s is what gen-tables.mjs makes from the installed sources (name and version in its header)', (path) => {
    const committed = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
    const fresh = (OUTPUTS as Record<string, () => string>)[path]!();
    expect(committed).toBe(fresh);
    expect(committed).toMatch(/@\d+\.\d+\.\d+/);
  });
});
