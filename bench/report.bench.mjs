// custodia report over a large audit log (default 10 million events; REPORT_EVENTS=1000000 for a
// quicker run): a store that generates valid sha256 chain records as they are read (nothing kept),
// so the heap measured is the report's own. Prints time per million events and the heap after GC
// at each million, beside the peer in the same run: the library's audit.verify(), which reads the
// whole log into an array, at a size it can hold (PEER_EVENTS, default 200 000).
// Imports the BUILT package (npm run bench builds it).
import { createHash } from 'node:crypto';
import { createAuditLog } from '../dist/audit/index.js';
import { canonicalJson } from '../dist/consent/index.js';
import { buildReport } from '../dist/report/index.js';
import { memoryStore } from '../dist/store/index.js';

const N = Number(process.env.REPORT_EVENTS ?? 10_000_000);
const PEER = Number(process.env.PEER_EVENTS ?? 200_000);
const PEOPLE = 100_000;
const sha = (s) => createHash('sha256').update(s).digest('hex');

function generatingStore(n) {
  const base = memoryStore();
  async function* audit(from = 0) {
    let prev = '0'.repeat(64);
    for (let i = 0; i < n; i++) {
      const data = { operator: 'bot', role: 'crm', purpose: i % 3 ? 'marketing' : 'orders', action: 'read', fields: ['mobile'], subject: `u_${i % PEOPLE}`, decision: i % 5 ? 'allow' : 'deny', reasons: i % 5 ? [] : ['NO_CONSENT'], at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString() };
      const body = { v: 1, kind: 'audit', seq: i, prev, alg: 'sha256', data };
      const rec = { ...body, hash: sha(canonicalJson(body)) };
      prev = rec.hash;
      if (i >= from) yield { seq: i, value: JSON.stringify(rec) };
    }
  }
  return { ...base, read: (log, o) => (log === 'audit' ? audit(o?.from ?? 0) : base.read(log, o)), length: async (log) => (log === 'audit' ? n : base.length(log)) };
}

const mb = (b) => (b / 1048576).toFixed(1);
// CPU seconds of this process: on a shared machine wall time mostly measures the neighbours.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
// The peer: the library's verification, which holds every record.
{
  const store = generatingStore(PEER);
  globalThis.gc?.();
  const h0 = process.memoryUsage().heapUsed;
  const c = cpu();
  const r = await createAuditLog({ store }).verify();
  const held = process.memoryUsage().heapUsed - h0;
  console.log(`peer audit.verify() of ${PEER.toLocaleString()} events: ${r.ok ? 'ok' : r.code}, ${((cpu() - c) / (PEER / 1e6)).toFixed(1)} CPU s per million (generation included), heap held ${mb(held)} MB`);
}
{
  const store = generatingStore(N);
  globalThis.gc?.();
  const h0 = process.memoryUsage().heapUsed;
  const t = performance.now();
  const c = cpu();
  let next = 1_000_000;
  const rows = [];
  const { summary } = await buildReport({
    store, lang: 'en', now: new Date('2026-01-01T00:00:00Z'),
    onProgress: (phase, done) => {
      if (phase !== 'audit' || done < next) return;
      next += 1_000_000;
      globalThis.gc?.();
      rows.push(`| ${done.toLocaleString()} | ${((performance.now() - t) / 1000).toFixed(1)} s | ${(cpu() - c).toFixed(1)} s | ${mb(process.memoryUsage().heapUsed - h0)} MB |`);
    },
  });
  const s = (performance.now() - t) / 1000;
  const cs = cpu() - c;
  console.log(`\n| audit events read | elapsed | CPU | heap held after GC |\n|---:|---:|---:|---:|\n${rows.join('\n')}`);
  console.log(`\ncustodia report: ${N.toLocaleString()} audit events in ${s.toFixed(1)} s, ${cs.toFixed(1)} CPU s (${(cs / (N / 1e6)).toFixed(1)} CPU s per million, generation included), chain ${summary.integrity.audit.result?.ok ? 'intact' : 'BROKEN'}, ${summary.use.denied.people} people denied`);
}
