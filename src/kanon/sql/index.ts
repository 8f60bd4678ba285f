/**
 * custodia/kanon/sql (Node only) — k-anonymity pushed down to the engine that holds the data:
 * the frequency set comes from one GROUP BY, the lattice search and metrics of custodia/kanon
 * run on those counts, and the anonymized table is written back with joins on hierarchy tables.
 * Adapters for DuckDB (`@duckdb/node-api`), PostgreSQL (`pg`) and ClickHouse (`@clickhouse/client`),
 * all optional peers.
 * @module
 */
export { anonymizeSql, type AnonymizeSqlOptions, type AnonymizeSqlResult } from './anonymize.js';
export { mondrianSql, type MondrianSqlOptions, type MondrianSqlResult } from './mondrian.js';
export type { ClickHouseTarget, SqlExecutor, SqlRow } from './_executor.js';
export { inlineParams, sqlLiteral, toReplayableSql, type ReplayOptions, type SqlStatement } from './replay.js';
export { duckdbExecutor } from './duckdb.js';
export { postgresExecutor } from './postgres.js';
export { clickhouseExecutor, type ClickHouseConfig } from './clickhouse.js';
export type { PgPool, PgPoolConfig } from '../../store/_pgPool.js';
