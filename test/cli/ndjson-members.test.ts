// The NDJSON reader keeps non-string values as their source text: its split of an object into
// top-level members must agree with JSON.parse on every valid object, whatever the spacing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ndjsonOf, rawMembers } from '../../src/cli/_ndjson.js';
import { cellOf } from '../../src/cli/_output.js';
import { RawJson } from '../../src/cli/_records.js';

const spaced = fc.tuple(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 }), fc.constantFrom(undefined, 1, '\t', ' \r\n'));

describe('rawMembers', () => {
  it('gives each top-level member of a JSON object with its value text, as JSON.parse reads it', () => {
    fc.assert(
      fc.property(spaced, ([obj, space]) => {
        const text = ` ${JSON.stringify(obj, null, space as string | number | undefined)} `;
        const members = rawMembers(text);
        expect(members.map(([k]) => k).sort()).toEqual(Object.keys(JSON.parse(text) as object).sort());
        expect(Object.fromEntries(members.map(([k, v]) => [k, JSON.parse(v) as unknown]))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps number text JSON.parse would change, and writes it back as read', () => {
    const text = '{"big":12345678901234567890,"f":1.50,"e":1E+2,"s":"a\\"}b","o":{"x":[1,"]"]}}';
    const fields = Object.fromEntries(rawMembers(text).map(([k, v]) => [k, v.startsWith('"') ? (JSON.parse(v) as string) : new RawJson(v)]));
    expect(ndjsonOf(fields)).toBe(text);
    expect(cellOf(fields['o'])).toBe('{"x":[1,"]"]}');
    expect(cellOf(new RawJson('null'))).toBe('');
  });
});
