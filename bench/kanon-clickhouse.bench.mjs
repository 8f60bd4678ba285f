// custodia/kanon/sql on a 2-shard ClickHouse cluster (Debian's clickhouse-server 18.16, two
// processes on loopback) vs embedded DuckDB, in one run, on the same synthetic retail table that
// each engine generates itself (test/kanon-clickhouse/_retail.ts: integer hashing of the row
// number, so both hold identical rows). Per engine: anonymizeSql search only (one GROUP BY +
// the lattice search in JS), the same with the output table written inside the engine, and
// mondrianSql (rounds of histograms) with its output; peak JS heap above the baseline and what
// crossed into JS (rows returned by the engine: frequency-set classes and histogram rows; source
// rows: DuckDB's one-row column probe; ClickHouse reads its columns with DESCRIBE TABLE). `npm run bench -- kanon-clickhouse`; rows from
// CLICKHOUSE_BENCH_ROWS (default 10,000,000).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { anonymizeSql, clickhouseExecutor, duckdbExecutor, mondrianSql } from '../dist/kanon/sql/index.js';

const ROWS = Number(process.env.CLICKHOUSE_BENCH_ROWS ?? 10_000_000);
// Mondrian with k = 10 on 10M rows makes ~500k partitions; k = 1000 keeps its histograms (and the run) bounded.
const MONDRIAN_K = ROWS >= 1_000_000 ? 1000 : 10;
const dir = mkdtempSync(join(tmpdir(), 'custodia-kanon-clickhouse-bench-'));

// The tests' cluster and table helpers are TypeScript: bundle them once for this process.
const bundled = await build({
  stdin: {
    contents: "export * from './test/kanon-clickhouse/_cluster.ts'; export * from './test/kanon-clickhouse/_retail.ts';",
    resolveDir: new URL('..', import.meta.url).pathname, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent',
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
writeFileSync(join(dir, 'helpers.mjs'), bundled.outputFiles[0].text);
const h = await import(pathToFileURL(join(dir, 'helpers.mjs')).href);
if (!h.CLICKHOUSE_PRESENT) {
  console.log(`skipped: clickhouse-server not found at ${h.CLICKHOUSE_BIN} (apt-get install -y clickhouse-server)`);
  process.exit(0);
}

// Counts what the engine returns to JS, per run.
function counting(db) {
  const c = { rows: 0, statements: 0 };
  const wrapped = {
    ...db,
    async query(sql, params) { c.statements++; const r = await db.query(sql, params); c.rows += r.length; return r; },
    async *batches(sql, params) { c.statements++; for await (const b of db.batches(sql, params)) { c.rows += b.length; yield b; } },
  };
  if (db.clickhouse) wrapped.clickhouse = { ...db.clickhouse, onShard: async (i, sql) => { c.statements++; const r = await db.clickhouse.onShard(i, sql); c.rows += r.length; return r; } };
  return { db: wrapped, c };
}

async function measure(fn) {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = globalThis.setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 5);
  const s = performance.now();
  const out = await fn();
  const ms = performance.now() - s;
  globalThis.clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, heapMB: (peak - base) / 2 ** 20, out };
}

const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (x) => `${x.toFixed(1)} MB`;
const lv = (l) => Object.values(l).join(',');
const opts = h.retailOptions();
const table = [];
const answers = {};

const cluster = await h.startCluster(2);
const duck = duckdbExecutor(join(dir, 'bench.duckdb'));
try {
  await duck.query("SET memory_limit = '1500MB'");
  await duck.query('SET threads = 2');
  let s = performance.now();
  await duck.query(h.duckdbRetail('visits', ROWS));
  const duckGen = performance.now() - s;
  await cluster.createSharded('visits', h.CLICKHOUSE_RETAIL_TYPES);
  s = performance.now();
  await Promise.all([cluster.sql(h.clickhouseRetailInsert('visits_local', 0, ROWS / 2), 0), cluster.sql(h.clickhouseRetailInsert('visits_local', ROWS / 2, ROWS), 1)]);
  const chGen = performance.now() - s;
  const ch = clickhouseExecutor({ url: cluster.url, cluster: h.CLUSTER, shards: cluster.shards.map((x) => x.url), requestTimeoutMs: 1_800_000 });
  const engines = [
    ['DuckDB (embedded, file)', duck, duckGen],
    ['ClickHouse 18.16, 2 shards', ch, chGen],
  ];
  // Interleaved: each measurement runs on both engines back to back, best of 2 for the search.
  for (const [what, run] of [
    ['anonymizeSql, search only (best of 2)', (db) => anonymizeSql(db, { ...opts, table: 'visits' })],
    ['anonymizeSql + output table', (db) => anonymizeSql(db, { ...opts, table: 'visits', output: { table: `visits_anon_${Date.now()}` } })],
    [`mondrianSql + output table (k = ${MONDRIAN_K})`, (db) => mondrianSql(db, { quasiIdentifiers: opts.quasiIdentifiers, k: MONDRIAN_K, table: 'visits', output: { table: `visits_m_${Date.now()}` } })],
  ]) {
    for (const [name, db, gen] of engines) {
      const tries = what.includes('best of 2') ? 2 : 1;
      let best;
      for (let i = 0; i < tries; i++) {
        const { db: wrapped, c } = counting(db);
        const m = await measure(() => run(wrapped));
        if (!best || m.ms < best.ms) best = { ...m, c };
      }
      const o = best.out;
      const answer = o.levels ? `levels ${lv(o.levels)}, ${o.suppressed.toLocaleString('en')} suppressed, ${o.stats.bottomClasses.toLocaleString('en')} classes` : `${o.partitions.toLocaleString('en')} partitions, ${o.stats.rounds} rounds, NCP ${o.informationLoss.toFixed(4)}`;
      (answers[what] ??= []).push(answer);
      table.push([what, name, sec(best.ms), mb(best.heapMB), best.c.statements, best.c.rows.toLocaleString('en'), answer, `generated in ${sec(gen)}`]);
    }
  }
  await ch.close();
} finally {
  await duck.close();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`${ROWS.toLocaleString('en')} synthetic retail visits; k = 10, 1% suppression, entropy; QIs age, gender, district (30), hour, spend.`);
console.log('Rows to JS = rows the engine returned (frequency-set classes, histogram rows, DDL and DESCRIBE replies); source rows to JS: DuckDB 1 (the LIMIT 1 column probe), ClickHouse 0 (DESCRIBE TABLE).\n');
console.log('| run | engine | time | peak JS heap | statements | rows to JS | answer | table |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of table) console.log(`| ${r.join(' | ')} |`);
for (const [what, a] of Object.entries(answers)) console.log(`\n${what}: ${a[0] === a[1] ? 'same answer on both engines' : 'DIFFERENT answers: ' + a.join(' vs ')}`);
