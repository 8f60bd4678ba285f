// The batch notification's payload (src/store/postgres/_payload.ts): ids and log survive the
// round trip, a payload past PostgreSQL's 8,000 bytes falls back to the short form, and writers in
// another store learn their seqs from either form (their backstop timer is too slow to do it here).
import { describe, expect, it } from 'vitest';
import { batchPayload, parsePayload } from '../../src/store/postgres/_payload.js';
import { postgresStore } from '../../src/store/postgres/index.js';
import { usePostgres } from '../pg/use.js';

const pgEnv = usePostgres();
const utf8 = (s: string) => new TextEncoder().encode(s).length;

/** Ascending ids with gaps and runs, from a fixed LCG (no Math.random). */
function ids(n: number, seed: number): number[] {
  let x = seed;
  let id = 1000;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    id += x % 3 === 0 ? 1 + (x % 17) : 1;
    out.push(id);
  }
  return out;
}

describe('postgres batch payload', () => {
  it('carries the ids in seq order, the refused ids and any log name', () => {
    for (const [n, log] of [[1, 'events'], [146, 'a |b| c ü 𝄞'], [500, '|'], [0, ' ']] as const) {
      const ok = ids(n, n + 7);
      const refused = ids(3, n).map((i) => i + 50_000);
      const p = batchPayload(ok[0] ?? 1, 60_000, 42, ok, refused, log);
      expect(utf8(p)).toBeLessThanOrEqual(7999);
      expect(parsePayload(p)).toEqual({ lo: ok[0] ?? 1, hi: 60_000, first: 42, ids: { ok, refused, log } });
    }
  });

  it('falls back to `lo hi first` past 7,999 UTF-8 bytes, and reads that form (also an older sequencer’s)', () => {
    const big = batchPayload(1, 9, 0, [1, 2, 3], [], '€'.repeat(2700)); // 2,700 characters, 8,100 bytes
    expect(big).toBe('1 9 0');
    expect(parsePayload(big)).toEqual({ lo: 1, hi: 9, first: 0 });
    const fits = '€'.repeat(2600);
    expect(parsePayload(batchPayload(1, 9, 0, [1, 2, 3], [], fits)).ids).toEqual({ ok: [1, 2, 3], refused: [], log: fits });
    const sparse = Array.from({ length: 3000 }, (_, i) => 1 + 2 * i); // 3,000 runs of one id
    expect(parsePayload(batchPayload(1, 6000, 0, sparse, [], 'events'))).toEqual({ lo: 1, hi: 6000, first: 0 });
  });

  it('a writer in another store gets its seqs and values through either payload', async () => {
    const open = (electMs: number) => postgresStore({ connectionString: pgEnv.server.url, schema: 'payload', config: { max: 4 }, sequencer: { electMs } });
    const a = await open(50);
    const b = await open(600_000); // its backstop would take minutes: only notifications settle it
    for (const log of ['a |b| c ü', '€'.repeat(2700)]) {
      await a.sequence!(log, 'first'); // a leads the log
      const got = await Promise.all(Array.from({ length: 40 }, (_, i) => b.sequence!(log, `item ${i}`)));
      const stored = new Map<number, string>();
      for await (const e of a.read(log)) stored.set(e.seq, e.value);
      expect(stored.size).toBe(41);
      expect(got.map((e) => e.value)).toEqual(Array.from({ length: 40 }, (_, i) => `item ${i}`));
      for (const e of got) expect(stored.get(e.seq)).toBe(e.value);
      expect(b.sequencer!.leading()).toEqual([]);
    }
    await b.close();
    await a.close();
  });
});
