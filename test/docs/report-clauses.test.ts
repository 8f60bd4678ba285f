// The clause list compiled into the report is the one in test/docs/clauses.tsv (itself checked
// against the lead's shared copy): regenerate with node test/docs/report-clauses.gen.mjs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { generate } from './report-clauses.gen.mjs';

describe('report clause list', () => {
  it('P4.1: src/report/_clauses.generated.ts is generated from clauses.tsv as it is now', () => {
    expect(readFileSync(resolve(__dirname, '../../src/report/_clauses.generated.ts'), 'utf8')).toBe(generate());
  });
});
