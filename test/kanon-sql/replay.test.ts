// Replaying a run (issue 11: "result.sql shows it so a user can run it on Spark or Trino
// themselves"): result.statements carries every statement with its parameters, and
// toReplayableSql inlines them as SQL literals. Run on a second DuckDB holding the same source,
// the inlined statements produce the same output table, hostile values and all.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCustodiaError } from '../../src/errors/index.js';
import { anonymize } from '../../src/kanon/index.js';
import { anonymizeSql, duckdbExecutor, inlineParams, sqlLiteral, toReplayableSql, type SqlExecutor } from '../../src/kanon/sql/index.js';
import { loadRows, readSorted, sortedRows, tableNames } from './_tables.js';

const NASTY = ["'", "it's", '$1', '$2x', '\\', 'a\\nb', '\n', '年', '🙂', '); DROP TABLE "sentinel"; --', "'); DROP TABLE sentinel; --", '"', '/* x */', '-- y', '$$q$$', ' '];

// A table whose column names and values are hostile to naive quoting or placeholder replacement.
const QA = 'age $1 "it\'s"';
const QB = "store's -- $2";
function hostile(): { rows: Record<string, string>[]; columns: string[]; quasi: Record<string, string[][]> } {
  // 640 distinct ages: more than one INSERT batch (500 rows) for its hierarchy table.
  const ages = Array.from({ length: 640 }, (_, i) => `${NASTY[i % NASTY.length]}${i}`);
  const stores = NASTY.map((v, i) => `${v}s${i}`);
  const rows = Array.from({ length: 900 }, (_, i) => ({
    id: String(i),
    [QA]: ages[(i * 7) % 624]!,
    [QB]: stores[(i * 5) % stores.length]!,
    note: NASTY[i % NASTY.length]!,
  }));
  // Two rows alone in the last age group (ages 624-639) and in different store groups: suppressing
  // them beats generalizing everyone, so the run writes a table of suppressed classes too.
  rows[0]![QA] = ages[630]!;
  rows[0]![QB] = stores[0]!;
  rows[1]![QA] = ages[635]!;
  rows[1]![QB] = stores[1]!;
  const quasi = {
    [QA]: ages.map((a, i) => [a, `${NASTY[(i >> 4) % NASTY.length]}'g${i >> 4}`, `${NASTY[(i >> 7) % NASTY.length]}G${i >> 7}`, '*']),
    [QB]: stores.map((s, i) => [s, `${NASTY[i % 3]}${i % 3}`, '*']),
  };
  return { rows, columns: ['id', QA, QB, 'note'], quasi };
}

let dir: string;
let first: SqlExecutor;
let second: SqlExecutor;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'custodia-kanon-replay-'));
  first = duckdbExecutor();
  second = duckdbExecutor();
});
afterAll(async () => {
  await first.close();
  await second.close();
  rmSync(dir, { recursive: true, force: true });
});

async function replay(db: SqlExecutor, statements: readonly string[]): Promise<void> {
  // No parameters: everything the statements need is in their text.
  for (const sql of statements) await db.query(sql);
}

