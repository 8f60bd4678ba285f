#!/usr/bin/env node
// Ports ARX's JUnit anonymization suite as data: reads every `new ARXAnonymizationTestCase(...)` in
// src/test/org/deidentifier/arx/test/TestAnonymization*.java of an ARX git repository (bare is fine)
// and writes test/kanon/arx/cases.json with the case's dataset, privacy models, suppression limit,
// quality metric and its options, expected score and transformation, parsed from the Java source
// (a small recursive-descent parser for the expression subset the suite uses), not typed by hand.
//
//   node test/kanon/arx/port.mjs path/to/arx/git-dir   (or ARX_REPO=path/to/arx/git-dir; e.g. a clone of
//   https://github.com/arx-deidentifier/arx, as ../shared/tools/arx/build.sh also takes)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const repo = process.argv[2] ?? process.env.ARX_REPO;
if (!repo) {
  console.error('usage: node test/kanon/arx/port.mjs <ARX git dir> (or set ARX_REPO): a clone of github.com/arx-deidentifier/arx');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['--git-dir', repo, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const commit = git('rev-parse', 'HEAD').trim();
const DIR = 'src/test/org/deidentifier/arx/test/';
const files = git('ls-tree', '--name-only', 'HEAD', DIR).split('\n').filter((f) => /\/TestAnonymization\w*\.java$/.test(f));

// --- tokenizer and parser for the Java expressions of the suite -------------------------------
function tokenize(src) {
  const out = [];
  const re = /\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*|("(?:[^"\\]|\\.)*")|('(?:[^'\\]|\\.)')|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[dDfFlL]?)|([A-Za-z_$][\w$]*)|(\S)/gy;
  let m;
  while ((m = re.exec(src))) {
    if (m[1]) out.push({ t: 'str', v: JSON.parse(m[1]) });
    else if (m[2]) out.push({ t: 'chr', v: m[2].slice(1, -1) });
    else if (m[3]) out.push({ t: 'num', v: m[3] });
    else if (m[4]) out.push({ t: 'id', v: m[4] });
    else if (m[5]) out.push({ t: 'p', v: m[5] });
  }
  return out;
}

function parser(tokens) {
  let i = 0;
  const peek = (v) => tokens[i] && tokens[i].v === v;
  const eat = (v) => { if (!peek(v)) throw new Error(`expected ${v} at token ${i}: ${JSON.stringify(tokens.slice(i, i + 5))}`); i++; };
  const args = () => {
    eat('(');
    const a = [];
    while (!peek(')')) { a.push(expr()); if (peek(',')) i++; }
    eat(')');
    return a;
  };
  const dotted = () => { let s = tokens[i++].v; while (peek('.') && tokens[i + 1]?.t === 'id') { i++; s += '.' + tokens[i++].v; } return s; };
  function primary() {
    const tok = tokens[i];
    if (tok.t === 'num') { i++; return { num: Number(tok.v.replace(/[dDfFlL]$/, '')), text: tok.v.replace(/[dDfFlL]$/, '') }; }
    if (tok.t === 'str' || tok.t === 'chr') { i++; return { str: tok.v }; }
    if (tok.v === '(' ) { i++; const e = expr(); eat(')'); return e; }
    if (tok.v === '{') { i++; const items = []; while (!peek('}')) { items.push(expr()); if (peek(',')) i++; } eat('}'); return { array: items }; }
    if (tok.v === '-') { i++; const e = primary(); return e.num !== undefined ? { num: -e.num, text: '-' + e.text } : { neg: e }; }
    if (tok.v === 'new') {
      i++;
      const type = dotted();
      if (peek('[')) { while (peek('[')) { i++; if (!peek(']')) expr(); eat(']'); } return peek('{') ? { ...primary(), type } : { array: [], type }; }
      if (peek('<')) { while (!peek('(')) i++; }
      return { new: type, args: args() };
    }
    if (tok.t === 'id') {
      const name = dotted();
      if (name === 'true' || name === 'false') return { bool: name === 'true' };
      if (name === 'null') return { null: true };
      if (peek('(')) return { call: name, args: args() };
      return { id: name };
    }
    throw new Error(`unexpected ${JSON.stringify(tok)}`);
  }
  function postfix() {
    let e = primary();
    while (peek('.')) { i++; const name = tokens[i++].v; e = { call: name, on: e, args: peek('(') ? args() : [] }; }
    return e;
  }
  function expr() {
    let e = postfix();
    while (tokens[i] && ['*', '/', '+'].includes(tokens[i].v) && tokens[i + 1]?.v !== '/') { const op = tokens[i++].v; e = { op, a: e, b: postfix() }; }
    return e;
  }
  // Comma-separated expressions up to the end of the tokens.
  const list = () => { const a = []; while (i < tokens.length) { a.push(expr()); if (peek(',')) i++; else if (i < tokens.length) throw new Error(`expected , at token ${i}`); } return a; };
  return { list };
}

// Source text between the balanced parentheses opening at `open`.
function balanced(src, open) {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    if (src[j] === '"') { j++; while (src[j] !== '"') { if (src[j] === '\\') j++; j++; } continue; }
    if (src[j] === '(') depth++;
    else if (src[j] === ')' && --depth === 0) return src.slice(open, j + 1);
  }
  throw new Error('unbalanced');
}

