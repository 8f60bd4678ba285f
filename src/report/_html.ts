/** The report page: one HTML file with inline CSS and inline SVG charts; every text escaped. */
import type { ReportSummary } from './_build.js';
import { _barChart } from './_charts.js';
import { _CLAUSES } from './_clauses.generated.js';
import { _monthOf } from './_consent.js';
import { _EVIDENCE } from './_evidence.js';
import { _TEXT, type _Text } from './_i18n.js';
import type { LogIntegrity } from './_pass.js';
import type { WithdrawalFigures } from './_withdrawals.js';

/** A cell of hashes: monospace, broken anywhere. */
class Mono {
  constructor(readonly text: string) {}
}
const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const table = (head: string[], rows: unknown[][], empty: string) =>
  rows.length
    ? `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => (c instanceof Mono ? `<td class="mono">${esc(c.text)}</td>` : `<td>${esc(c)}</td>`)).join('')}</tr>`).join('')}</tbody></table>`
    : `<p class="none">${esc(empty)}</p>`;
const figure = (title: string, svg: string) => `<figure><figcaption>${esc(title)}</figcaption>${svg}</figure>`;
const sorted = (c: Record<string, number>) => Object.entries(c).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

/** The last complete month before `to`, at the report's offset. @internal */
export function _lastMonth(to: string, offset: number): string {
  const [y, m] = _monthOf(Date.parse(to), offset).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function integrityRows(t: _Text, name: string, l: LogIntegrity): unknown[][] {
  const verdict = !l.result ? t.empty : l.result.ok ? t.intact : `${t.broken}: ${l.result.code} ${t.atRecord} ${l.result.index}`;
  const cps = l.checkpoints.length
    ? l.checkpoints.map((c) => `${c.type === 'chain' ? t.chainCp : `${t.signedCp} ${c.origin}`} (${t.size} ${c.size}, ${c.hash.slice(0, 16)}…): ${c.ok ? t.ok : `${t.failed} ${c.code}`}`).join('; ')
    : t.noCheckpoint;
  return [[name, l.records, verdict, new Mono(l.head ? `${l.head.alg} ${l.head.hash}` : '-'), new Mono(l.merkle ? `${l.merkle.hash} ${l.merkle.root}` : '-'), cps]];
}

function integrity(t: _Text, s: ReportSummary): string {
  const a = s.integrity.audit;
  const reg = a.register ? `<p>${esc(t.registerCheck)}: ${a.register.ok ? esc(`${t.ok}, ${a.register.dataSets}: ${t.registerOk}`) : `<b class="bad">${esc(`${t.failed} ${a.register.code}`)}</b>`}</p>` : '';
  return `<section id="integrity"><h2>1. ${esc(t.integrity)}</h2>${table([t.log, t.records, t.result, t.head, t.merkleRoot, t.checkedAgainst], [...integrityRows(t, t.consentLedger, s.integrity.consent), ...integrityRows(t, t.auditLog, a)], t.none)}${reg}</section>`;
}

const wdRow = (label: string[], f: WithdrawalFigures) => [...label, f.withdrawals, f.people, f.honoured, f.honouredWithinDay, f.checkedAfter, f.hoursToFirstDenial ? `${f.hoursToFirstDenial.median} / ${f.hoursToFirstDenial.max}` : '-'];

function consent(t: _Text, s: ReportSummary): string {
  const c = s.consent;
  const months = Object.keys(c.byMonth).sort();
  const types = ['given', 'refused', 'withdrawn', 'expired', 'renewed'].filter((k) => c.byType[k]);
  const byMonth = months.length ? figure(t.eventsByMonth, _barChart({ categories: months, series: types.map((k) => ({ name: t.types[k] ?? k, data: months.map((m) => c.byMonth[m]![k] ?? 0) })), stack: true })) : '';
  const last = _lastMonth(s.period.to, s.utcOffsetMinutes);
  const purposes = Object.keys(s.withdrawals.byPurposeMonth);
  const asked = purposes.includes('marketing') ? ['marketing'] : purposes;
  const answers = asked.map((p) => {
    const f = s.withdrawals.byPurposeMonth[p]?.[last];
    const n = f?.people ?? 0;
    const all = !f || f.honouredWithinDay === f.withdrawals;
    return `<p class="answer ${all ? 'good' : 'bad'}"><b>${esc(t.question)} (${esc(last)}):</b> ${esc(t.withdrewQ(n, p, last))} ${f ? esc(t.honouredQ(f.honouredWithinDay, f.withdrawals)) : ''} <b>${esc(all ? t.allHonoured : t.notAll)}</b></p>`;
  });
  const wdMonths = [...new Set(purposes.flatMap((p) => Object.keys(s.withdrawals.byPurposeMonth[p]!)))].sort();
  const wdChart = wdMonths.length
    ? figure(t.withdrewByMonth, _barChart({ categories: wdMonths, series: purposes.map((p) => ({ name: p, data: wdMonths.map((m) => s.withdrawals.byPurposeMonth[p]![m]?.people ?? 0) })) }))
    : '';
  const wdRows = purposes.flatMap((p) => Object.entries(s.withdrawals.byPurposeMonth[p]!).map(([m, f]) => wdRow([m, p], f)));
  return `<section id="consent"><h2>2. ${esc(t.consent)}</h2>${answers.join('')}<p class="def">${esc(t.honouredDef)}</p>${byMonth}
