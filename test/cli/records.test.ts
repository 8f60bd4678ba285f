// custodia mask / scan / kanon / --help through the real binary: files and stdin, CSV and NDJSON,
// bad rows named by row and field (never by value), --on-error, exit codes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { built, cli, people, tempDir, writeFile } from './_run';

let dir = '';
beforeAll(() => {
  expect(built(), 'run npm run build first (dist/cli/index.js)').toBe(true);
  dir = tempDir();
});

describe('custodia --help', () => {
  it('lists every command and the exit codes; every command has examples', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['mask', 'scan', 'kanon']) expect(r.stdout).toContain(c);
    expect(r.stdout).toMatch(/Exit codes:[\s\S]*2 {2}usage error/);
    const commands = [...r.stdout.matchAll(/^ {2}([a-z]+)(?: [a-z]+)? \[options\]/gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const c of commands) {
      const h = cli([c, '--help']);
      expect(h.code, c).toBe(0);
      expect(h.stdout, c).toMatch(/Examples:\n {2}\$ custodia /);
    }
  });

  it('exits 2 on an unknown option or a missing required one', () => {
    expect(cli(['mask', '--nope']).code).toBe(2);
    expect(cli(['mask']).code).toBe(2);
    expect(cli(['kanon', '-k', '3']).code).toBe(2);
  });
});

