// `npm run demo` (examples/demo/demo.mjs on the built package): the end-to-end retail scenario
// runs on embedded defaults and reports every step with figures that follow from its rules.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './_run';

let out = '';
let code: number | null = null;
const outDir = mkdtempSync(join(tmpdir(), 'custodia-demo-test-'));
beforeAll(() => {
  expect(existsSync(resolve(ROOT, 'dist/store/sqlite/index.js')), 'run npm run build first').toBe(true);
  const r = spawnSync(process.execPath, ['examples/demo/demo.mjs', '--customers', '1500', '--out', outDir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  out = r.stdout;
  code = r.status;
  if (code !== 0) console.error(r.stderr);
});

const num = (re: RegExp): number => Number(re.exec(out)?.[1] ?? NaN);

describe('the demo', () => {
  it('runs every step and exits 0', () => {
    expect(code).toBe(0);
    for (let i = 1; i <= 9; i++) expect(out).toContain(`\n${i}. `);
    expect(out).toMatch(/done in [\d.]+ s/);
  });

  it('P8.2: marketing is denied exactly to those who refused or withdrew; order fulfilment to nobody', () => {
    const gave = num(/(\d+) gave consent/);
    const refused = num(/(\d+) refused marketing/);
    expect(gave + refused).toBe(1500);
    // people, not reasons: those who withdrew (and did not consent again) are denied for two reasons and counted once
    const withdrawn = num(/CONSENT_WITHDRAWN (\d+)/);
    expect(withdrawn).toBeGreaterThan(0);
    expect(num(/marketing SMS: (\d+) allowed/)).toBe(gave - withdrawn);
    expect(num(/marketing SMS: \d+ allowed, (\d+) customers denied/)).toBe(refused + withdrawn);
    expect(out).not.toMatch(/GUARDIAN_CONSENT_REQUIRED/);
    expect(num(/NO_CONSENT (\d+)/)).toBe(refused);
    expect(out).toMatch(/order fulfilment: 1500 allowed, denied: none/);
    expect(out).toMatch(/the customer who withdrew: marketing [A-Z_,]*CONSENT_WITHDRAWN[A-Z_,]*, orders allowed = true/);
  });

  it('S5.1 / S3.1: nothing identifying is printed: masked examples, pseudonyms, redacted reviews', () => {
    expect(out).not.toMatch(/1[3-9]\d{9}/);
    expect(out).not.toMatch(/\d{17}[\dX]/);
    expect(out).toMatch(/redacted: .*\d{3}\*{4}\d{4}/);
    expect(num(/(\d+) contain personal data/)).toBeGreaterThan(0);
  });

  it('S3.5 / S3.8: k=5 leaves no class under 5 (risk at most 20%) and small 客流 cells are hidden', () => {
    expect(out).toMatch(/-> 20\.0% after|-> 1\d\.\d% after|-> [0-9]\.\d% after/);
    expect(num(/(\d+) below 5 hidden/)).toBeGreaterThan(0);
    expect(num(/(\d+) exposed/)).toBe(0);
  });

  it('S5.5: the consent ledger and audit log verify intact', () => {
    expect(num(/consent ledger: (\d+) records/)).toBe(1500 + num(/(\d+) withdrawals between/) + num(/\((\d+) of those customers consented/));
    expect(out).toMatch(/consent ledger: \d+ records, chain intact; audit log: \d+ records, chain intact/);
  });

  it('S5.4: the verify commands it prints name a file that still exists and pass when run', () => {
    const commands = [...out.matchAll(/npx custodia (ledger verify [^\n]+)/g)].map((m) => m[1]!.trim().split(/\s+/));
    expect(commands).toHaveLength(2);
    for (const argv of commands) {
      expect(existsSync(argv[argv.indexOf('--sqlite') + 1]!)).toBe(true);
      const r = spawnSync(process.execPath, [resolve(ROOT, 'dist/cli/index.js'), ...argv], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^ok: (consent|audit) chain of [1-9]\d* record\(s\) intact/);
    }
  });
});

describe('the demo report (issue 22)', () => {
  const reports = () => ['report.zh-CN.html', 'report.en.html'].map((f) => join(outDir, f));

  it('P8.2: it answers last month\'s question and its path is printed', () => {
    expect(out).toMatch(/last month \(2025-12\): \d+ customers withdrew marketing consent; \d+ of \d+ withdrawals honoured within a day/);
    for (const f of reports()) {
      expect(out).toContain(f);
      expect(existsSync(f)).toBe(true);
    }
  });

  it('S5.1: no personal data in any report: none of the demo\'s phone numbers, resident IDs or names, and custodia/detect finds nothing', async () => {
    const gen = '../../examples/demo/generate.mjs';
    const { customers } = (await import(gen)) as { customers: (n: number) => unknown[] };
    const { scan } = await import('../../src/detect/index.js');
    const people = customers(1500) as { name: string; mobile: string; id: string; plate: string }[];
    for (const f of reports()) {
      const html = readFileSync(f, 'utf8');
      const text = html.replace(/<[^>]+>/g, ' ');
      for (const p of people) {
        expect(html.includes(p.mobile)).toBe(false);
        expect(html.includes(p.id)).toBe(false);
        if (p.plate) expect(html.includes(p.plate)).toBe(false);
        // two-character names also occur as words (e.g. 王芳 in no table): names of three or more characters are matched as they are
        if (p.name.length >= 3) expect(text.includes(p.name), 'a customer name').toBe(false);
      }
      const found = scan(text).filter((x) => ['cn_mobile', 'cn_resident_id', 'cn_plate', 'person_name', 'email', 'cn_address'].includes(x.type));
      expect(found.map((x) => x.type)).toEqual([]);
    }
  });
});
