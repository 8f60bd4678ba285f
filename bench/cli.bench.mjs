// The custodia CLI on a CSV export (built binary, dist/cli/index.js) against what a data engineer
// would otherwise write: a csv-parse -> node:crypto HMAC per field -> csv-stringify stream (no
// normalization, no key ring). Issue 16 targets: tokenize (pseudonym) >= 3x that script, mask
// >= 3x, scan --redact >= 2x, with bounded memory. Wall time per run includes process start-up and
// the key file's argon2id; each command runs CLI_BENCH_ROUNDS times interleaved (the machine is
// shared) and the best run counts. Peak RSS is the child's own (process.resourceUsage().maxRSS).
// Outputs are checked once per command (see check below), so a fast wrong answer cannot count.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const ROWS = Number(process.env.CLI_BENCH_ROWS ?? 200_000);
const ROUNDS = Number(process.env.CLI_BENCH_ROUNDS ?? 3);
const BIN = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'custodia-cli-bench-'));
const env = { ...process.env, CUSTODIA_PASSPHRASE: 'benchmark passphrase only' };

let x = 12345;
const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
const lines = ['name,phone,review'];
for (let i = 0; i < ROWS; i++) lines.push(`王${i % 1000},13${next() % 10}${String(next() % 1e8).padStart(8, '0')},送货很快，电话13${next() % 10}${String(next() % 1e8).padStart(8, '0')}请联系`);
const input = join(dir, 'in.csv');
writeFileSync(input, lines.join('\n') + '\n');
const keys = join(dir, 'keys.json');
spawnSync(process.execPath, [BIN, 'keys', 'generate', keys], { env });
const rss = join(dir, 'maxrss.cjs');
// Peak RSS from /proc/self/status (VmHWM, this process image only): getrusage's maxRSS carries the
// parent's peak across fork and exec on Linux, and this parent holds the parsed input for the checks.
writeFileSync(
  rss,
  "process.on('exit', () => { const u = process.resourceUsage(); let kb = u.maxRSS; try { kb = Number(/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]); } catch {} require('fs').writeSync(2, `\\nmaxrss=${kb} cpu=${u.userCPUTime + u.systemCPUTime}\\n`); });\n",
);

const baseline = join(dir, 'baseline.mjs');
writeFileSync(
  baseline,
  `import { createHmac, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { parse } from ${JSON.stringify(fileURLToPath(import.meta.resolve('csv-parse')))};
import { stringify } from ${JSON.stringify(fileURLToPath(import.meta.resolve('csv-stringify')))};
const key = randomBytes(32);
await pipeline(createReadStream(process.argv[2]), parse({ columns: true }),
  new Transform({ objectMode: true, transform(r, _e, cb) { r.phone = createHmac('sha256', key).update(r.phone).digest('base64url').slice(0, 22); cb(null, r); } }),
  stringify({ header: true }), createWriteStream(process.argv[3]));
`,
);

const out = join(dir, 'out.csv');
const cores = availableParallelism();
const tok = (c, w) => ['tokenize', input, '--keys', keys, '-c', c, ...(c.endsWith('pseudonym') ? ['--normalize', 'phone=mobile'] : []), ...(w === undefined ? [] : ['--workers', w]), '-o', out];
// Each command's output is checked once (outside the timing): the same rows as the input and the
// baseline, the columns a command leaves alone byte-equal to the baseline's (csv-parse and
// csv-stringify), and the changed column equal to what the library gives for every input value.
const lib = async (sub) => import(fileURLToPath(new URL(`../dist/${sub}/index.js`, import.meta.url)));
const { importKeyRing, createTokenizer } = await lib('tokenize');
const { maskAs } = await lib('mask');
const { normalizeAs } = await lib('normalize');
const { redact } = await lib('detect');
const inRows = parse(readFileSync(input), { columns: true });
const ring = await importKeyRing(readFileSync(keys, 'utf8'), { passphrase: env.CUSTODIA_PASSPHRASE });
const want = {
  pseudonym: () => createTokenizer({ keyring: ring, fields: { phone: { normalize: 'mobile' } } }).pseudonyms('phone', inRows.map((r) => r.phone)),
  mask: () => inRows.map((r) => [maskAs('phone', normalizeAs('mobile', r.phone, 'phone')), maskAs('name', r.name)]),
  redact: () => inRows.map((r) => redact(r.review, { minConfidence: 0.5, replace: 'mask' })),
};
let baseRows;
function check(kind) {
  const rows = parse(readFileSync(out), { columns: true });
  const fail = (what) => {
    throw new Error(`${kind}: output differs from the baseline/library (${what})`);
  };
  if (kind === 'baseline') return void (baseRows = rows);
  if (rows.length !== inRows.length || rows.length !== baseRows.length) fail('row count');
  const same = (cols) => rows.every((r, i) => cols.every((c) => r[c] === baseRows[i][c]));
  if (kind === 'pseudonym') {
    const w = want.pseudonym();
    if (!same(['name', 'review']) || !rows.every((r, i) => r.phone === w[i])) fail('columns');
  } else if (kind === 'fpe') {
    if (!same(['name', 'review']) || !rows.every((r, i) => /^1[3-9]\d{9}$/.test(r.phone) && r.phone !== inRows[i].phone)) fail('columns');
  } else if (kind === 'mask') {
    const w = want.mask();
    if (!same(['review']) || !rows.every((r, i) => r.phone === w[i][0] && r.name === w[i][1])) fail('columns');
  } else if (kind === 'redact') {
    const w = want.redact();
    if (!rows.every((r, i) => r.name === inRows[i].name && r.phone === inRows[i].phone && r.review === w[i])) fail('columns');
  }
}

