/**
 * The clause table: for each seed clause id, the evidence this period's data holds for it, in
 * the report's language, or nothing (the table then says "no evidence in period").
 */
import type { ReportSummary } from './_build.js';

type Ev = (s: ReportSummary, zh: boolean) => string | undefined;

const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
const when = (n: number, text: string) => (n > 0 ? text : undefined);
const reason = (s: ReportSummary, code: string) => s.use.byReason[code]?.checks ?? 0;
const okLogs = (s: ReportSummary) => [s.integrity.consent, s.integrity.audit].filter((l) => l.result?.ok).length;

const integrityEv: Ev = (s, zh) => {
  const n = okLogs(s);
  if (!s.integrity.consent.result && !s.integrity.audit.result) return undefined;
  const cps = s.integrity.consent.checkpoints.length + s.integrity.audit.checkpoints.length;
  return zh
    ? `${n}/2 条日志校验完整（同意台账 ${s.integrity.consent.records} 条，审计日志 ${s.integrity.audit.records} 条），依据 ${cps} 个检查点`
    : `${n} of 2 logs verify intact (consent ledger ${s.integrity.consent.records} records, audit log ${s.integrity.audit.records}), against ${cps} checkpoint(s)`;
};

const wd: Ev = (s, zh) => {
  const t = s.withdrawals.total;
  return when(t.withdrawals, zh ? `${t.withdrawals} 次撤回（${t.people} 人），${t.honouredWithinDay} 次在一天内执行` : `${t.withdrawals} withdrawal(s) by ${t.people} people, ${t.honouredWithinDay} honoured within a day`);
};

