import { _char, _opts, _str, _SURROGATE } from './_core.js';

// Compound surnames (复姓) of the Hundred Family Surnames (百家姓), simplified and traditional,
// plus the common minority-origin ones; a name starting with one keeps both characters.
const COMPOUND =
  '万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 公孙 仲孙 ' +
  '轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 仉督 子车 颛孙 端木 巫马 公西 漆雕 乐正 壤驷 公良 ' +
  '拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 归海 羊舌 微生 梁丘 左丘 东门 西门 南宫 第五 ' +
  '萬俟 司馬 歐陽 諸葛 聞人 東方 赫連 尉遲 濮陽 單于 軒轅 鍾離 長孫 鮮于 閭丘 顓孫 巫馬 樂正 壤駟 穀梁 東郭 ' +
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

// CJK ideographs: the unified blocks with extension A, compatibility, and extensions B–G.
const isHan = (c: string): boolean => {
  const u = c.codePointAt(0)!;
  return (u >= 0x3400 && u <= 0x9fff) || (u >= 0xf900 && u <= 0xfaff) || (u >= 0x20000 && u <= 0x3134f);
};
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
  _opts(opts);
  const v = _str(value, 'name').trim();
  const ch = _char(opts.char);
  // Code units are code points unless a surrogate appears (nearly never): index the string itself.
  const cs: ArrayLike<string> = _SURROGATE.test(v) ? Array.from(v) : v;
  const n = cs.length;
  if (n < 2) return n ? ch : '';
  let han = true;
  for (let i = 0; han && i < n; i++) han = isHan(cs[i]!);
  const keep = han && n >= 3 && compound().has(cs[0]! + cs[1]!) ? 2 : 1;
  // Transliterated or Latin names keep their separators, so the shape reads.
  let out = '';
  for (let i = 0; i < n; i++) out += i < keep || (!han && separator(cs[i]!)) ? cs[i]! : ch;
  return out;
}
