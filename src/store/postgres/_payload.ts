// The NOTIFY payload of a committed batch: `lo hi first`, then (when it fits PostgreSQL's 8,000
// bytes) the batch's ids in seq order as runs of consecutive ids, the refused ids, and the log:
// `lo hi first a+n,b,…|c,…|log`. A writer that reads the ids there finds its seqs without reading
// the batch row: one statement (its entries by key) per batch instead of two. Readers of the short
// form (or of a payload they cannot use) look the batch row up as before.

/** `1+3,7` for 1,2,3,7: runs of consecutive ids, in order. */
function runs(ids: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i + 1;
    while (j < ids.length && ids[j] === ids[j - 1]! + 1) j++;
    out.push(j - i > 1 ? `${ids[i]}+${j - i}` : `${ids[i]}`);
    i = j;
  }
  return out.join(',');
}

function unruns(text: string): number[] {
  const out: number[] = [];
  if (!text) return out;
  for (const r of text.split(',')) {
    const plus = r.indexOf('+');
    const start = Number(plus < 0 ? r : r.slice(0, plus));
    const n = plus < 0 ? 1 : Number(r.slice(plus + 1));
    for (let k = 0; k < n; k++) out.push(start + k);
  }
  return out;
}

const MAX_BYTES = 7999; // pg_notify refuses a payload of 8,000 bytes or more

export function batchPayload(lo: number, hi: number, first: number, okIds: readonly number[], refused: readonly number[], log: string): string {
  const short = `${lo} ${hi} ${first}`;
  const full = `${short} ${runs(okIds)}|${runs(refused)}|${log}`;
  // UTF-8 length: a log name may hold any character but NUL.
  return full.length * 3 <= MAX_BYTES || new TextEncoder().encode(full).length <= MAX_BYTES ? full : short;
}

export interface BatchNote { lo: number; hi: number; first: number; ids?: { log: string; ok: number[]; refused: number[] } }

export function parsePayload(payload: string): BatchNote {
  const a = payload.indexOf(' ');
  const b = payload.indexOf(' ', a + 1);
  const c = payload.indexOf(' ', b + 1);
  const lo = Number(payload.slice(0, a));
  const hi = Number(payload.slice(a + 1, b));
  const first = Number(c < 0 ? payload.slice(b + 1) : payload.slice(b + 1, c));
  if (c < 0) return { lo, hi, first };
  const p = payload.indexOf('|', c + 1);
  const q = p < 0 ? -1 : payload.indexOf('|', p + 1);
  if (q < 0) return { lo, hi, first };
  return { lo, hi, first, ids: { ok: unruns(payload.slice(c + 1, p)), refused: unruns(payload.slice(p + 1, q)), log: payload.slice(q + 1) } };
}
