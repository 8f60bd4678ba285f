/**
 * Replaying a run elsewhere: `anonymizeSql` sends values as `$n` parameters, never in the SQL
 * text. `result.statements` keeps each statement with its parameters; `toReplayableSql` inlines
 * them as quoted SQL literals so the statements can be pasted into an engine without a driver
 * (Spark SQL, Trino, a console).
 * @module
 */
import { CustodiaError } from '../../errors/index.js';
import { needArray, needObject, needString } from '../../errors/_args.js';

/**
 * One statement as executed: text with `$1, $2, …` placeholders and the values bound to them.
 * @example
 * ```ts
 * const stmt: SqlStatement = { text: 'INSERT INTO h VALUES ($1, $2)', params: ["it's", 7] };
 * toReplayableSql([stmt]); // ["INSERT INTO h VALUES ('it''s', 7)"]
 * ```
 */
export interface SqlStatement {
  readonly text: string;
  readonly params: readonly unknown[];
}

/**
 * Options of {@link toReplayableSql}.
 * @example
 * ```ts
 * const opts: ReplayOptions = { dialect: 'spark' };
 * inlineParams('SELECT $1', ["it's"], opts); // "SELECT 'it\\'s'"
 * ```
 */
export interface ReplayOptions {
  /**
   * How string literals are written. `standard` (default; PostgreSQL, DuckDB, Trino): `'…'` with
   * `'` doubled, backslashes as they are. `spark`: Spark SQL reads `\` as an escape and joins
   * adjacent literals (`'a''b'` is `'ab'` there), so `\` and `'` are escaped with a backslash.
   */
  dialect?: 'standard' | 'spark';
}

/**
 * A value as a SQL literal: strings quoted, finite numbers and bigints as numbers, `null` /
 * `undefined` as NULL, booleans as TRUE / FALSE. Anything else (objects, NaN, Infinity) throws
 * `INVALID_ARGUMENT` without echoing the value.
 *
 * @example
 * ```ts
 * sqlLiteral("it's");          // "'it''s'"
 * sqlLiteral(42);              // '42'
 * sqlLiteral(null);            // 'NULL'
 * sqlLiteral("it's", 'spark'); // "'it\\'s'"
 * ```
 */
export function sqlLiteral(value: unknown, dialect: 'standard' | 'spark' = 'standard'): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new CustodiaError('INVALID_ARGUMENT', 'a parameter contains a NUL character, which SQL text cannot carry', { field: 'params' });
    return dialect === 'spark' ? `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'` : `'${value.replace(/'/g, "''")}'`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CustodiaError('INVALID_ARGUMENT', 'a numeric parameter is not finite and has no SQL literal', { field: 'params' });
    return Object.is(value, -0) ? '0' : String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  throw new CustodiaError('INVALID_ARGUMENT', 'a parameter is not a string, number, boolean or null and has no SQL literal', { field: 'params' });
}

/**
 * Replaces the `$n` placeholders of `text` by literals of `params[n - 1]`. Placeholders inside
 * quoted identifiers (`"…"`), string literals (`'…'`, `E'…'`), dollar-quoted strings and comments
 * are left alone, so hostile column names or a caller's subquery that contain `$1` stay intact.
 *
 * @example
 * ```ts
 * inlineParams('INSERT INTO "h$1" VALUES ($1, $2)', ["it's", 7]); // `INSERT INTO "h$1" VALUES ('it''s', 7)`
 * ```
 */
export function inlineParams(text: string, params: readonly unknown[], options: ReplayOptions = {}): string {
  needString(text, 'text');
  needArray(params, 'params');
  needObject(options, 'options');
  for (const p of params)
    if (typeof p === 'symbol' || typeof p === 'function') throw new CustodiaError('INVALID_ARGUMENT', 'params expected SQL values (strings, numbers, booleans, null, bigint, Date, bytes)', { field: 'params' });
  const dialect = options.dialect ?? 'standard';
  if (dialect !== 'standard' && dialect !== 'spark') throw new CustodiaError('INVALID_ARGUMENT', 'dialect must be standard or spark', { field: 'dialect' });
  let out = '';
  let i = 0;
  const n = text.length;
  const skipQuoted = (quote: string, backslash: boolean): void => {
    // From the opening quote at i to just past the closing one; a doubled quote stays inside.
    let j = i + 1;
    while (j < n) {
      if (backslash && text[j] === '\\') { j += 2; continue; }
      if (text[j] === quote) {
        if (text[j + 1] === quote) { j += 2; continue; }
        j++;
        break;
      }
      j++;
    }
    out += text.slice(i, j);
    i = j;
  };
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"' || ch === '`') skipQuoted(ch, false);
    else if (ch === "'") skipQuoted("'", dialect === 'spark' || ((text[i - 1] === 'E' || text[i - 1] === 'e') && !/[\w$]/.test(text[i - 2] ?? '')));
    else if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const j = end < 0 ? n : end;
      out += text.slice(i, j);
      i = j;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const j = end < 0 ? n : end + 2;
      out += text.slice(i, j);
      i = j;
    } else if (ch === '$') {
      const digits = /^\$(\d+)/.exec(text.slice(i, i + 12));
      const tag = digits ? undefined : /^\$([A-Za-z_][\w]*)?\$/.exec(text.slice(i));
      if (digits && !/[\w$]/.test(text[i - 1] ?? '')) {
        const k = Number(digits[1]);
        if (k < 1 || k > params.length)
          throw new CustodiaError('INVALID_ARGUMENT', `placeholder $${k} has no parameter (${params.length} given)`, { field: 'params' });
        out += sqlLiteral(params[k - 1], dialect);
        i += digits[0].length;
      } else if (tag && !/[\w$]/.test(text[i - 1] ?? '')) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        const j = end < 0 ? n : end + tag[0].length;
        out += text.slice(i, j);
        i = j;
      } else {
        out += ch;
        i++;
      }
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/**
 * The statements of an `anonymizeSql` run with their parameters inlined as SQL literals, in
 * the order they ran: run them one by one on another engine holding the same source table to
 * get the same output table. Values are quoted, never executed: a hierarchy value `'); DROP …`
 * stays a string.
 *
 * @example
 * ```ts
 * const r = await anonymizeSql(db, { table: 'visits', quasiIdentifiers, k: 10, output: { table: 'visits_anon' } });
 * for (const sql of toReplayableSql(r)) console.log(sql + ';');          // PostgreSQL, DuckDB, Trino
 * toReplayableSql(r, { dialect: 'spark' });                             // Spark SQL string escapes
 * ```
 */
export function toReplayableSql(result: { readonly statements: readonly SqlStatement[] } | readonly SqlStatement[], options: ReplayOptions = {}): string[] {
  if (!Array.isArray(result)) needObject(result, 'result');
  const statements = Array.isArray(result) ? (result as readonly SqlStatement[]) : (result as { readonly statements: readonly SqlStatement[] })?.statements;
  if (!Array.isArray(statements)) throw new CustodiaError('INVALID_ARGUMENT', 'toReplayableSql needs an anonymizeSql result or its statements', { field: 'statements' });
  return statements.map((s: unknown) => {
    needObject(s, 'statements[]');
    const st = s as { text: string; params?: unknown[] };
    return inlineParams(st.text, st.params ?? [], options);
  });
}