// --- turning a parsed configuration into data --------------------------------------------------
const value = (e) => (e.num !== undefined ? e.num : e.str !== undefined ? e.str : e.bool !== undefined ? e.bool : e.null ? null : e.array ? e.array.map(value) : describe(e));
function describe(e) {
  if (e.id) return { ref: e.id };
  if (e.new) return { type: e.new.split('.').pop(), args: e.args.map(value) };
  if (e.call) return { call: (e.on ? describeChain(e.on) + '.' : '') + e.call, args: e.args.map(value) };
  if (e.op) return { op: e.op, a: value(e.a), b: value(e.b) };
  if (e.neg) return { neg: value(e.neg) };
  return e;
}
const describeChain = (e) => (e.call ? (e.on ? describeChain(e.on) + '.' : '') + e.call : e.id ?? e.new ?? '?');
// DataSubset.create(Data.create(a), Data.create(b)) and friends: keep the file names.
function flattenConfig(e) {
  const calls = [];
  let cur = e;
  while (cur.call && cur.on) { calls.unshift({ name: cur.call, args: cur.args }); cur = cur.on; }
  if (cur.call !== 'ARXConfiguration.create') return { source: describe(e) };
  const cfg = { suppressionLimit: cur.args.length ? value(cur.args[0]) : 0, metric: cur.args[1] ? describe(cur.args[1]) : null, models: [], settings: [] };
  for (const c of calls) {
    if (c.name === 'addPrivacyModel' || c.name === 'addCriterion') cfg.models.push(describe(c.args[0]));
    else cfg.settings.push({ call: c.name, args: c.args.map(value) });
  }
  return cfg;
}

