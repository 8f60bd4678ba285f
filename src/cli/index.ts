#!/usr/bin/env node
/**
 * The `custodia` command line (Node only): keys, tokenize, mask, scan, kanon and ledger verify
 * on CSV and NDJSON files or stdin/stdout. `npx custodia --help` lists the commands and exit codes.
 * @module
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { Command, CommanderError } from 'commander';
import { isCustodiaError } from '../errors/index.js';
import { CliError, EXIT, EXIT_HELP } from './_errors.js';
import { kanonCommand } from './_kanon.js';
import { keysCommand } from './_keys.js';
import { ledgerCommand } from './_ledger.js';
import { maskCommand } from './_mask.js';
import { reportCommand } from './_report.js';
import { scanCommand } from './_scan.js';
import { isTokenizeWorker, tokenizeCommand, tokenizeWorker } from './_tokenize.js';

/**
 * The commander program behind the `custodia` binary, for embedding its commands in another CLI.
 *
 * @example
 * ```ts
 * import { createProgram } from 'custodia/cli';
 * console.log(createProgram().helpInformation());
 * ```
 */
export function createProgram(): CliProgram {
  return commanderProgram();
}

/**
 * The part of commander's `Command` that {@link createProgram} promises. Declared here so the
 * published types need no commander (it is bundled into dist/cli, not a dependency); at run time
 * it is a commander `Command` (v14), to cast for `addCommand` and the like.
 * @example
 * ```ts
 * const program: CliProgram = createProgram();
 * await program.parseAsync(['mask', 'in.csv', '-c', 'phone=phone'], { from: 'user' });
 * ```
 */
export interface CliProgram {
  name(): string;
  helpInformation(): string;
  parseAsync(argv?: readonly string[], options?: { from: 'node' | 'electron' | 'user' }): Promise<unknown>;
}

function commanderProgram(): Command {
  const program = new Command('custodia')
    .description('Customer personal data done right: tokenize, mask, scan, k-anonymize and verify, on CSV and NDJSON.')
    .version(version())
    .showHelpAfterError('(custodia <command> --help shows examples)')
    .addHelpText('after', `\n${EXIT_HELP}\n\nEvery command reads a file or stdin and writes a file or stdout; see custodia <command> --help.`);
  keysCommand(program);
  tokenizeCommand(program, selfPath);
  maskCommand(program);
  scanCommand(program);
  kanonCommand(program);
  ledgerCommand(program);
  reportCommand(program);
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) c.exitOverride();
  return program;
}

const selfPath = (): string => (typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url));

// dist/cli/index.js -> package.json two levels up (src/cli/index.ts too).
function version(): string {
  try {
    return (JSON.parse(readFileSync(resolve(dirname(selfPath()), '../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Runs the CLI on `argv` (user arguments, without node and script) and resolves to the exit code;
 * errors go to stderr by row number and field, never with the data.
 *
 * @example
 * ```ts
 * import { run } from 'custodia/cli';
 * process.exitCode = await run(['mask', 'in.csv', '-c', 'phone=phone', '-o', 'out.csv']);
 * ```
 */
export async function run(argv: readonly string[]): Promise<number> {
  const program = commanderProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof CliError) {
      if (e.exitCode !== EXIT.ok) process.stderr.write(`custodia: ${e.message}\n`);
      return e.exitCode;
    }
    // Library errors never quote data; OS errors by code only (the CLI's own file errors name the
    // path, see ioError); anything else by kind.
    const code = (e as { code?: unknown }).code;
    if (!isCustodiaError(e) && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) {
      process.stderr.write(`custodia: I/O error: ${code}\n`);
      return EXIT.io;
    }
    const text = isCustodiaError(e) ? `${e.code}: ${e.message}` : `${(e as Error).name ?? 'error'}`;
    process.stderr.write(`custodia: failed: ${text}\n`);
    return EXIT.input;
  }
}

function isMain(): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === realpathSync(selfPath());
  } catch {
    return false;
  }
}

if (!isMainThread && isTokenizeWorker()) void tokenizeWorker();
else if (isMainThread && isMain()) {
  // `custodia … | head` closes the pipe early: stop quietly, as Unix tools do.
  // Any other stdout failure (`> /dev/full`: ENOSPC) is one line and exit 5, never a stack.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`custodia: cannot write stdout: ${e.code ?? 'EIO'}\n`);
    process.exit(EXIT.io);
  });
  void run(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
