/** Audit entries and data-set registrations, parsed with zod (zod/mini). */
import * as z from 'zod/mini';
import { _isoDateTimeSchema } from '../catalog/_iso.js';
import { isCategory, type ParsingSchema } from '../catalog/index.js';

const id = z.string().check(z.minLength(1), z.maxLength(128));
const hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const nonEmpty = () => z.string().check(z.minLength(1));
const at = /* @__PURE__ */ _isoDateTimeSchema();

/**
 * What an operator did.
 *
 * @example
 * ```ts
 * AUDIT_ACTIONS.includes('export') // true
 * ```
 */
export const AUDIT_ACTIONS = ['read', 'write', 'update', 'delete', 'export', 'anonymize', 'correct', 'withdraw', 'query', 'register', 'verify', 'other'] as const;

const buildEntry = () =>
  z.strictObject({
    operator: id,
    role: id,
    purpose: id,
    action: z.enum(AUDIT_ACTIONS),
    /** Field or category names touched, never values. */
    fields: z._default(z.array(id).check(z.maxLength(512)), []),
    subject: z.optional(id),
    dataSet: z.optional(id),
    decision: z.enum(['allow', 'deny']),
    reasons: z._default(z.array(z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/))), []),
    /** Hash of an object this entry vouches for (a data-set registration, an export file). */
    ref: z.optional(hex64),
    at,
  });

const buildDataSet = () =>
  z.strictObject({
    id,
    name: z.string().check(z.minLength(1), z.maxLength(256)),
    /** Where it is stored: database, table, bucket. */
    location: z.string().check(z.minLength(1), z.maxLength(512)),
    categories: z.array(z.string().check(z.refine(isCategory, { params: { code: 'unknown_category' } }))).check(z.minLength(1)),
    purposes: z.array(id).check(z.minLength(1)),
    /** The named person responsible (T/CCAGM 5.2, policy 10(1)). */
    responsible: z.strictObject({ name: nonEmpty(), role: nonEmpty(), contact: nonEmpty() }),
    /** Who may access it (T/CCAGM 5.3). */
    custodians: z._default(z.array(id), []),
    encrypted: z.boolean(),
    deidentified: z._default(z.boolean(), false),
    residency: z._default(z.enum(['CN', 'cross-border-assessed']), 'CN'),
    registeredBy: id,
    registeredAt: at,
  });

let entry: ReturnType<typeof buildEntry> | undefined;
let dataSet: ReturnType<typeof buildDataSet> | undefined;

/**
 * Zod schema (zod/mini) of an audit entry (built on first use).
 *
 * @example
 * ```ts
 * auditEntrySchema().safeParse(x).success
 * ```
 */
export function auditEntrySchema(): ParsingSchema<AuditEntry, AuditEntryInput> {
  return (entry ??= buildEntry());
}

/**
 * Zod schema (zod/mini) of a data-set registration (built on first use).
 *
 * @example
 * ```ts
 * dataSetSchema().safeParse(x).success
 * ```
 */
export function dataSetSchema(): ParsingSchema<DataSet, DataSetInput> {
  return (dataSet ??= buildDataSet());
}

/**
 * An audit entry as written by callers.
 * @example
 * ```ts
 * const entry: AuditEntryInput = { operator: 'emp-1024', role: 'crm', purpose: 'marketing', action: 'export',
 *   fields: ['phone'], decision: 'allow', at: new Date().toISOString() };
 * await audit.append(entry);
 * ```
 */
export type AuditEntryInput = _BuildEntryIn;
/**
 * A parsed audit entry.
 * @example
 * ```ts
 * const e: AuditEntry = (await audit.append(entry)).data;
 * e.reasons // []: the default filled in
 * ```
 */
export type AuditEntry = _BuildEntryOut;
/**
 * A data-set registration as written by callers.
 * @example
 * ```ts
 * const reg: DataSetInput = { id: 'crm-members', name: '会员库', location: 'pg://crm/members',
 *   categories: ['contact.mobile'], purposes: ['membership'], responsible: { name: '李四', role: 'DPO', contact: 'dpo@example.cn' },
 *   encrypted: true, registeredBy: 'emp-7', registeredAt: new Date().toISOString() };
 * await audit.registerDataSet(reg);
 * ```
 */
export type DataSetInput = _BuildDataSetIn;
/**
 * A parsed data-set registration.
 * @example
 * ```ts
 * const sets: DataSet[] = await audit.dataSets();
 * const unencrypted = sets.filter((d) => !d.encrypted).map((d) => d.id);
 * ```
 */
export type DataSet = _BuildDataSetOut;

// Written out, not inferred, so the published .d.ts name no zod type (zod is bundled, not a
// dependency); the checks below fail to compile if a schema and its type ever drift apart.
type _BuildEntryIn = {
  operator: string;
  role: string;
  purpose: string;
  action: 'delete' | 'anonymize' | 'read' | 'write' | 'update' | 'export' | 'correct' | 'withdraw' | 'query' | 'register' | 'verify' | 'other';
  decision: 'allow' | 'deny';
  at: string;
  fields?: string[] | undefined;
  subject?: string | undefined;
  dataSet?: string | undefined;
  reasons?: string[] | undefined;
  ref?: string | undefined;
};
type _BuildEntryOut = {
  operator: string;
  role: string;
  purpose: string;
  action: 'delete' | 'anonymize' | 'read' | 'write' | 'update' | 'export' | 'correct' | 'withdraw' | 'query' | 'register' | 'verify' | 'other';
  fields: string[];
  decision: 'allow' | 'deny';
  reasons: string[];
  at: string;
  subject?: string | undefined;
  dataSet?: string | undefined;
  ref?: string | undefined;
};
type _BuildDataSetIn = {
  id: string;
  name: string;
  location: string;
  categories: string[];
  purposes: string[];
  responsible: {
    name: string;
    role: string;
    contact: string;
  };
  encrypted: boolean;
  registeredBy: string;
  registeredAt: string;
  custodians?: string[] | undefined;
  deidentified?: boolean | undefined;
  residency?: 'CN' | 'cross-border-assessed' | undefined;
};
type _BuildDataSetOut = {
  id: string;
  name: string;
  location: string;
  categories: string[];
  purposes: string[];
  responsible: {
    name: string;
    role: string;
    contact: string;
  };
  custodians: string[];
  encrypted: boolean;
  deidentified: boolean;
  residency: 'CN' | 'cross-border-assessed';
  registeredBy: string;
  registeredAt: string;
};
type _Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type _Assert<T extends true> = T;
/** @internal */
export type _BuildEntryInMatches = _Assert<_Same<_BuildEntryIn, z.input<ReturnType<typeof buildEntry>>>>;
/** @internal */
export type _BuildEntryOutMatches = _Assert<_Same<_BuildEntryOut, z.output<ReturnType<typeof buildEntry>>>>;
/** @internal */
export type _BuildDataSetInMatches = _Assert<_Same<_BuildDataSetIn, z.input<ReturnType<typeof buildDataSet>>>>;
/** @internal */
export type _BuildDataSetOutMatches = _Assert<_Same<_BuildDataSetOut, z.output<ReturnType<typeof buildDataSet>>>>;
