/**
 * The data catalog: a typed taxonomy of customer data (company policy art. 5-6,
 * T/CCAGM 002-2021 §3) and {@link defineCatalog}, which maps an application's own field
 * names to categories and parses external JSON into typed records (field schemas in `zod` or
 * `zod/mini`; custodia's own are catalog/_rules.ts, which speak zod 4's protocol).
 * @module
 */
// Other modules import the files below, not this one: a file reached from an entry lands in the
// chunks that entry loads (esbuild splits by file), so a consent page would carry defineCatalog.
export { covers, coveredBy, getCategory, isCategory, listCategories } from './_categories.js';
export { isValidResidentId } from './_schemas.js';
export { defineCatalog, type Catalog, type CatalogField, type CatalogRecord, type FieldSpec } from './_define.js';

export type { Category, IdentifierRole, Sensitivity } from './_taxonomy.js';
export { ValidationError, type ValidationIssue } from './_validation.js';
export { parseWith } from './_parse.js';
export type { ParsingSchema, ZodSchema } from './_schemaLike.js';

export { addDuration, parseDuration, type Duration } from './_duration.js';
export { isoDuration } from './_isoDuration.js';
