// The storage-level tamper suite on the in-memory store: its raw rows are the live maps, edited
// as someone with the process's memory would.
import { describe, expect, it } from 'vitest';
import { memoryStore, type LogEntry, type Store, type StoredRecord } from '../../src/store/index.js';
import { describeStoreTamper, type RawStoreAccess } from '../../src/store/testing/index.js';

interface MemoryRaw {
  records: Map<string, Map<string, StoredRecord>>;
  logs: Map<string, LogEntry[]>;
}

function memoryRaw(s: Store): RawStoreAccess {
  const { records, logs } = (s as unknown as Record<symbol, MemoryRaw>)[Symbol.for('custodia.memoryStore.raw')]!;
  const entries = (log: string) => logs.get(log)!;
  const at = (log: string, seq: number) => entries(log).find((e) => e.seq === seq)!;
  return {
    rows: async (log) => entries(log).map((e) => ({ ...e })),
    setValue: async (log, seq, value) => void (at(log, seq).value = value),
    setSeq: async (log, from, to) => {
      at(log, from).seq = to;
      entries(log).sort((a, b) => a.seq - b.seq);
    },
    deleteRow: async (log, seq) => void entries(log).splice(entries(log).indexOf(at(log, seq)), 1),
    setRecord: async (ns, key, value) => void (records.get(ns)!.get(key)!.value = value),
  };
}

describeStoreTamper({ name: 'memory', create: () => memoryStore(), raw: memoryRaw }, { describe, it, expect });
