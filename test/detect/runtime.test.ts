// custodia/detect needs no Node API and no WebAssembly: bundle it as a mini-program or a browser
// would, and run it in a bare JavaScript realm that has neither (nor TextEncoder, nor process).
import { buildSync } from 'esbuild';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

describe('every runtime', () => {
  it('S3.1: scans and redacts in a bare realm without Node, TextEncoder or WebAssembly', () => {
    const out = buildSync({
      entryPoints: [resolve(__dirname, '../../src/detect/index.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'detect',
      platform: 'neutral',
      target: 'es2018',
      mainFields: ['module', 'main'],
    });
    const code = out.outputFiles[0]!.text;
    expect(code).not.toMatch(/require\(["']node:|WebAssembly\.|process\.getBuiltinModule/);
    const sandbox: Record<string, unknown> = {};
    runInNewContext('delete globalThis.WebAssembly;' + code + ';result = [detect.scan(input), detect.redact(input)];', Object.assign(sandbox, { input: '电话13812345678，身份证11010519491231002X' }));
    const [findings, redacted] = sandbox.result as [Array<{ type: string }>, string];
    expect(findings.map((f) => f.type)).toEqual(['cn_mobile', 'cn_resident_id']);
    expect(redacted).toBe('电话138****5678，身份证110***********002X');
  });
});
