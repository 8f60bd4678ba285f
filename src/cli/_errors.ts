/** Exit codes and the errors the CLI reports (never with the personal data that caused them). */
import { isCustodiaError } from '../errors/index.js';

/** Documented exit codes (custodia --help, docs/guide.zh-CN.md). */
export const EXIT = {
  ok: 0,
  /** A bad row with --on-error fail, or input that cannot be read at all. */
  input: 1,
  /** Wrong or missing arguments. */
  usage: 2,
  /** Verification failed: a ledger or log was tampered with or is broken. */
  verify: 3,
  /** Key file missing, unreadable, or the passphrase is wrong. */
  keys: 4,
  /** Nothing to verify: the store does not exist or the log holds no record (never "ok"). */
  missing: 5,
} as const;

export const EXIT_HELP = `Exit codes:
  0  success (rows skipped with --on-error skip are counted on stderr)
  1  a bad row with --on-error fail (row number and field named, never the value), or unreadable input
  2  usage error: unknown option, missing argument
  3  verification failed: the ledger or log was changed or is broken
  4  key file missing or unreadable, or wrong passphrase
  5  nothing to verify: the store file does not exist or the log is empty (ledger verify)`;

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The line a bad row is reported with: `row 12, field phone: <reason>` (a reason never quotes data). */
export function rowLine(row: number, field: string | undefined, reason: string): string {
  return `${field === undefined ? `row ${row}` : `row ${row}, field ${field}`}: ${reason}`;
}

/** `row 12, field phone: INVALID_FORMAT (...)`: the library's code and message, which never quote data. */
export function describeRowError(row: number, field: string | undefined, e: unknown): string {
  return rowLine(row, field, isCustodiaError(e) ? `${e.code}: ${e.message}` : ((e as { name?: string }).name ?? 'Error'));
}

export type OnError = 'skip' | 'fail';

export function onErrorOf(v: string | undefined): OnError {
  const x = v ?? 'fail';
  if (x !== 'skip' && x !== 'fail') throw new CliError(EXIT.usage, '--on-error expected skip or fail');
  return x;
}

/** Collects bad rows: prints each (capped) and stops at the first with --on-error fail. */
export class RowErrors {
  count = 0;
  constructor(
    private readonly mode: OnError,
    private readonly log: (line: string) => void,
    private readonly cap = 20,
  ) {}

  report(line: string): void {
    this.count++;
    if (this.mode === 'fail') throw new CliError(EXIT.input, `${line} (stopped: --on-error fail)`);
    if (this.count <= this.cap) this.log(`skipped ${line}`);
  }

  summary(): string | undefined {
    if (this.count === 0) return undefined;
    return `${this.count} bad row(s) skipped${this.count > this.cap ? ` (first ${this.cap} listed)` : ''}`;
  }
}