const cases = [];
for (const file of files) {
  const src = git('show', `HEAD:${file}`);
  const cls = file.slice(DIR.length, -'.java'.length);
  // Settings applied to every case of the file in a loop (`...config.setAlgorithm(...)`), kept verbatim.
  const fileSettings = [...src.matchAll(/\)testcase\[0\]\)\.config\.(\w+)\(([^;]*)\);/g)].map((m) => ({ call: m[1], source: m[2] }));
  // TestAnonymizationTCloseness.test() adds hierarchical t-closeness on the sensitive attribute to every
  // case that has no t-closeness model ("TODO: Ugly hack!" in ARX): recorded on the cases it touches.
  const hack = /if \(!testCase\.config\.isPrivacyModelSpecified\(TCloseness\.class\)\)[\s\S]*?addPrivacyModel\(new HierarchicalDistanceTCloseness\(testCase\.sensitiveAttribute,\s*([\d.]+)d?,\s*hierarchy\)\)/.exec(src);
  let index = 0;
  for (const m of src.matchAll(/new ARXAnonymizationTestCase\s*\(/g)) {
    const text = balanced(src, m.index + m[0].length - 1);
    const args = parser(tokenize(text.slice(1, -1))).list();
    const c = { id: `${cls}#${index}`, file: cls, index: index++, config: args[0].call === 'ARXConfiguration.create' || args[0].on ? flattenConfig(args[0]) : { source: describe(args[0]) } };
    if (fileSettings.length) c.config.fileSettings = fileSettings;
    const rest = args.slice(1).map(value);
    // Constructor overloads (AbstractAnonymizationTest): (cfg, [sensitive,] dataset, loss, transformation, practical, ...),
    // (cfg, dataset, sensitive, hashcode) for local recoding, (cfg, dataset, builders, loss, transformation, practical).
    const isData = (s) => typeof s === 'string' && s.endsWith('.csv');
    if (isData(rest[0]) && typeof rest[1] === 'string' && typeof rest[2] === 'number' && rest.length === 3) {
      Object.assign(c, { dataset: rest[0], sensitive: rest[1], hashcode: rest[2] });
    } else if (isData(rest[0]) && typeof rest[1] === 'object' && rest[1] !== null && !Array.isArray(rest[1])) {
      Object.assign(c, { dataset: rest[0], sensitive: '', builders: rest[1], loss: rest[2], transformation: rest[3], practical: rest[4] });
    } else {
      const off = isData(rest[0]) ? 0 : 1;
      Object.assign(c, { sensitive: off ? rest[0] : '', dataset: rest[off], loss: rest[off + 1], transformation: rest[off + 2], practical: rest[off + 3] });
      const extra = rest.slice(off + 4);
      const delta = extra.find((x) => typeof x === 'number');
      if (delta !== undefined) c.delta = delta;
      const arrays = extra.filter(Array.isArray);
      if (arrays.length) c.extra = arrays;
    }
    // The expected score exactly as written in the source (ARX compares String.valueOf(double)).
    const lossExpr = args[isData(rest[0]) ? 2 : 3];
    if (lossExpr?.text !== undefined) c.lossText = lossExpr.text;
    if (typeof c.loss === 'string') { c.lossText = c.loss; c.loss = Number(c.loss); }
    if (hack && c.config.models && !c.config.models.some((m) => /TCloseness$/.test(m.type ?? ''))) {
      const hierarchy = `${c.dataset.replace(/\.csv$/, '')}_hierarchy_${c.sensitive}.csv`;
      c.config.models.push({ type: 'HierarchicalDistanceTCloseness', args: [c.sensitive, Number(hack[1]), { call: 'Hierarchy.create', args: [hierarchy] }], addedBy: `${cls}.test()` });
    }
    c.dataset = typeof c.dataset === 'string' ? c.dataset.replace(/^\.\/data\//, '').replace(/\.csv$/, '') : c.dataset;
    cases.push(c);
  }
}

// Research subsets the cases name, as sorted row indexes into the data set:
// - DataSubset.create(data, subsetData): each subset row takes the first unused equal row (ARX DataSubset.create);
// - TestAnonymizationSubset.getSubset(n): n draws of java.util.Random(0xDEADBEEF).nextInt(n), as a set.
const subsets = {};
function matchSubset(dataFile, subsetFile) {
  const lines = (f) => git('show', `HEAD:data/${f}`).trim().split(/\r?\n/).slice(1);
  const free = new Map();
  lines(dataFile).forEach((l, i) => { if (!free.has(l)) free.set(l, []); free.get(l).push(i); });
  return lines(subsetFile).map((l) => { const at = free.get(l); if (!at?.length) throw new Error(`no match in ${dataFile}`); return at.shift(); }).sort((a, b) => a - b);
}
function javaRandomSet(seed, n) {
  const M = (1n << 48n) - 1n;
  let s = (BigInt.asIntN(64, BigInt(seed)) ^ 0x5DEECE66Dn) & M;
  const next = (bits) => { s = (s * 0x5DEECE66Dn + 0xBn) & M; return Number(BigInt.asIntN(32, s >> BigInt(48 - bits))); };
  const nextInt = (bound) => {
    if ((bound & -bound) === bound) return Number((BigInt(bound) * BigInt(next(31))) >> 31n);
    for (;;) { const bits = next(31); const val = bits % bound; if (bits - val + (bound - 1) < 2 ** 31) return val; }
  };
  const set = new Set();
  for (let i = 0; i < n; i++) set.add(nextInt(n));
  return [...set].sort((a, b) => a - b);
}
const dataFiles = new Set(git('ls-tree', '--name-only', 'HEAD', 'data/').split('\n').map((f) => f.replace('data/', '')));
const walk = (v, f) => { if (v && typeof v === 'object') { f(v); Object.values(v).forEach((x) => walk(x, f)); } };

// ARXUtilityMetricsTestCase (src/test/.../TestUtility*.java): (config, sensitive, dataset, transformation, score, …)
// pairs scored by AbstractTestUtilityMetrics (asserted within 1e-8, or as text when the score is a vector: RANK);
// AbstractTestUtilityEstimation (TestUtilityMetrics2, TestUtilityEstimation) asserts only that each node's bounds
// enclose its score, and AbstractTestUtilityMetricsPrecomputation compares two metrics' optimum (config, …, m1, m2).
const utilityFiles = git('ls-tree', '--name-only', 'HEAD', DIR).split('\n').filter((f) => /\/TestUtility\w*\.java$/.test(f));
const utility = [];
for (const file of utilityFiles) {
  const src = git('show', `HEAD:${file}`);
  const cls = file.slice(DIR.length, -'.java'.length);
  const harness = /extends (\w+)/.exec(src)?.[1];
  let index = 0;
  for (const m of src.matchAll(/new ARXUtilityMetricsTestCase\s*\(/g)) {
    const text = balanced(src, m.index + m[0].length - 1);
    const args = parser(tokenize(text.slice(1, -1))).list();
    const rest = args.slice(1).map(value);
    const c = { id: `${cls}#${index}`, file: cls, index: index++, harness, config: flattenConfig(args[0]), sensitive: rest[0], dataset: String(rest[1]).replace(/^\.\/data\//, '').replace(/\.csv$/, '') };
    if (rest.slice(2).every((x) => typeof x === 'string')) {
      c.scores = [];
      for (let i = 2; i + 1 < rest.length; i += 2) c.scores.push({ transformation: JSON.parse(rest[i]), score: rest[i + 1] });
    } else c.metrics = rest.slice(2);
    utility.push(c);
  }
}
for (const c of [...cases, ...utility]) walk(c.config, (v) => {
  if (v.call === 'DataSubset.create' && v.args?.length === 2 && v.args[0]?.call === 'Data.create') {
    const files = v.args.map((d) => String(d.args[0]).replace('./data/', ''));
    const key = files.join('>');
    if (!(key in subsets) && dataFiles.has(files[0]) && dataFiles.has(files[1])) subsets[key] = matchSubset(files[0], files[1]);
    if (key in subsets) v.subset = key;
  }
  if (v.call === 'getSubset' && c.file === 'TestAnonymizationSubset') {
    const key = `getSubset(${v.args[0]})`;
    subsets[key] ??= javaRandomSet(0xDEADBEEF | 0, v.args[0]);
    v.subset = key;
  }
});

const out = { source: 'https://github.com/arx-deidentifier/arx', commit, directory: DIR, count: cases.length, cases, subsets };
const target = new URL('./cases.json', import.meta.url);
// One case per line, subsets one line each (thousands of indexes): diffs stay readable, the file small.
const head = JSON.stringify({ source: out.source, commit, directory: DIR, count: cases.length });
const body = cases.map((c) => ' ' + JSON.stringify(c)).join(',\n');
const subs = Object.entries(subsets).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
writeFileSync(target, `${head.slice(0, -1)},\n"cases": [\n${body}\n],\n"subsets": {\n${subs}\n}}\n`);
console.log(`${cases.length} cases from ${files.length} files at ${commit} -> ${target.pathname}`);
// Utility-metric cases: their research subsets are the same keys as in cases.json.
const utarget = new URL('./utility-cases.json', import.meta.url);
const uhead = JSON.stringify({ source: out.source, commit, directory: DIR, count: utility.length });
writeFileSync(utarget, `${uhead.slice(0, -1)},\n"cases": [\n${utility.map((c) => ' ' + JSON.stringify(c)).join(',\n')}\n]}\n`);
console.log(`${utility.length} utility-metric cases from ${utilityFiles.length} files -> ${utarget.pathname}`);
