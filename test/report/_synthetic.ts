// A store whose consent and audit logs are generated as they are read: valid sha256 chains of
// `n` records over `people` subjects, sealed with the chain engine's own _seal, holding nothing
// in memory, so a test measures only what the report keeps.
import { _GENESIS, _seal } from '../../src/consent/_chain.js';
import { memoryStore, type LogEntry, type Store } from '../../src/store/index.js';
import { UI_STATE, event } from '../consent/_fixtures.js';
import { consentEventSchema } from '../../src/consent/index.js';

export function syntheticStore(n: number, people: number): Store {
  const base = memoryStore();
  const given = consentEventSchema().parse(event({ evidence: UI_STATE }));
  const gen = (kind: 'consent' | 'audit') =>
    async function* (): AsyncIterable<LogEntry> {
      let prev = _GENESIS;
      for (let i = 0; i < n; i++) {
        const subject = `u_${i % people}`;
        const at = new Date(Date.UTC(2025, i % 12, 1 + (i % 28), i % 24)).toISOString();
        const data = kind === 'consent'
          ? { ...given, subject, at, event: i % 10 === 3 ? 'withdrawn' : 'given' }
          : { operator: 'bot', role: 'crm', purpose: 'marketing', action: 'read', fields: ['mobile'], subject, decision: i % 4 ? 'allow' : 'deny', reasons: i % 4 ? [] : ['NO_CONSENT'], at };
        const rec = _seal(kind, i, prev, 'sha256', undefined, data);
        prev = rec.hash;
        yield { seq: i, value: JSON.stringify(rec) };
      }
    };
  const logs: Record<string, () => AsyncIterable<LogEntry>> = { consent: gen('consent'), audit: gen('audit') };
  return { ...base, read: (log, o) => (logs[log] && !o?.from ? logs[log]() : base.read(log, o)), length: async (log) => (logs[log] ? n : base.length(log)) };
}
