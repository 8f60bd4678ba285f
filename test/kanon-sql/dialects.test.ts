// The Trino and Spark SQL text of a full run, parsed by node-sql-parser (a maintained parser with
// Trino and Hive grammars; it has no Spark grammar, and Spark SQL descends from HiveQL). Its
// Trino and Hive grammars lack `CREATE TABLE … AS SELECT` and `DROP TABLE IF EXISTS` (both in
// Trino's and Spark's reference manuals), so for those the SELECT part is parsed and the
// wrapper is matched exactly; every other statement is parsed whole. Its Trino grammar also
// rejects a doubled `""` inside a quoted identifier (Trino's own grammar allows it), so the
// column names here carry `'` and spaces, not `"`.
import nodeSqlParser from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymizeSql, duckdbExecutor, toReplayableSql, type SqlExecutor } from '../../src/kanon/sql/index.js';
import { loadRows } from './_tables.js';

const { Parser } = nodeSqlParser;
const parser = new Parser();

// Spark without spark.sql.ansi.doubleQuotedIdentifiers: "ident" → `ident` (backtick doubled), string literals kept.
function backticks(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length; ) {
    const ch = sql[i]!;
    if (ch === "'") {
      let j = i + 1;
      while (j < sql.length && sql[j] !== "'") j += sql[j] === '\\' ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '"') {
      let j = i + 1;
      let name = '';
      for (; j < sql.length; j++) {
        if (sql[j] === '"') { if (sql[j + 1] === '"') { name += '"'; j++; continue; } break; }
        name += sql[j];
      }
      out += '`' + name.replace(/`/g, '``') + '`';
      i = j + 1;
    } else { out += ch; i++; }
  }
  return out;
}

const CTAS = /^CREATE TABLE ([`"][^`"]+[`"]) AS (SELECT .*)$/s;
const DROP = /^DROP TABLE IF EXISTS [`"]custodia_[0-9a-f]{12}_\w+[`"]$/;

/** Parses one statement in `database`, or its SELECT part for CTAS; returns the statement types seen. */
function check(sql: string, database: 'trino' | 'hive'): string {
  if (DROP.test(sql)) return 'drop';
  const ctas = CTAS.exec(sql);
  const ast = parser.astify(ctas ? ctas[2]! : sql, { database });
  const type = (Array.isArray(ast) ? ast[0] : ast)?.type ?? '?';
  return ctas ? `create-as-${type}` : type;
}

describe('Trino and Spark SQL text of a run, parsed', () => {
  let db: SqlExecutor;
  beforeAll(async () => {
    db = duckdbExecutor();
  });
  afterAll(async () => db.close());

  it('every statement parses in node-sql-parser\'s Trino grammar (standard literals) and Hive grammar (Spark escapes)', async () => {
    const values = ["it's", 'back\\slash', '$1', "'); DROP TABLE x; --", '上海'];
    const rows = Array.from({ length: 60 }, (_, i) => ({ id: String(i), "a'ge": String(20 + (i % 5)), city: values[i % values.length]! }));
    rows.push({ id: '60', "a'ge": '47', city: "it's" });
    await loadRows(db, 'v x', ['id', "a'ge", 'city'], rows);
    const res = await anonymizeSql(db, {
      table: 'v x',
      quasiIdentifiers: { "a'ge": [...['20', '21', '22', '23', '24'].map((a) => [a, '2x', '*']), ['47', '4x', '*']], city: values.map((v) => [v, `${v}*`, '*']) },
      k: 6,
      suppressionLimit: 0.05,
      output: { table: 'v_anon' },
    });
    expect(res.suppressed).toBeGreaterThan(0);
    const trino = toReplayableSql(res).map((s) => check(s, 'trino'));
    const spark = toReplayableSql(res, { dialect: 'spark' }).map((s) => check(backticks(s), 'hive'));
    for (const seen of [trino, spark]) {
      expect(new Set(seen)).toEqual(new Set(['select', 'create', 'insert', 'create-as-select', 'alter', 'drop']));
    }
  });

  it('the parsers can fail: a broken statement and a wrongly escaped Spark literal are rejected', () => {
    expect(() => check('SELECT FROM WHERE', 'trino')).toThrow();
    // Standard doubling read by Spark's rules would end the literal early: the Hive grammar sees the rest as garbage.
    expect(() => check("INSERT INTO `h` VALUES ('it''s x', 'b' 'c')", 'hive')).toThrow();
    expect(check("INSERT INTO `h` VALUES ('it\\'s', 'b')", 'hive')).toBe('insert');
  });
});
