// Person names without a cue word: a surname, then one or two given-name characters scored by a
// character model (tiers from the names in jieba's dictionary, generated), in context: what comes
// before (start of a sentence, a role such as 客服/司机, a verb such as 请/感谢) and after
// (punctuation, a title, 说/的/您好 ...). A surname inside a common word (陈列, 马上, 宋体) is no name.
import { isHan } from './_chars.js';
import { COMPOUND_SURNAMES, CUED_COMPOUNDS, CUED_SURNAMES, GIVEN_TIERS, SINGLE_SURNAMES, SURNAME_WORDS2, SURNAME_WORDS3 } from './_names.generated.js';

const BASE = 0x4e00;
const SPAN = 0x9fff - BASE + 1;
/** text[k] and text[k + 1] as one integer below 2^30; both must be CJK ideographs. */
const pair = (text: string, k: number): number => (text.charCodeAt(k) - BASE) * SPAN + (text.charCodeAt(k + 1) - BASE);
let tier: Int8Array | undefined;
let surname: Uint8Array | undefined;
// Words and compound surnames keyed by their first two characters as one small integer, so a
// lookup slices no string: the name model runs at every surname character of the text.
let words2: Set<number> | undefined;
let words3: Map<number, string> | undefined;
let compounds: Set<number> | undefined;
let cuedCompounds: Set<number> | undefined;
let leftByLast: Map<number, string[]> | undefined;
let rightByFirst: Map<number, string[]> | undefined;
const STOP = -2;

function byChar(list: readonly string[], key: (w: string) => number): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const w of list) m.set(key(w), [...(m.get(key(w)) ?? []), w]);
  return m;
}
const SURNAME = 1;
const COMPOUND_FIRST = 2;
// Surnames of the complete list that only count where the context announces a name.
const CUED = 4;
const CUED_COMPOUND_FIRST = 8;

function load(): void {
  tier = new Int8Array(0x9fff - BASE + 1).fill(-1);
  GIVEN_TIERS.split(',').forEach((chars, t) => {
    for (let k = 0; k < chars.length; k++) tier![chars.charCodeAt(k) - BASE] = t;
  });
  surname = new Uint8Array(0x9fff - BASE + 1);
  for (let k = 0; k < SINGLE_SURNAMES.length; k++) surname[SINGLE_SURNAMES.charCodeAt(k) - BASE]! |= SURNAME;
  for (let k = 0; k < COMPOUND_SURNAMES.length; k += 2) surname[COMPOUND_SURNAMES.charCodeAt(k) - BASE]! |= COMPOUND_FIRST;
  for (let k = 0; k < CUED_SURNAMES.length; k++) surname[CUED_SURNAMES.charCodeAt(k) - BASE]! |= CUED;
  for (let k = 0; k < CUED_COMPOUNDS.length; k += 2) surname[CUED_COMPOUNDS.charCodeAt(k) - BASE]! |= CUED_COMPOUND_FIRST;
  for (let k = 0; k < NAME_STOP.length; k++) if (isHan(NAME_STOP.charCodeAt(k))) tier[NAME_STOP.charCodeAt(k) - BASE] = STOP;
  words2 = new Set();
  words3 = new Map();
  for (const g of SURNAME_WORDS2.split(',')) for (let k = 1; k < g.length; k++) words2.add((g.charCodeAt(0) - BASE) * SPAN + (g.charCodeAt(k) - BASE));
  for (const g of SURNAME_WORDS3.split(',')) words3.set(pair(g, 0), g.slice(2));
  leftByLast = byChar(LEFT, (w) => w.charCodeAt(w.length - 1));
  rightByFirst = byChar(RIGHT, (w) => w.charCodeAt(0));
  compounds = new Set();
  for (let k = 0; k < COMPOUND_SURNAMES.length; k += 2) compounds.add(pair(COMPOUND_SURNAMES, k));
  cuedCompounds = new Set();
  for (let k = 0; k < CUED_COMPOUNDS.length; k += 2) cuedCompounds.add(pair(CUED_COMPOUNDS, k));
}

/** Every character that can begin a surname (single or compound), for the trigger table. */
export function surnameFirstChars(): string {
  return SINGLE_SURNAMES + COMPOUND_SURNAMES;
}

// Value of a given-name character by tier (-1: unknown to the data, neutral).
const VALUE = [-3, -1, 0, 0.75, 1.25, 1.75];
const UNKNOWN = 0.25;
// Characters that close a name however likely they are as name characters (titles, verbs, particles).
const NAME_STOP = '电手联地址身份证号码收寄住在是和与及等说要已于的了先女生士姐，。、：:';

function charValue(c: number): number {
  if (!isHan(c)) return -9;
  const t = tier![c - BASE]!;
  return t === STOP ? -9 : t < 0 ? UNKNOWN : VALUE[t]!;
}

