/** buildReport: one streamed pass over each log, then the summary and its HTML. */
import { auditEntrySchema, dataSetSchema } from '../audit/index.js';
import { toHex } from '../bytes/index.js';
import { canonicalJson, consentEventSchema, type Checkpoint, type ConsentEvent } from '../consent/index.js';
import type { AuditEntry } from '../audit/index.js';
import { CustodiaError } from '../errors/index.js';
import { needObject, readingCaller } from '../errors/_args.js';
import { sha256, sm3 } from '../hash/_hashing.js';
import { openCheckpoint } from '../merkle/index.js';
import type { PurposeRetention } from '../retention/index.js';
import type { Store } from '../store/index.js';
import { _AuditTally, type RetentionRuns, type UseSummary } from './_audit.js';
import { _ConsentTally, type ConsentSummary } from './_consent.js';
import { _renderHtml } from './_html.js';
import { _passLog, type LogIntegrity, type _TreeCp } from './_pass.js';
import { _releasesIn, type Release } from './_releases.js';
import { _retentionDue, type RetentionDue } from './_retention.js';
import { _withdrawals, type WithdrawalSummary } from './_withdrawals.js';

/**
 * Options of {@link buildReport}.
 * @example
 * ```ts
 * const opts: ReportOptions = { store, lang: 'zh-CN', from: '2025-12-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00' };
 * ```
 */
export interface ReportOptions {
  store: Store;
  lang?: 'zh-CN' | 'en';
  /** Start of the period, ISO (inclusive; a date alone is midnight at `utcOffsetMinutes`); default: the start of the logs. */
  from?: string;
  /** End of the period, ISO (exclusive; a date alone is midnight at `utcOffsetMinutes`); default: `now`. */
  to?: string;
  /** When the report is made (default: the current time). */
  now?: Date;
  /** Months are counted at this offset from UTC, in minutes (default 480: China Standard Time). */
  utcOffsetMinutes?: number;
  consentLog?: string;
  auditLog?: string;
  /** HMAC keys of `hmac-*` chains. */
  consentKey?: Uint8Array;
  auditKey?: Uint8Array;
  /**
   * Checkpoints to verify the logs against: `{length, hash, alg}` from `ledger.checkpoint()`, or a
   * signed C2SP note (from `signCheckpointOf`), opened with `verifierKeys`.
   */
  checkpoints?: { consent?: (Checkpoint | string)[]; audit?: (Checkpoint | string)[] };
  verifierKeys?: string[];
  /** Customer records (createSubjectData's namespace, default `'subjects'`) and the purposes' retention: enables "overdue". */
  retention?: { ns?: string; purposes: Record<string, PurposeRetention> };
  /** Namespace of recorded releases (default `'releases'`). */
  releasesNs?: string;
  /** Called as each log is read: the phase, records read and the log's length. */
  onProgress?: (phase: 'consent' | 'audit', done: number, total: number) => void;
}

/**
 * Every figure of a report, as data (what the HTML shows).
 * @example
 * ```ts
 * const { summary } = await buildReport({ store });
 * summary.withdrawals.total.honouredWithinDay === summary.withdrawals.total.withdrawals // every withdrawal honoured within a day
 * ```
 */
export interface ReportSummary {
  lang: 'zh-CN' | 'en';
  period: { from?: string; to: string };
  generatedAt: string;
  utcOffsetMinutes: number;
  integrity: { consent: LogIntegrity; audit: LogIntegrity & { register?: { ok: boolean; code?: string; dataSets: number } } };
  consent: ConsentSummary;
  withdrawals: WithdrawalSummary;
  use: UseSummary;
  retention: { runs: RetentionRuns; due?: RetentionDue };
  releases: Release[];
}

function openCps(list: (Checkpoint | string)[] | undefined, keys: string[] | undefined): { chain: Checkpoint[]; signed: _TreeCp[] } {
  const chain: Checkpoint[] = [];
  const signed: _TreeCp[] = [];
  for (const c of list ?? []) {
    if (typeof c === 'string') {
      if (!keys?.length) throw new CustodiaError('INVALID_ARGUMENT', 'a signed checkpoint needs verifierKeys', { field: 'verifierKeys' });
      signed.push(openCheckpoint(c, keys));
    } else {
      needObject(c, 'checkpoint');
      chain.push(c);
    }
  }
  return { chain, signed };
}

// A date alone (2025-12 or 2025-12-01) is midnight at the report's offset, not UTC's.
const time = (iso: string | undefined, field: string, fallback: number, offset: number): number => {
  if (iso === undefined) return fallback;
  if (typeof iso !== 'string') throw new CustodiaError('INVALID_ARGUMENT', `${field} expected an ISO date or date-time`, { field });
  const day = /^\d{4}-\d{2}(-\d{2})?$/.test(iso);
  const t = day ? Date.parse(`${iso.length === 7 ? `${iso}-01` : iso}T00:00:00Z`) - offset * 60_000 : Date.parse(iso);
  if (Number.isNaN(t)) throw new CustodiaError('INVALID_ARGUMENT', `${field} expected an ISO date or date-time`, { field });
  return t;
};