<h3>${esc(t.withdrawals)}</h3>${wdChart}${table([t.month, t.purpose, t.events, t.people, t.honoured, t.withinDay, t.checkedAfter, t.firstDenial], wdRows, t.none)}
<h3>${esc(t.byPurpose)}</h3>${table([t.purpose, ...types.map((k) => t.types[k] ?? k)], Object.entries(c.byPurpose).map(([p, x]) => [p, ...types.map((k) => x[k] ?? 0)]), t.none)}
<h3>${esc(t.byChannel)}</h3>${table([t.byChannel, t.events], sorted(c.byChannel), t.none)}
<h3>${esc(t.separate)}</h3>${table([t.category, t.events], sorted(c.separate.byCategory), t.none)}
<h3>${esc(t.notices)}</h3>${table([t.notice, t.events], sorted(c.byNotice), t.none)}
${table([t.guardian, t.renewed, t.unsubscribes, t.evidence], [[`${c.guardian.events} (${c.guardian.people} ${t.people})`, c.renewed, c.unsubscribes, c.withEvidence]], t.none)}</section>`;
}

function use(t: _Text, s: ReportSummary): string {
  const u = s.use;
  const reasons = Object.entries(u.byReason).sort((a, b) => b[1].people - a[1].people);
  const months = Object.keys(u.byMonth).sort();
  const roles = Object.keys(u.byRolePurpose).sort();
  const rp = [...new Set(roles.flatMap((r) => Object.keys(u.byRolePurpose[r]!)))].sort();
  return `<section id="use"><h2>3. ${esc(t.use)}</h2>
${table(['', t.checks, t.people], [[t.allowed, u.allowed.checks, u.allowed.people], [t.denied, u.denied.checks, u.denied.people]], t.none)}
${table([t.purpose, `${t.allowed} (${t.checks})`, `${t.allowed} (${t.people})`, `${t.denied} (${t.checks})`, `${t.denied} (${t.people})`], Object.entries(u.byPurpose).map(([p, x]) => [p, x.allowed.checks, x.allowed.people, x.denied.checks, x.denied.people]), t.none)}
<h3>${esc(t.byReason)}</h3>${reasons.length ? figure(t.byReason, _barChart({ categories: reasons.map(([r]) => r), series: [{ name: t.people, data: reasons.map(([, x]) => x.people) }, { name: t.checks, data: reasons.map(([, x]) => x.checks) }], horizontal: true })) : ''}
${table([t.reason, t.checks, t.people], reasons.map(([r, x]) => [r, x.checks, x.people]), t.none)}
${months.length ? figure(t.checksByMonth, _barChart({ categories: months, series: [{ name: t.allowed, data: months.map((m) => u.byMonth[m]!.allowed) }, { name: t.denied, data: months.map((m) => u.byMonth[m]!.denied) }], stack: true })) : ''}
<h3>${esc(t.rolePurpose)}</h3>${table([t.role, ...rp], roles.map((r) => [r, ...rp.map((p) => u.byRolePurpose[r]![p] ?? 0)]), t.none)}
${table([t.rights, t.registrations], [[sorted(u.rights).map(([k, n]) => `${k} ${n}`).join(', ') || '0', u.registrations]], t.none)}</section>`;
}

function retention(t: _Text, s: ReportSummary): string {
  const r = s.retention.runs;
  const months = Object.keys(r.byMonth).sort();
  const chart = months.length ? figure(t.runs, _barChart({ categories: months, series: [{ name: t.deleted, data: months.map((m) => r.byMonth[m]!['delete'] ?? 0) }, { name: t.anonymized, data: months.map((m) => r.byMonth[m]!['anonymize'] ?? 0) }], stack: true })) : '';
  const due = s.retention.due;
  return `<section id="retention"><h2>4. ${esc(t.retention)}</h2><h3>${esc(t.runs)}</h3>${chart}
