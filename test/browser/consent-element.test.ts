// <custodia-consent> and <custodia-preferences> in Debian's Chromium against the built package:
// each state clicked and keyboarded through, the events read back from the IndexedDB ledger,
// axe-core's accessibility rules on each state, and a screenshot of each state (zh-CN needs
// fonts-noto-cjk). Screenshots go to test-artifacts/; CUSTODIA_UPDATE_DOCS=1 also writes them to
// docs/img/components/ (the ones docs/consent.md shows).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, useChromium, type OpenPage } from './_chromium.js';

const chrome = useChromium();
const { open, until } = chrome;
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const DOCS = process.env['CUSTODIA_UPDATE_DOCS'] === '1';
let dbs = 0;

async function mount(query: string): Promise<OpenPage & { el: Locator }> {
  const o = await open(`/test/browser/consent.html?db=c${++dbs}&${query}`);
  await until(o, () => (window as unknown as { __ready?: boolean }).__ready);
  return { ...o, el: o.page.locator(query.includes('prefs') ? 'custodia-preferences' : 'custodia-consent') };
}
const step = (el: Locator) => el.locator('section').getAttribute('data-step');

async function shot(el: Locator, name: string) {
  const file = join(ROOT, 'test-artifacts', `${name}.png`);
  await el.screenshot({ path: file });
  if (DOCS) {
    mkdirSync(join(ROOT, 'docs/img/components'), { recursive: true });
    copyFileSync(file, join(ROOT, 'docs/img/components', `${name}.png`));
  }
}

/** axe-core (WCAG 2.1 A/AA rules) on the element, shadow DOM included. */
async function axe(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
    const r = await axe.run({ include: [[sel]] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  }, selector);
}

const done = (page: Page) => page.evaluate(() => (window as unknown as { __done: { granted: string[]; events: { event: string; purposes: string[]; separate: boolean; channel: string; evidence: string }[]; verify: boolean } }).__done);

describe('<custodia-consent> in Chromium', () => {
  for (const lang of ['zh-CN', 'en'] as const)
    it(`P8.2 / P8.4 (${lang}): notice, switches off, equal buttons; marketing + separate face pay recorded in IndexedDB; no axe violation in any state`, async () => {
      const o = await mount(`lang=${lang}`);
      const { page, el } = o;
      expect(await step(el)).toBe('choose');
      expect(await el.locator('input[role=switch]').evaluateAll((bs) => bs.map((b) => (b as HTMLInputElement).checked))).toEqual([false, false]);
      // Agree and refuse: the same size, the same colours, side by side.
      const look = (a: string) => el.locator(`button[data-action=${a}]`).evaluate((b) => {
        const s = getComputedStyle(b); const r = b.getBoundingClientRect();
        return [Math.round(r.width), Math.round(r.height), s.color, s.backgroundColor, s.borderColor, s.fontSize, s.fontWeight, Math.round(r.top)];
      });
      expect(await look('refuse')).toEqual(await look('agree'));
      expect(await axe(page, 'custodia-consent')).toEqual([]);
      await shot(el, `consent-web-choose-${lang}`);
      await el.locator('button[data-action=full]').click();
      expect(await el.locator('#custodia-full').textContent()).toContain(lang === 'en' ? 'withdraw consent' : '撤回同意');
      await el.locator('#p-marketing').check();
      await el.locator('#p-face-pay').check();
      await el.locator('button[data-action=agree]').click();
      expect(await step(el)).toBe('sensitive');
      expect(await axe(page, 'custodia-consent')).toEqual([]);
      await shot(el, `consent-web-sensitive-${lang}`);
      await el.locator('button[data-action=sensitive-agree]').click();
      await until(o, () => (window as unknown as { __done?: unknown }).__done);
      const d = await done(page);
      expect(d.granted).toEqual(['marketing', 'face-pay']);
      expect(d.events.map((e) => [e.event, e.purposes, e.separate, e.channel])).toEqual([['given', ['marketing'], false, 'website'], ['given', ['face-pay'], true, 'website']]);
      expect(d.verify).toBe(true);
      expect(await axe(page, 'custodia-consent')).toEqual([]);
      await shot(el, `consent-web-done-${lang}`);
      expect(o.errors).toEqual([]);
      await page.close();
    });

  it('P8.2: keyboard only — Tab to a switch, Space, Tab to refuse, Enter: a refusal, focus moves to the new heading', async () => {
    const o = await mount('lang=en');
    const { page, el } = o;
    await page.keyboard.press('Tab'); // the full-notice link
    await page.keyboard.press('Tab'); // first switch
    await page.keyboard.press('Space');
    expect(await el.locator('#p-marketing').isChecked()).toBe(true);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab'); // face pay, agree, refuse
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('data-action'))).toBe('refuse');
    await page.keyboard.press('Enter');
    await until(o, () => (window as unknown as { __done?: unknown }).__done);
    expect((await done(page)).events.map((e) => [e.event, e.purposes])).toEqual([['refused', ['marketing', 'face-pay']]]);
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.tagName)).toBe('H2');
    await page.close();
  });

  it('P8.2: a child (under 14): the guardian step first, then the choice; the events name the guardian', async () => {
    const o = await mount('lang=zh-CN&birth=2016-05-01');
    const { page, el } = o;
    expect(await step(el)).toBe('guardian');
    expect(await axe(page, 'custodia-consent')).toEqual([]);
    await shot(el, 'consent-web-guardian-zh-CN');
    await el.locator('#r-guardian').check();
    await el.locator('button[data-action=guardian-confirm]').click();
    expect(await step(el)).toBe('choose');
    await el.locator('#p-marketing').check();
    await el.locator('button[data-action=agree]').click();
    await until(o, () => (window as unknown as { __done?: unknown }).__done);
    const [given] = (await done(page)).events as unknown as { ageUnder14: boolean; guardian: { relation: string } }[];
    expect(given).toMatchObject({ ageUnder14: true, guardian: { relation: 'guardian' } });
    await page.close();
  });
});

