// Names without cue words: the model (test/detect/gen-names.mjs) in context.
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/detect/index.js';

const names = (t: string) => scan(t, { types: ['person_name'] }).map((f) => t.slice(f.start, f.end));

describe('person names', () => {
  it('S3.1: names after roles and verbs and at a sentence start are found, with no cue word', () => {
    expect(names('客服李娜已为您处理')).toEqual(['李娜']);
    expect(names('司机张伟打来电话')).toEqual(['张伟']);
    expect(names('谢谢王芳的耐心解答')).toEqual(['王芳']);
    expect(names('配送员刘建军说马上到')).toEqual(['刘建军']);
    expect(names('车主赵建国请挪车')).toEqual(['赵建国']);
    expect(names('周杰您好，您的快递到了')).toEqual(['周杰']);
    expect(names('和洪晨一起来的')).toEqual(['洪晨']);
  });

  it('S3.1: given names starting with 小 are names (收货人：陈小春, 我叫王小明)', () => {
    expect(names('收货人：陈小春')).toEqual(['陈小春']);
    expect(names('我叫王小明。')).toEqual(['王小明']);
    expect(names('请联系王小姐')).toEqual(['王']);
  });

  it('S3.1: a surname inside a common word is no name (陈列区, 马上到, 宋体, 王者荣耀, 高兴)', () => {
    for (const t of ['陈列区在二楼', '收货人：陈列区', '我马上到', '字体用宋体', '王者荣耀很好玩', '张家界旅游', '他很高兴', '明天见', '白色的衣服', '平安到达'])
      expect(names(t), t).toEqual([]);
  });

  it('S3.1: surnames of the 2020 national top 100 outside 百家姓 (付, 闫) are surnames', () => {
    expect(names('客服付强已处理')).toEqual(['付强']);
    expect(names('感谢闫静！')).toEqual(['闫静']);
  });

  it('S3.1: surnames of the complete list (chinese-surnames) are found in context: 麦 涂 岳 佟 付 闫 without a cue', () => {
    for (const sur of '麦涂岳佟付闫') {
      expect(names(`客服${sur}家辉已为您处理`), sur).toEqual([`${sur}家辉`]);
      expect(names(`谢谢${sur}静的耐心解答`), sur).toEqual([`${sur}静`]);
      expect(names(`收货人：${sur}晓明，电话13812345678`), sur).toEqual([`${sur}晓明`]);
      expect(names(`请联系${sur}先生`), sur).toEqual([sur]);
    }
  });

  it("S3.1: friso's surname lexicon (Debian friso-dict) adds 芦 without a cue and 佘 after one; 芦苇 and 芦花 stay words", () => {
    expect(names('客服芦家辉已为您处理')).toEqual(['芦家辉']);
    expect(names('谢谢芦静的耐心解答')).toEqual(['芦静']);
    expect(names('请联系芦先生')).toEqual(['芦']);
    expect(names('收货人：佘晓明，电话13812345678')).toEqual(['佘晓明']);
    for (const t of ['芦苇很高', '芦花开了', '院子里的芦荟长得好']) expect(names(t), t).toEqual([]);
  });

  it('S3.1: rare surnames of the list (有, 老, 是, 大 are surnames too) count only after a cue word', () => {
    expect(names('收货人：有晓明')).toEqual(['有晓明']);
    expect(names('联系人：邝美玲，谢谢')).toEqual(['邝美玲']);
    for (const t of ['有人在吗', '客服有点慢', '请联系老先生', '这位老先生', '是大小姐吗', '我是来取快递的']) expect(names(t), t).toEqual([]);
  });

  it('S3.1: after a cue word, a frequent word that begins with such a surname is no name (监护人同意, 持卡人本人); names still are', () => {
    // 同 and 本 are surnames of the complete list; 同意 and 本人 are jieba words of frequency >= 3000.
    for (const t of ['监护人同意', '监护人同意书', '需经监护人同意，', '代理人同意', '申请人同意并签字', '持卡人本人', '收货人：同意'])
      expect(names(t), t).toEqual([]);
    expect(names('监护人王小明同意')).toEqual(['王小明']);
    expect(names('联系人：同学明')).toEqual(['同学明']);
    expect(names('收货人：有晓明')).toEqual(['有晓明']);
  });
});
