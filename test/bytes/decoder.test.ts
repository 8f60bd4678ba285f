// createTextDecoder against bytes made by glibc's iconv (an encoder this project did not write):
// chunk boundaries anywhere give the text iconv encoded; malformed bytes are refused with a code,
// never replaced by U+FFFD and never quoted in the message.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createTextDecoder, TEXT_ENCODINGS } from '../../src/bytes/index.js';
import { isCustodiaError } from '../../src/errors/index.js';

const hasIconv = spawnSync('iconv', ['--version']).status === 0;
const iconv = (text: string, to: string) => new Uint8Array(spawnSync('iconv', ['-f', 'UTF-8', '-t', to], { input: Buffer.from(text, 'utf8') }).stdout);
const TEXT = '姓名,手机\n王伟,13812345678\n欧阳娜娜,13900001111\n吉𠮷祥,€ and ASCII\n';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(isCustodiaError(e)).toBe(true);
    expect((e as Error).message).not.toMatch(/[\u0080-\uffff]/);
    return (e as { code: string }).code;
  }
  return undefined;
}

describe.skipIf(!hasIconv)('createTextDecoder', () => {
  for (const [enc, iconvName, text] of [
    ['gbk', 'GBK', TEXT.replace('𠮷', '')],
    ['gb18030', 'GB18030', TEXT],
    ['utf-8', 'UTF-8', TEXT],
  ] as const)
    it(`S5.1: ${enc} bytes from iconv decode to the original, split into two chunks at every offset`, () => {
      const bytes = iconv(text, iconvName);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const d = createTextDecoder(enc);
        expect(d.decode(bytes.subarray(0, cut), { stream: true }) + d.decode(bytes.subarray(cut))).toBe(text);
      }
    });

  it('refuses malformed bytes: INVALID_ENCODING for gbk/gb18030, INVALID_UTF8 for utf-8 (GBK bytes read as UTF-8)', () => {
    expect(codeOf(() => createTextDecoder('gbk').decode(new Uint8Array([0x41, 0x81, 0x0a])))).toBe('INVALID_ENCODING');
    expect(codeOf(() => createTextDecoder('gb18030').decode(new Uint8Array([0xff])))).toBe('INVALID_ENCODING');
    expect(codeOf(() => createTextDecoder().decode(iconv('王伟', 'GBK')))).toBe('INVALID_UTF8');
    // A stream that ends inside a character fails on the final call.
    const d = createTextDecoder('gb18030');
    expect(d.decode(iconv('王', 'GB18030').subarray(0, 1), { stream: true })).toBe('');
    expect(codeOf(() => d.decode())).toBe('INVALID_ENCODING');
  });

  it('lists the accepted encodings for an unknown one; keeps a byte order mark as U+FEFF', () => {
    expect(TEXT_ENCODINGS).toEqual(['utf-8', 'gbk', 'gb18030']);
    let message = '';
    try {
      createTextDecoder('latin1' as never);
    } catch (e) {
      expect((e as { code: string }).code).toBe('INVALID_ARGUMENT');
      message = (e as Error).message;
    }
    expect(message).toContain('utf-8, gbk, gb18030');
    expect(message).not.toContain('latin1');
    expect(createTextDecoder('utf-8').decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('\uFEFFa');
  });
});
