// In a real pseudo-terminal (util-linux `script`), the progress bar renders with rows, rows/s and
// ETA on stderr; piped, the same command prints no bar.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, built, cli, tempDir, writeFile } from './_run';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('progress bar', () => {
  it.runIf(hasScript)('renders on a TTY with percentage, rows, rows/s and ETA', () => {
    expect(built()).toBe(true);
    const dir = tempDir();
    const rows = Array.from({ length: 60_000 }, (_, i) => `王${i},139${String(i).padStart(8, '0')}`);
    const input = writeFile(dir, 'big.csv', `name,phone\n${rows.join('\n')}\n`);
    const out = join(dir, 'out.csv');
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} mask ${JSON.stringify(input)} -c phone=phone -o ${JSON.stringify(out)}`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, COLUMNS: '120' } });
    expect(r.status, r.stderr).toBe(0);
    const screen = r.stdout.replace(/\r/g, '\n');
    expect(screen).toMatch(/mask [█░]+ 100% \| 60000 rows \| \d+ rows\/s \| ETA \d+s/);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(60_001);
  });

  it('stays silent when stderr is not a terminal', () => {
    const r = cli(['mask', '-c', 'phone=phone'], { input: 'phone\n13812345678\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
