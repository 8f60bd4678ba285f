// Regenerates src/detect/_names.generated.ts, the person-name model, from maintained data
// (devDependencies), with sources and versions in the header. None of it comes from
// @faker-js/faker, which only the evaluation corpus (test/detect/eval-corpus.ts) draws from.
//  - surnames: pinyin-pro's surname dictionary (百家姓, single and compound) united with the 100
//    most frequent surnames of the Ministry of Public Security's 2020 national name report
//    (《二〇二〇年全国姓名报告》, 公安部户政管理研究中心, 2021-02), typed below, and with the list of the
//    chinese-surnames package (中国姓氏列表: 百家姓 and its continuation, 1,062 surnames), and with the
//    surname lexicon of the friso segmenter (Debian's friso-dict, Apache-2.0: lex-lname.lex, 500 single
//    and 9 compound surnames of present-day use in order of frequency, with the ones that are common
//    words — 向, 和, 但 — commented out; it brings 芦, 佘, 代, 练 …). Every one
//    counts after a cue word or before a title (收件人：麦家辉, 佟先生). Without a cue, a surname of
//    that list only starts a name when jieba's person names (tag nr) show it as a surname: at least
//    10 names begin with it and they are at least 1% of its weight in jieba's words (麦 岳 涂 佟 pass;
//    之 是 大 有, surnames in the list too, do not);
//  - given-name characters: how often a character is a given-name character in the person names
//    (tag nr) of jieba's dictionary (@node-rs/jieba dict.txt), against how often it occurs in
//    all of jieba's words (weighted by frequency): a log likelihood ratio in five tiers;
//  - common words: jieba words (2-3 characters, frequency >= 600) that begin with a surname
//    character and are not person names (马上, 高兴 ...), and frequent two-character nr entries whose
//    second character is weak in names (陈列, 宋体), so a surname inside a word is no name; and jieba
//    words of frequency >= 3000 that begin with a surname counted only after a cue (同意, 本人), so
//    监护人同意 is no name. Words are grouped by their first characters to keep the bundle small.
// Run: node test/detect/gen-names.mjs   (test/detect/tables.test.ts checks the file is current)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Surnames from 'pinyin-pro/dist/esm/data/surname.mjs';

const require = createRequire(import.meta.url);
const ChineseSurnames = require('chinese-surnames');
const version = (p) => JSON.parse(readFileSync(require.resolve(`${p}/package.json`), 'utf8')).version;
const NATIONAL_TOP_100 =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文';

/** Where Debian's friso-dict installs its surname lexicon (`.ci/run` installs the package). */
export const FRISO_SURNAMES = '/usr/share/friso/dict/UTF-8/lex-lname.lex';

/** friso's surnames (lines starting with # are headings or withdrawn entries) and the package version. */
function frisoSurnames() {
  if (!existsSync(FRISO_SURNAMES)) throw new Error(`gen-names: ${FRISO_SURNAMES} is missing: apt-get install friso-dict`);
  const version = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'friso-dict'], { encoding: 'utf8' }).trim();
  const words = readFileSync(FRISO_SURNAMES, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && /^[\u4e00-\u9fff]{1,2}$/.test(l));
  return { words: [...new Set(words)], version };
}

const CUED_WORD_MIN = 3000;

