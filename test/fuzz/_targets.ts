// What the fuzzer calls: every value exported by every package.json subpath (read at test time
// through test/docs/_exports.ts, so a new export is covered without editing this file), the
// function members of exported objects (mask.phone, normalize.mobile …), classes through `new`,
// and the methods of instances built from a few valid calls (a tokenizer, a ledger, a store …).
import { entryPoints } from '../docs/_exports.js';

type AnyFn = (...a: unknown[]) => unknown;

export interface Target {
  label: string;
  call: (args: unknown[]) => unknown;
  arity: number;
  /** Known valid argument lists: the fuzzer also makes one argument of each hostile. */
  valid?: unknown[][] | undefined;
}

/**
 * Not called, each for a reason: `custodia/cli` is the command-line program (run(argv) reads and
 * writes files and the process's streams; its argument errors are tested in test/cli).
 */
export const SKIPPED_SUBPATHS = ['custodia/cli'];

const isClass = (f: AnyFn): boolean => /^class\b/.test(Function.prototype.toString.call(f));

function methodsOf(obj: object): [string, AnyFn][] {
  const out = new Map<string, AnyFn>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o))
    for (const k of Object.getOwnPropertyNames(o)) {
      if (k === 'constructor' || k.startsWith('_') || out.has(k)) continue;
      const d = Object.getOwnPropertyDescriptor(o, k);
      if (d && typeof d.value === 'function') out.set(k, d.value as AnyFn);
    }
  return [...out];
}

function fromValue(label: string, v: unknown, valid: Record<string, unknown[][]>, seen: Set<unknown>, out: Target[]): void {
  if (seen.has(v)) return;
  if (typeof v === 'function') {
    seen.add(v);
    const f = v as (...a: unknown[]) => unknown;
    if (isClass(f)) out.push({ label: `new ${label}`, call: (a) => Reflect.construct(f, a), arity: f.length, valid: valid[label] });
    else out.push({ label, call: (a) => f(...a), arity: f.length, valid: valid[label] });
    for (const k of Object.getOwnPropertyNames(f))
      if (typeof (f as unknown as Record<string, unknown>)[k] === 'function' && !['length', 'name', 'prototype'].includes(k) && !k.startsWith('_'))
        fromValue(`${label}.${k}`, (f as unknown as Record<string, unknown>)[k], valid, seen, out);
  } else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    seen.add(v);
    for (const [k, m] of methodsOf(v)) {
      if (seen.has(m)) continue;
      seen.add(m);
      out.push({ label: `${label}.${k}`, call: (a) => (m as (...x: unknown[]) => unknown).apply(v, a), arity: m.length, valid: valid[`${label}.${k}`] });
    }
  }
}

/** Every exported function, object member and class of every subpath but {@link SKIPPED_SUBPATHS}. */
export async function exportTargets(valid: Record<string, unknown[][]>): Promise<{ targets: Target[]; modules: Record<string, Record<string, unknown>> }> {
  const out: Target[] = [];
  const seen = new Set<unknown>();
  const modules: Record<string, Record<string, unknown>> = {};
  for (const e of entryPoints()) {
    if (SKIPPED_SUBPATHS.includes(e.subpath)) continue;
    const m = (await import(e.file)) as Record<string, unknown>;
    modules[e.subpath] = m;
    for (const [name, v] of Object.entries(m)) fromValue(name, v, valid, seen, out);
  }
  return { targets: out, modules };
}

/** The methods of instances, each labelled `<instance>.<method>`. */
export function instanceTargets(instances: Record<string, object>, valid: Record<string, unknown[][]>): Target[] {
  const out: Target[] = [];
  const seen = new Set<unknown>();
  for (const [label, obj] of Object.entries(instances)) fromValue(label, obj, valid, seen, out);
  return out;
}
