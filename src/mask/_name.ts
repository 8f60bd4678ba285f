import { _char, _str } from './_core.js';
import { needObject } from '../errors/_args.js';

// Compound surnames (复姓) of the Hundred Family Surnames (百家姓), simplified and traditional,
// plus the common minority-origin ones; a name starting with one keeps both characters.
const COMPOUND =
  '万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 公孙 仲孙 ' +
  '轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 仉督 子车 颛孙 端木 巫马 公西 漆雕 乐正 壤驷 公良 ' +
  '拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 归海 羊舌 微生 梁丘 左丘 东门 西门 南宫 第五 ' +
  '萬俟 司馬 歐陽 諸葛 聞人 東方 赫連 尉遲 濮陽 單于 申屠 軒轅 鍾離 長孫 鮮于 閭丘 顓孫 巫馬 樂正 壤駟 穀梁 東郭 ' +
  '南門 歸海 東門 西門 南宮';

let compoundSet: Set<string> | undefined;
function compound(): Set<string> {
  // Built on first use: the package has no top-level work.
  return (compoundSet ??= new Set(COMPOUND.split(' ')));
}

/**
 * Options of {@link name}.
 * @example
 * ```ts
 * const opts: NameMaskOptions = { char: '某' };
 * name('张三', opts) // '张某'
 * ```
 */
export interface NameMaskOptions {
  /** Mask character (default `'*'`). */
  char?: string;
}

const HAN = /^[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]$/u;
// No `u` flag (BMP-only; WeChat's ES5 compile would spell \s out as a 70-character class).
const SEPARATORS = /^[·•・.\s-]$/;
// ASCII letters and digits (most of a Latin name) are never separators: no regex run for them.
const separator = (c: string): boolean => {
  const u = c.charCodeAt(0) | 32;
  return !((u >= 97 && u <= 122) || (u >= 48 && u <= 57)) && SEPARATORS.test(c);
};

/**
 * Masks a personal name for display: a Chinese name keeps its surname (both characters of a
 * compound surname: `欧阳娜娜` → `欧阳**`) and masks every character of the given name; a
 * two-character name keeps one (`张三` → `张*`); a name of non-Han words (`John Smith`,
 * `阿依古丽·买买提`) keeps the first character of the first word only, separators stay.
 * Code-point aware: a surname outside the BMP stays one character.
 *
 * @example
 * ```ts
 * name('张三')     // '张*'
 * name('欧阳娜娜') // '欧阳**'
 * name('王小明')   // '王**'
 * ```
 */
export function name(value: string, opts: NameMaskOptions = {}): string {
  needObject(opts, 'opts');
  const v = _str(value, 'name').trim();
  const ch = _char(opts.char);
  const fast = bmpName(v, ch);
  if (fast !== undefined) return fast;
  const cps = Array.from(v);
  if (cps.length === 0) return '';
  if (cps.length === 1) return ch;
  const allHan = cps.every((c) => HAN.test(c));
  if (allHan) {
    const keep = cps.length >= 3 && compound().has(cps[0]! + cps[1]!) ? 2 : 1;
    return cps.slice(0, keep).join('') + ch.repeat(cps.length - keep);
  }
  // Transliterated or Latin names: keep the first character, keep separators so the shape reads.
  let out = cps[0]!;
  for (let i = 1; i < cps.length; i++) out += separator(cps[i]!) ? cps[i]! : ch;
  return out;
}

/**
 * {@link name} for a name without characters outside the BMP (nearly all): code units are code
 * points there, so the same rule runs without an array and a regex per character. Undefined: a
 * surrogate, left to the code-point path.
 */
function bmpName(v: string, ch: string): string | undefined {
  let han = true;
  for (let i = 0; i < v.length; i++) {
    const u = v.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdfff) return undefined;
    if (!((u >= 0x3400 && u <= 0x9fff) || (u >= 0xf900 && u <= 0xfaff))) han = false;
  }
  if (v.length < 2) return v.length === 0 ? '' : ch;
  if (han) {
    const keep = v.length >= 3 && compound().has(v.slice(0, 2)) ? 2 : 1;
    return v.slice(0, keep) + ch.repeat(v.length - keep);
  }
  let out = v[0]!;
  for (let i = 1; i < v.length; i++) out += separator(v[i]!) ? v[i]! : ch;
  return out;
}
