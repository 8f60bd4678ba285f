// Real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against the built dist/:
// the browser checks page (hash vectors, masks, ledger verify, IndexedDB store conformance) and
// the web example, both without a bundler and bundled by esbuild. `npm run test:browser`
// builds dist/ and runs this file; a screenshot of each example lands in test-artifacts/.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, useChromium } from './_chromium.js';

const { open, until } = useChromium();
beforeAll(() => {
  execFileSync(process.execPath, ['examples/web/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
});

describe('Chromium against dist/', () => {
  it('S5.5: checks page: hash vectors on js and wasm, masks, ledger verify and tamper detection, IndexedDB store conformance', async () => {
    const o = await open('/test/browser/checks.html');
    const { page, errors } = o;
    await until(o, () => (window as unknown as { __checks?: unknown }).__checks, 60_000);
    const rows = await page.evaluate(() => (window as unknown as { __checks: { name: string; ok: boolean; error?: string; skipped?: string }[] }).__checks);
    expect(errors).toEqual([]);
    // A skipped row is not ok either (the suite skips a test of an optional method a store lacks): none here.
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    const names = rows.map((r) => r.name);
    expect(names.filter((n) => n.startsWith('hash wasm')).length).toBe(6);
    // 13, all run: the IndexedDB store has putMany, appendMany and appendManyAndPut (4 of the 13 tests).
    expect(names.filter((n) => n.startsWith('conformance:')).length).toBe(13);
    expect(names).toContain('S5.5: consent ledger on IndexedDB verifies, and a record edited in IndexedDB is caught');
    expect(names).toContain('IndexedDB: a refused or failed appendManyAndPut leaves neither its entries nor its records in the database');
    expect(names.filter((n) => n.startsWith('merkle log on IndexedDB')).length).toBe(1);
    await page.close();
  }, 90_000);

  it('S5.5: three tabs appending to one IndexedDB log with ifLength keep one gap-free chain', async () => {
    const tabs = await Promise.all(['a', 'b', 'c'].map((t) => open(`/test/browser/race.html?db=race&tab=${t}&count=40`)));
    await Promise.all(tabs.map((o) => until(o, () => typeof (window as unknown as { __go?: unknown }).__go === 'function')));
    type Result = { conflicts: number; entries: { seq: number; value: string }[] };
    const results = await Promise.all(tabs.map(({ page }) => page.evaluate(() => (window as unknown as { __go: () => Promise<Result> }).__go())));
    const last = results.reduce((a, r) => (r.entries.length > a.entries.length ? r : a));
    expect(last.entries.length).toBe(120);
    console.log(`three tabs: ${results.map((r) => r.conflicts).join(' + ')} conflicts retried`);
    // They really raced: some appends lost to another tab and were retried.
    expect(results.reduce((a, r) => a + r.conflicts, 0)).toBeGreaterThan(0);
    // Each entry was written believing the log had `n` entries: equal to its seq means no two appends saw the same length.
    expect(last.entries.every((e) => Number(e.value.split(':')[2]) === e.seq)).toBe(true);
    expect(new Set(last.entries.map((e) => e.value.split(':').slice(0, 2).join(':'))).size).toBe(120);
    for (const { page, errors } of tabs) {
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 60_000);

  for (const [label, path] of [['no bundler (import map on dist/)', '/examples/web/'], ['esbuild bundle', '/examples/web/bundled.html']] as const) {
    it(`P8.2: web example, ${label}: <custodia-consent> shows the notice and records the choice in the IndexedDB ledger, fields masked and tokenized, WASM hashing; kept across reload`, async () => {
      const o = await open(path);
      const { page, errors } = o;
      await until(o, () => document.getElementById('status')?.textContent === 'ready');
      await page.locator('custodia-consent button[data-action=full]').click();
      expect(await page.locator('custodia-consent #custodia-full').textContent()).toContain('撤回同意');
      expect(await page.textContent('#backend')).toBe('wasm');
      expect(await page.textContent('#sha256-abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      const before = Number(await page.textContent('#ledger-length'));
      expect(await page.isVisible('#form')).toBe(false); // the form opens after the consent dialogue
      await page.locator('custodia-consent #p-marketing').check();
      await page.locator('custodia-consent button[data-action=agree]').click();
      await page.waitForSelector('#form', { state: 'visible' });
      await page.fill('#name', '欧阳娜娜');
      await page.fill('#phone', '13812345678');
      await page.fill('#id-card', '11010519491231002X');
      await page.click('#submit');
      await until(o, () => document.getElementById('status')?.textContent === 'done');
      expect(await page.textContent('#masked-name')).toBe('欧阳**');
      expect(await page.textContent('#masked-phone')).toBe('138****5678');
      expect(await page.textContent('#masked-id')).toBe('110***********002X');
      expect(await page.textContent('#token-phone')).toMatch(/^k[0-9a-f]{8}\.[A-Za-z0-9_-]{22}$/);
      const fpe = (await page.textContent('#fpe-phone'))!;
      expect(fpe).toMatch(/^1[3-9]\d{9}$/);
      expect(fpe).not.toBe('13812345678');
      expect(await page.textContent('#ledger-length')).toBe(String(before + 1));
      expect(await page.textContent('#ledger-verify')).toBe('ok');
      expect(await page.textContent('#marketing-state')).toBe('given');
      // Nothing on the page holds the raw phone or ID after processing, text or inputs.
      const body = (await page.textContent('body'))!;
      expect(body.includes('13812345678') || body.includes('11010519491231002X')).toBe(false);
      expect(await page.$$eval('input:not([type])', (els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['', '', '']);
      await page.screenshot({ path: join(ROOT, 'test-artifacts', `web-example-${path.includes('bundled') ? 'bundled' : 'esm'}.png`), fullPage: true });
      await page.reload();
      await until(o, () => document.getElementById('status')?.textContent === 'ready');
      expect(await page.textContent('#ledger-length')).toBe(String(before + 1));
      expect(await page.textContent('#ledger-verify')).toBe('ok');
      expect(await page.textContent('#marketing-state')).toBe('given');
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);
  }
});
