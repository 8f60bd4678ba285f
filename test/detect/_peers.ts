// Peer validators run as oracles: python-stdnum (Debian's python3-stdnum, one batched subprocess
// of the system python) and libphonenumber-js.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export const PYTHON = '/usr/bin/python3';
export const STDNUM = '/usr/lib/python3/dist-packages/stdnum/cn/ric.py';
export const stdnumPresent = (): boolean => existsSync(PYTHON) && existsSync(STDNUM);

const SCRIPT = `
import sys
from stdnum.cn import ric, uscc
from stdnum import luhn
mods = {'ric': ric, 'uscc': uscc, 'luhn': luhn}
out = []
for line in sys.stdin.read().split('\\n'):
    if not line:
        continue
    kind, num = line.split('\\t')
    out.append('1' if mods[kind].is_valid(num) else '0')
sys.stdout.write(''.join(out))
`;

/** python-stdnum's is_valid for every [module, number]: one subprocess for the whole batch. */
export function stdnumValid(items: ReadonlyArray<readonly ['ric' | 'uscc' | 'luhn', string]>): boolean[] {
  const r = spawnSync(PYTHON, ['-c', SCRIPT], { input: items.map(([k, n]) => `${k}\t${n}`).join('\n'), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python-stdnum oracle failed: ${r.stderr}`);
  if (r.stdout.length !== items.length) throw new Error('python-stdnum oracle answered a different number of items');
  return [...r.stdout].map((c) => c === '1');
}

/** libphonenumber-js (max metadata): the type of national number `national` (no trunk 0) when valid, else undefined. */
export function phoneType(national: string): string | undefined {
  // Written with +86 so that a national number starting 86 is not read as a country code.
  const p = parsePhoneNumberFromString(`+86${national}`);
  return p && p.isValid() ? p.getType() : undefined;
}
