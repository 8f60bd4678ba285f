// Debian's Chromium driven by playwright-core for a test file: a static server on the package
// root, a fresh profile, pages that report their errors, and a wait that fails at once on one.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { serveStatic } from './_server.js';

export const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface OpenPage {
  page: Page;
  errors: string[];
}

export function useChromium() {
  const env = {
    ctx: undefined as unknown as BrowserContext,
    base: '',
    version: '',
    /** Opens `path` (from the package root) in a new tab that collects page errors and 4xx responses. */
    async open(path: string): Promise<OpenPage> {
      const page = await env.ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // A missing module (dist/ rebuilt or not built) would otherwise only show as a timeout.
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url().slice(env.base.length)}`);
      });
      await page.goto(`${env.base}${path}`);
      return { page, errors };
    },
    /** Waits for `fn` in the page, failing at once when the page reported an error or a 4xx. */
    async until(o: OpenPage, fn: () => unknown, timeout = 30_000): Promise<void> {
      let timer: ReturnType<typeof setInterval> | undefined;
      const failed = new Promise<never>((_, reject) => {
        timer = setInterval(() => o.errors.length && reject(new Error(`page failed: ${o.errors.join('; ')}`)), 100);
      });
      try {
        await Promise.race([o.page.waitForFunction(fn, undefined, { timeout }), failed]);
      } finally {
        clearInterval(timer);
      }
    },
  };
  let close = () => {};
  let profile = '';
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/store/indexeddb/index.js'))) throw new Error('dist/ is missing: run `npm run test:browser` (it builds first)');
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    const s = await serveStatic(ROOT);
    env.base = s.url;
    close = () => s.server.close();
    profile = mkdtempSync(join(tmpdir(), 'custodia-chromium-'));
    env.ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    env.version = env.ctx.browser()?.version() ?? (await (await env.ctx.newPage()).evaluate(() => navigator.userAgent));
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await env.ctx?.close();
    close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    console.log(`browser tests ran on Chromium ${env.version}`);
  });
  return env;
}
