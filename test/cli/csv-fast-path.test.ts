// The CLI's CSV reader against csv-parse, and its CSV writer against csv-stringify: random CSV
// (quotes, doubled quotes, delimiters and newlines inside quotes, CRLF, BOM, empty lines, ragged
// rows) cut into blocks at random newlines, as the reader receives it, gives the rows csv-parse
// gives for the whole text; every cell is written as csv-stringify writes it.
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CsvFailure, CsvRows } from '../../src/cli/_csv.js';
import { csvCellWriter } from '../../src/cli/_output.js';

const cellText = fc.stringMatching(/^[a-z王伟 ,;"\r\n\t]{0,6}$/);

/** A CSV document as a writer would produce it: cells quoted when they need it (or at random). */
const csvDoc = fc
  .record({
    rows: fc.array(fc.array(fc.record({ text: cellText, quote: fc.boolean() }), { minLength: 1, maxLength: 5 }), { minLength: 0, maxLength: 30 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    blank: fc.array(fc.nat(30), { maxLength: 3 }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    finalNewline: fc.boolean(),
  })
  .map(({ rows, crlf, bom, blank, delimiter, finalNewline }) => {
    const eol = crlf ? '\r\n' : '\n';
    const lines = rows.map((r) =>
      r.map(({ text, quote }) => (quote || /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text)).join(delimiter),
    );
    for (const b of blank) lines.splice(Math.min(b, lines.length), 0, '');
    return { text: (bom ? '\uFEFF' : '') + lines.join(eol) + (finalNewline && lines.length ? eol : ''), delimiter };
  });

/** Cuts `text` after random newlines: the blocks textBlocks hands over (whole lines each). */
function blocks(text: string, cuts: number[]): string[] {
  const nls = [...text.matchAll(/\n/g)].map((m) => m.index! + 1);
  const at = [...new Set(cuts.map((c) => nls[c % Math.max(nls.length, 1)]).filter((x): x is number => x !== undefined))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const a of at) {
    out.push(text.slice(prev, a));
    prev = a;
  }
  out.push(text.slice(prev));
  return out;
}

function fastRows(text: string, delimiter: string, cuts: number[]): string[][] {
  const r = new CsvRows(delimiter, 1 << 20);
  const out: string[][] = [];
  // textBlocks drops the byte order mark before the CSV reader sees the text.
  for (const b of blocks(text.replace(/^\uFEFF/, ''), cuts)) r.push(b, out);
  r.end(out);
  return out;
}

const reference = (text: string, delimiter: string) =>
  parse(text, { delimiter, bom: true, record_delimiter: ['\r\n', '\n'], relax_column_count: true, skip_empty_lines: true }) as string[][];

describe('CSV reader: fast path and csv-parse agree', () => {
  it('on random well-formed CSV in random blocks (quotes, CRLF, BOM, empty lines, ragged rows)', () => {
    fc.assert(
      fc.property(csvDoc, fc.array(fc.nat(), { maxLength: 6 }), ({ text, delimiter }, cuts) => {
        expect(fastRows(text, delimiter, cuts)).toEqual(reference(text, delimiter));
      }),
      { numRuns: 600, seed: 16_06 },
    );
  });

  it('on quote-free CSV (the fast path alone), including fields with spaces and empty fields', () => {
    const plain = fc.array(fc.array(fc.stringMatching(/^[a-z0-9 王伟\t]{0,5}$/), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(plain, fc.boolean(), fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom(',', ';', '||'), (rows, crlf, cuts, d) => {
        const text = rows.map((r) => r.join(d)).join(crlf ? '\r\n' : '\n') + '\n';
        expect(fastRows(text, d, cuts)).toEqual(reference(text, d));
      }),
      { numRuns: 400, seed: 16_07 },
    );
  });

  it('an unterminated quote fails at its record, as csv-parse counts it (the header is record 0)', () => {
    const lines = ['a,b', ...Array.from({ length: 1000 }, (_, i) => `${i},x`), '1001,"open', '1002,y'];
    const r = new CsvRows(',', 1 << 20);
    const out: string[][] = [];
    let failure: unknown;
    try {
      for (const b of blocks(lines.join('\n') + '\n', [100, 500, 1001])) r.push(b, out);
      r.end(out);
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(CsvFailure);
    expect((failure as CsvFailure).code).toBe('CSV_QUOTE_NOT_CLOSED');
    expect((failure as CsvFailure).record).toBe(1001);
  });
});

describe('CSV writer: cells as csv-stringify writes them', () => {
  it('quotes exactly the cells csv-stringify quotes, for each delimiter', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(cellText, fc.string()), { minLength: 1, maxLength: 6 }), fc.constantFrom(',', ';', '\t', '|'), (cells, delimiter) => {
        const cell = csvCellWriter(delimiter);
        expect(cells.map(cell).join(delimiter) + '\n').toBe(stringify([cells], { delimiter }));
      }),
      { numRuns: 1000, seed: 16_08 },
    );
  });
});