${table([t.deleted, t.anonymized, t.lastRun], r.deleted + r.anonymized ? [[r.deleted, r.anonymized, r.last ?? '-']] : [], t.none)}${table([t.rule, t.records], sorted(r.byRule), t.none)}
<h3>${esc(t.overdue)}</h3>${due ? table([t.held, t.keep, t.overdue, t.rule], [[due.held, due.keep, due.overdueTotal, sorted(due.overdue).map(([k, n]) => `${k} ${n}`).join(', ') || '-']], t.none) : `<p class="none">${esc(t.notChecked)}</p>`}</section>`;
}

function releases(t: _Text, s: ReportSummary): string {
  const l = s.releases;
  const chart = l.length ? figure(t.riskChart, _barChart({ categories: l.map((r) => r.id), series: [{ name: t.before, data: l.map((r) => Math.round(r.risk.before.highest * 1000) / 10) }, { name: t.after, data: l.map((r) => Math.round(r.risk.after.highest * 1000) / 10) }] })) : '';
  return `<section id="releases"><h2>5. ${esc(t.releases)}</h2>${chart}${table(
    [t.release, t.purpose, t.algorithm, t.k, t.records, t.suppressed, t.loss, t.riskBefore, t.riskAfter],
    l.map((r) => [`${r.id} (${r.at.slice(0, 10)})`, r.purpose ?? '-', r.algorithm, r.k, r.records, r.suppressed, r.informationLoss.toFixed(3), `${pct(r.risk.before.highest)} / ${pct(r.risk.before.recordsAtRisk)}`, `${pct(r.risk.after.highest)} / ${pct(r.risk.after.recordsAtRisk)}`]),
    t.none,
  )}</section>`;
}

function clauses(t: _Text, s: ReportSummary): string {
  const zh = s.lang === 'zh-CN';
  const rows = _CLAUSES.map((c) => [c.id, c.source, c.summary, _EVIDENCE[c.id]?.(s, zh) ?? t.noEvidence]);
  return `<section id="clauses"><h2>6. ${esc(t.clauses)}</h2>${table([t.clause, t.source, t.asks, t.found], rows, t.none)}</section>`;
}

const CSS = `body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#222;line-height:1.5}
h1{font-size:1.6em;margin-bottom:0}h2{border-bottom:2px solid #2f6fb0;padding-bottom:4px;margin-top:2em}h3{margin-top:1.4em}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
td.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.78em;word-break:break-all;min-width:14em}
th{background:#eef3f9}figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:4px}svg{max-width:100%;height:auto}
.meta{color:#555}.none{color:#777;font-style:italic}.def{background:#f6f6f6;padding:8px;font-size:.9em}
.answer{padding:10px;border-left:6px solid}.good{border-color:#3a9d5d;background:#eef8f1}.bad{border-color:#c23b3b;background:#fbeeee}b.bad{color:#c23b3b}
nav a{margin-right:1em}@media print{section{break-inside:auto}h2{break-after:avoid}figure{break-inside:avoid}}`;

/** @internal */
export function _renderHtml(s: ReportSummary): string {
  // ECharts numbers its renderers per process (zr1, zr2 …): renumbered per page, the same data gives the same bytes.
  const ids = new Map<string, string>();
  const renumber = (m: string) => ids.get(m) ?? (ids.set(m, `r${ids.size + 1}`), `r${ids.size}`);
  return page(s).replace(/\bzr\d+-[A-Za-z]+-\d+\b/g, renumber).replace(/\bzr\d+\b/g, renumber);
}

function page(s: ReportSummary): string {
  const t = _TEXT[s.lang];
  const ids = ['integrity', 'consent', 'use', 'retention', 'releases', 'clauses'] as const;
  return `<!doctype html>
<html lang="${s.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(t.title)}</title><style>${CSS}</style></head>
<body><header><h1>${esc(t.title)}</h1><p class="meta">${esc(t.subtitle)}</p>
<p class="meta">${esc(t.period)}: ${esc(s.period.from ?? t.start)} ${esc(t.to)} ${esc(s.period.to)} · ${esc(t.generated)}: ${esc(s.generatedAt)} · UTC${s.utcOffsetMinutes >= 0 ? '+' : '-'}${String(Math.abs(s.utcOffsetMinutes) / 60)}</p>
<p class="meta">${esc(t.noPersonalData)}</p><nav>${esc(t.toc)}: ${ids.map((id, i) => `<a href="#${id}">${i + 1}. ${esc(t[id])}</a>`).join('')}</nav></header>
${integrity(t, s)}${consent(t, s)}${use(t, s)}${retention(t, s)}${releases(t, s)}${clauses(t, s)}
<footer class="meta"><p>${esc(t.footer)}</p></footer></body></html>
`;
}
