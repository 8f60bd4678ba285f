// Typechecked only (the optional peers are not installed, so it is never run): every subpath's
// types load without pg, better-sqlite3, idb, @duckdb/node-api, @clickhouse/client, zod or commander types.
import type * as Root from 'custodia';
import type * as Store from 'custodia/store';
import type * as StoreTesting from 'custodia/store/testing';
import type * as Hash from 'custodia/hash';
import type * as Mask from 'custodia/mask';
import type * as Detect from 'custodia/detect';
import type * as Cipher from 'custodia/cipher';
import type * as Normalize from 'custodia/normalize';
import type * as StorePostgres from 'custodia/store/postgres';
import type * as Kanon from 'custodia/kanon';
import type * as StoreIndexedDb from 'custodia/store/indexeddb';
import type * as Catalog from 'custodia/catalog';
import type * as Consent from 'custodia/consent';
import type * as Purpose from 'custodia/purpose';
import type * as Audit from 'custodia/audit';
import type * as Tokenize from 'custodia/tokenize';
import type * as StoreSqlite from 'custodia/store/sqlite';
import type * as StoreWx from 'custodia/store/wx';
import type * as KanonSql from 'custodia/kanon/sql';
import type * as Retention from 'custodia/retention';
import type * as Cli from 'custodia/cli';

export type All = [typeof Root, typeof Store, typeof StoreTesting, typeof Hash, typeof Mask, typeof Detect, typeof Cipher,
  typeof Normalize, typeof StorePostgres, typeof Kanon, typeof StoreIndexedDb, typeof Catalog, typeof Consent,
  typeof Purpose, typeof Audit, typeof Tokenize, typeof StoreSqlite, typeof StoreWx, typeof KanonSql, typeof Retention, typeof Cli];

// Types users write against must still be usable.
export const purpose: Purpose.PurposeInput = { id: 'orders', basis: 'contract', categories: ['contact.mobile'] };
export const entry: Audit.AuditEntryInput = { operator: 's', role: 'crm', purpose: 'orders', action: 'read', decision: 'allow', at: '2024-01-01T00:00:00Z' };
export const config: StorePostgres.PostgresStoreOptions = { connectionString: 'postgres://localhost/db', config: { max: 2 } };
