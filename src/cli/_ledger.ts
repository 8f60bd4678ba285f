/**
 * `custodia ledger verify`: re-reads a consent ledger or audit log (a SQLite store file or an
 * exported JSON array) and checks its hash chain (T/CCAGM 002-2021 5.4, 5.5). Exit 3 names the
 * first bad record and what is wrong with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { createAuditLog, verifyAuditLog } from '../audit/index.js';
import { fromHex } from '../bytes/index.js';
import { createLedger, verifyLedger, type Checkpoint, type VerifyOptions, type VerifyResult } from '../consent/index.js';
import { isCustodiaError } from '../errors/index.js';
import { CliError, EXIT } from './_errors.js';
import { stderr } from './_pipeline.js';

interface LedgerCli {
  sqlite?: string;
  json?: string;
  log?: string;
  kind: 'consent' | 'audit';
  keyEnv?: string;
  checkpoint?: string;
}

/** Verifies a chain in a SQLite store file, opened read-only: a missing file is never created. */
async function verifySqlite(path: string, o: LedgerCli, opts: VerifyOptions): Promise<{ res: VerifyResult; count: number }> {
  // Loaded only here: better-sqlite3 is an optional peer, not needed by the other commands.
  const { sqliteStore } = await import('../store/sqlite/index.js');
  const store = sqliteStore({ path, readonly: true });
  try {
    const log = o.log ?? o.kind;
    const count = await store.length(log);
    const chain = o.kind === 'audit' ? createAuditLog({ store, log, ...(opts.key ? { key: opts.key } : {}) }) : createLedger({ store, log, ...(opts.key ? { key: opts.key } : {}) });
    // The audit log's verify also checks the data-set register against its logged registrations.
    return { res: await chain.verify(opts.checkpoint ? { checkpoint: opts.checkpoint } : {}), count };
  } finally {
    await store.close();
  }
}

function readJson(path: string): unknown[] {
  if (!existsSync(path)) throw new CliError(EXIT.missing, `nothing to verify: ${path} does not exist`);
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CliError(EXIT.input, `cannot read ${path} as JSON`);
  }
  if (!Array.isArray(v)) throw new CliError(EXIT.input, `${path}: expected a JSON array of records (ledger.export())`);
  return v;
}

export function ledgerCommand(program: Command): void {
  const ledger = program.command('ledger').summary('verify a consent ledger or audit log');
  ledger
    .command('verify')
    .description('verify the hash chain of a consent ledger or audit log')
    .option('--sqlite <file>', 'SQLite store file (custodia/store/sqlite)')
    .option('--json <file>', 'records exported with ledger.export() / log.export(), as a JSON array')
    .addOption(new Option('--kind <kind>', 'which chain').choices(['consent', 'audit']).default('consent'))
    .option('--log <name>', 'log name in the store (default: the kind)')
    .option('--key-env <var>', 'environment variable with the chain HMAC key, hex (for hmac-* chains)')
    .option('--checkpoint <file>', 'JSON checkpoint {length, hash, alg} taken earlier: truncation is caught too')
    .addHelpText(
      'after',
      `
Examples:
  $ custodia ledger verify --sqlite custodia.db
  $ custodia ledger verify --sqlite custodia.db --kind audit
  $ custodia ledger verify --json consent-export.json --checkpoint head.json
  $ LEDGER_KEY=… custodia ledger verify --sqlite custodia.db --key-env LEDGER_KEY

Exit 0 when the chain is intact, 3 when a record was changed, removed, inserted or reordered,
5 when there is nothing to verify: the store file does not exist (it is never created) or the log is empty.`,
    )
    .action(async (o: LedgerCli) => {
      if (!o.sqlite === !o.json) throw new CliError(EXIT.usage, 'give exactly one of --sqlite <file> or --json <file>');
      const opts: VerifyOptions = {};
      if (o.keyEnv) {
        const hex = process.env[o.keyEnv];
        if (!hex) throw new CliError(EXIT.keys, `no key: set ${o.keyEnv}`);
        opts.key = fromHex(hex);
      }
      if (o.checkpoint) {
        try {
          opts.checkpoint = JSON.parse(readFileSync(o.checkpoint, 'utf8')) as Checkpoint;
        } catch {
          throw new CliError(EXIT.input, `cannot read checkpoint ${o.checkpoint}`);
        }
      }
      let res: VerifyResult;
      let count: number;
      try {
        if (o.sqlite) ({ res, count } = await verifySqlite(o.sqlite, o, opts));
        else {
          const records = readJson(o.json!);
          count = records.length;
          res = o.kind === 'audit' ? verifyAuditLog(records, opts) : verifyLedger(records, opts);
        }
      } catch (e) {
        // No verdict without evidence: a missing store or an empty log is its own exit status.
        if (isCustodiaError(e, 'STORE_NOT_FOUND') || isCustodiaError(e, 'LOG_EMPTY')) throw new CliError(EXIT.missing, `nothing to verify: ${e.code}: ${e.message}`);
        throw e;
      }
      if (res.ok) {
        process.stdout.write(`ok: ${o.kind} chain of ${count} record(s) intact\n`);
        return;
      }
      stderr(`${o.kind} chain broken at record ${res.index} (seq ${res.index}): ${res.code}`);
      throw new CliError(EXIT.verify, `verification failed (${count} record(s) read)`);
    });
}
