/**
 * `custodia report`: the compliance evidence pack from a SQLite file or a PostgreSQL database,
 * as one HTML file (and a PDF when Chromium is present), with progress on stderr while the logs
 * are read. Exit 3 when a log fails verification (the report is written and says where).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { fromHex } from '../bytes/index.js';
import { isCustodiaError } from '../errors/index.js';
import { buildReport, printPdf, type ReportOptions } from '../report/index.js';
import type { Store } from '../store/index.js';
import { CliError, EXIT } from './_errors.js';
import { stderr } from './_pipeline.js';
import { createProgress, type Progress } from './_progress.js';

interface ReportCli {
  sqlite?: string;
  postgres?: string;
  schema?: string;
  out: string;
  lang: 'zh-CN' | 'en';
  from?: string;
  to?: string;
  pdf?: string | boolean;
  json?: string;
  consentCheckpoint?: string[];
  auditCheckpoint?: string[];
  verifierKey?: string[];
  keyEnv?: string;
  auditKeyEnv?: string;
  purposes?: string;
  subjectsNs?: string;
  quiet?: boolean;
}

const keyFrom = (name: string | undefined) => {
  if (!name) return undefined;
  const hex = process.env[name];
  if (!hex) throw new CliError(EXIT.keys, `no key: set ${name}`);
  return fromHex(hex);
};

/** A checkpoint file: JSON {length, hash, alg} (ledger.checkpoint()) or a signed note (signCheckpointOf). */
function readCheckpoint(path: string): ReportOptions extends { checkpoints?: { consent?: (infer C)[] } } ? C : never {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(EXIT.io, `cannot read checkpoint ${path}`);
  }
  if (text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch {
      throw new CliError(EXIT.input, `cannot read checkpoint ${path} as JSON`);
    }
  }
  return text;
}

async function openStore(o: ReportCli): Promise<Store> {
  if (o.sqlite) {
    const { sqliteStore } = await import('../store/sqlite/index.js');
    return sqliteStore({ path: o.sqlite, readonly: true });
  }
  const { postgresStore } = await import('../store/postgres/index.js');
  return postgresStore({ connectionString: o.postgres!, ...(o.schema ? { schema: o.schema } : {}) });
}

