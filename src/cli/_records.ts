/**
 * Records as the CLI's commands see them: a row number and fields (CSV cells kept as read), bad
 * rows named by number and field only, and NDJSON scalars kept as written.
 */
import { rowLine } from './_errors.js';

/**
 * A non-string NDJSON value (number, boolean, null, object or array) kept as its source text, so a
 * field no command touches is written back exactly as it was read (`12345678901234567890` and
 * `1.50` included, which a JSON.parse round trip would change).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A field value: a string (every CSV and text field, NDJSON strings) or a kept NDJSON value. */
export type Value = string | RawJson;

/** One input record: its 1-based data row number (header not counted) and its fields. */
export interface InRecord {
  row: number;
  fields: Record<string, Value>;
  /** CSV only: the cells in header order (fields is built from them when first asked for). */
  cells?: string[];
  /** CSV only: read from a block without quotes (no cell holds a quote, CR, LF or the input delimiter). */
  plain?: boolean;
}

/** A CSV record: cells as read; the fields object only when a command asks for it. */
export class CsvRecord implements InRecord {
  private f: Record<string, string> | undefined;
  constructor(
    readonly row: number,
    readonly cells: string[],
    private readonly header: readonly string[],
    readonly plain: boolean,
  ) {}

  get fields(): Record<string, string> {
    if (this.f) return this.f;
    const f: Record<string, string> = {};
    for (let j = 0; j < this.header.length; j++) f[this.header[j]!] = this.cells[j]!;
    return (this.f = f);
  }
}

/** What a command writes: strings, kept values, or numbers, booleans and null it made itself. */
export type OutRecord = Readonly<Record<string, Value | number | boolean | null | undefined>>;

/** Why a field a command transforms is refused: nested JSON is not transformed (never shown: the value). */
export const NOT_A_STRING = 'expected a string, number or boolean';

/**
 * The text a command transforms from a field: strings as they are, NDJSON numbers and booleans as
 * written (`{"age":39}`, a phone stored as a number), `null` as absent (undefined, left as it was);
 * nested objects and arrays give null, a bad field.
 */
export function scalarText(v: Value | undefined): string | undefined | null {
  if (v === undefined || typeof v === 'string') return v;
  const c = v.text.charAt(0);
  if (c === '{' || c === '[') return null;
  return v.text === 'null' ? undefined : v.text;
}

/** A row that could not be read as a record: reported by number (and field), never by value. */
export interface BadRecord {
  row: number;
  bad: string;
  field?: string;
}

/** The line a bad input row is reported with: `row 3, field x: expected …`. */
export function badLine(r: BadRecord): string {
  return rowLine(r.row, r.field, r.bad);
}

