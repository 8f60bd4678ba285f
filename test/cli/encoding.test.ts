// GBK and GB18030 exports (issue 16 item 7), through the real binary, with bytes made by glibc's
// iconv (an encoder this project did not write): --encoding reads them exactly as their UTF-8
// originals, and without it the input is refused by row instead of garbled with exit 0.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { built, cli, keyFileFixture, PASS, tempDir } from './_run';

const hasIconv = spawnSync('iconv', ['--version']).status === 0;

/** `text` encoded by iconv (UTF-8 -> `to`). */
function iconv(text: string, to: string): Buffer {
  const r = spawnSync('iconv', ['-f', 'UTF-8', '-t', to], { input: Buffer.from(text, 'utf8') });
  if (r.status !== 0) throw new Error(`iconv -t ${to} failed: ${r.stderr.toString()}`);
  return r.stdout;
}

// 457 distinct two- and three-character names from common surnames and given-name characters.
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红';
const NAMES = Array.from({ length: 457 }, (_, i) => SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]! + (i >= 400 ? GIVEN[i % GIVEN.length]! : ''));

let dir = '';
let keys = '';
beforeAll(() => {
  expect(built(), 'run npm run build first (dist/cli/index.js)').toBe(true);
  expect(new Set(NAMES).size).toBe(457);
  ({ dir, keys } = keyFileFixture());
});

// Three ASCII rows first: the first non-ASCII byte is in row 4.
const csv = (names: readonly string[]) => `id,name,phone\n1,Alice,13800000001\n2,Bob,13800000002\n3,Carol,13800000003\n${names.map((n, i) => `${i + 4},${n},139${String(i).padStart(8, '0')}`).join('\n')}\n`;
const column = (out: string, c: number) => out.trim().split('\n').slice(1).map((l) => l.split(',')[c]!);

describe.skipIf(!hasIconv)('S5.1: GBK and GB18030 input', () => {
  it('457 distinct GBK names give 457 distinct pseudonyms, the ones their UTF-8 originals give', () => {
    const utf8 = join(dir, 'names.csv');
    writeFileSync(utf8, csv(NAMES));
    const gbk = join(dir, 'names.gbk.csv');
    writeFileSync(gbk, iconv(csv(NAMES), 'GBK'));
    expect(readFileSync(gbk).equals(readFileSync(utf8))).toBe(false);
    const ref = cli(['tokenize', utf8, '--keys', keys, '-c', 'name=pseudonym', '--workers', '0'], { env: PASS });
    expect(ref.code, ref.stderr).toBe(0);
    const r = cli(['tokenize', gbk, '--encoding', 'gbk', '--keys', keys, '-c', 'name=pseudonym', '--workers', '0'], { env: PASS });
    expect(r.code, r.stderr).toBe(0);
    const tokens = column(r.stdout, 1).slice(3);
    expect(new Set(tokens).size).toBe(457);
    expect(r.stdout).toBe(ref.stdout);
  });

  it('GB18030, four-byte characters included (𠮷, outside GBK), masks as the UTF-8 original does; output is UTF-8', () => {
    const names = [...NAMES.slice(0, 20), '吉𠮷祥', '𠮷'];
    const f = join(dir, 'names.gb18030.csv');
    writeFileSync(f, iconv(csv(names), 'GB18030'));
    const r = cli(['mask', f, '--encoding', 'gb18030', '-c', 'name=name']);
    expect(r.code, r.stderr).toBe(0);
    const ref = cli(['mask', '-c', 'name=name'], { input: csv(names) });
    expect(r.stdout).toBe(ref.stdout);
    expect(r.stdout).not.toContain('\uFFFD');
    expect(r.stdout).toContain('吉**');
  });

  it('without --encoding a GBK file is refused, naming the row and suggesting --encoding gb18030; no output file', () => {
    const d = tempDir();
    const f = join(d, 'in.csv');
    writeFileSync(f, iconv(csv(NAMES), 'GBK'));
    for (const args of [
      ['mask', f, '-c', 'name=name'],
      ['tokenize', f, '--keys', keys, '-c', 'name=pseudonym', '--workers', '0'],
      ['scan', f, '-c', 'name', '--redact'],
    ]) {
      const r = cli([...args, '-o', join(d, 'out.csv')], { env: PASS });
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr.trim()).toBe('custodia: row 4: INVALID_UTF8: the input is not valid UTF-8; if it is a GBK/GB18030 export, pass --encoding gb18030');
    }
    // NDJSON and text name the line's row the same way.
    const nd = join(d, 'in.ndjson');
    writeFileSync(nd, Buffer.concat([Buffer.from('{"name":"a"}\n{"name":"b"}\n'), iconv('{"name":"王伟"}\n', 'GBK')]));
    expect(cli(['mask', nd, '-c', 'name=name']).stderr).toMatch(/^custodia: row 3: INVALID_UTF8: /);
    expect(readdirSync(d).sort()).toEqual(['in.csv', 'in.ndjson']);
  });

  it('--encoding gbk on bytes that are not GBK is refused by row too; an unknown encoding is a usage error', () => {
    const bad = Buffer.concat([Buffer.from('name\nok\n'), Buffer.from([0x81, 0x0a])]);
    const r = cli(['mask', '-c', 'name=name', '--encoding', 'gbk'], { input: bad as unknown as string });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('custodia: row 2: INVALID_ENCODING: the input is not valid gbk');
    expect(cli(['mask', '-c', 'name=name', '--encoding', 'latin1'], { input: 'name\nx\n' }).code).toBe(2);
  });
});
