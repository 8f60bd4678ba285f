// Licence plates and person names: both start from a Chinese character the trigger table marks.
import { at, foldedSlice, isAlnum, isDigit, isHan, isUpper, trimWordEnd } from './_chars.js';
import { bestName, surnameAt } from './_names.js';

// GA 36-2018 province abbreviations (the first character of an ordinary plate).
export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_TAILS = '挂学警港澳领';
// Letters and digits of plate serials: I and O are never used (GA 36-2018 §5.2).
const serial = (c: number): boolean => isDigit(c) || (isUpper(c) && c !== 73 && c !== 79);
const PLATE_SEPS = [0xb7, 0x2022, 0x30fb, 32, 45, 46];

/** A plate starting at the province character `i`: [end, confidence], or null. */
export function matchPlate(text: string, i: number): [number, number] | null {
  let pos = i + 1;
  if (!serial(at(text, pos)) || isDigit(at(text, pos))) return null;
  pos++;
  if (PLATE_SEPS.includes(at(text, pos))) pos++;
  const s = pos;
  while (pos - s < 16 && isAlnum(at(text, pos))) pos++;
  pos = trimWordEnd(text, s, pos);
  const m = pos - s;
  for (let k = s; k < pos; k++) if (!serial(at(text, k))) return null;
  const body = foldedSlice(text, s, pos);
  if (m === 4 && pos < text.length && PLATE_TAILS.indexOf(text.charAt(pos)) >= 0) return [pos + 1, 0.85];
  if (m === 5 && /\d/.test(body)) return [pos, 0.85];
  // New-energy plates (GA 36-2018 amendment): D/F then 5 serials for cars, 5 digits then D/F for buses.
  if (m === 6 && (/^[DF][A-HJ-NP-Z0-9]\d{4}$/.test(body) || /^\d{5}[DF]$/.test(body))) return [pos, 0.9];
  return null;
}

/** Embassy plates: 使 then six digits, the mission code and serial sometimes split (使014·578). */
export function matchEmbassyPlate(text: string, i: number): [number, number] | null {
  let pos = i + 1;
  let n = 0;
  const digits = (): void => {
    for (; n < 7 && isDigit(at(text, pos)); n++) pos++;
  };
  digits();
  if (n === 3 && PLATE_SEPS.includes(at(text, pos)) && isDigit(at(text, pos + 1))) {
    pos++;
    digits();
  }
  return n === 6 && !isAlnum(at(text, pos)) ? [pos, 0.7] : null;
}

export const NAME_CUES = [
  '姓名', '联系人', '收件人', '收货人', '寄件人', '持卡人', '开户名', '户名', '乘车人', '入住人', '申请人', '投保人',
  '经办人', '签收人', '负责人', '法定代表人', '法人代表', '监护人', '代理人', '委托人', '业主', '起草人', '我叫', '我是',
];
// Characters that end a given name in the places names appear (收件人张三电话…, 王女士的…).
const NAME_STOP = '电手联地址身份证号码收寄住在是和与及等说要已于的了先女小生士姐，。、：:';
const CUE_GAP = '：: 为是叫\t';

const givenChar = (c: number): boolean => isHan(c) && NAME_STOP.indexOf(String.fromCharCode(c)) < 0;

let cuesByFirst: Map<number, string[]> | undefined;
function groupCues(): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const w of NAME_CUES) m.set(w.charCodeAt(0), [...(m.get(w.charCodeAt(0)) ?? []), w]);
  return m;
}

