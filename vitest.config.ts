import { existsSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';
import { findPgBin } from './test/pg/server.js';

// The browser, PostgreSQL and ClickHouse tests need Debian's chromium, postgresql and clickhouse-server. On a newcomer's machine
// without them, `npm test` leaves those files out and says so; .ci/run installs them and sets
// CUSTODIA_REQUIRE_ENGINES=1, so in CI a missing engine fails the run instead.
const required = process.env['CUSTODIA_REQUIRE_ENGINES'] === '1';
const engines = [
  { name: 'Chromium', files: 'test/browser/**', present: existsSync(process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'), install: 'apt-get install -y chromium' },
  { name: 'PostgreSQL', files: 'test/store-postgres/**', present: findPgBin() !== undefined, install: 'apt-get install -y postgresql' },
  { name: 'ClickHouse', files: 'test/kanon-clickhouse/**', present: existsSync(process.env['CLICKHOUSE_SERVER'] ?? '/usr/sbin/clickhouse-server'), install: 'apt-get install -y clickhouse-server' },
];
const missing = required ? [] : engines.filter((e) => !e.present);
for (const e of missing) console.warn(`custodia: ${e.name} not found, so ${e.files} is left out of this run (${e.install}; .ci/run installs it and runs everything)`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...missing.map((e) => e.files)],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The JSON report lets .ci/run print one plain 'N passed, N failed' line for the whole run.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-report.json' },
  },
});
