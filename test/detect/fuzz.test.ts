// The pass is linear: on adversarial input built to start every matcher (digit groups, dotted and
// colon runs, '@', plate and address and name triggers), the work per character stays bounded
// and does not grow with the input. Work is counted deterministically, not timed: every read
// the scanner makes goes through a String.prototype method, which the test counts.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redact, scan } from '../../src/detect/index.js';

const METHODS = ['charCodeAt', 'charAt', 'startsWith', 'slice', 'indexOf', 'includes', 'lastIndexOf'] as const;
const saved = new Map<string, unknown>();
let steps = 0;
beforeEach(() => {
  for (const m of METHODS) {
    const orig = String.prototype[m] as (...a: unknown[]) => unknown;
    saved.set(m, orig);
    (String.prototype as unknown as Record<string, unknown>)[m] = function (this: string, ...a: unknown[]) {
      steps++;
      return orig.apply(this, a);
    };
  }
});
afterEach(() => {
  for (const m of METHODS) (String.prototype as unknown as Record<string, unknown>)[m] = saved.get(m);
});

const FRAGMENTS = [
  '1', '12', '138', '0', '86', '+', '-', ' ', '.', ':', '::', '@', 'a', 'F', 'X', '(', ')', '（', '１',
  '路', '号', '栋', '北京市', '朝阳区', '广东', '收件人', '姓名', '先生', '女士', '张', '欧阳', '京A', '粤B', '使',
  '6222 ', '192.168.', 'fe80:', 'a.b@', '😀', '谢',
];

function workPerChar(pattern: string[], size: number): number {
  const unit = pattern.join('');
  const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  steps = 0;
  scan(text, { minConfidence: 0 });
  return steps / text.length;
}

describe('linear time on adversarial input', () => {
  it('work per character is bounded and does not grow with the input size', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 40 }), (pattern) => {
        const small = workPerChar(pattern, 4_000);
        const large = workPerChar(pattern, 32_000);
        // A quadratic matcher would do 8x more work per character on the 8x larger input.
        expect(large).toBeLessThan(small * 1.5 + 1);
        // Each matcher reads a bounded window (the longest: 60 characters for an address).
        expect(large).toBeLessThan(400);
      }),
      { numRuns: 60 },
    );
  });
  it('long single-class runs stay linear (digits, dots, colons, address suffixes, surnames)', () => {
    for (const unit of ['1', '1.', '1:', 'a@', '路', '北京市', '张', '1-', '1 ', '先生', '京A1', '号1', '路1']) {
      const small = workPerChar([unit], 4_000);
      const large = workPerChar([unit], 64_000);
      expect(large, unit).toBeLessThan(small * 1.5 + 1);
    }
  });
  it('redact removes exactly the spans scan reports, and keeps everything else in order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }), (pattern) => {
        const text = pattern.join('');
        const kept = scan(text)
          .reduceRight((t, f) => t.slice(0, f.start) + t.slice(f.end), text);
        return redact(text, { replace: 'remove' }) === kept;
      }),
      { numRuns: 300 },
    );
  });
});
