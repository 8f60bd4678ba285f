// `npm run size`: what each fixture costs a user, bundled from the BUILT package (dist/) the way an
// app bundler would (esbuild, browser platform, minified), then gzipped; and the WASM core files
// as shipped. Compared with the committed ceilings in ceilings.json: a ceiling rises only in a
// commit that says why. Also checks that a consent-only bundle pulls nothing of kanon or detect.
// Usage: node test/size/size.mjs [--json] [--readme]   (exit 1 when a ceiling is exceeded or a check fails;
// --readme rewrites the size table in README.md from this measurement)
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
const ceilings = JSON.parse(readFileSync(resolve(HERE, 'ceilings.json'), 'utf8'));

/** Resolves `custodia` and `custodia/x` through package.json "exports" (import condition), as a bundler does. */
const selfReference = {
  name: 'custodia-self',
  setup(b) {
    b.onResolve({ filter: /^custodia(\/.*)?$/ }, (args) => {
      const key = args.path === 'custodia' ? '.' : `./${args.path.slice('custodia/'.length)}`;
      const target = pkg.exports[key];
      if (!target) return { errors: [{ text: `custodia has no export ${key}` }] };
      return { path: resolve(ROOT, target.import) };
    });
  },
};

async function bundle(entry, extra = {}) {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
    plugins: [selfReference],
    ...extra,
  });
  const code = r.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs: Object.keys(r.metafile.inputs) };
}

/** Fixture name -> the export it needs; a fixture whose export has not landed is reported, not measured. */
function needs(file) {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/from '(custodia(?:\/[\w/-]+)?)'/g)].map((m) => m[1]);
}

export async function measure() {
  const rows = [];
  const problems = [];
  const fixtures = readdirSync(resolve(HERE, 'fixtures')).filter((f) => f.endsWith('.mjs')).sort();
  for (const f of fixtures) {
    const name = f.replace(/\.mjs$/, '');
    const file = resolve(HERE, 'fixtures', f);
    const missing = needs(file).filter((s) => !pkg.exports[s === 'custodia' ? '.' : `./${s.slice(9)}`]);
    if (missing.length) {
      problems.push(`${name}: fixture imports ${missing.join(', ')} which package.json does not export`);
      continue;
    }
    const { min, gzip } = await bundle(file);
    rows.push({ name, min, gzip });
  }
  for (const w of ['custodia.wasm', 'custodia-simd.wasm']) {
    const p = resolve(ROOT, 'dist/miniprogram', w);
    if (!existsSync(p)) {
      problems.push(`${w}: missing from dist/miniprogram (run npm run build)`);
      continue;
    }
    const bytes = readFileSync(p);
    rows.push({ name: `wasm:${w}`, min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  for (const r of rows) {
    const c = ceilings[r.name];
    if (c === undefined) problems.push(`${r.name}: no ceiling in test/size/ceilings.json`);
    else if (r.gzip > c) problems.push(`${r.name}: ${r.gzip} B gzip exceeds the ceiling of ${c} B`);
    r.ceiling = c;
  }
  for (const name of Object.keys(ceilings))
    if (!name.startsWith('_') && !rows.some((r) => r.name === name) && !problems.some((p) => p.startsWith(`${name}:`)))
      problems.push(`${name}: ceiling without a fixture`);
  problems.push(...(await isolation()));
  return { rows, problems };
}

/** The src/kanon and src/detect files among the module graph of `entry` (bundled from the sources). */
export async function forbiddenInputs(entry) {
  const { inputs } = await bundle(entry, { plugins: [] });
  return inputs.filter((p) => /^src\/(kanon|detect)\//.test(relative(ROOT, resolve(ROOT, p)).replaceAll('\\', '/')));
}

/**
 * A consent-only (and purpose-only) bundle must not drag in kanon or detect: checked on the module
 * graph from the sources (metafile inputs name src/ files) and on the built files (no dist entry
 * of kanon or detect among the inputs).
 */
export async function isolation() {
  const problems = [];
  for (const mod of ['consent', 'purpose']) {
    if (!pkg.exports[`./${mod}`]) continue;
    const bad = await forbiddenInputs(resolve(ROOT, 'src', mod, 'index.ts'));
    if (bad.length) problems.push(`${mod}-only bundle pulls ${bad.join(', ')}`);
    const fromDist = await bundle(resolve(ROOT, pkg.exports[`./${mod}`].import));
    const badDist = fromDist.inputs.filter((p) => /dist\/(kanon|detect)\//.test(p));
    if (badDist.length) problems.push(`${mod}-only bundle (dist) pulls ${badDist.join(', ')}`);
  }
  return problems;
}

/** What a fixture stands for: its first comment line. */
function describeFixture(name) {
  if (name.startsWith('wasm:')) return `\`${name.slice(5)}\`, the WASM core file as shipped (for \`WXWebAssembly\`)`;
  const first = readFileSync(resolve(HERE, 'fixtures', `${name}.mjs`), 'utf8').split('\n')[0];
  return first.replace(/^\/\/\s*/, '').replace(/\.$/, '');
}

const README_START = '<!-- size-table: generated by `node test/size/size.mjs --readme`, checked by test/size/size.test.ts -->';
const README_END = '<!-- /size-table -->';

/** The README's bundle-size table: each fixture, its measured gzip size and the ceiling CI enforces. */
export function readmeTable(rows) {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const lines = [README_START, '', '| fixture | what it bundles | gzip | ceiling |', '|---|---|---:|---:|'];
  for (const r of rows) lines.push(`| \`${r.name}\` | ${describeFixture(r.name)} | ${kib(r.gzip)} | ${kib(r.ceiling)} |`);
  lines.push('', README_END);
  return lines.join('\n');
}

/** The table currently in README.md (between the markers), or undefined. */
export function readmeTableNow() {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  const a = readme.indexOf(README_START);
  const b = readme.indexOf(README_END);
  return a < 0 || b < 0 ? undefined : readme.slice(a, b + README_END.length);
}

function writeReadme(rows) {
  const path = resolve(ROOT, 'README.md');
  const now = readmeTableNow();
  if (now === undefined) throw new Error('README.md has no size-table markers');
  writeFileSync(path, readFileSync(path, 'utf8').replace(now, readmeTable(rows)));
}

function table(rows) {
  const kb = (n) => (n / 1024).toFixed(2);
  const lines = ['| fixture | minified KiB | gzip KiB | ceiling KiB | headroom |', '|---|---:|---:|---:|---:|'];
  for (const r of rows)
    lines.push(`| ${r.name} | ${kb(r.min)} | ${kb(r.gzip)} | ${r.ceiling === undefined ? '-' : kb(r.ceiling)} | ${r.ceiling === undefined ? '-' : `${(100 * (1 - r.gzip / r.ceiling)).toFixed(0)}%`} |`);
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { rows, problems } = await measure();
  if (process.argv.includes('--readme')) writeReadme(rows);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ rows, problems }, null, 2));
  else {
    console.log(table(rows));
    for (const p of problems) console.error(`size: ${p}`);
    if (!problems.length) console.log('\nsize: all bundles within their ceilings; consent/purpose bundles free of kanon and detect.');
  }
  process.exitCode = problems.length ? 1 : 0;
}