/** Names after a cue word starting at `i` (several when listed with 、): [start, end, confidence][] or null. */
export function matchCuedNames(text: string, i: number): Array<[number, number, number]> | null {
  cuesByFirst ??= groupCues();
  const words = cuesByFirst.get(text.charCodeAt(i));
  let cueWord: string | undefined;
  for (let k = 0; words && k < words.length && !cueWord; k++) if (text.startsWith(words[k]!, i)) cueWord = words[k];
  if (!cueWord) return null;
  let s = i + cueWord.length;
  for (let g = 0; g < 3 && CUE_GAP.indexOf(text.charAt(s)) >= 0 && s < text.length; g++) s++;
  // After a cue the model still decides the length and rejects words (收货人：陈小春; 陈列区, 宋体).
  const b = bestName(text, s, 2, 1.5, cueWord !== '我是');
  if (!b || b[1] < 1.5) return null;
  const e = b[0];
  // 我是 introduces anything (我是新用户); only a name closed by punctuation counts, at lower confidence.
  if (cueWord === '我是') return isHan(text.charCodeAt(e)) ? null : [[s, e, 0.6]];
  const out: Array<[number, number, number]> = [[s, e, 0.75]];
  // 起草人：杨青松、刘朝俊、杜涛 — a list goes on while each item is a name; bounded to 20 names.
  for (let k = e; out.length < 20 && text.charAt(k) === '、'; ) {
    const next = bestName(text, k + 1, 1, -9, true);
    if (!next || next[1] < -3 || isHan(text.charCodeAt(next[0]))) break;
    out.push([k + 1, next[0], 0.7]);
    k = next[0];
  }
  return out;
}

// Characters often right before a name used with a title (请张先生, 联系王女士, 给李小姐).
const BEFORE_NAME = '的给请和位是找向跟与及系问谢致好';
const TITLES = ['先生', '女士', '小姐'];
/** One of TITLES at `p`: its two characters compared as codes (小 and 先 are frequent, titles are not). */
function isTitle(text: string, p: number): boolean {
  const a = text.charCodeAt(p);
  const b = text.charCodeAt(p + 1);
  for (const t of TITLES) if (a === t.charCodeAt(0) && b === t.charCodeAt(1)) return true;
  return false;
}

/** Name before a title (先生/女士/小姐) at `p`: [start, end, confidence] or null. */
export function matchTitledName(text: string, p: number, floor: number): [number, number, number] | null {
  if (!isTitle(text, p)) return null;
  const boundary = (s: number): boolean => s <= floor || !isHan(text.charCodeAt(s - 1)) || BEFORE_NAME.indexOf(text.charAt(s - 1)) >= 0;
  for (const k of [2, 3, 4]) {
    const s = p - k;
    if (s < floor || !boundary(s)) continue;
    // Only the surnames that start a name anywhere: 是大小姐 has 是, a surname of the complete list.
    const sur = surnameAt(text, s, false);
    if (!sur || sur >= k) continue;
    let ok = true;
    for (let q = s + sur; q < p; q++) ok &&= givenChar(text.charCodeAt(q));
    if (ok) return [s, p, 0.6];
  }
  if (p - 2 >= floor && surnameAt(text, p - 2, false) === 2 && boundary(p - 2)) return [p - 2, p, 0.55];
  if (p - 1 >= floor && surnameAt(text, p - 1, false) === 1 && boundary(p - 1)) return [p - 1, p, 0.55];
  return null;
}

// WeChat IDs: 6-20 characters, a letter first, then letters, digits, '_' or '-' (WeChat's own rule).
const isIdChar = (c: number): boolean => isAlnum(c) || c === 95 || c === 45;

/** A WeChat ID after 微信 / 微信号 at `i`: [start, end, confidence] or null. */
export function matchWechat(text: string, i: number): [number, number, number] | null {
  if (!text.startsWith('微信', i)) return null;
  let s = i + 2;
  if (text.startsWith('号', s)) s++;
  else if (/^id/i.test(text.slice(s, s + 2)) && CUE_GAP.indexOf(text.charAt(s + 2)) >= 0) s += 2;
  for (let g = 0; g < 2 && CUE_GAP.indexOf(text.charAt(s)) >= 0 && s < text.length; g++) s++;
  const c0 = at(text, s);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return null;
  let e = s + 1;
  while (e - s <= 20 && isIdChar(at(text, e))) e++;
  // A run going on after '.' or '@' (a dotted user name, a domain, an e-mail) is no WeChat ID: IDs hold neither.
  if ((at(text, e) === 46 || at(text, e) === 64) && isAlnum(at(text, e + 1))) return null;
  return e - s >= 6 && e - s <= 20 ? [s, e, 0.8] : null;
}
