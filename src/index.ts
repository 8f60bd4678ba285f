/**
 * custodia: customer personal data done right on every runtime.
 *
 * The root re-exports the light, isomorphic modules; import subpaths (`custodia/hash`,
 * `custodia/consent`, `custodia/kanon`, `custodia/detect`, ...) to pull in only what a
 * bundle needs. Node-only parts (SQLite/PostgreSQL stores, kanon/sql, the CLI) are
 * reached only through their own subpaths.
 * @module
 */
export * from './errors/index.js';
export { ERROR_CODES } from './errors/codes.js';
export * from './bytes/index.js';
export * from './runtime/index.js';
export * from './hash/index.js';
export * from './store/index.js';
export * from './normalize/index.js';
export * from './mask/index.js';
export * from './cipher/index.js';
export * from './tokenize/index.js';
export * from './catalog/index.js';
export * from './consent/index.js';
export * from './purpose/index.js';
export * from './retention/index.js';
export * from './audit/index.js';
