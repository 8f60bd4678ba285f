// Screenshots of the WeChat components for docs/: the DOM miniprogram-simulate rendered from the
// shipped WXML (WeChat's wcc compiler output) and WXSS (rpx as px on a 750 px design width),
// drawn by Debian's Chromium at half scale. WeChat's built-in <button>, <switch> and <radio> are
// approximated with CSS: this is the component's own markup and style, not a phone's pixels.
// Usage: node test/components/_screens.mjs <dir with NAME.html> <out dir>
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const [from, to] = process.argv.slice(2).map((p) => resolve(p));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 375, height: 900 }, deviceScaleFactor: 2 });
for (const f of readdirSync(from).filter((n) => n.endsWith('.html'))) {
  await page.goto(`file://${join(from, f)}`);
  await page.locator('custodia-consent, custodia-preferences').first().screenshot({ path: join(to, f.replace(/\.html$/, '.png')) });
}
await browser.close();
