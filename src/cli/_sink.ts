/**
 * Where a command's output goes. A file is written to a temporary file beside it and renamed into
 * place only when the command succeeded (after fsync), so a failed or killed run never leaves a
 * complete-looking file: the temporary file is removed, or kept as `<file>.partial` when asked.
 * Devices and pipes (/dev/null, /dev/full, a FIFO) are written directly; stdout is stdout.
 */
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from '../runtime/index.js';
import { toHex } from '../bytes/index.js';
import { CliError, EXIT, ioError } from './_errors.js';

export interface Sink {
  /** Appends text; a promise means: wait before writing more (stdout backpressure). */
  write(text: string): Promise<void> | undefined;
  /** Flushes and publishes the output. */
  commit(): Promise<void>;
  /** Drops the output (the temporary file removed, or kept as `<file>.partial`). Never throws. */
  abort(): void;
}

const FLUSH_AT = 1 << 18;

/** Output to `path` (stdout for undefined or `-`); a file is opened now, so a bad path fails before any work. */
export function openSink(path: string | undefined, keepPartial = false): Sink {
  if (path === undefined || path === '-') return stdoutSink();
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(path);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw ioError('write', path, { code: 'EISDIR' });
  // Devices and pipes cannot be renamed over: written in place.
  if (existing && !existing.isFile()) return fdSink(open(path, 'w', path), path, undefined, keepPartial);
  const tmp = join(dirname(path), `.${basename(path)}.${toHex(randomBytes(6))}.custodia-tmp`);
  const fd = open(tmp, 'wx', path);
  if (existing) {
    try {
      fchmodSync(fd, existing.mode & 0o7777);
    } catch {
      // Best effort: the new file keeps the default mode.
    }
  }
  return fdSink(fd, path, tmp, keepPartial);
}

function open(file: string, flags: string, shown: string): number {
  try {
    return openSync(file, flags, 0o666);
  } catch (e) {
    throw ioError('write', shown, e);
  }
}

// Removes the temporary file if the process is interrupted (Ctrl-C, kill): nothing half written stays.
const live = new Set<() => void>();
let handlersOn = false;
function onSignal(sig: NodeJS.Signals): void {
  for (const drop of live) drop();
  process.exit(sig === 'SIGINT' ? 130 : 143);
}
function track(drop: () => void): void {
  live.add(drop);
  if (!handlersOn) {
    handlersOn = true;
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
}

function fdSink(fd: number, path: string, tmp: string | undefined, keepPartial: boolean): Sink {
  // Pieces joined once per flush: one flat string, not a rope of many small ones.
  let parts: string[] = [];
  let size = 0;
  let closed = false;
  const flush = () => {
    if (!parts.length) return;
    const b = Buffer.from(parts.join(''), 'utf8');
    parts = [];
    size = 0;
    let at = 0;
    try {
      while (at < b.length) at += writeSync(fd, b, at, b.length - at);
    } catch (e) {
      throw ioError('write', path, e);
    }
  };
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      closeSync(fd);
    } catch {
      // Already failing: the first error is the one reported.
    }
  };
  const drop = () => {
    if (keepPartial && !closed) {
      try {
        flush();
      } catch {
        // The partial file keeps what reached it.
      }
    }
    close();
    if (tmp === undefined) return;
    try {
      if (keepPartial) renameSync(tmp, `${path}.partial`);
      else unlinkSync(tmp);
    } catch {
      // Nothing more can be done; the error that stopped the run is reported.
    }
  };
  track(drop);
  return {
    write(text) {
      parts.push(text);
      if ((size += text.length) >= FLUSH_AT) flush();
      return undefined;
    },
    async commit() {
      flush();
      if (tmp !== undefined) {
        try {
          fsyncSync(fd);
        } catch (e) {
          throw ioError('write', path, e);
        }
      }
      closed = true;
      try {
        closeSync(fd);
      } catch (e) {
        throw ioError('write', path, e);
      }
      if (tmp !== undefined) {
        try {
          renameSync(tmp, path);
        } catch (e) {
          throw ioError('rename', path, e);
        }
      }
      live.delete(drop);
    },
    abort() {
      drop();
      live.delete(drop);
    },
  };
}

function stdoutSink(): Sink {
  let buf = '';
  let failed: unknown;
  const out = process.stdout;
  const onError = (e: unknown) => (failed ??= e);
  out.on('error', onError);
  const check = () => {
    if (failed !== undefined) throw stdoutError(failed);
  };
  const push = (): Promise<void> | undefined => {
    check();
    const b = buf;
    buf = '';
    if (out.write(b)) return undefined;
    return new Promise<void>((res, rej) => {
      const done = () => {
        out.off('error', fail);
        res();
      };
      const fail = (e: unknown) => {
        out.off('drain', done);
        rej(stdoutError(e));
      };
      out.once('drain', done);
      out.once('error', fail);
    });
  };
  return {
    write(text) {
      buf += text;
      return buf.length >= 1 << 16 ? push() : undefined;
    },
    async commit() {
      if (buf) await push();
      // Wait until everything written so far reached the OS (a full disk shows up here).
      await new Promise<void>((res, rej) => out.write('', (e) => (e ? rej(stdoutError(e)) : res())));
      check();
    },
    abort() {
      buf = '';
    },
  };
}

function stdoutError(e: unknown): CliError {
  if ((e as { code?: string }).code === 'EPIPE') return new CliError(EXIT.ok, 'EPIPE');
  return ioError('write', 'stdout', e);
}