/** The data-set register against the latest logged registrations (the check audit.verify() adds). */
async function checkRegister(store: Store, ns: string, registered: Map<string, string>, alg: string | undefined): Promise<{ ok: boolean; code?: string; dataSets: number }> {
  const seen = new Set<string>();
  const refOf = (text: string) => toHex((alg?.endsWith('sm3') ? sm3 : sha256)(text));
  for await (const s of store.scan(ns)) {
    seen.add(s.key);
    let parsed: ReturnType<ReturnType<typeof dataSetSchema>['safeParse']> | undefined;
    try {
      parsed = dataSetSchema().safeParse(JSON.parse(s.value));
    } catch {
      parsed = undefined;
    }
    const exact = parsed?.success && parsed.data.id === s.key && canonicalJson(parsed.data) === s.value;
    if (!exact || registered.get(s.key) !== refOf(s.value)) return { ok: false, code: 'DATASET_MISMATCH', dataSets: seen.size };
  }
  for (const id of registered.keys()) if (!seen.has(id)) return { ok: false, code: 'DATASET_MISSING', dataSets: seen.size };
  return { ok: true, dataSets: seen.size };
}

/**
 * Builds the compliance report from the live stores: verifies the consent ledger and the audit
 * log (against the given checkpoints), sums consent, use, retention and releases for the period,
 * and renders one self-contained HTML page (inline CSS and SVG charts, no network) in zh-CN or
 * en. Each log is streamed once: memory grows with the people and withdrawals in the period,
 * not with the number of events. No personal data reaches the report: people are counted.
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { sqliteStore } from 'custodia/store/sqlite';
 * import { buildReport } from 'custodia/report';
 * const store = sqliteStore({ path: 'custodia.db', readonly: true });
 * const { html, summary } = await buildReport({ store, lang: 'zh-CN', from: '2025-12-01T00:00:00+08:00' });
 * writeFileSync('report.html', html);
 * ```
 */
export async function buildReport(options: ReportOptions): Promise<{ html: string; summary: ReportSummary }> {
  needObject(options, 'options');
  const o = readingCaller('options', () => ({ ...options, checkpoints: options.checkpoints && { ...options.checkpoints }, retention: options.retention && { ...options.retention } }));
  needObject(o.store, 'store');
  const lang = o.lang ?? 'zh-CN';
  if (lang !== 'zh-CN' && lang !== 'en') throw new CustodiaError('INVALID_ARGUMENT', 'lang expected zh-CN or en', { field: 'lang' });
  const now = o.now ?? new Date();
  const offset = o.utcOffsetMinutes ?? 480;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || Math.abs(offset) > 14 * 60) throw new CustodiaError('INVALID_ARGUMENT', 'utcOffsetMinutes expected whole minutes within ±14 h', { field: 'utcOffsetMinutes' });
  const from = time(o.from, 'from', -Infinity, offset);
  const to = time(o.to, 'to', now.getTime(), offset);
  if (!(from < to)) throw new CustodiaError('INVALID_ARGUMENT', 'from must be before to', { field: 'from' });
  const store = o.store;
  const consentLog = o.consentLog ?? 'consent';
  const auditLog = o.auditLog ?? 'audit';
  const cps = { consent: openCps(o.checkpoints?.consent, o.verifierKeys), audit: openCps(o.checkpoints?.audit, o.verifierKeys) };
  const progress = (phase: 'consent' | 'audit', total: number) => (done: number) => o.onProgress?.(phase, done, total);

  const consent = new _ConsentTally(from, to, offset, o.retention !== undefined);
  const consentTotal = await store.length(consentLog);
  const ci = await _passLog(
    store,
    { log: consentLog, kind: 'consent', ...(o.consentKey ? { key: o.consentKey } : {}), validate: (d) => consentEventSchema().safeParse(d).success, chainCps: cps.consent.chain, signedCps: cps.consent.signed },
    (d) => consent.add(d as ConsentEvent),
    progress('consent', consentTotal),
  );
  const audit = new _AuditTally(from, to, offset, consent.open);
  const auditTotal = await store.length(auditLog);
  const ai = await _passLog(
    store,
    { log: auditLog, kind: 'audit', ...(o.auditKey ? { key: o.auditKey } : {}), validate: (d) => auditEntrySchema().safeParse(d).success, chainCps: cps.audit.chain, signedCps: cps.audit.signed },
    (d) => audit.add(d as AuditEntry),
    progress('audit', auditTotal),
  );
  const register = ai.result?.ok ? await checkRegister(store, `${auditLog}.datasets`, audit.registered, ai.head?.alg) : undefined;
  const due = o.retention ? await _retentionDue(store, o.retention.ns ?? 'subjects', o.retention.purposes, consent.states!, new Date(to)) : undefined;
  const summary: ReportSummary = {
    lang,
    period: { ...(o.from === undefined ? {} : { from: new Date(from).toISOString() }), to: new Date(to).toISOString() },
    generatedAt: now.toISOString(),
    utcOffsetMinutes: offset,
    integrity: { consent: ci, audit: { ...ai, ...(register ? { register } : {}) } },
    consent: consent.s,
    withdrawals: _withdrawals(consent.open, consent.withdrewPeople),
    use: audit.use,
    retention: { runs: audit.runs, ...(due ? { due } : {}) },
    releases: await _releasesIn(store, o.releasesNs ?? 'releases', from, to),
  };
  return { html: _renderHtml(summary), summary };
}