describe('replaying anonymizeSql on another engine', () => {
  it('S3.8: result.statements carries each statement with its parameters; result.sql is their texts', async () => {
    const { rows, columns, quasi } = hostile();
    await loadRows(first, 'src', columns, rows);
    const res = await anonymizeSql(first, { table: 'src', quasiIdentifiers: quasi, k: 4, suppressionLimit: 0.05, metric: 'entropy', output: { table: 'out1' } });
    expect(res.suppressed).toBeGreaterThan(0);
    const texts = res.statements.map((s) => s.text);
    expect(texts.filter((t, i) => t !== texts[i - 1])).toEqual(res.sql);
    expect(res.statements.filter((st) => st.text.startsWith('INSERT INTO')).length).toBeGreaterThanOrEqual(3); // two batches of ages, one of stores
    // Every placeholder has its value (inlining throws on a placeholder without a parameter).
    for (const st of res.statements) expect(() => inlineParams(st.text, st.params)).not.toThrow();
    expect(res.statements.some((st) => st.params.includes('); DROP TABLE "sentinel"; --s9'))).toBe(true);
  });

  it('S3.8: the inlined statements, run without parameters on a second DuckDB, give the same output table', async () => {
    const { rows, columns, quasi } = hostile();
    await loadRows(first, 'src2', columns, rows);
    const res = await anonymizeSql(first, { table: 'src2', quasiIdentifiers: quasi, k: 4, suppressionLimit: 0.05, output: { table: 'out2' } });
    expect(res.suppressed).toBeGreaterThan(0);
    const expected = await readSorted(first, 'out2', columns);
    const mem = anonymize(rows, { quasiIdentifiers: quasi, k: 4, suppressionLimit: 0.05 });
    expect(expected).toEqual(sortedRows(mem.rows, columns));

    await loadRows(second, 'src2', columns, rows);
    await second.query('CREATE TABLE "sentinel" ("x" VARCHAR)');
    const sql = toReplayableSql(res);
    // No placeholder is left outside quoted names and literals (inlining with no parameters would throw).
    for (const text of sql) expect(inlineParams(text, [])).toBe(text);
    await replay(second, sql);
    expect(await readSorted(second, 'out2', columns)).toEqual(expected);
    // Hostile values stayed values; the helper tables were dropped by the replay too.
    expect(await tableNames(second)).toEqual(['out2', 'sentinel', 'src2']);
  });

  it('S3.8: a Parquet source whose path holds a quote replays with the path as a literal', async () => {
    const { rows, columns, quasi } = hostile();
    const sub = join(dir, "it's a $1 dir");
    mkdirSync(sub);
    const file = join(sub, 'visits.parquet');
    await loadRows(first, 'src3', columns, rows);
    await first.query(`COPY "src3" TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
    const res = await anonymizeSql(first, { table: file, quasiIdentifiers: quasi, k: 6, suppressionLimit: 0.02, output: { table: 'out3' } });
    expect(res.sql.some((s) => s.includes(file))).toBe(false);
    const sql = toReplayableSql(res);
    expect(sql.some((s) => s.includes(`read_parquet(${sqlLiteral(file)})`))).toBe(true);
    await replay(second, sql);
    expect(await readSorted(second, 'out3', columns)).toEqual(await readSorted(first, 'out3', columns));
  });

  it('a read-only run (no output) replays as its two reads', async () => {
    const { rows, columns, quasi } = hostile();
    await loadRows(first, 'src4', columns, rows);
    const res = await anonymizeSql(first, { table: 'src4', quasiIdentifiers: quasi, k: 4 });
    const sql = toReplayableSql(res.statements);
    expect(sql).toHaveLength(2);
    await loadRows(second, 'src4', columns, rows);
    const counted = await second.query(sql[1]!);
    expect(counted.reduce((s, r) => s + Number(r.n), 0)).toBe(rows.length);
  });
});

describe('SQL literals and placeholder inlining', () => {
  it('quotes strings the standard way, numbers as numbers, NULL, booleans', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral("''")).toBe("''''''");
    expect(sqlLiteral('a\\b')).toBe("'a\\b'");
    expect(sqlLiteral('')).toBe("''");
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral(-1.5)).toBe('-1.5');
    expect(sqlLiteral(12345678901234567890n)).toBe('12345678901234567890');
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
    expect(sqlLiteral(true)).toBe('TRUE');
  });

  it('spark dialect escapes backslash and quote with a backslash (Spark joins adjacent literals)', () => {
    expect(sqlLiteral("it's", 'spark')).toBe("'it\\'s'");
    expect(sqlLiteral('a\\nb', 'spark')).toBe("'a\\\\nb'");
    expect(inlineParams('SELECT $1', ["x'\\"], { dialect: 'spark' })).toBe("SELECT 'x\\'\\\\'");
  });

  it('replaces placeholders only outside quoted names, literals, dollar quotes and comments', () => {
    expect(inlineParams('INSERT INTO "h$1" VALUES ($1, $2), ($10, $3)', ['a', 'b', 'c', 4, 5, 6, 7, 8, 9, 'ten'])).toBe(
      `INSERT INTO "h$1" VALUES ('a', 'b'), ('ten', 'c')`,
    );
    expect(inlineParams(`SELECT '$1', "x""$1", $1 -- $1\n, /* $1 */ $$ $1 $$, $t$ $1 $t$, E'\\'$1', x$1`, ["'"])).toBe(
      `SELECT '$1', "x""$1", '''' -- $1\n, /* $1 */ $$ $1 $$, $t$ $1 $t$, E'\\'$1', x$1`,
    );
    // A value that looks like a placeholder is not replaced again.
    expect(inlineParams('VALUES ($1, $2)', ['$2', 'b'])).toBe("VALUES ('$2', 'b')");
  });

  it('refuses what has no literal, without echoing the value', () => {
    const secret = '13812345678';
    for (const f of [
      () => inlineParams('SELECT $2', [secret]),
      () => sqlLiteral({ secret }),
      () => sqlLiteral(Number.NaN),
      () => sqlLiteral(`${secret}\u0000`),
      () => toReplayableSql({} as never),
      () => inlineParams('SELECT 1', [], { dialect: 'mysql' as never }),
    ]) {
      let err: unknown;
      try { f(); } catch (e) { err = e; }
      expect(isCustodiaError(err, 'INVALID_ARGUMENT')).toBe(true);
      expect((err as Error).message).not.toContain(secret);
    }
  });
});
