/** What `custodia tokenize` does to one row, shared by the main thread and its workers. */
import { isCustodiaError } from '../errors/index.js';
import type { HashAlg } from '../hash/index.js';
import type { NormalizeKind } from '../normalize/index.js';
import { createTokenizer, type FpeFormat, type KeyRing, type SealAlg } from '../tokenize/index.js';
import { CliError, EXIT } from './_errors.js';
import { NOT_A_STRING } from './_records.js';

/** How one column is tokenized: `pseudonym`, `fpe:<format>`, `seal` or `seal:<alg>`. */
export interface ColumnSpec {
  column: string;
  mode: 'pseudonym' | 'fpe' | 'seal';
  format?: FpeFormat;
  alg?: SealAlg;
  normalize?: NormalizeKind;
}

export interface TokenizeSpec {
  columns: ColumnSpec[];
  purpose: string;
  hash: HashAlg;
}

const FORMATS = ['cn_mobile', 'cn_resident_id', 'bank_card', 'digits', 'email'];
const ALGS = ['xchacha20poly1305', 'aes-256-gcm-siv', 'sm4-gcm'];
const NORMALIZE = ['mobile', 'email', 'id_number', 'name', 'digits', 'none'];

export function parseColumns(specs: readonly string[], normalize: readonly string[] = []): ColumnSpec[] {
  const norms = new Map<string, NormalizeKind>();
  for (const n of normalize) {
    const [col, kind] = n.split('=');
    if (!col || !kind || !NORMALIZE.includes(kind)) throw new CliError(EXIT.usage, `--normalize expected column=kind with kind one of ${NORMALIZE.join(', ')}`);
    norms.set(col, kind as NormalizeKind);
  }
  return specs.map((s) => {
    const eq = s.indexOf('=');
    const column = s.slice(0, eq);
    const [mode, arg] = s.slice(eq + 1).split(':') as [string, string | undefined];
    if (eq <= 0) throw new CliError(EXIT.usage, '--column expected column=pseudonym, column=fpe:<format> or column=seal[:<alg>]');
    const n = norms.get(column);
    const base = n ? { column, normalize: n } : { column };
    if (mode === 'pseudonym' && arg === undefined) return { ...base, mode };
    if (mode === 'fpe' && arg && FORMATS.includes(arg)) return { ...base, mode, format: arg as FpeFormat };
    if (mode === 'seal' && (arg === undefined || ALGS.includes(arg))) return arg ? { ...base, mode, alg: arg as SealAlg } : { ...base, mode };
    throw new CliError(EXIT.usage, `--column ${column}: expected pseudonym, fpe:<${FORMATS.join('|')}> or seal[:<${ALGS.join('|')}>]`);
  });
}

/** A bad field as it crosses from a worker: code and message of the library error (no code: the CLI's reason), no value. */
export interface RowFailure {
  field: string;
  code?: string;
  message: string;
}

/** A good row: the tokenized columns (others as they were); or why the row failed. */
export type RowResult = Record<string, string> | { failure: RowFailure };

/**
 * A row as sent to the tokenizer: the text to tokenize ({@link scalarText}), and `null` for nested
 * NDJSON (an object or array), which fails the row at that field.
 */
export type TokenizeRow = Readonly<Record<string, string | null>>;

/** A batch by column: each target column's values (text, `null` for nested JSON, undefined when absent), row-aligned. */
export type TokenizeColumns = Record<string, readonly (string | null | undefined)[]>;

/** What a batch gives, by column: the token of each row (undefined: left as it was) and each row's failure. */
export interface ColumnResult {
  tokens: Record<string, (string | undefined)[]>;
  /** The row's first bad field in --column order, or undefined for a good row. */
  failures: (RowFailure | undefined)[];
}

/**
 * Tokenizes a batch given by column. Pseudonym columns go through one `pseudonyms` call per column
 * (the WASM batch HMAC); a batch with a value that does not normalize is redone value by value so
 * the bad row is named. Each row stops at its first bad field, as when rows are tokenized one by one.
 */
export function columnTokenizer(ring: KeyRing, spec: TokenizeSpec): (columns: TokenizeColumns, n: number) => ColumnResult {
  const fields = Object.fromEntries(spec.columns.filter((c) => c.normalize).map((c) => [c.column, { normalize: c.normalize! }]));
  const t = createTokenizer({ keyring: ring, purpose: spec.purpose, hash: spec.hash, fields });
  const present = (v: string | null | undefined): v is string => typeof v === 'string' && v !== '';
  const failure = (field: string, e: unknown): RowFailure => {
    if (!isCustodiaError(e)) throw e;
    return { field, code: e.code, message: e.message };
  };
  const pseudonymColumn = (column: string, values: readonly (string | null | undefined)[]): (string | RowFailure | undefined)[] => {
    const at: number[] = [];
    const given: string[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (present(v)) {
        at.push(i);
        given.push(v);
      }
    }
    let tokens: (string | RowFailure)[];
    try {
      tokens = t.pseudonyms(column, given);
    } catch (e) {
      if (!isCustodiaError(e)) throw e;
      tokens = given.map((v) => {
        try {
          return t.pseudonym(column, v);
        } catch (e1) {
          return failure(column, e1);
        }
      });
    }
    const out = new Array<string | RowFailure | undefined>(values.length);
    for (let k = 0; k < at.length; k++) out[at[k]!] = tokens[k]!;
    return out;
  };
  return (columns, n) => {
    const failures = new Array<RowFailure | undefined>(n);
    const tokens: Record<string, (string | undefined)[]> = {};
    for (const c of spec.columns) {
      const values = columns[c.column] ?? [];
      const pre = c.mode === 'pseudonym' ? pseudonymColumn(c.column, values) : undefined;
      const out = (tokens[c.column] = new Array<string | undefined>(n));
      for (let i = 0; i < n; i++) {
        if (failures[i]) continue;
        const v = values[i];
        if (v === null) {
          failures[i] = { field: c.column, message: NOT_A_STRING };
          continue;
        }
        if (!present(v)) continue;
        try {
          const token = pre ? pre[i]! : c.mode === 'fpe' ? t.formatPreserving(c.column, v, { format: c.format! }) : t.seal(c.column, v, c.alg ? { alg: c.alg } : {});
          if (typeof token === 'string') out[i] = token;
          else failures[i] = token;
        } catch (e) {
          failures[i] = failure(c.column, e);
        }
      }
    }
    return { tokens, failures };
  };
}

/** {@link columnTokenizer} on rows: a good row's result holds only the columns that were tokenized. */
export function batchTokenizer(ring: KeyRing, spec: TokenizeSpec): (rows: readonly TokenizeRow[]) => RowResult[] {
  const run = columnTokenizer(ring, spec);
  const names = [...new Set(spec.columns.map((c) => c.column))];
  return (rows) => {
    const columns: Record<string, (string | null | undefined)[]> = {};
    for (const c of names) columns[c] = rows.map((r) => r[c]);
    const { tokens, failures } = run(columns, rows.length);
    return rows.map((_, i) => {
      const f = failures[i];
      if (f) return { failure: f };
      const out: Record<string, string> = {};
      for (const c of names) {
        const token = tokens[c]![i];
        if (token !== undefined) out[c] = token;
      }
      return out;
    });
  };
}
