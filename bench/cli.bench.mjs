// The custodia CLI on a CSV export (built binary, dist/cli/index.js): rows/s of tokenize with and
// without worker threads, mask and scan --redact, against what a data engineer would otherwise
// write: a csv-parse -> node:crypto HMAC -> csv-stringify stream (no normalization, no key ring).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROWS = Number(process.env.CLI_BENCH_ROWS ?? 200_000);
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

function time(args, viaNode = [BIN]) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [...viaNode, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t) / 1000;
}

const out = join(dir, 'out.csv');
const cores = availableParallelism();
const rows = [
  ['csv-parse + node:crypto HMAC + csv-stringify (hand-written baseline)', time([input, out], [baseline])],
  ['custodia tokenize -c phone=pseudonym --workers 0', time(['tokenize', input, '--keys', keys, '-c', 'phone=pseudonym', '--normalize', 'phone=mobile', '--workers', '0', '-o', out])],
  ['custodia tokenize -c phone=pseudonym --workers 1', time(['tokenize', input, '--keys', keys, '-c', 'phone=pseudonym', '--normalize', 'phone=mobile', '--workers', '1', '-o', out])],
  [`custodia tokenize -c phone=pseudonym --workers ${Math.max(cores - 1, 2)}`, time(['tokenize', input, '--keys', keys, '-c', 'phone=pseudonym', '--normalize', 'phone=mobile', '--workers', String(Math.max(cores - 1, 2)), '-o', out])],
  ['custodia tokenize -c phone=fpe:cn_mobile --workers 0', time(['tokenize', input, '--keys', keys, '-c', 'phone=fpe:cn_mobile', '--workers', '0', '-o', out])],
  [`custodia tokenize -c phone=fpe:cn_mobile --workers ${Math.max(cores - 1, 2)}`, time(['tokenize', input, '--keys', keys, '-c', 'phone=fpe:cn_mobile', '--workers', String(Math.max(cores - 1, 2)), '-o', out])],
  ['custodia mask -c phone=phone -c name=name', time(['mask', input, '-c', 'phone=phone', '-c', 'name=name', '-o', out])],
  ['custodia scan -c review --redact', time(['scan', input, '--format', 'csv', '-c', 'review', '--redact', '-o', out])],
];
const base = rows[0][1];
console.log(`${ROWS} rows, ${cores} cores, wall time per run including process start-up and key-file argon2id\n`);
console.log('| command | seconds | rows/s | vs baseline |');
console.log('|---|---:|---:|---:|');
for (const [name, s] of rows) console.log(`| ${name} | ${s.toFixed(2)} | ${Math.round(ROWS / s).toLocaleString('en-US')} | ${(base / s).toFixed(2)}x |`);
rmSync(dir, { recursive: true, force: true });