// What may stand right before a name that has no cue word, and right after one. 明 alone is a
// given-name character (监护人王小明同意 is 王小明, not 王小 before 明天), so only its words are here.
const LEFT = ['客服', '司机', '师傅', '配送员', '快递员', '快递小哥', '骑手', '同事', '车主', '会员', '店长', '经理', '老师', '医生', '护士', '导购', '店员', '顾客', '客户', '用户', '朋友', '主管', '专员', '工程师', '请', '谢谢', '感谢', '联系', '找', '给', '和', '跟', '与', '叫', '问', '让', '由', '及', '被', '对', '向', '替', '帮', '告诉', '通知', '提醒', '麻烦', '致电', '同学', '是', '、', '@'];
const RIGHT = ['先生', '女士', '小姐', '老师', '经理', '师傅', '同学', '说', '的', '您', '你', '已', '在', '电话', '手机', '联系', '打', '来', '会', '将', '是', '和', '跟', '与', '告诉', '表示', '反馈', '负责', '处理', '为', '帮', '很', '也', '都', '还', '给', '对', '向', '今天', '昨天', '刚', '正在', '就', '要', '想', '觉得', '回复', '签收', '确认', '收到', '发', '送', '请', '于', '等', '放', '拿', '买', '取', '去', '到', '看', '做', '问', '找', '让', '叫', '把', '被', '没', '不', '又', '才', '先', '一', '今', '明天', '明早', '明晚', '明年', '明日', '昨', '马上', '下', '上', '投诉', '帮忙'];

function leftContext(text: string, s: number, floor: number): number {
  if (s <= floor || !isHan(text.charCodeAt(s - 1))) return 1;
  const list = leftByLast!.get(text.charCodeAt(s - 1));
  if (list) for (const w of list) if (s - w.length >= 0 && text.startsWith(w, s - w.length)) return 1;
  return -1.5;
}

function rightContext(text: string, e: number): number {
  if (e >= text.length || !isHan(text.charCodeAt(e))) return 1;
  const list = rightByFirst!.get(text.charCodeAt(e));
  if (list) for (const w of list) if (text.startsWith(w, e)) return 1;
  return -1.5;
}

/** Score of the name text[s, s + sur + len): given-name characters, and whether it is a common word. */
function givenScore(text: string, s: number, sur: number, len: number, need: number): number {
  let v = 0;
  for (let k = s + sur; k < s + sur + len; k++) v += charValue(text.charCodeAt(k));
  // Below what the context could make up for: no need to look the words up.
  if (v < -5 || v < need) return -9;
  if (sur === 1) {
    // Every character here is a CJK ideograph (charValue gave the others -9).
    const two = pair(text, s);
    // 宋体, 马上 are words; 王国栋 is a name although 王国 is a word: a 2-char word costs the long reading.
    if (len === 1 ? words2!.has(two) : (words3!.get(two) ?? '').indexOf(text.charAt(s + 2)) >= 0) return -9;
    if (len === 2 && words2!.has(two)) v -= 2.5;
    if (len === 2 && words2!.has(pair(text, s + 1))) v -= 0.5;
  }
  return v;
}

/**
 * Length of the surname at `s` (2 compound, 1 single, 0 none). `cued`: a cue word or title
 * announces a name, so every surname of the complete list counts.
 */
export function surnameAt(text: string, s: number, cued: boolean): number {
  if (!tier) load();
  const f = surname![text.charCodeAt(s) - BASE] ?? 0;
  if (!f || !isHan(text.charCodeAt(s + 1))) return f & SURNAME || (cued && f & CUED) ? 1 : 0;
  const two = pair(text, s);
  if ((f & COMPOUND_FIRST && compounds!.has(two)) || (cued && f & CUED_COMPOUND_FIRST && cuedCompounds!.has(two))) return 2;
  return f & SURNAME || (cued && f & CUED) ? 1 : 0;
}

/**
 * The best name starting with a surname at `s`: [end, score], or null. `left` is the score of
 * what precedes it (a cue word gives more than a sentence start); `cued` as in surnameAt.
 */
export function bestName(text: string, s: number, left: number, threshold = -9, cued = false): [number, number] | null {
  const sur = surnameAt(text, s, cued);
  if (!sur) return null;
  // Fast exit: most surname characters in running text are followed by a character no name has.
  if (charValue(text.charCodeAt(s + sur)) < -5) return null;
  let bestEnd = -1;
  let bestScore = 0;
  for (let len = 2; len >= 1; len--) {
    const e = s + sur + len;
    if (e > text.length) continue;
    const g = givenScore(text, s, sur, len, threshold - left - 1.25);
    if (g < -5) continue;
    const score = g + left + rightContext(text, e) + (len === 2 ? 0.25 : 0);
    if (bestEnd < 0 || score > bestScore) {
      bestEnd = e;
      bestScore = score;
    }
  }
  return bestEnd < 0 ? null : [bestEnd, bestScore];
}

/** A name without a cue at `s` (a surname character): [end, confidence] or null. */
export function matchFreeName(text: string, s: number, floor: number): [number, number] | null {
  if (!tier) load();
  // Without a cue a name never passes when the character after the surname is one no name starts
  // its given name with (的, 是, 上 …): the common case in running text, decided by one lookup.
  const c = text.charCodeAt(s + 1);
  if (!isHan(c)) return null;
  const t = tier![c - BASE]!;
  if ((t === 0 || t === STOP) && !(surname![text.charCodeAt(s) - BASE]! & COMPOUND_FIRST)) return null;
  const b = bestName(text, s, leftContext(text, s, floor), 2);
  if (!b || b[1] < 2) return null;
  // 和洪晨, 谢萧霞: a surname that is also a word before a name yields when the name after it reads better.
  const next = bestName(text, s + 1, leftContext(text, s + 1, floor), 2);
  if (next && (next[1] > b[1] || (next[1] >= 2 && LEFT.includes(text.charAt(s))))) return null;
  return [b[0], Math.min(0.8, 0.45 + b[1] / 10)];
}
