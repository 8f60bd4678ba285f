// One call under watch: what escaped (only CustodiaError may), whether it hung (async calls race a
// timer; a synchronous call cannot be interrupted, so one that ran too long is reported as slow),
// and whether any text of the error holds a marker of caller input (see _hostile.ts).
import { ERROR_CODES } from '../../src/errors/codes.js';
import { isCustodiaError } from '../../src/errors/index.js';

// Generous: a loaded CI machine must not turn a slow call into a finding; a real hang still shows.
export const CALL_TIMEOUT_MS = Number(process.env['CUSTODIA_FUZZ_TIMEOUT_MS'] ?? 15_000);
const MARKER = /Qz[0-9a-z]{3,5}|139\d{8}/;

export interface Finding {
  kind: 'not a CustodiaError' | 'unknown code' | 'echoes caller input' | 'hangs' | 'slow';
  detail: string;
}

/** Every text a log could show of an error: String(e), message, stack, JSON, and the same of its causes. */
export function everyText(e: unknown, seen = new Set<unknown>()): string {
  if (e === null || e === undefined || seen.has(e)) return '';
  seen.add(e);
  if (typeof e !== 'object') return safe(() => String(e));
  const o = e as { message?: unknown; stack?: unknown; cause?: unknown };
  return [safe(() => String(e)), safe(() => String(o.message)), safe(() => String(o.stack)), safe(() => JSON.stringify(e)), everyText(o.cause, seen)].join('\n');
}

function safe(f: () => string | undefined): string {
  try {
    return f() ?? '';
  } catch {
    return '';
  }
}

function judge(e: unknown): Finding | undefined {
  if (!isCustodiaError(e)) {
    const name = safe(() => (e as Error)?.constructor?.name) || typeof e;
    return { kind: 'not a CustodiaError', detail: `${name}: ${safe(() => String((e as Error)?.message ?? e)).slice(0, 160)}` };
  }
  if (!(ERROR_CODES as readonly string[]).includes(e.code)) return { kind: 'unknown code', detail: e.code };
  const m = MARKER.exec(everyText(e));
  if (m) return { kind: 'echoes caller input', detail: `${e.code}: ${e.message.slice(0, 200)} [${m[0]}]` };
  return undefined;
}

const timeout = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref?.());

/** Runs `call`, settling any promise it returns (and the first items of an async iterable) within the timeout. */
export async function probe(call: () => unknown): Promise<Finding | undefined> {
  const t0 = performance.now();
  let r: unknown;
  try {
    r = call();
  } catch (e) {
    return judge(e);
  }
  const took = performance.now() - t0;
  if (took > CALL_TIMEOUT_MS) return { kind: 'slow', detail: `synchronous call took ${Math.round(took)} ms` };
  const settle = async (): Promise<unknown> => {
    const v = r instanceof Promise ? await r : r;
    const it = typeof v === 'object' && v !== null && Symbol.asyncIterator in v ? (v as AsyncIterable<unknown>)[Symbol.asyncIterator]() : undefined;
    if (it) for (let i = 0; i < 3 && !(await it.next()).done; i++);
    return v;
  };
  try {
    const out = await Promise.race([settle(), timeout(CALL_TIMEOUT_MS)]);
    if (out === 'timeout') return { kind: 'hangs', detail: `did not settle within ${CALL_TIMEOUT_MS} ms` };
  } catch (e) {
    return judge(e);
  }
  return undefined;
}
