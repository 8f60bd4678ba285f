// The storage-level tamper suite on a real PostgreSQL server: rows edited with SQL by a
// superuser, who can switch the append-only trigger off (session_replication_role = replica).
import { describe, expect, it } from 'vitest';
import { postgresStore, type PostgresStore } from '../../src/store/postgres/index.js';
import { describeStoreTamper, type RawStoreAccess } from '../../src/store/testing/index.js';
import { usePostgres } from '../pg/use.js';

const pgEnv = usePostgres();
let n = 0;

// Keys are stored as UTF-16BE bytes (see src/store/postgres/_codec.ts).
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

function pgRaw(s: PostgresStore): RawStoreAccess {
  const t = s.tables;
  const asAttacker = async (sql: string, args: unknown[]) => {
    const c = await pgEnv.admin.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      await c.query(sql, args);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  };
  return {
    rows: async (log) =>
      (await pgEnv.admin.query<{ seq: string; value: Buffer }>(`SELECT seq, value FROM ${t.logs} WHERE log = $1 ORDER BY seq`, [log])).rows.map((r) => ({ seq: Number(r.seq), value: r.value.toString('utf8') })),
    setValue: (log, seq, value) => asAttacker(`UPDATE ${t.logs} SET value = $3 WHERE log = $1 AND seq = $2`, [log, seq, Buffer.from(value, 'utf8')]),
    setSeq: (log, from, to) => asAttacker(`UPDATE ${t.logs} SET seq = $3 WHERE log = $1 AND seq = $2`, [log, from, to]),
    deleteRow: (log, seq) => asAttacker(`DELETE FROM ${t.logs} WHERE log = $1 AND seq = $2`, [log, seq]),
    setRecord: (ns, key, value) => asAttacker(`UPDATE ${t.records} SET value = $3 WHERE ns = $1 AND k = $2`, [ns, utf16be(key), Buffer.from(value, 'utf8')]),
  };
}

const schemas = new WeakMap<object, string>();
describeStoreTamper(
  {
    name: 'postgres',
    create: async () => {
      const schema = `tamper_${++n}`;
      const s = await postgresStore({ connectionString: pgEnv.server.url, schema, config: { max: 4 } });
      schemas.set(s, schema);
      return s;
    },
    raw: (s) => pgRaw(s as PostgresStore),
    destroy: async (s) => void (await pgEnv.admin.query(`DROP SCHEMA "${schemas.get(s)}" CASCADE`)),
  },
  { describe, it, expect },
);

describe('S5.4 no verdict without evidence (PostgreSQL)', () => {
  it('with migrate: false a schema that holds no store is STORE_NOT_FOUND and nothing is created', async () => {
    const { createLedger } = await import('../../src/consent/index.js');
    const s = await postgresStore({ connectionString: pgEnv.server.url, schema: 'no_such_schema', migrate: false });
    await expect(createLedger({ store: s }).verify()).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    await s.close();
    const { rows } = await pgEnv.admin.query("SELECT 1 FROM pg_namespace WHERE nspname = 'no_such_schema'");
    expect(rows).toEqual([]);
  });
});

// The same suite on a store whose ledger and audit log append through the batch sequencer:
// records sealed by the sequencer, tiles written in its batch transactions.
describeStoreTamper(
  {
    name: 'postgres (sequenced)',
    create: async () => {
      const schema = `tamper_seq_${++n}`;
      const s = await postgresStore({ connectionString: pgEnv.server.url, schema, config: { max: 4 }, sequencer: true });
      schemas.set(s, schema);
      return s;
    },
    raw: (s) => pgRaw(s as PostgresStore),
    destroy: async (s) => void (await pgEnv.admin.query(`DROP SCHEMA "${schemas.get(s)}" CASCADE`)),
  },
  { describe, it, expect },
);