describe('custodia mask', () => {
  it('S5.1: masks the chosen columns of a CSV file for display, other columns untouched', () => {
    const ps = people(50);
    const csv = `name,phone,id,city\n${ps.map((p) => `${p.name},${p.phone},${p.id},上海`).join('\n')}\n`;
    const out = join(dir, 'masked.csv');
    const r = cli(['mask', writeFile(dir, 'people.csv', csv), '-c', 'phone=phone', '-c', 'name=name', '-c', 'id=idCard', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('name,phone,id,city');
    expect(lines).toHaveLength(51);
    lines.slice(1).forEach((l, i) => {
      const [name, phone, id, city] = l.split(',');
      expect(phone).toBe(`${ps[i]!.phone.slice(0, 3)}****${ps[i]!.phone.slice(7)}`);
      expect(id).toBe(`${ps[i]!.id.slice(0, 3)}***********${ps[i]!.id.slice(14)}`);
      expect(name).toBe(`${ps[i]!.name[0]}*`);
      expect(city).toBe('上海');
    });
  });

  it('reads NDJSON from stdin and writes NDJSON to stdout, untouched fields keeping their JSON type', () => {
    const r = cli(['mask', '--format', 'ndjson', '-c', 'm=phone'], { input: '{"m":"13812345678","n":1}\n\n{"m":"+86 139-0000-1111","n":2}\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { m: '138****5678', n: 1 },
      { m: '139****1111', n: 2 },
    ]);
  });

  it('names a bad row by number and field, never by value; --on-error fail stops with exit 1', () => {
    const input = 'name,phone\n王伟,13812345678\n李芳,1381234\n张娜,13900001111\n';
    const r = cli(['mask', '-c', 'phone=phone'], { input });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('row 2, field phone: INVALID_FORMAT');
    expect(r.stderr).not.toContain('1381234');
    expect(r.stderr).not.toContain('李芳');
    expect(r.stdout).not.toContain('139****1111');
  });

  it('--on-error skip drops the bad rows, reports them and their count, and exits 0', () => {
    const input = 'name,phone\n王伟,13812345678\n李芳,1381234\n张娜,13900001111,extra\n刘敏,13900001111\n';
    const r = cli(['mask', '-c', 'phone=phone', '--on-error', 'skip'], { input });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['name,phone', '王伟,138****5678', '刘敏,139****1111']);
    expect(r.stderr).toContain('skipped row 2, field phone');
    expect(r.stderr).toContain('skipped row 3: expected 2 fields, got 3');
    expect(r.stderr).toContain('2 bad row(s) skipped');
    expect(r.stderr).not.toMatch(/1381234|李芳|张娜/);
  });

  it('rejects a column the input does not have, by name (exit 2)', () => {
    const r = cli(['mask', '-c', 'mobile=phone'], { input: 'name,phone\n王伟,13812345678\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no column mobile');
  });
});

describe('custodia scan', () => {
  const text = '送货很快，电话13812345678\n没有问题\n身份证11010519491231002X请保密\n';

  it('P5: prints NDJSON findings with row, type and offsets, never the matched text', () => {
    const r = cli(['scan'], { input: text });
    expect(r.code, r.stderr).toBe(0);
    const f = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(f).toContainEqual(expect.objectContaining({ row: 1, field: 'text', type: 'cn_mobile', start: 7, end: 18 }));
    expect(f).toContainEqual(expect.objectContaining({ row: 3, type: 'cn_resident_id', start: 3, end: 21, valid: true }));
    expect(r.stdout).not.toMatch(/13812345678|11010519491231002X/);
  });

  it('S3.1: --redact writes the text with findings masked or tagged', () => {
    expect(cli(['scan', '--redact'], { input: text }).stdout).toBe('送货很快，电话138****5678\n没有问题\n身份证110***********002X请保密\n');
    const csv = cli(['scan', '--format', 'csv', '-c', 'review', '--redact', '--replace', 'tag'], { input: 'id,review\n7,电话13812345678\n' });
    expect(csv.stdout).toBe('id,review\n7,电话[CN_MOBILE]\n');
  });

  it('rejects an unknown --types entry (exit 2)', () => {
    expect(cli(['scan', '--types', 'cn_mobile,shoe_size'], { input: text }).code).toBe(2);
  });
});

describe('custodia kanon', () => {
  it('S3.8: k-anonymizes a CSV with ARX hierarchy files and prints transformation, suppression, loss, risk', () => {
    let x = 3;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8;
    const rows = Array.from({ length: 300 }, () => `${18 + (next() % 60)},${next() % 2 ? 'M' : 'F'},${next() % 900}`);
    const data = writeFile(dir, 'visits.csv', `age,sex,spend\n${rows.join('\n')}\n`);
    const age = writeFile(
      dir,
      'age.csv',
      Array.from({ length: 100 }, (_, a) => `${a};${Math.floor(a / 10) * 10}-${Math.floor(a / 10) * 10 + 9};${Math.floor(a / 20) * 20}-${Math.floor(a / 20) * 20 + 19};*`).join('\n'),
    );
    const sex = writeFile(dir, 'sex.csv', 'M;*\nF;*\n');
    const out = join(dir, 'k.csv');
    const report = join(dir, 'k.json');
    const r = cli(['kanon', data, '--qi', `age=${age}`, '--qi', `sex=${sex}`, '-k', '10', '--limit', '0.02', '-o', out, '--report', report]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/transformation: age=\d, sex=\d/);
    expect(r.stderr).toMatch(/suppressed: \d+/);
    expect(r.stderr).toMatch(/risk before: highest [\d.]+%/);
    expect(r.stderr).toMatch(/risk after: {2}highest [\d.]+%/);
    const summary = JSON.parse(readFileSync(report, 'utf8')) as { suppressed: number; levels: Record<string, number> };
    expect(summary.suppressed).toBeLessThanOrEqual(6);
    // Every class of non-suppressed records has at least k members.
    const lines = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    expect(lines).toHaveLength(300);
    const counts = new Map<string, number>();
    let allStars = 0;
    for (const l of lines) {
      const [a, s] = l.split(',');
      if (a === '*' && s === '*') allStars++;
      else counts.set(`${a}|${s}`, (counts.get(`${a}|${s}`) ?? 0) + 1);
    }
    // Suppressed records are '*' in every quasi-identifier; the rest form classes of at least k.
    expect(allStars).toBeGreaterThanOrEqual(summary.suppressed);
    if (counts.size) expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(10);
    // Mondrian has no single level per attribute: it reports its partitions, not age=0, sex=0.
    const m = cli(['kanon', data, '--qi', `age=${age}`, '--qi', `sex=${sex}`, '-k', '10', '--algorithm', 'mondrian', '-o', join(dir, 'm.csv'), '--report', join(dir, 'm.json')]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).not.toMatch(/transformation:/);
    const parts = /partitions: (\d+), generalized age in (\d+), sex in (\d+)/.exec(m.stderr);
    expect(parts, m.stderr).not.toBeNull();
    const mLines = readFileSync(join(dir, 'm.csv'), 'utf8').trim().split('\n').slice(1);
    expect(new Set(mLines.map((l) => l.split(',').slice(0, 2).join(','))).size).toBeLessThanOrEqual(Number(parts![1]));
    expect(Number(parts![2])).toBeGreaterThan(0);
    expect((JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as { partitions: { count: number } }).partitions.count).toBe(Number(parts![1]));
  });

  it('rejects k below 2 (exit 2) and a missing hierarchy file (exit 5, I/O)', () => {
    const data = writeFile(dir, 'v2.csv', 'age\n30\n');
    expect(cli(['kanon', data, '--qi', 'age=nope.csv', '-k', '1']).code).toBe(2);
    expect(cli(['kanon', data, '--qi', `age=${join(dir, 'nope.csv')}`, '-k', '2']).code).toBe(5);
  });
});