/** @internal */
export const _EVIDENCE: Record<string, Ev> = {
  'P4.1': (s, zh) => when(s.use.allowed.checks + s.use.denied.checks, zh ? `${s.use.allowed.checks + s.use.denied.checks} 次目的检查记入审计日志（拒绝 ${s.use.denied.checks} 次）；本报告即定期合规审计` : `${s.use.allowed.checks + s.use.denied.checks} purpose checks in the audit log (${s.use.denied.checks} denied); this report is the periodic compliance audit`),
  'P4.2': (s, zh) => when(s.consent.byType['given'] ?? 0, zh ? `${s.consent.byType['given']} 次同意，均引用告知版本` : `${s.consent.byType['given']} consents given, each naming its notice`),
  'P4.4': integrityEv,
  'P4.5': (s, zh) => when(reason(s, 'FIELD_NOT_IN_PURPOSE') + s.consent.renewed, zh ? `超出目的的字段被拒 ${reason(s, 'FIELD_NOT_IN_PURPOSE')} 次；重新同意 ${s.consent.renewed} 次` : `${reason(s, 'FIELD_NOT_IN_PURPOSE')} checks denied for fields outside the purpose; ${s.consent.renewed} re-consents`),
  'P4.6': (s, zh) => when(sum(s.use.rights), zh ? `个人权利请求 ${sum(s.use.rights)} 次` : `${sum(s.use.rights)} subject-rights requests handled`),
  P6: (s, zh) => when(s.consent.separate.events + reason(s, 'SEPARATE_CONSENT_REQUIRED'), zh ? `单独同意 ${s.consent.separate.events} 次；缺少单独同意被拒 ${reason(s, 'SEPARATE_CONSENT_REQUIRED')} 次` : `${s.consent.separate.events} separate consents; ${reason(s, 'SEPARATE_CONSENT_REQUIRED')} checks denied for want of one`),
  P7: (s, zh) => when(s.consent.events, zh ? `${Object.keys(s.consent.byChannel).length} 个渠道：${Object.entries(s.consent.byChannel).map(([c, n]) => `${c} ${n}`).join('，')}` : `${Object.keys(s.consent.byChannel).length} channel(s): ${Object.entries(s.consent.byChannel).map(([c, n]) => `${c} ${n}`).join(', ')}`),
  'P8.1': (s, zh) => when(sum(s.consent.byNotice), zh ? `${Object.keys(s.consent.byNotice).length} 个告知版本下的同意` : `consents under ${Object.keys(s.consent.byNotice).length} notice version(s)`),
  'P8.2': (s, zh) => when(s.withdrawals.total.withdrawals + s.consent.separate.events, [wd(s, zh), s.consent.separate.events ? (zh ? `单独同意 ${s.consent.separate.events} 次` : `${s.consent.separate.events} separate consents`) : undefined].filter(Boolean).join(zh ? '；' : '; ')),
  'P8.5': (s, zh) => when(s.consent.withEvidence + s.consent.thirdPartyAuthorized, zh ? `${s.consent.withEvidence} 次同意附有证据；第三方来源授权 ${s.consent.thirdPartyAuthorized} 次` : `${s.consent.withEvidence} grants carry evidence; ${s.consent.thirdPartyAuthorized} third-party events carry an authorization`),
  'P9.2': (s, zh) => when(s.retention.runs.deleted + s.retention.runs.anonymized + (s.retention.due?.held ?? 0), zh ? `删除 ${s.retention.runs.deleted}、匿名化 ${s.retention.runs.anonymized} 条；逾期 ${s.retention.due?.overdueTotal ?? '未检查'}` : `${s.retention.runs.deleted} deleted, ${s.retention.runs.anonymized} anonymized; overdue: ${s.retention.due?.overdueTotal ?? 'not checked'}`),
  'S3.8': (s, zh) => when(s.releases.length, zh ? `${s.releases.length} 次 k-匿名发布` : `${s.releases.length} k-anonymous release(s)`),
  'S4.1.2': (s, zh) => when(s.consent.events, [wd(s, zh), zh ? `${s.consent.events} 个同意事件` : `${s.consent.events} consent events`].filter(Boolean).join(zh ? '；' : '; ')),
  'S4.1.3': (s, zh) => when(s.use.allowed.checks + s.use.denied.checks, zh ? `${s.use.allowed.checks + s.use.denied.checks} 次目的检查` : `${s.use.allowed.checks + s.use.denied.checks} purpose checks`),
  'S4.2.1': (s, zh) => when(['app', 'website', 'mini-program', 'social-media', 'payment', 'online-shop'].reduce((a, c) => a + (s.consent.byChannel[c] ?? 0), 0), zh ? '线上渠道的同意事件，见按渠道统计' : 'online-channel consent events, see by channel'),
  'S4.2.2': (s, zh) => when(['store-counter', 'shopping-guide', 'gift-scan', 'sample-scan', 'pos', 'parking', 'survey'].reduce((a, c) => a + (s.consent.byChannel[c] ?? 0), 0), zh ? '线下渠道的同意事件，见按渠道统计' : 'offline-channel consent events, see by channel'),
  'S5.2': (s, zh) => when(s.use.registrations, zh ? `登记数据集 ${s.use.registrations} 个` : `${s.use.registrations} data set(s) registered`),
  'S5.4': integrityEv,
  'S5.5': integrityEv,
  'S6.1.1': (s, zh) => when(s.use.denied.checks + s.use.allowed.checks, zh ? `允许 ${s.use.allowed.checks}、拒绝 ${s.use.denied.checks} 次（${s.use.denied.people} 人）` : `${s.use.allowed.checks} allowed, ${s.use.denied.checks} denied (${s.use.denied.people} people)`),
  'S6.1.2': (s, zh) => when(s.consent.renewed + reason(s, 'NOTICE_OUTDATED'), zh ? `重新同意 ${s.consent.renewed} 次；告知过期被拒 ${reason(s, 'NOTICE_OUTDATED')} 次` : `${s.consent.renewed} re-consents; ${reason(s, 'NOTICE_OUTDATED')} checks denied on an outdated notice`),
  'S6.2': (s, zh) => when(reason(s, 'PUBLIC_SECURITY_ONLY'), zh ? `仅限公共安全被拒 ${reason(s, 'PUBLIC_SECURITY_ONLY')} 次` : `${reason(s, 'PUBLIC_SECURITY_ONLY')} checks denied as public-security-only`),
  'S6.3.1': (s, zh) => when(s.consent.unsubscribes + reason(s, 'MARKETING_UNSUBSCRIBED'), zh ? `退订 ${s.consent.unsubscribes} 次；退订后营销被拒 ${reason(s, 'MARKETING_UNSUBSCRIBED')} 次` : `${s.consent.unsubscribes} unsubscribes; ${reason(s, 'MARKETING_UNSUBSCRIBED')} marketing checks denied after one`),
  S7: (s, zh) => when(s.retention.runs.deleted + s.retention.runs.anonymized, zh ? `删除 ${s.retention.runs.deleted}、匿名化 ${s.retention.runs.anonymized} 条` : `${s.retention.runs.deleted} deleted, ${s.retention.runs.anonymized} anonymized`),
  S8: (s, zh) => (s.integrity.consent.result && !s.integrity.consent.result.ok) || (s.integrity.audit.result && !s.integrity.audit.result.ok) ? (zh ? '检测到篡改：见完整性' : 'tampering detected: see integrity') : undefined,
};