// [label, argv after node, target ratio or undefined, output check]
const cases = [
  ['csv-parse + node:crypto HMAC + csv-stringify (hand-written baseline)', [baseline, input, out], undefined, 'baseline'],
  ['custodia tokenize -c phone=pseudonym (default workers)', [BIN, ...tok('phone=pseudonym')], 3, 'pseudonym'],
  ['custodia tokenize -c phone=pseudonym --workers 0', [BIN, ...tok('phone=pseudonym', '0')], undefined, 'pseudonym'],
  [`custodia tokenize -c phone=pseudonym --workers ${Math.max(cores - 1, 2)}`, [BIN, ...tok('phone=pseudonym', String(Math.max(cores - 1, 2)))], undefined, 'pseudonym'],
  ['custodia tokenize -c phone=fpe:cn_mobile (default workers)', [BIN, ...tok('phone=fpe:cn_mobile')], undefined, 'fpe'],
  ['custodia mask -c phone=phone -c name=name', [BIN, 'mask', input, '-c', 'phone=phone', '-c', 'name=name', '-o', out], 3, 'mask'],
  ['custodia scan -c review --redact', [BIN, 'scan', input, '--format', 'csv', '-c', 'review', '--redact', '-o', out], 2, 'redact'],
];

function run(argv) {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--require', rss, ...argv], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${argv.slice(1).join(' ')} failed: ${r.stderr}`);
  const m = /maxrss=(\d+) cpu=(\d+)/.exec(r.stderr);
  return { s, rssMiB: Number(m?.[1] ?? NaN) / 1024, cpu: Number(m?.[2] ?? NaN) / 1e6 };
}

const best = cases.map(() => ({ s: Infinity, cpu: Infinity, rssMiB: 0 }));
const loadBefore = loadavg();
for (let round = 0; round < ROUNDS; round++)
  cases.forEach(([, argv, , kind], i) => {
    const r = run(argv);
    if (round === 0) check(kind);
    best[i] = { s: Math.min(best[i].s, r.s), cpu: Math.min(best[i].cpu, r.cpu), rssMiB: Math.max(best[i].rssMiB, r.rssMiB) };
  });
const loadAfter = loadavg();

const base = best[0].s;
const baseCpu = best[0].cpu;
console.log(`${ROWS} rows, ${cores} cores, best of ${ROUNDS} interleaved runs, wall time including process start-up and key-file argon2id;`);
console.log('CPU seconds are user + system of the whole process (all threads): on a shared machine the steadier measure.');
console.log(`Load average (1/5/15 min) before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}.`);
console.log('Every output was checked against the baseline (untouched columns, row count) and the library (changed column).\n');
console.log('| command | seconds | rows/s | vs baseline | target (wall) | CPU s | vs baseline (CPU) | peak RSS MiB |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
let missed = 0;
cases.forEach(([name, , target], i) => {
  const { s, cpu, rssMiB } = best[i];
  const ratio = base / s;
  if (target !== undefined && ratio < target) missed++;
  const t = target === undefined ? '' : `>= ${target}x ${ratio >= target ? 'met' : 'MISSED'}`;
  console.log(`| ${name} | ${s.toFixed(2)} | ${Math.round(ROWS / s).toLocaleString('en-US')} | ${ratio.toFixed(2)}x | ${t} | ${cpu.toFixed(2)} | ${(baseCpu / cpu).toFixed(2)}x | ${rssMiB.toFixed(0)} |`);
});
if (missed) console.log(`\n${missed} target(s) missed on this run (a shared machine: see the baseline's rows/s).`);
rmSync(dir, { recursive: true, force: true });
