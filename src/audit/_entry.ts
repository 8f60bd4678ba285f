/** Audit entries and data-set registrations, parsed with custodia's schemas (catalog/_rules.ts). */
import { _isoDateTimeSchema } from '../catalog/_iso.js';
import { isCategory } from '../catalog/_categories.js';
import type { ParsingSchema } from '../catalog/_schemaLike.js';
import { _array, _boolean, _default, _enum, _max, _min, _object, _optional, _refine, _regex, _string } from '../catalog/_rules.js';

const id = () => _string(_min(1), _max(128));
const nonEmpty = () => _string(_min(1));

/**
 * What an operator did.
 *
 * @example
 * ```ts
 * AUDIT_ACTIONS.includes('export') // true
 * ```
 */
export const AUDIT_ACTIONS = ['read', 'write', 'update', 'delete', 'export', 'anonymize', 'correct', 'withdraw', 'query', 'register', 'verify', 'other'] as const;

// The zod/mini schemas these were written as are in test/consent/_oracle.ts (the differential test's oracle).
const buildEntry = () =>
  _object<_BuildEntryOut, _BuildEntryIn>({
    operator: id(),
    role: id(),
    purpose: id(),
    action: _enum(AUDIT_ACTIONS),
    /** Field or category names touched, never values. */
    fields: _default(_array(id(), _max(512)), []),
    subject: _optional(id()),
    dataSet: _optional(id()),
    decision: _enum(['allow', 'deny']),
    reasons: _default(_array(_string(_regex(/^[A-Z][A-Z0-9_]*$/))), []),
    /** Hash of an object this entry vouches for (a data-set registration, an export file). */
    ref: _optional(_string(_regex(/^[0-9a-f]{64}$/))),
    at: _isoDateTimeSchema(),
  });

const buildDataSet = () =>
  _object<_BuildDataSetOut, _BuildDataSetIn>({
    id: id(),
    name: _string(_min(1), _max(256)),
    /** Where it is stored: database, table, bucket. */
    location: _string(_min(1), _max(512)),
    categories: _array(_string(_refine(isCategory, 'unknown_category')), _min(1)),
    purposes: _array(id(), _min(1)),
    /** The named person responsible (T/CCAGM 5.2, policy 10(1)). */
    responsible: _object({ name: nonEmpty(), role: nonEmpty(), contact: nonEmpty() }),
    /** Who may access it (T/CCAGM 5.3). */
    custodians: _default(_array(id()), []),
    encrypted: _boolean(),
    deidentified: _default(_boolean(), false),
    residency: _default(_enum(['CN', 'cross-border-assessed']), 'CN'),
    registeredBy: id(),
    registeredAt: _isoDateTimeSchema(),
  });

let entry: ReturnType<typeof buildEntry> | undefined;
let dataSet: ReturnType<typeof buildDataSet> | undefined;

/**
 * Schema of an audit entry (built on first use; `parse`, `safeParse`, zod 4's protocol).
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
 * Schema of a data-set registration (built on first use; `parse`, `safeParse`, zod 4's protocol).
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

// Written out for the published .d.ts; test/consent/_oracle.ts checks them against the zod schemas' types.
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
/** @internal */
export type { _BuildDataSetIn, _BuildDataSetOut, _BuildEntryIn, _BuildEntryOut };
