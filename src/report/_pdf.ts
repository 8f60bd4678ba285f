/**
 * PDF by the Chromium already on the machine (`--headless --print-to-pdf`): no new dependency.
 * Absent Chromium is a clear error, never a silent skip.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CustodiaError } from '../errors/index.js';
import { needString, optObject, readingCaller } from '../errors/_args.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

/**
 * The Chromium (or Chrome) binary: `CHROMIUM_PATH`, else the usual install places; undefined when none.
 * @example
 * ```ts
 * import { findChromium } from 'custodia/report';
 * if (!findChromium()) console.log('no PDF: install chromium or set CHROMIUM_PATH');
 * ```
 */
export function findChromium(): string | undefined {
  const env = process.env['CHROMIUM_PATH'];
  if (env) return existsSync(env) ? env : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/**
 * Prints the HTML file `htmlPath` to `pdfPath` with headless Chromium. Throws `ENGINE_UNAVAILABLE`
 * when no Chromium is found (install it, or set CHROMIUM_PATH) or when it fails to write the PDF.
 * @example
 * ```ts
 * import { printPdf } from 'custodia/report';
 * await printPdf('report.html', 'report.pdf');
 * ```
 */
export async function printPdf(htmlPath: string, pdfPath: string, options: { chromium?: string; timeoutMs?: number } = {}): Promise<void> {
  needString(htmlPath, 'htmlPath');
  needString(pdfPath, 'pdfPath');
  optObject(options, 'options');
  const o = readingCaller('options', () => ({ chromium: options.chromium, timeoutMs: options.timeoutMs }));
  if (o.chromium !== undefined) needString(o.chromium, 'chromium');
  const bin = o.chromium ?? findChromium();
  if (!bin || !existsSync(bin)) throw new CustodiaError('ENGINE_UNAVAILABLE', 'no Chromium to print the PDF: install chromium or set CHROMIUM_PATH (the HTML report is written anyway)', { field: 'chromium' });
  const out = resolve(pdfPath);
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--no-pdf-header-footer', `--print-to-pdf=${out}`, pathToFileURL(resolve(htmlPath)).href];
  const code = await new Promise<number | null>((done, fail) => {
    const p = spawn(bin, args, { stdio: 'ignore' });
    const timer = setTimeout(() => p.kill('SIGKILL'), typeof o.timeoutMs === 'number' ? o.timeoutMs : 60_000);
    p.on('error', fail);
    p.on('exit', (c) => {
      clearTimeout(timer);
      done(c);
    });
  });
  if (code !== 0 || !existsSync(out) || statSync(out).size === 0) throw new CustodiaError('ENGINE_UNAVAILABLE', `Chromium could not print the PDF (exit ${code})`, { field: 'chromium' });
}
