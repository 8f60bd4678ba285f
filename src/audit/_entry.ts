/** Audit entries and data-set registrations, parsed with zod. */
import { z } from 'zod';
import { getCategory } from '../catalog/index.js';

const id = z.string().min(1).max(128);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const at = z.iso.datetime({ offset: true });

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
    fields: z.array(id).max(512).default([]),
    subject: id.optional(),
    dataSet: id.optional(),
    decision: z.enum(['allow', 'deny']),
    reasons: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/)).default([]),
    /** Hash of an object this entry vouches for (a data-set registration, an export file). */
    ref: hex64.optional(),
    at,
  });

const known = (c: string) => {
  try {
    getCategory(c);
    return true;
  } catch {
    return false;
  }
};

const buildDataSet = () =>
  z.strictObject({
    id,
    name: z.string().min(1).max(256),
    /** Where it is stored: database, table, bucket. */
    location: z.string().min(1).max(512),
    categories: z.array(z.string().refine(known, { params: { code: 'unknown_category' } })).min(1),
    purposes: z.array(id).min(1),
    /** The named person responsible (T/CCAGM 5.2, policy 10(1)). */
    responsible: z.strictObject({ name: z.string().min(1), role: z.string().min(1), contact: z.string().min(1) }),
    /** Who may access it (T/CCAGM 5.3). */
    custodians: z.array(id).default([]),
    encrypted: z.boolean(),
    deidentified: z.boolean().default(false),
    residency: z.enum(['CN', 'cross-border-assessed']).default('CN'),
    registeredBy: id,
    registeredAt: at,
  });

let entry: ReturnType<typeof buildEntry> | undefined;
let dataSet: ReturnType<typeof buildDataSet> | undefined;

/**
 * Zod schema of an audit entry (built on first use).
 *
 * @example
 * ```ts
 * auditEntrySchema().safeParse(x).success
 * ```
 */
export function auditEntrySchema(): ReturnType<typeof buildEntry> {
  return (entry ??= buildEntry());
}

/**
 * Zod schema of a data-set registration (built on first use).
 *
 * @example
 * ```ts
 * dataSetSchema().safeParse(x).success
 * ```
 */
export function dataSetSchema(): ReturnType<typeof buildDataSet> {
  return (dataSet ??= buildDataSet());
}

/** An audit entry as written by callers. */
export type AuditEntryInput = z.input<ReturnType<typeof buildEntry>>;
/** A parsed audit entry. */
export type AuditEntry = z.output<ReturnType<typeof buildEntry>>;
/** A data-set registration as written by callers. */
export type DataSetInput = z.input<ReturnType<typeof buildDataSet>>;
/** A parsed data-set registration. */
export type DataSet = z.output<ReturnType<typeof buildDataSet>>;
