// A failed run leaves nothing that looks like a result (issue 16 item 6), through the real binary:
// output is renamed into place only on success, I/O errors are one line with the path and the OS
// code (exit 5), CSV errors name the right row, a missing column exits 2 also on empty input, and
// a huge line is refused within a small heap instead of taking gigabytes.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, built, cli, keyFileFixture, PASS, tempDir, writeFile } from './_run';

let dir = '';
let keys = '';
beforeAll(() => {
  expect(built(), 'run npm run build first (dist/cli/index.js)').toBe(true);
  ({ dir, keys } = keyFileFixture());
});

/** No stack trace: one `custodia: …` line (no `    at ` frames, no Node error dump). */
function oneLine(stderr: string): string {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/node:internal|Error: /);
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

const phones = (n: number) => Array.from({ length: n }, (_, i) => `1381234${String(i % 10_000).padStart(4, '0')}`);
const bigCsv = (n: number) => `name,phone\n${phones(n).map((p, i) => `n${i},${p}`).join('\n')}\n`;

describe('P4.4: a failed run leaves no output file', () => {
  it('a bad row with --on-error fail after 5000 good rows: no output file, the old one untouched', () => {
    const d = tempDir();
    const input = writeFile(d, 'in.csv', `${bigCsv(5000)}n,12345\n`);
    const out = join(d, 'out.csv');
    const r = cli(['mask', input, '-c', 'phone=phone', '-o', out]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toMatch(/^custodia: row 5001, field phone: /);
    expect(readdirSync(d)).toEqual(['in.csv']);
    // An existing output stays as it was: the failed run replaces nothing.
    writeFileSync(out, 'previous result\n');
    expect(cli(['mask', input, '-c', 'phone=phone', '-o', out]).code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('previous result\n');
    expect(readdirSync(d).sort()).toEqual(['in.csv', 'out.csv']);
  });

  it('tokenize (batches, workers or not) and an unterminated quote: no output file', () => {
    const d = tempDir();
    const bad = writeFile(d, 'bad.csv', `${bigCsv(3000)}n,"13812345678\nm,13812345679\n`);
    for (const workers of ['0', '2']) {
      const r = cli(['tokenize', bad, '--keys', keys, '-c', 'phone=pseudonym', '--workers', workers, '-o', join(d, 'tok.csv')], { env: PASS });
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr)).toBe('custodia: row 3001: CSV_QUOTE_NOT_CLOSED: malformed CSV');
    }
    expect(readdirSync(d)).toEqual(['bad.csv']);
  });

  it('--keep-partial keeps what was written, under a name that says so', () => {
    const d = tempDir();
    const input = writeFile(d, 'in.csv', `${bigCsv(20_000)}n,12345\n`);
    const r = cli(['mask', input, '-c', 'phone=phone', '-o', join(d, 'out.csv'), '--keep-partial']);
    expect(r.code).toBe(1);
    expect(readdirSync(d).sort()).toEqual(['in.csv', 'out.csv.partial']);
    expect(readFileSync(join(d, 'out.csv.partial'), 'utf8').startsWith('name,phone\nn0,138****0000\n')).toBe(true);
  });

  it('a successful run replaces the output in one step, keeping its permissions', () => {
    const d = tempDir();
    const input = writeFile(d, 'in.csv', bigCsv(3));
    const out = writeFile(d, 'out.csv', 'old\n');
    chmodSync(out, 0o640);
    expect(cli(['mask', input, '-c', 'phone=phone', '-o', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('name,phone\nn0,138****0000\nn1,138****0001\nn2,138****0002\n');
    expect(readdirSync(d).sort()).toEqual(['in.csv', 'out.csv']);
    // The input as its own output is safe now (it used to be truncated while being read).
    expect(cli(['mask', input, '-c', 'phone=phone', '-o', input]).code).toBe(0);
    expect(readFileSync(input, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });
});

describe('P4.4: I/O errors are one line with the path and the OS code, exit 5', () => {
  it('missing output directory (ENOENT), before any input is read', () => {
    const d = tempDir();
    const input = writeFile(d, 'in.csv', bigCsv(2));
    const r = cli(['mask', input, '-c', 'phone=phone', '-o', join(d, 'no/such/dir/out.csv')]);
    expect(r.code).toBe(5);
    expect(oneLine(r.stderr)).toBe(`custodia: cannot write ${join(d, 'no/such/dir/out.csv')}: ENOENT (no such file or directory)`);
  });

  it('missing input (ENOENT), a directory as input (EISDIR), a directory as output (EISDIR)', () => {
    const d = tempDir();
    mkdirSync(join(d, 'sub'));
    const missing = cli(['mask', join(d, 'nope.csv'), '-c', 'phone=phone']);
    expect(missing.code).toBe(5);
    expect(oneLine(missing.stderr)).toBe(`custodia: cannot read ${join(d, 'nope.csv')}: ENOENT (no such file or directory)`);
    const isDir = cli(['scan', join(d, 'sub')]);
    expect(isDir.code).toBe(5);
    expect(oneLine(isDir.stderr)).toBe(`custodia: cannot read ${join(d, 'sub')}: EISDIR (is a directory)`);
    const outDir = cli(['mask', '-c', 'phone=phone', '-o', join(d, 'sub')], { input: 'phone\n13812345678\n' });
    expect(outDir.code).toBe(5);
    expect(oneLine(outDir.stderr)).toMatch(/: EISDIR \(is a directory\)$/);
  });

  it.skipIf(process.getuid?.() === 0)('unreadable input and unwritable directory (EACCES); skipped as root, who bypasses permissions', () => {
    const d = tempDir();
    const input = writeFile(d, 'in.csv', bigCsv(2));
    chmodSync(input, 0o000);
    expect(oneLine(cli(['mask', input, '-c', 'phone=phone']).stderr)).toMatch(/cannot read .*in\.csv: EACCES/);
    chmodSync(input, 0o644);
    const ro = join(d, 'ro');
    mkdirSync(ro, 0o555);
    const r = cli(['mask', input, '-c', 'phone=phone', '-o', join(ro, 'out.csv')]);
    expect(r.code).toBe(5);
    expect(oneLine(r.stderr)).toMatch(/cannot write .*out\.csv: EACCES/);
  });

  it.skipIf(!existsSync('/dev/full'))('writing to /dev/full: ENOSPC, exit 5, no file left (with -o and with stdout redirected)', () => {
    const d = tempDir();
    const input = writeFile(d, 'in.csv', bigCsv(50_000));
    const r = cli(['mask', input, '-c', 'phone=phone', '-o', '/dev/full']);
    expect(r.code).toBe(5);
    expect(oneLine(r.stderr)).toBe('custodia: cannot write /dev/full: ENOSPC (no space left on device)');
    const sh = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" mask "${input}" -c phone=phone > /dev/full`], { encoding: 'utf8' });
    expect(sh.status).toBe(5);
    expect(oneLine(sh.stderr)).toMatch(/^custodia: cannot write stdout: ENOSPC/);
    expect(readdirSync(d)).toEqual(['in.csv']);
  });
});

describe('P4.4: CSV errors name the right row', () => {
  it('an unterminated quote in row 1001 says row 1001 (was: after row 0), for mask, scan and kanon', () => {
    const input = writeFile(dir, 'q.csv', `${bigCsv(1000)}n1001,"13812345678\nn1002,13812345679\n`);
    const mask = cli(['mask', input, '-c', 'phone=phone']);
    expect(mask.code).toBe(1);
    expect(oneLine(mask.stderr)).toBe('custodia: row 1001: CSV_QUOTE_NOT_CLOSED: malformed CSV');
    expect(oneLine(cli(['scan', input, '-c', 'phone', '--redact']).stderr)).toBe('custodia: row 1001: CSV_QUOTE_NOT_CLOSED: malformed CSV');
    const h = writeFile(dir, 'h.csv', phones(1002).map((p) => `${p};*`).join('\n'));
    expect(oneLine(cli(['kanon', input, '--qi', `phone=${h}`, '-k', '2']).stderr)).toBe('custodia: row 1001: CSV_QUOTE_NOT_CLOSED: malformed CSV');
  });

  it('a stray quote inside an unquoted field names its row; a broken header says header row', () => {
    const stray = cli(['mask', '-c', 'phone=phone'], { input: `${bigCsv(10)}n,13812345678 "x" \n` });
    expect(stray.code).toBe(1);
    expect(oneLine(stray.stderr)).toMatch(/^custodia: row 11: [A-Z_]+: malformed CSV$/);
    const header = cli(['mask', '-c', 'phone=phone'], { input: 'name,"phone\n13812345678\n' });
    expect(oneLine(header.stderr)).toBe('custodia: header row: CSV_QUOTE_NOT_CLOSED: malformed CSV');
  });
});

describe('P4.4: a named column the input does not have exits 2, also when the input is empty', () => {
  const cases: [string, string[], Record<string, string>?][] = [
    ['mask', ['mask', '-c', 'phnoe=phone']],
    ['scan', ['scan', '--format', 'csv', '-c', 'phnoe']],
    ['tokenize', ['tokenize', '--keys', '', '-c', 'phnoe=pseudonym', '--workers', '0'], PASS],
  ];
  for (const [name, args, env] of cases)
    for (const [what, input] of [
      ['a header and no rows', 'name,phone\n'],
      ['zero bytes', ''],
    ] as const)
      it(`${name} on ${what}`, () => {
        const a = args.map((x) => (x === '' ? keys : x));
        const out = join(tempDir(), 'out.csv');
        const r = cli([...a, '-o', out], { input, ...(env ? { env } : {}) });
        expect(r.code).toBe(2);
        expect(oneLine(r.stderr)).toMatch(/^custodia: input has no column phnoe/);
        expect(existsSync(out)).toBe(false);
      });
});

describe('P4.4: memory stays bounded on any input', () => {
  // Reports the child's peak resident set size on exit (KiB, from the kernel via resourceUsage).
  const reporter = join(tempDir(), 'maxrss.cjs');
  writeFileSync(reporter, "process.on('exit', () => require('fs').writeSync(2, `maxrss=${process.resourceUsage().maxRSS}\\n`));\n");
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=256', '--require', reporter, BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...PASS }, timeout: 120_000 });
    const rss = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1]) / 1024;
    return { code: r.status, stderr: r.stderr.replace(/maxrss=\d+\n/, ''), rssMiB: rss };
  };

  it('a single 50 MB line (CSV, NDJSON, text) is refused with RECORD_TOO_LARGE in a 256 MB heap, peak RSS under 200 MiB', () => {
    const d = tempDir();
    const line = '1'.repeat(50 * 1024 * 1024);
    const files = {
      csv: writeFile(d, 'big.csv', `phone\n13812345678\n${line}\n`),
      ndjson: writeFile(d, 'big.ndjson', `{"phone":"13812345678"}\n{"phone":"${line}"}\n`),
      txt: writeFile(d, 'big.txt', `ok 13812345678\n${line}\n`),
    };
    for (const [kind, f] of Object.entries(files)) {
      const args = kind === 'txt' ? ['scan', f, '--redact'] : ['mask', f, '-c', 'phone=phone'];
      const r = run([...args, '-o', join(d, `out.${kind}`)]);
      expect(r.code, kind).toBe(1);
      expect(oneLine(r.stderr)).toBe(`custodia: row ${kind === 'csv' ? 2 : 2}: RECORD_TOO_LARGE: a record is longer than 16777216 bytes (--max-record-size)`);
      expect(r.rssMiB, kind).toBeGreaterThan(0);
      expect(r.rssMiB, kind).toBeLessThan(200);
      expect(existsSync(join(d, `out.${kind}`))).toBe(false);
    }
  });

  it('a quoted field that never closes is bounded too; --max-record-size sets the limit', () => {
    const d = tempDir();
    const f = writeFile(d, 'q.csv', `name,phone\na,"${'x\n'.repeat(10 * 1024 * 1024)}`);
    const r = run(['mask', f, '-c', 'phone=phone', '--max-record-size', '1000000']);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe('custodia: row 1: RECORD_TOO_LARGE: a record is longer than 1000000 bytes (--max-record-size)');
    expect(r.rssMiB).toBeLessThan(200);
  });
});
