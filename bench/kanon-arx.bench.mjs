// custodia/kanon against ARX itself, in one run, on the Adult cases of issue 19's warm-speed table.
// Each case: ARX in its own JVM (bench/arx/ArxCase.java: ARX's JUnit harness setup, 3 warm-ups, 3 timed
// runs), then custodia in this process (3 warm-ups, 3 timed), case after case, so both see the same load.
// Like for like: both start from the table's strings in memory. custodia's anonymize(rows) encodes them
// and searches; ARX encodes them in data.getHandle() (its dictionary; ARX's JUnit harness does that once,
// outside its timer) and searches in anonymize(), so ARX's time is the sum of the two (both printed).
// Best of 3 each; ratio = ARX ms ÷ custodia ms (above 1: custodia faster). Both answers are printed and
// compared (same transformation and score).
// ARX: ARX built by ../shared/tools/arx/build.sh into CUSTODIA_ARX_BUILD (default: <tmp>/custodia-arx).
// Without that build, and with ARX_REPO naming ARX's git dir, the bench builds it first (about a minute);
// without either it prints custodia's times alone and says how to get ARX.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anonymize } from '../dist/kanon/index.js';
import { ADULT_URL } from './_adult.mjs';

const WARMUPS = 3;
const REPS = 3;
const DIR = fileURLToPath(ADULT_URL);
const lines = (f) => readFileSync(join(DIR, f), 'utf8').trim().split(/\r?\n/);
const [head, ...body] = lines('adult.csv');
const cols = head.split(';');
const rows = body.map((l) => Object.fromEntries(l.split(';').map((v, i) => [cols[i], v])));
const hier = Object.fromEntries(cols.map((c) => [c, lines(`adult_hierarchy_${c}.csv`).map((l) => l.split(';'))]));

// ARX's cases (test/kanon/arx/cases.json ids); `arx` are ArxCase.java's arguments, `opts` custodia's options.
const qis = (sensitive) => Object.fromEntries(cols.filter((c) => c !== sensitive).map((c) => [c, hier[c]]));
const CASES = [
  { id: 'KAnonymity#2', config: 'k=5, 0%, entropy, 9 QIs', arx: ['k=5', 'supp=0', 'metric=entropy'],
    opts: { quasiIdentifiers: qis(''), k: 5, suppressionLimit: 0, metric: 'entropy' } },
  { id: 'KAnonymity#1', config: 'k=100, 4%, entropy', arx: ['k=100', 'supp=0.04', 'metric=entropy'],
    opts: { quasiIdentifiers: qis(''), k: 100, suppressionLimit: 0.04, metric: 'entropy' } },
  { id: 'LDiversity#2', config: 'entropy 5-diversity, 0%', arx: ['sensitive=occupation', 'ldiv=entropy:5', 'supp=0', 'metric=entropy-nm'],
    opts: { quasiIdentifiers: qis('occupation'), k: 1, suppressionLimit: 0, metric: { name: 'entropy', monotonic: false }, lDiversity: { attribute: 'occupation', l: 5, variant: 'entropy' } } },
  { id: 'TCloseness#4', config: 'k=5 + equal-distance t=0.2, 0%, DM*', arx: ['sensitive=occupation', 'k=5', 'tclose=equal:0.2', 'supp=0', 'metric=dm-star'],
    opts: { quasiIdentifiers: qis('occupation'), k: 5, suppressionLimit: 0, metric: { name: 'discernibility', monotonic: true }, tCloseness: { attribute: 'occupation', t: 0.2 } } },
  { id: 'TCloseness#2', config: 'k=5 + hierarchical t=0.2, 4%, entropy', arx: ['sensitive=occupation', 'k=5', 'tclose=hierarchical:0.2', 'supp=0.04', 'metric=entropy'],
    opts: { quasiIdentifiers: qis('occupation'), k: 5, suppressionLimit: 0.04, metric: 'entropy', tCloseness: { attribute: 'occupation', t: 0.2, hierarchy: hier.occupation } } },
  { id: 'Heuristic#4 config, optimal search', config: 'k=5, 4%, loss', arx: ['k=5', 'supp=0.04', 'metric=loss'],
    opts: { quasiIdentifiers: qis(''), k: 5, suppressionLimit: 0.04, metric: 'loss' } },
];

