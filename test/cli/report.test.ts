// `custodia report` (the built binary) on a SQLite store file: writes the HTML (and the figures
// as JSON, equal to buildReport's on the same file), exit 3 on a tampered log, a clear message
// without Chromium, exit 5 for a store that does not exist.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/index.js';
import { sqliteStore } from '../../src/store/sqlite/index.js';
import { PURPOSES, writeScenario } from '../report/_scenario.js';
import { cli, tempDir } from './_run.js';

const dir = tempDir();
const db = join(dir, 'custodia.db');
const purposes = join(dir, 'purposes.json');
const FROM = '2025-08-01T00:00:00+08:00';
const TO = '2026-01-01T00:00:00+08:00';
const period = ['--from', FROM, '--to', TO];

beforeAll(async () => {
  const store = sqliteStore({ path: db });
  await writeScenario(store, 30, 60);
  await store.close();
  writeFileSync(purposes, JSON.stringify(PURPOSES));
}, 60_000);

describe('custodia report', () => {
  it('S5.4: writes the HTML and the figures; the figures equal buildReport on the same file', async () => {
    const out = join(dir, 'r.html');
    const json = join(dir, 'r.json');
    const r = cli(['report', '--sqlite', db, '--lang', 'en', ...period, '--purposes', purposes, '-o', out, '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`report: ${out}`);
    expect(readFileSync(out, 'utf8')).toContain('<section id="clauses">');
    const store = sqliteStore({ path: db, readonly: true });
    try {
      const { summary } = await buildReport({ store, lang: 'en', from: FROM, to: TO, retention: { ns: 'subjects', purposes: PURPOSES } });
      const fromCli = JSON.parse(readFileSync(json, 'utf8'));
      expect({ ...fromCli, generatedAt: '' }).toEqual({ ...JSON.parse(JSON.stringify(summary)), generatedAt: '' });
    } finally {
      await store.close();
    }
  });

  it('S5.4: --pdf without Chromium says so and still writes the HTML', () => {
    const out = join(dir, 'nopdf.html');
    const r = cli(['report', '--sqlite', db, '-o', out, '--pdf'], { env: { CHROMIUM_PATH: join(dir, 'no-chromium') } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no PDF: no Chromium to print the PDF/);
    expect(existsSync(out)).toBe(true);
  });

  it('S5.5: a record edited in the file: the report is written, says BROKEN, and the exit is 3', () => {
    const copy = join(dir, 'tampered.db');
    writeFileSync(copy, readFileSync(db));
    const raw = new Database(copy);
    const row = raw.prepare("SELECT value FROM custodia_logs WHERE log = 'audit' AND seq = 3").get() as { value: string };
    raw.prepare("UPDATE custodia_logs SET value = ? WHERE log = 'audit' AND seq = 3").run(row.value.replace(/"decision":"(allow|deny)"/, (_, d: string) => `"decision":"${d === 'allow' ? 'deny' : 'allow'}"`));
    raw.close();
    const out = join(dir, 'tampered.html');
    const r = cli(['report', '--sqlite', copy, '--lang', 'en', '-o', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/audit broken at record 3: /);
    expect(readFileSync(out, 'utf8')).toContain('BROKEN');
  });

  it('a store file that does not exist: exit 5, and it is not created', () => {
    const missing = join(dir, 'missing.db');
    const r = cli(['report', '--sqlite', missing, '-o', join(dir, 'x.html')]);
    expect(r.code).toBe(5);
    expect(existsSync(missing)).toBe(false);
  });
});