export function reportCommand(program: Command): void {
  program
    .command('report')
    .description('write the compliance report (integrity, consent, use, retention, releases, clause table) as one HTML file')
    .option('--sqlite <file>', 'SQLite store file (custodia/store/sqlite), opened read-only')
    .option('--postgres <url>', 'PostgreSQL connection string (custodia/store/postgres)')
    .option('--schema <name>', 'PostgreSQL schema of the store')
    .option('-o, --out <file>', 'HTML file to write', 'custodia-report.html')
    .addOption(new Option('--lang <lang>', 'language of the report').choices(['zh-CN', 'en']).default('zh-CN'))
    .option('--from <iso>', 'start of the period (inclusive), e.g. 2025-12-01 or 2025-12-01T00:00:00+08:00')
    .option('--to <iso>', 'end of the period (exclusive); default now')
    .option('--pdf [file]', 'also print a PDF with Chromium (default: the HTML name with .pdf)')
    .option('--json <file>', 'also write every figure as JSON')
    .option('--consent-checkpoint <file...>', 'checkpoint(s) of the consent ledger: JSON {length, hash, alg} or a signed note')
    .option('--audit-checkpoint <file...>', 'checkpoint(s) of the audit log')
    .option('--verifier-key <key...>', 'verifier key(s) trusted for signed checkpoints')
    .option('--key-env <var>', 'environment variable with the consent chain HMAC key, hex')
    .option('--audit-key-env <var>', 'environment variable with the audit chain HMAC key, hex')
    .option('--purposes <file>', 'JSON {purpose: {retention, basis, atExpiry}}: enables the overdue-retention check')
    .option('--subjects-ns <ns>', 'namespace of the customer records (createSubjectData)', 'subjects')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      `
Examples:
  $ custodia report --sqlite custodia.db -o report.html
  $ custodia report --sqlite custodia.db --lang en --from 2025-12-01 --to 2026-01-01 --pdf
  $ custodia report --postgres postgres://audit@db/crm --consent-checkpoint head.json -o report.html

People appear only as counts. Exit 0 when written, 3 when a log fails verification (the report
is still written and says where), 5 when the store or a file cannot be opened.`,
    )
    .action(async (o: ReportCli) => {
      if (!o.sqlite === !o.postgres) throw new CliError(EXIT.usage, 'give exactly one of --sqlite <file> or --postgres <url>');
      const opts: Omit<ReportOptions, 'store'> = { lang: o.lang };
      if (o.from) opts.from = o.from;
      if (o.to) opts.to = o.to;
      const consentKey = keyFrom(o.keyEnv);
      const auditKey = keyFrom(o.auditKeyEnv);
      if (consentKey) opts.consentKey = consentKey;
      if (auditKey) opts.auditKey = auditKey;
      if (o.consentCheckpoint || o.auditCheckpoint)
        opts.checkpoints = { consent: (o.consentCheckpoint ?? []).map(readCheckpoint), audit: (o.auditCheckpoint ?? []).map(readCheckpoint) };
      if (o.verifierKey) opts.verifierKeys = o.verifierKey;
      if (o.purposes) {
        try {
          opts.retention = { ns: o.subjectsNs ?? 'subjects', purposes: JSON.parse(readFileSync(o.purposes, 'utf8')) };
        } catch {
          throw new CliError(EXIT.input, `cannot read purposes ${o.purposes} as JSON`);
        }
      }
      const bars: Partial<Record<'consent' | 'audit', Progress>> = {};
      opts.onProgress = (phase, done, total) => {
        const bar = (bars[phase] ??= createProgress(phase === 'consent' ? 'consent ledger' : 'audit log', total, o.quiet === true));
        if (done >= total) bar.stop(done, done);
        else bar.tick(done, done);
      };
      let store: Store;
      try {
        store = await openStore(o);
      } catch (e) {
        if (isCustodiaError(e, 'STORE_NOT_FOUND') || isCustodiaError(e, 'STORE_UNAVAILABLE')) throw new CliError(EXIT.io, `cannot open the store: ${e.code}`);
        throw e;
      }
      let built: Awaited<ReturnType<typeof buildReport>>;
      try {
        built = await buildReport({ ...opts, store });
      } finally {
        await store.close();
      }
      // Written whole, then renamed: a reader never sees half a report.
      writeFileSync(`${o.out}.partial`, built.html);
      renameSync(`${o.out}.partial`, o.out);
      process.stdout.write(`report: ${o.out}\n`);
      if (o.json) {
        writeFileSync(o.json, `${JSON.stringify(built.summary, null, 2)}\n`);
        process.stdout.write(`figures: ${o.json}\n`);
      }
      if (o.pdf) {
        const pdf = typeof o.pdf === 'string' ? o.pdf : o.out.replace(/\.html?$/i, '') + '.pdf';
        try {
          await printPdf(o.out, pdf);
          process.stdout.write(`pdf: ${pdf}\n`);
        } catch (e) {
          if (!isCustodiaError(e, 'ENGINE_UNAVAILABLE')) throw e;
          stderr(`no PDF: ${e.message}`);
        }
      }
      const bad = [built.summary.integrity.consent, built.summary.integrity.audit].filter((l) => l.result && !l.result.ok);
      const badCp = [built.summary.integrity.consent, built.summary.integrity.audit].some((l) => l.checkpoints.some((c) => !c.ok));
      if (bad.length || badCp || built.summary.integrity.audit.register?.ok === false) {
        for (const l of bad) if (l.result && !l.result.ok) stderr(`${l.log} broken at record ${l.result.index}: ${l.result.code}`);
        throw new CliError(EXIT.verify, 'verification failed: see the integrity section of the report');
      }
    });
}
