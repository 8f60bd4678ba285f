/**
 * NDJSON lines to records and back: values that are not strings are kept as their source text
 * (RawJson), so a field no command touches is written back exactly as it was read.
 */
import { RawJson, type BadRecord, type InRecord, type OutRecord } from './_records.js';

/**
 * The top-level members of a valid JSON object text, each value as its source text. Only called
 * on text JSON.parse accepted, so strings, nesting and scalars need no further checks.
 */
export function rawMembers(text: string): [string, string][] {
  const out: [string, string][] = [];
  const n = text.length;
  let i = text.indexOf('{') + 1;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i++;
  };
  const stringEnd = (at: number) => {
    let j = at + 1;
    while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  };
  for (;;) {
    ws();
    if (text[i] === '}') return out;
    if (text[i] === ',') {
      i++;
      ws();
    }
    const keyEnd = stringEnd(i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = keyEnd;
    ws();
    i++; // ':'
    ws();
    const start = i;
    const c = text[i];
    if (c === '"') i = stringEnd(i);
    else if (c === '{' || c === '[') {
      let depth = 0;
      do {
        const d = text[i];
        if (d === '"') {
          i = stringEnd(i);
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') depth--;
        i++;
      } while (depth > 0);
    } else while (i < n && !/[\s,}]/.test(text[i]!)) i++;
    out.push([key, text.slice(start, i)]);
  }
}

export function ndjsonRecord(row: number, line: string): InRecord | BadRecord {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return { row, bad: 'not valid JSON' };
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return { row, bad: 'expected a JSON object' };
  // Strings only (the usual record): the parsed object is the record. Otherwise every member is
  // taken from the source text, non-strings kept as written (RawJson).
  const values = Object.values(obj);
  if (values.every((v) => typeof v === 'string')) return { row, fields: obj as Record<string, string> };
  return { row, fields: Object.fromEntries(rawMembers(line).map(([k, v]) => [k, v.startsWith('"') ? (JSON.parse(v) as string) : new RawJson(v)])) };
}

/** One NDJSON line: kept values as written, everything else through JSON.stringify. */
export function ndjsonOf(fields: OutRecord): string {
  let line = '';
  for (const k in fields) {
    const v = fields[k];
    if (v === undefined) continue;
    line += `${line ? ',' : '{'}${JSON.stringify(k)}:${v instanceof RawJson ? v.text : JSON.stringify(v)}`;
  }
  return line ? `${line}}` : '{}';
}

