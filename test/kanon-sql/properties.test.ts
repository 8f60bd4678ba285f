// The property the issue asks for: on random tables and hierarchies, anonymizeSql on DuckDB and
// on PostgreSQL returns what in-memory anonymize returns (levels, suppressed count, loss), or
// fails with the same error code.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCustodiaError } from '../../src/errors/index.js';
import { anonymize } from '../../src/kanon/index.js';
import { anonymizeSql, duckdbExecutor, postgresExecutor, type SqlExecutor } from '../../src/kanon/sql/index.js';
import { findPgBin, startPostgres, type PgServer } from '../pg/server.js';
import { randomCase, type RandomCase } from './_random.js';
import { loadRows } from './_tables.js';

type Outcome = { levels: Record<string, number>; suppressed: number; loss: number } | { code: string };

function memory(c: RandomCase): Outcome {
  try {
    const r = anonymize(c.rows, { quasiIdentifiers: c.hierarchies, k: c.k, suppressionLimit: c.suppressionLimit, metric: c.metric, ...(c.lDiversity ? { lDiversity: c.lDiversity } : {}) });
    return { levels: r.levels, suppressed: r.suppressed, loss: r.informationLoss };
  } catch (e) {
    if (isCustodiaError(e)) return { code: e.code };
    throw e;
  }
}

async function engine(db: SqlExecutor, c: RandomCase): Promise<Outcome> {
  await loadRows(db, 'random "table"', c.columns, c.rows);
  try {
    const r = await anonymizeSql(db, { table: 'random "table"', quasiIdentifiers: c.hierarchies, k: c.k, suppressionLimit: c.suppressionLimit, metric: c.metric, ...(c.lDiversity ? { lDiversity: c.lDiversity } : {}) });
    return { levels: r.levels, suppressed: r.suppressed, loss: r.informationLoss };
  } catch (e) {
    if (isCustodiaError(e)) return { code: e.code };
    throw e;
  }
}

function same(a: Outcome, b: Outcome): void {
  if ('code' in a || 'code' in b) return expect(a).toEqual(b);
  expect(a.levels).toEqual(b.levels);
  expect(a.suppressed).toBe(b.suppressed);
  expect(a.loss).toBeCloseTo(b.loss, 9);
}

const engines: { name: string; open: () => Promise<SqlExecutor>; skip: boolean }[] = [];
let pg: PgServer | undefined;
engines.push({ name: 'DuckDB', open: async () => duckdbExecutor(), skip: false });
engines.push({
  name: 'PostgreSQL',
  skip: !findPgBin(),
  open: async () => {
    pg = await startPostgres();
    return postgresExecutor({ connectionString: pg.url });
  },
});

describe.each(engines)('anonymizeSql on $name equals in-memory anonymize', ({ open, skip }) => {
  let db: SqlExecutor;
  beforeAll(async () => {
    if (!skip) db = await open();
  });
  afterAll(async () => {
    await db?.close();
    pg?.stop();
  });
  it.skipIf(skip)('S3.8: random tables and hierarchies: same levels, suppressed count and loss (or the same error)', async () => {
    const seen = { solved: 0, suppressed: 0, generalized: 0 };
    await fc.assert(
      fc.asyncProperty(randomCase, async (c) => {
        const mem = memory(c);
        same(await engine(db, c), mem);
        if ('levels' in mem) {
          seen.solved++;
          if (mem.suppressed > 0) seen.suppressed++;
          if (Object.values(mem.levels).some((l) => l > 0)) seen.generalized++;
        }
      }),
      // Seeded: the coverage checks below must not depend on the luck of one run (an unseeded run
      // once drew no case that suppressed). CUSTODIA_FC_SEED explores other draws.
      { numRuns: 40, seed: Number(process.env['CUSTODIA_FC_SEED'] ?? 20261203) },
    );
    // The cases exercised suppression and generalization, not only trivial answers.
    expect(seen.solved).toBeGreaterThan(20);
    expect(seen.suppressed).toBeGreaterThan(0);
    expect(seen.generalized).toBeGreaterThan(0);
  });
});
