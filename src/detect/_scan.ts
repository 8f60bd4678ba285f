// The single pass: one loop over UTF-16 code units. ASCII letters/digits hand over to the run
// classifier, '@' to the email parser, and the few Chinese characters that can start a plate,
// a name or an address to their matchers, all decided by one load from a 128 KB table of
// character classes; everything else costs that load. Every matcher reads a bounded window, so
// the pass is linear in the text length.
import { divisionFirstChars, matchAddress, matchRoad, STREET_TRIGGERS } from './_address.js';
import { ALNUM, AT_SIGN, charClasses, DIGIT, fold, isDigit, WIDE } from './_chars.js';
import { matchCuedNames, matchEmbassyPlate, matchPlate, matchTitledName, matchWechat, NAME_CUES, PLATE_PROVINCES } from './_hanzi.js';
import { matchFreeName, surnameFirstChars } from './_names.js';
import { tryEmail } from './_net.js';
import { rawFindings, type RawFindings } from './_raw.js';
import { ONLY_DIGITS, scanRun } from './_numbers.js';
import { PII_TYPES, type Emit, type Finding, type PiiType } from './_types.js';

const PLATE = 1;
const EMBASSY = 2;
const CUE = 4;
const TITLE = 8;
const ADDR = 16;
const ROAD = 32;
const WECHAT = 64;
const SURNAME = 128;

let table: Uint16Array | undefined;
/** charClasses with the trigger bits of the Chinese characters that can start a plate, name or address. */
function triggers(): Uint16Array {
  if (table) return table;
  const t = charClasses();
  const mark = (c: number, f: number): void => {
    if (c >= 0x4e00 && c <= 0x9fff) t[c]! |= f;
  };
  for (const ch of PLATE_PROVINCES) mark(ch.charCodeAt(0), PLATE);
  mark('使'.charCodeAt(0), EMBASSY);
  for (const w of NAME_CUES) mark(w.charCodeAt(0), CUE);
  for (const ch of '先女小') mark(ch.charCodeAt(0), TITLE);
  for (const c of divisionFirstChars()) mark(c, ADDR);
  for (const ch of STREET_TRIGGERS) mark(ch.charCodeAt(0), ROAD);
  mark('微'.charCodeAt(0), WECHAT);
  for (const ch of surnameFirstChars()) mark(ch.charCodeAt(0), SURNAME);
  return (table = t);
}

let lastWant: ReadonlySet<PiiType> | undefined;
let lastMask = 0;
/** Trigger bits worth checking when only `types` are wanted (the default set is the same object every call). */
function flagMask(want: ReadonlySet<PiiType>): number {
  if (want === lastWant) return lastMask;
  lastWant = want;
  return (lastMask = maskOf(want));
}
function maskOf(want: ReadonlySet<PiiType>): number {
  let m = 0;
  if (want.has('cn_plate')) m |= PLATE | EMBASSY;
  if (want.has('person_name')) m |= CUE | TITLE | SURNAME;
  if (want.has('cn_address')) m |= ADDR | ROAD;
  if (want.has('wechat_id')) m |= WECHAT;
  return m;
}

function scanHan(text: string, i: number, fl: number, emit: Emit, floor: number): number {
  if (fl & PLATE) {
    const m = matchPlate(text, i);
    if (m) return emit('cn_plate', i, m[0], m[1]), m[0];
  }
  if (fl & EMBASSY) {
    const m = matchEmbassyPlate(text, i);
    if (m) return emit('cn_plate', i, m[0], m[1]), m[0];
  }
  if (fl & WECHAT) {
    const m = matchWechat(text, i);
    if (m) return emit('wechat_id', m[0], m[1], m[2]), m[1];
  }
  if (fl & CUE) {
    const names = matchCuedNames(text, i);
    if (names) {
      for (const [s, e, c] of names) emit('person_name', s, e, c);
      return names[names.length - 1]![1];
    }
  }
  if (fl & TITLE) {
    const m = matchTitledName(text, i, floor);
    if (m) return emit('person_name', m[0], m[1], m[2]), i + 2;
  }
  if (fl & ADDR) {
    const m = matchAddress(text, i);
    if (m) return emit('cn_address', i, m[0], m[1]), m[0];
  }
  if (fl & SURNAME) {
    const m = matchFreeName(text, i, floor);
    if (m) return emit('person_name', i, m[0], m[1]), m[0];
  }
  if (fl & ROAD && isDigit(fold(text.charCodeAt(i + 1)))) {
    const m = matchRoad(text, i, floor);
    if (m) return emit('cn_address', m[0], m[1], m[2]), m[1];
  }
  return i + 1;
}

/**
 * All raw findings of the wanted types at or above `min` confidence, in text order, before
 * overlap resolution. Dropping a weak finding here is the same as filtering afterwards: it still
 * moves the floor (where the last finding ended), as before.
 */
export function scanRaw(text: string, want: ReadonlySet<PiiType>, min = 0): RawFindings {
  const out = rawFindings();
  let floor = 0;
  const every = want.size === PII_TYPES.length;
  const emit: Emit = (type, start, end, confidence, valid) => {
    if (end > floor) floor = end;
    if (confidence < min || !(every || want.has(type))) return;
    out.add(type, start, end, confidence, valid);
  };
  // One table load per code unit decides: nothing (most characters), a letter/digit run, '@', or
  // a Chinese character that triggers a wanted matcher. Full-width forms carry their ASCII twin's bits.
  const m = flagMask(want) | ALNUM | AT_SIGN;
  const t = triggers();
  const n = text.length;
  let i = 0;
  while (i < n) {
    const k = t[text.charCodeAt(i)]! & m;
    if (k === 0) {
      i++;
    } else if (k & ALNUM) {
      // The run of letters and digits; a word of letters alone is passed over unless ':' follows.
      // `some` has the bits of any of its characters, `every` those of all (DIGIT: digits only).
      let j = i + 1;
      let some = t[text.charCodeAt(i)]!;
      let every = some;
      for (; j < n; j++) {
        const q = t[text.charCodeAt(j)]!;
        if (!(q & ALNUM)) break;
        some |= q;
        every &= q;
      }
      const after = text.charCodeAt(j);
      i = some & DIGIT || after === 58 || after === 0xff1a ? scanRun(text, i, j, (some & (DIGIT | WIDE)) | (every & DIGIT ? ONLY_DIGITS : 0), emit) : j;
    } else if (k & AT_SIGN) {
      const e = tryEmail(text, i);
      if (e) {
        emit('email', e[0], e[1], 0.95);
        i = e[1];
      } else i++;
    } else {
      i = scanHan(text, i, k, emit, floor);
    }
  }
  return out;
}

/** Keep one finding per stretch of text: a finding inside another yields to it, else the more confident wins. */
export function resolveOverlaps<F extends Finding<string>>(found: F[]): F[] {
  // The scanner emits in text order almost always: sort only when it did not.
  for (let k = 1; k < found.length; k++) {
    const a = found[k - 1]!;
    const b = found[k]!;
    if (a.start > b.start || (a.start === b.start && a.end < b.end)) {
      found.sort((x, y) => x.start - y.start || y.end - x.end);
      break;
    }
  }
  const res: F[] = [];
  for (const f of found) {
    let keep = true;
    while (res.length > 0) {
      const last = res[res.length - 1]!;
      if (f.start >= last.end) break;
      const inside = f.end <= last.end;
      if (inside || last.confidence >= f.confidence) {
        keep = false;
        break;
      }
      res.pop();
    }
    if (keep) res.push(f);
  }
  return res;
}