describe('<custodia-consent> posting to an endpoint', () => {
  it('P8.2: the events go to the app\'s endpoint as JSON; an HTTP error reaches the page as STORE_UNAVAILABLE', async () => {
    for (const status of [201, 503]) {
      const page = await chrome.ctx.newPage();
      const o = { page, errors: [] as string[] };
      page.on('pageerror', (e) => o.errors.push(e.message));
      const posted: unknown[] = [];
      // A predicate, not a glob: the page's own URL carries '/api/consent' in its query.
      await page.route((url) => url.pathname === '/api/consent', async (route) => {
        posted.push(JSON.parse(route.request().postData() ?? 'null'));
        await route.fulfill({ status, body: '' });
      });
      await page.goto(`${chrome.base}/test/browser/consent.html?db=e${status}&lang=en&endpoint=/api/consent`);
      await until(o, () => (window as unknown as { __ready?: boolean }).__ready);
      const el = page.locator('custodia-consent');
      await el.locator('#p-marketing').check();
      await el.locator('button[data-action=agree]').click();
      if (status === 201) {
        await until(o, () => (window as unknown as { __done?: unknown }).__done);
        expect(posted).toHaveLength(1);
        const { events } = posted[0] as { events: { event: string; purposes: string[]; subject: string; evidence: string; channel: string }[] };
        expect(events.map((e) => [e.event, e.purposes, e.subject, e.channel])).toEqual([['given', ['marketing'], 'u_web01', 'website'], ['refused', ['face-pay'], 'u_web01', 'website']]);
        expect(events[0]!.evidence).toMatch(/^[0-9a-f]{64}$/);
      } else {
        await until(o, () => (window as unknown as { __error?: string }).__error);
        expect(await page.evaluate(() => (window as unknown as { __error: string }).__error)).toBe('STORE_UNAVAILABLE');
      }
      await page.close();
    }
  });
});

describe('<custodia-preferences> in Chromium', () => {
  it('S4.1.2 / P8.2: lists the consents from IndexedDB and withdraws marketing with one click; basic service stays', async () => {
    const first = await mount('lang=zh-CN');
    await first.el.locator('#p-marketing').check();
    await first.el.locator('button[data-action=agree]').click();
    await until(first, () => (window as unknown as { __done?: unknown }).__done);
    const db = new URL(first.page.url()).searchParams.get('db');
    await first.page.close();

    const o = await open(`/test/browser/consent.html?db=${db}&lang=zh-CN&prefs=1`);
    await until(o, () => (window as unknown as { __ready?: boolean }).__ready);
    const el = o.page.locator('custodia-preferences');
    const rows = () => el.locator('li').evaluateAll((ls) => ls.map((l) => [l.getAttribute('data-purpose'), l.getAttribute('data-status')]));
    await until(o, () => document.querySelector('custodia-preferences')?.shadowRoot?.querySelector('li'));
    expect(await rows()).toEqual([['membership', 'basic'], ['marketing', 'given'], ['face-pay', 'refused']]);
    expect(await axe(o.page, 'custodia-preferences')).toEqual([]);
    await shot(el, 'preferences-web-zh-CN');
    await el.locator('button[data-action=withdraw]').click();
    await until(o, () => (window as unknown as { __withdrawn?: string }).__withdrawn === 'marketing');
    expect(await rows()).toEqual([['membership', 'basic'], ['marketing', 'withdrawn'], ['face-pay', 'refused']]);
    expect(await el.locator('button[data-action=withdraw]').count()).toBe(0);
    expect(o.errors).toEqual([]);
    await o.page.close();
  });
});
