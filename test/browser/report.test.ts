// The report opened in Debian's Chromium (playwright-core): it renders with no console error and
// no request leaving the page, every section and chart is there, and Chromium prints it to PDF.
// CUSTODIA_UPDATE_DOCS=1 writes a screenshot of each section to docs/img/report/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/store/index.js';
import { buildReport, printPdf } from '../../src/report/index.js';
import { PURPOSES, writeScenario } from '../report/_scenario.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DOCS = resolve(import.meta.dirname, '../../docs/img/report');
const SECTIONS = ['integrity', 'consent', 'use', 'retention', 'releases', 'clauses'];

describe('the report in Chromium', () => {
  it('S5.4: renders in zh-CN and en without console errors or network, six sections with charts; prints to PDF', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    const store = memoryStore();
    await writeScenario(store);
    const dir = mkdtempSync(join(tmpdir(), 'custodia-report-'));
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      for (const lang of ['zh-CN', 'en'] as const) {
        const { html } = await buildReport({ store, lang, from: '2025-08-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00', now: new Date('2026-01-01T00:00:00+08:00'), retention: { ns: 'subjects', purposes: PURPOSES } });
        const file = join(dir, `report.${lang}.html`);
        writeFileSync(file, html);
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const problems: string[] = [];
        page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
        page.on('pageerror', (e) => problems.push(e.message));
        page.on('request', (r) => !r.url().startsWith('file:') && problems.push(`request ${r.url()}`));
        await page.goto(`file://${file}`);
        for (const id of SECTIONS) expect(await page.locator(`section#${id}`).count()).toBe(1);
        expect(await page.locator('section#consent svg').count()).toBeGreaterThan(1);
        expect(await page.locator('section#use svg').count()).toBeGreaterThan(0);
        expect(await page.locator('section#clauses tbody tr').count()).toBe(42);
        // a chart's bars are drawn: SVG paths with a size
        const box = await page.locator('section#consent svg').first().boundingBox();
        expect(box!.width).toBeGreaterThan(300);
        if (process.env.CUSTODIA_UPDATE_DOCS === '1') {
          mkdirSync(DOCS, { recursive: true });
          for (const id of SECTIONS) await page.locator(`section#${id}`).screenshot({ path: join(DOCS, `${lang}-${id}.png`) });
        }
        expect(problems).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
    const pdf = join(dir, 'report.pdf');
    await printPdf(join(dir, 'report.en.html'), pdf, { chromium: CHROMIUM });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    await expect(printPdf(join(dir, 'report.en.html'), pdf, { chromium: join(dir, 'no-chromium') })).rejects.toMatchObject({ code: 'ENGINE_UNAVAILABLE' });
  }, 120_000);
});
