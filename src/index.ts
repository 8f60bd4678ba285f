/**
 * custodia: customer personal data done right on every runtime.
 *
 * The root re-exports the light modules; import subpaths (`custodia/hash`,
 * `custodia/consent`, ...) to pull in only what a bundle needs.
 * @module
 */
export * from './errors/index.js';
export * from './bytes/index.js';
export * from './runtime/index.js';
export * from './hash/index.js';