// ARX: an existing build, or one made now from ARX_REPO; the driver compiled against it.
function arxClasspath() {
  const build = process.env.CUSTODIA_ARX_BUILD ?? join(tmpdir(), 'custodia-arx');
  const script = fileURLToPath(new URL('../../shared/tools/arx/build.sh', import.meta.url));
  if (!existsSync(join(build, 'classpath')) && process.env.ARX_REPO && existsSync(script)) {
    console.log(`building ARX from ${process.env.ARX_REPO} into ${build} …`);
    execFileSync('bash', [script, process.env.ARX_REPO, build], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!existsSync(join(build, 'classpath'))) {
    console.log(`ARX not available (no build in ${build}): custodia's times alone. To run ARX beside it:\n` +
      `  bash ../shared/tools/arx/build.sh <ARX git dir> ${build}   (or ARX_REPO=<ARX git dir> npm run bench -- kanon-arx)\n`);
    return undefined;
  }
  const cp = readFileSync(join(build, 'classpath'), 'utf8').trim();
  const out = join(build, 'bench-driver');
  mkdirSync(out, { recursive: true });
  execFileSync('javac', ['-nowarn', '-d', out, '-cp', cp, fileURLToPath(new URL('./arx/ArxCase.java', import.meta.url))], { stdio: 'inherit' });
  return `${out}:${cp}`;
}

function runArx(cp, c) {
  const r = spawnSync('java', ['-cp', cp, 'ArxCase', DIR, String(WARMUPS), String(REPS), ...c.arx], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`ARX failed on ${c.id}: ${r.stderr.slice(0, 2000)}`);
  const runs = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const best = runs.reduce((a, x) => (x.encodeMs + x.ms < a.encodeMs + a.ms ? x : a));
  return { ms: best.encodeMs + best.ms, encodeMs: best.encodeMs, searchMs: best.ms, cpuMs: Math.min(...runs.map((x) => x.cpuMs)), levels: runs[0].levels, loss: Number(runs[0].loss) };
}

function runCustodia(c) {
  const times = [];
  const cpu = [];
  let out;
  for (let i = 0; i < WARMUPS + REPS; i++) {
    const u = process.cpuUsage();
    const s = performance.now();
    out = anonymize(rows, c.opts);
    const e = performance.now();
    const du = process.cpuUsage(u);
    if (i >= WARMUPS) { times.push(e - s); cpu.push((du.user + du.system) / 1000); }
  }
  const names = Object.keys(c.opts.quasiIdentifiers);
  return { ms: Math.min(...times), cpuMs: Math.min(...cpu), levels: names.map((n) => out.levels[n]), loss: out.informationLoss, checked: out.stats.checkedNodes, size: out.stats.latticeSize };
}

const cp = arxClasspath();
const loadBefore = loadavg()[0];
const table = [];
const started = performance.now();
for (const c of CASES) {
  globalThis.gc?.();
  const arx = cp ? runArx(cp, c) : undefined;
  const cu = runCustodia(c);
  table.push({ c, arx, cu });
  console.error(`${c.id}: ARX ${arx ? arx.ms.toFixed(1) : '—'} ms, custodia ${cu.ms.toFixed(1)} ms`);
}
const same = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
console.log(`load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end, on ${cpus().length} cores; ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`best of ${REPS} after ${WARMUPS} warm-ups, from the strings in memory on both sides: ARX ms = encoding (data.getHandle()) + anonymize();`);
console.log('custodia ms = anonymize(rows), which encodes too. ratio = ARX ms ÷ custodia ms (above 1: custodia faster).');
console.log("CPU: best of the same runs' CPU time, ARX's timing thread (not its JIT or GC threads) and custodia's process (its GC helpers included)\n");
console.log('| ARX case | config | ARX ms (encode + anonymize) | custodia ms | ratio | CPU ms ARX / custodia | CPU ratio | nodes custodia checked | same node and score |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
for (const { c, arx, cu } of table) {
  const agree = arx ? (JSON.stringify(arx.levels) === JSON.stringify(cu.levels) && same(arx.loss, cu.loss) ? 'yes' : `NO: ARX ${arx.levels} ${arx.loss}, custodia ${cu.levels} ${cu.loss}`) : '—';
  console.log(`| ${c.id} | ${c.config} | ${arx ? `${arx.ms.toFixed(1)} (${arx.encodeMs.toFixed(1)} + ${arx.searchMs.toFixed(1)})` : '—'} | ${cu.ms.toFixed(1)} | ${arx ? (arx.ms / cu.ms).toFixed(2) : '—'} | ${arx ? arx.cpuMs.toFixed(1) : '—'} / ${cu.cpuMs.toFixed(1)} | ${arx ? (arx.cpuMs / cu.cpuMs).toFixed(2) : '—'} | ${cu.checked} of ${cu.size} | ${agree} |`);
}
if (table.some(({ arx, cu }) => arx && !(JSON.stringify(arx.levels) === JSON.stringify(cu.levels) && same(arx.loss, cu.loss)))) process.exitCode = 1;
