// Audit fixes through the real binary: .csv/.tsv files read as CSV by every command (and -o out.csv
// written as CSV), bad rows reported in input order whatever stage finds them (tokenize batches,
// worker threads or not), kanon --on-error skip for values missing from a hierarchy, and NDJSON
// fields a command does not touch written back as they were (numbers, booleans, null, nesting).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { built, cli, keyFileFixture, PASS, people, writeFile } from './_run';

let dir = '';
let keys = '';
beforeAll(() => {
  expect(built(), 'run npm run build first (dist/cli/index.js)').toBe(true);
  ({ dir, keys } = keyFileFixture());
});

/** The `skipped row N…` lines of stderr, in the order printed. */
const skipped = (stderr: string) => [...stderr.matchAll(/^custodia: skipped row (\d+)/gm)].map((m) => Number(m[1]));

describe('file formats from the extension', () => {
  it('scan reviews.csv -c comment --redact (the documented example) reads CSV, not text', () => {
    const f = writeFile(dir, 'reviews.csv', 'id,comment\n1,电话13812345678\n2,没有问题\n');
    const r = cli(['scan', f, '-c', 'comment', '--redact']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('id,comment\n1,电话138****5678\n2,没有问题\n');
    const out = join(dir, 'reviews.redacted.csv');
    expect(cli(['scan', f, '-c', 'comment', '--redact', '-o', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('id,comment\n1,电话138****5678\n2,没有问题\n');
    // Findings of a CSV file name the column; -o findings.csv writes them as CSV.
    const found = cli(['scan', f, '-c', 'comment']);
    expect(found.code, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout.trim())).toMatchObject({ row: 1, field: 'comment', type: 'cn_mobile', start: 2, end: 13 });
    const csvOut = join(dir, 'findings.csv');
    expect(cli(['scan', f, '-c', 'comment', '-o', csvOut]).code).toBe(0);
    expect(readFileSync(csvOut, 'utf8').split('\n')[0]).toBe('row,field,type,start,end,confidence,valid');
  });

  it('a .tsv file is CSV with tabs, for every command; -o out.csv writes commas, -o out.tsv tabs', () => {
    const ps = people(12, 5);
    const tsv = writeFile(dir, 'people.tsv', `name\tphone\tage\n${ps.map((p, i) => `${p.name}\t${p.phone}\t${20 + i}`).join('\n')}\n`);
    const masked = cli(['mask', tsv, '-c', 'phone=phone']);
    expect(masked.code, masked.stderr).toBe(0);
    expect(masked.stdout.split('\n')[1]).toBe(`${ps[0]!.name}\t${ps[0]!.phone.slice(0, 3)}****${ps[0]!.phone.slice(7)}\t20`);
    const csv = join(dir, 'people.masked.csv');
    expect(cli(['mask', tsv, '-c', 'phone=phone', '-o', csv]).code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('name,phone,age');
    const tok = cli(['tokenize', tsv, '--keys', keys, '-c', 'phone=pseudonym', '--workers', '0', '-o', join(dir, 'people.tok.tsv')], { env: PASS });
    expect(tok.code, tok.stderr).toBe(0);
    expect(readFileSync(join(dir, 'people.tok.tsv'), 'utf8').split('\n')[0]).toBe('name\tphone\tage');
    const age = writeFile(dir, 'age-h.csv', Array.from({ length: 100 }, (_, a) => `${a};${Math.floor(a / 10) * 10}s;*`).join('\n'));
    const k = cli(['kanon', tsv, '--qi', `age=${age}`, '-k', '2']);
    expect(k.code, k.stderr).toBe(0);
    expect(k.stdout.split('\n')[1]).toBe(`${ps[0]!.name}\t${ps[0]!.phone}\t20s`);
  });

  it('NDJSON in, -o out.csv: the output file is CSV (was NDJSON); stdin keeps the fallback', () => {
    const nd = writeFile(dir, 'orders.ndjson', '{"m":"13812345678","n":5,"o":{"a":1},"z":null,"b":true}\n');
    const out = join(dir, 'orders.csv');
    const r = cli(['mask', nd, '-c', 'm=phone', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('m,n,o,z,b\n138****5678,5,"{""a"":1}",,true\n');
    // stdin: mask falls back to CSV, scan to text.
    expect(cli(['mask', '-c', 'phone=phone'], { input: 'phone\n13812345678\n' }).stdout).toBe('phone\n138****5678\n');
    expect(cli(['scan', '--redact'], { input: 'a,b 13812345678\n' }).stdout).toBe('a,b 138****5678\n');
  });
});

describe('bad rows are reported in input order', () => {
  const input = 'phone,name\n13812345678,王伟\n1381234,李芳\n13900001111,张娜,extra\n13900002222,刘敏\n';

  for (const workers of ['0', '2']) {
    it(`tokenize --workers ${workers}: --on-error fail stops at the first bad row (row 2, not the malformed row 3)`, () => {
      const r = cli(['tokenize', '--keys', keys, '-c', 'phone=fpe:cn_mobile', '--workers', workers], { input, env: PASS });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/row 2, field phone: [A-Z_]+: .*\(stopped: --on-error fail\)/);
      expect(r.stderr).not.toContain('row 3');
      expect(r.stderr).not.toMatch(/1381234|李芳/);
    });

    it(`tokenize --workers ${workers}: --on-error skip lists bad rows in row order, across batches`, () => {
      const ps = people(4500, 11);
      const lines = ps.map((p) => `${p.phone},${p.name}`);
      const bad = new Map([
        [3, 'fpe'],
        [7, 'cols'],
        [2049, 'cols'],
        [2050, 'fpe'],
        [4100, 'fpe'],
        [4101, 'cols'],
      ]);
      for (const [row, kind] of bad) lines[row - 1] = kind === 'fpe' ? `12345,${ps[row - 1]!.name}` : `${ps[row - 1]!.phone},x,y`;
      const f = writeFile(dir, `order-${workers}.csv`, `phone,name\n${lines.join('\n')}\n`);
      const r = cli(['tokenize', f, '--keys', keys, '-c', 'phone=fpe:cn_mobile', '--workers', workers, '--on-error', 'skip', '-q'], { env: PASS });
      expect(r.code, r.stderr).toBe(0);
      expect(skipped(r.stderr)).toEqual([...bad.keys()]);
      expect(r.stderr).toContain('6 bad row(s) skipped');
      expect(r.stdout.trim().split('\n')).toHaveLength(1 + 4500 - 6);
      const fail = cli(['tokenize', f, '--keys', keys, '-c', 'phone=fpe:cn_mobile', '--workers', workers, '-q'], { env: PASS });
      expect(fail.code).toBe(1);
      expect(fail.stderr).toMatch(/row 3, field phone/);
    });
  }

  it('mask and scan --redact report bad rows in row order too', () => {
    const m = cli(['mask', '-c', 'phone=phone', '--on-error', 'skip'], { input });
    expect(m.code).toBe(0);
    expect(skipped(m.stderr)).toEqual([2, 3]);
    const s = cli(['scan', '--format', 'ndjson', '--redact', '--on-error', 'skip'], { input: '{"a":"x"}\nnot json\n{"a":{"b":1}}\n' });
    expect(s.code).toBe(0);
    expect(skipped(s.stderr)).toEqual([2, 3]);
  });
});

describe('custodia kanon --on-error skip', () => {
  const age = () => writeFile(dir, 'age10.csv', Array.from({ length: 100 }, (_, a) => `${a};${Math.floor(a / 10) * 10}-${Math.floor(a / 10) * 10 + 9};*`).join('\n'));
  const sex = () => writeFile(dir, 'sex.csv', 'M;*\nF;*\n');
  const rows = ['30,M,1', '31,M,2', '二十五,F,3', '32,M,4', '33,F,5', '34,F,6', '35,X,7', '36,F,8', '37,M,9'];

  it('leaves out rows whose QI value is not in its hierarchy, named by row and column, never the value', () => {
    const data = writeFile(dir, 'gaps.csv', `age,sex,spend\n${rows.join('\n')}\n`);
    const out = join(dir, 'gaps.k.csv');
    const r = cli(['kanon', data, '--qi', `age=${age()}`, '--qi', `sex=${sex()}`, '-k', '2', '--on-error', 'skip', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped row 3, field age: HIERARCHY_MISSING_VALUE/);
    expect(r.stderr).toMatch(/skipped row 7, field sex: HIERARCHY_MISSING_VALUE/);
    expect(skipped(r.stderr)).toEqual([3, 7]);
    expect(r.stderr).toContain('2 bad row(s) skipped');
    expect(r.stderr).toContain('kanon: 7 records');
    expect(r.stderr).not.toMatch(/二十五|\bX\b/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines.map((l) => l.split(',')[2])).toEqual(['spend', '1', '2', '4', '5', '6', '8', '9']);
  });

  it('--on-error fail (the default) still exits 1 with the library message', () => {
    const data = writeFile(dir, 'gaps2.csv', `age,sex,spend\n${rows.join('\n')}\n`);
    const r = cli(['kanon', data, '--qi', `age=${age()}`, '--qi', `sex=${sex()}`, '-k', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HIERARCHY_MISSING_VALUE: column age: the value in row 3 has no hierarchy row');
    expect(r.stderr).not.toContain('二十五');
  });
});

describe('NDJSON pass-through', () => {
  const line = '{"m":"13812345678","n":5,"f":-1.50,"b":true,"z":null,"o":{"a":[1,{"x":"y"}],"e":{}},"arr":[],"big":12345678901234567890,"s":"\\u4e2d"}';
  const untouched = ['"n":5', '"f":-1.50', '"b":true', '"z":null', '"o":{"a":[1,{"x":"y"}],"e":{}}', '"arr":[]', '"big":12345678901234567890'];

  it('mask writes fields it does not touch back exactly (types, nesting, number text)', () => {
    const r = cli(['mask', '--format', 'ndjson', '-c', 'm=phone'], { input: `${line}\n` });
    expect(r.code, r.stderr).toBe(0);
    for (const u of untouched) expect(r.stdout).toContain(u);
    expect(JSON.parse(r.stdout)).toEqual({ ...JSON.parse(line), m: '138****5678' });
  });

  for (const workers of ['0', '2'])
    it(`tokenize --workers ${workers} keeps untouched fields; a number is tokenized as its text, null left as is, nested JSON a bad row naming the field`, () => {
      const input = `${line}\n{"m":13812345678,"n":1}\n{"m":null}\n{"m":"13900001111","n":[1]}\n{"m":{"p":"13812345678"}}\n`;
      const r = cli(['tokenize', '--keys', keys, '-c', 'm=fpe:cn_mobile', '--format', 'ndjson', '--workers', workers, '--on-error', 'skip'], { input, env: PASS });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/skipped row 5, field m: expected a string, number or boolean/);
      expect(r.stderr).not.toContain('13812345678');
      const out = r.stdout.trim().split('\n');
      expect(out).toHaveLength(4);
      for (const u of untouched) expect(out[0]).toContain(u);
      expect(JSON.parse(out[0]!).m).toMatch(/^1\d{10}$/);
      expect(JSON.parse(out[1]!)).toEqual({ m: expect.stringMatching(/^1\d{10}$/), n: 1 });
      expect(JSON.parse(out[1]!).m).toBe(JSON.parse(out[0]!).m); // the number and the string: one token
      expect(out[2]).toBe('{"m":null}');
      expect(JSON.parse(out[3]!)).toEqual({ m: expect.stringMatching(/^1\d{10}$/), n: [1] });
    });

  it('mask: a number in a masked column is masked as its text; nested JSON is a bad row by field, never by value', () => {
    const ok = cli(['mask', '--format', 'ndjson', '-c', 'm=phone'], { input: '{"m":13812345678}\n' });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('{"m":"138****5678"}\n');
    const r = cli(['mask', '--format', 'ndjson', '-c', 'm=phone'], { input: '{"m":["13812345678"]}\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('row 1, field m: expected a string, number or boolean');
    expect(r.stderr).not.toContain('13812345678');
  });

  it('kanon NDJSON: numeric quasi-identifiers ({"age":39}) are read as their text', () => {
    const h = writeFile(dir, 'age-num.csv', Array.from({ length: 100 }, (_, a) => `${a};${Math.floor(a / 10) * 10}s;*`).join('\n'));
    const r = cli(['kanon', '--format', 'ndjson', '--qi', `age=${h}`, '-k', '2'], { input: '{"age":31,"id":1}\n{"age":35,"id":2}\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('{"age":"30s","id":1}\n{"age":"30s","id":2}\n');
  });

  it('scan --redact keeps untouched fields; numbers are scanned as their text', () => {
    const r = cli(['scan', '--format', 'ndjson', '--redact', '-c', 'msg', '-c', 'tel', '-c', 'n'], { input: '{"msg":"电话13812345678","tel":13912345678,"n":5,"o":{"k":[true]}}\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('{"msg":"电话138****5678","tel":"139****5678","n":5,"o":{"k":[true]}}\n');
  });

  it('kanon NDJSON: quasi-identifiers generalized, other fields kept as they were', () => {
    const h = writeFile(dir, 'age-nd.csv', Array.from({ length: 100 }, (_, a) => `${a};${Math.floor(a / 10) * 10}s;*`).join('\n'));
    const input = '{"age":"31","id":1,"tags":["a"]}\n{"age":"35","id":2,"tags":null,"extra":{"x":1}}\n';
    const r = cli(['kanon', '--format', 'ndjson', '--qi', `age=${h}`, '-k', '2'], { input });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('{"age":"30s","id":1,"tags":["a"]}\n{"age":"30s","id":2,"tags":null,"extra":{"x":1}}\n');
  });
});

describe('the cells fast path quotes what the output needs', () => {
  it('TSV in (no quotes), CSV out: a cell holding a comma is quoted, as csv-stringify would', () => {
    const tsv = writeFile(dir, 'commas.tsv', 'phone\tnote\n13812345678\ta,b\n');
    const out = join(dir, 'commas.csv');
    const r = cli(['mask', tsv, '-c', 'phone=phone', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('phone,note\n138****5678,"a,b"\n');
    const tok = cli(['tokenize', tsv, '--keys', keys, '-c', 'phone=pseudonym', '--workers', '0', '-o', out], { env: PASS });
    expect(tok.code, tok.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^phone,note\n[^,\n]+,"a,b"\n$/);
  });

  it('a redacted or masked cell that gains a delimiter is quoted; quoted input cells stay quoted', () => {
    const r = cli(['scan', '--format', 'csv', '-c', 'c', '--redact', '--replace', 'tag'], { input: 'c,d\n"x,13812345678","q""t"\nplain 13812345678,y\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('c,d\n"x,[CN_MOBILE]","q""t"\nplain [CN_MOBILE],y\n');
  });
});