export function namesSource() {
  const keys = Object.keys(Surnames);
  const dict = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8')
    .split('\n')
    .map((l) => l.split(' '))
    .filter((x) => x.length === 3)
    .map(([w, f, tag]) => [w, Number(f), tag]);
  // How often jieba's person names begin with a character, against its weight in all of jieba's words.
  const namesFrom = new Map();
  const weightFrom = new Map();
  for (const [w, f, tag] of dict) {
    weightFrom.set(w[0], (weightFrom.get(w[0]) ?? 0) + f);
    if (tag === 'nr' && [...w].length >= 2 && [...w].length <= 3) namesFrom.set(w[0], (namesFrom.get(w[0]) ?? 0) + 1);
  }
  const seenAsSurname = (c) => (namesFrom.get(c) ?? 0) >= 10 && (namesFrom.get(c) ?? 0) / (weightFrom.get(c) ?? 1) >= 0.01;
  const base = new Set([...keys.filter((k) => k.length === 1), ...NATIONAL_TOP_100]);
  const friso = frisoSurnames();
  const lists = [...ChineseSurnames, ...friso.words];
  const listed = [...new Set(lists.filter((k) => k.length === 1 && /^[\u4e00-\u9fff]$/.test(k)))];
  const single = [...base, ...listed.filter((c) => !base.has(c) && seenAsSurname(c))].join('');
  const cuedSingle = [...new Set(listed.filter((c) => !single.includes(c)))].join('');
  const compound = keys.filter((k) => k.length === 2);
  const cuedCompound = [...new Set(lists.filter((k) => k.length === 2 && !compound.includes(k)))];
  const isSurname = (c) => single.includes(c);
  const inName = new Map();
  const inText = new Map();
  let nName = 0;
  let nText = 0;
  const add = (m, c, k) => m.set(c, (m.get(c) ?? 0) + k);
  for (const [w, f, tag] of dict) {
    for (const c of w) {
      add(inText, c, f);
      nText += f;
    }
    if (tag !== 'nr') continue;
    const cs = [...w];
    const sur = compound.includes(cs.slice(0, 2).join('')) && cs.length >= 3 ? 2 : isSurname(cs[0]) ? 1 : 0;
    // Famous two-character "names" with a high count are mostly words jieba tags nr (陈列 665).
    if (!sur || cs.length - sur < 1 || cs.length - sur > 2 || (cs.length === 2 && f > 100)) continue;
    for (const c of cs.slice(sur)) {
      add(inName, c, 1);
      nName++;
    }
  }
  // Tier 0: frequent in text, (almost) never in a given name (的, 是, 上); 1-5: rising ratio. Characters
  // in no tier are unknown to the data (rare characters: 熠, 彤) and score neutral.
  const tiers = ['', '', '', '', '', ''];
  const popular = new Set([...inName].sort((a, b) => b[1] - a[1]).slice(0, 400).map(([c]) => c));
  for (const [c, t] of inText) {
    if (!/^[\u4e00-\u9fff]$/.test(c)) continue;
    const k = inName.get(c) ?? 0;
    const llr = Math.log((k + 0.5) / nName) - Math.log((t + 1) / nText);
    if (k < 2) {
      if (llr < -1.5) tiers[0] += c;
      continue;
    }
    let tier = llr >= 3 ? 5 : llr >= 2 ? 4 : llr >= 1 ? 3 : llr >= 0 ? 2 : llr >= -1.5 ? 1 : 0;
    // The most used given-name characters (国, 建, 华) are common in all text too; their use in names decides.
    if (popular.has(c)) tier = Math.max(tier, 3);
    tiers[tier] += c;
  }
  // A frequent two-character "name" whose second character is weak in names is a word jieba tags nr
  // (陈列 665, 宋体 170); one with a strong given-name character is a famous person (李娜 438).
  const tierOf = (c) => tiers.findIndex((t) => t.includes(c));
  const wordLikeName = (w, f) => [...w].length === 2 && f >= 150 && tierOf(w[1]) <= 2;
  // Words that begin with a surname of the complete list only (同意, 本人) matter after a cue word,
  // where such a surname counts: the frequent ones whose other characters a name could have (a
  // tier-0 character already rejects the reading).
  const isCuedSurname = (c) => cuedSingle.includes(c);
  const couldBeGiven = (w) => [...w].slice(1).every((c) => tierOf(c) !== 0);
  const words = dict
    .filter(([w, f, tag]) => [...w].length >= 2 && [...w].length <= 3 && (isSurname(w[0]) ? (tag === 'nr' ? wordLikeName(w, f) : f >= 600) : isCuedSurname(w[0]) && tag !== 'nr' && f >= CUED_WORD_MIN && couldBeGiven(w)))
    .map(([w]) => w)
    .filter((w) => /^[\u4e00-\u9fff]+$/.test(w));
  // Grouped by their first characters, so each of those is written once.
  const grouped = (list, head) => {
    const by = new Map();
    for (const w of list) by.set(w.slice(0, head), (by.get(w.slice(0, head)) ?? '') + w.slice(head));
    return [...by].map(([h, tails]) => h + tails).join(',');
  };
  return `// Generated by test/detect/gen-names.mjs. Do not edit.
// Sources: pinyin-pro@${version('pinyin-pro')} (surname dictionary); 公安部户政管理研究中心《二〇二〇年全国姓名报告》
// top 100 surnames; chinese-surnames@${version('chinese-surnames')} (中国姓氏列表);
// friso-dict@${friso.version} (Debian; friso's lex-lname.lex, surnames by frequency);
// @node-rs/jieba@${version('@node-rs/jieba')} dict.txt (person names tagged nr, word frequencies).
/** Single-character surnames that start a name anywhere, one per character. */
export const SINGLE_SURNAMES = '${single}';
/** Two-character (compound) surnames that start a name anywhere, concatenated in pairs. */
export const COMPOUND_SURNAMES = '${compound.join('')}';
/** Single-character surnames that start a name only after a cue word or before a title. */
export const CUED_SURNAMES = '${cuedSingle}';
/** Compound surnames that start a name only after a cue word or before a title, in pairs. */
export const CUED_COMPOUNDS = '${cuedCompound.join('')}';
/** Characters by tier: 0 never in given names, 1 (rare in names) .. 5 (almost only in names), comma separated. */
export const GIVEN_TIERS = '${tiers.join(',')}';
/** Common two-character words that begin with a surname character: each group is a first character and the second characters of its words. */
export const SURNAME_WORDS2 = '${grouped(words.filter((w) => w.length === 2), 1)}';
/** Common three-character words that begin with a surname character: each group is two first characters and the third characters of their words. */
export const SURNAME_WORDS3 = '${grouped(words.filter((w) => w.length === 3), 2)}';
`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const text = namesSource();
  writeFileSync(new URL('../../src/detect/_names.generated.ts', import.meta.url), text);
  console.log(`src/detect/_names.generated.ts: ${text.length} chars`);
}
