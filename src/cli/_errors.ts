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
  /** A file could not be read or written (missing directory, permissions, disk full): path and OS code named. */
  io: 5,
  /** Nothing to verify: the store does not exist or the log holds no record (never "ok"). */
  missing: 6,
} as const;

export const EXIT_HELP = `Exit codes:
  0  success (rows skipped with --on-error skip are counted on stderr)
  1  bad input: a bad row with --on-error fail, malformed CSV, bytes not valid in the input encoding,
     a record longer than --max-record-size (row number named, never the value)
  2  usage error: unknown option, missing argument, a named column the input does not have
  3  verification failed: the ledger or log was changed or is broken
  4  key file missing or unreadable, or wrong passphrase
  5  I/O error: a file could not be read or written (path and OS code named: ENOENT, EACCES, ENOSPC …)
  6  nothing to verify: the store file does not exist or the log is empty (ledger verify)
A failed run leaves no output file (--keep-partial keeps what was written as <output>.partial).`;

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A file that could not be read or written, as one line: `cannot write out.csv: ENOSPC (no space
 * left on device)`. The OS code is the stable part; the path is the user's own argument.
 */
export function ioError(verb: 'read' | 'write' | 'create' | 'rename', path: string, e: unknown): CliError {
  const code = (e as { code?: unknown }).code;
  const os = typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : 'EIO';
  return new CliError(EXIT.io, `cannot ${verb} ${path}: ${os}${OS_TEXT[os] ? ` (${OS_TEXT[os]})` : ''}`);
}

const OS_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EROFS: 'read-only file system',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

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
