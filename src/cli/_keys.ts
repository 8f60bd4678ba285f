/**
 * `custodia keys generate|rotate|export|list`: a key-ring file whose secrets are wrapped under a
 * passphrase (argon2id + XChaCha20-Poly1305, custodia/tokenize exportKeyRing). The passphrase
 * comes from an environment variable or a file, never from the command line (ps would show it).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isCustodiaError } from '../errors/index.js';
import { exportKeyRing, importKeyRing, KeyRing } from '../tokenize/index.js';
import { CliError, EXIT } from './_errors.js';
import { stderr } from './_pipeline.js';

export interface PassOptions {
  passphraseEnv: string;
  passphraseFile?: string;
}

export function passphrase(o: PassOptions, which = 'passphrase'): string {
  let p: string | undefined;
  if (o.passphraseFile) {
    try {
      p = readFileSync(o.passphraseFile, 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new CliError(EXIT.keys, `cannot read the ${which} file ${o.passphraseFile}`);
    }
  } else p = process.env[o.passphraseEnv];
  if (!p) throw new CliError(EXIT.keys, `no ${which}: set ${o.passphraseEnv} or pass --passphrase-file`);
  if (p.length < 12) throw new CliError(EXIT.keys, `the ${which} must have at least 12 characters`);
  return p;
}

export async function loadRing(file: string, o: PassOptions): Promise<KeyRing> {
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(EXIT.keys, `cannot read key file ${file}`);
  }
  try {
    return await importKeyRing(json, { passphrase: passphrase(o) });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(EXIT.keys, `cannot open key file ${file}: ${isCustodiaError(e) ? e.code : 'unreadable'} (wrong passphrase or changed file)`);
  }
}

/** Writes via a temp file and rename, so a crash never leaves half a key file. */
function save(file: string, json: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, json, { mode: 0o600 });
  renameSync(tmp, file);
}

const passOpts = (c: Command): Command =>
  c
    .option('--passphrase-env <var>', 'environment variable holding the passphrase', 'CUSTODIA_PASSPHRASE')
    .option('--passphrase-file <file>', 'read the passphrase from this file instead');

function listKeys(ring: KeyRing): void {
  for (const k of ring.list()) process.stdout.write(`${k.id}\t${k.status}${k.primary ? '\tprimary' : ''}\t${new Date(k.createdAt).toISOString()}\n`);
}

export function keysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .summary('generate, rotate, list and export a passphrase-protected key ring')
    .addHelpText(
      'after',
      `
The passphrase is read from $CUSTODIA_PASSPHRASE (or --passphrase-env / --passphrase-file), never
from an argument. Key files hold wrapped secrets only (argon2id + XChaCha20-Poly1305, authenticated).

Examples:
  $ export CUSTODIA_PASSPHRASE='correct horse battery staple'
  $ custodia keys generate keys.json
  $ custodia keys rotate keys.json          # new primary; old key retired, still reveals old tokens
  $ custodia keys list keys.json
  $ NEW_PASS='…' custodia keys export keys.json backup.json --new-passphrase-env NEW_PASS`,
    );
  passOpts(keys.command('generate').description('create a key file with one fresh primary key').argument('<file>', 'key file to create'))
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', '\nExample:\n  $ CUSTODIA_PASSPHRASE=… custodia keys generate keys.json')
    .action(async (file: string, o: PassOptions & { force?: boolean }) => {
      if (existsSync(file) && !o.force) throw new CliError(EXIT.usage, `${file} exists (use --force to overwrite)`);
      const ring = KeyRing.generate();
      save(file, await exportKeyRing(ring, { passphrase: passphrase(o) }));
      stderr(`keys: created ${file} with primary key ${ring.primary().id}`);
    });
  passOpts(keys.command('rotate').description('add a new primary key; the old one is retired').argument('<file>', 'key file to rotate in place'))
    .addHelpText('after', '\nExample:\n  $ custodia keys rotate keys.json')
    .action(async (file: string, o: PassOptions) => {
      const ring = await loadRing(file, o);
      const before = ring.primary().id;
      const next = ring.rotate();
      save(file, await exportKeyRing(ring, { passphrase: passphrase(o) }));
      stderr(`keys: rotated ${file}: primary ${next.id}, retired ${before}`);
    });
  passOpts(keys.command('list').description('print id, status, primary flag and creation time of each key').argument('<file>', 'key file'))
    .addHelpText('after', '\nExample:\n  $ custodia keys list keys.json')
    .action(async (file: string, o: PassOptions) => listKeys(await loadRing(file, o)));
  passOpts(
    keys
      .command('export')
      .description('re-wrap the key ring under a new passphrase (a backup or a hand-over copy)')
      .argument('<file>', 'key file')
      .argument('<out>', 'new key file'),
  )
    .option('--new-passphrase-env <var>', 'environment variable with the passphrase of the copy')
    .option('--new-passphrase-file <file>', 'file with the passphrase of the copy')
    .addHelpText('after', '\nExample:\n  $ NEW_PASS=… custodia keys export keys.json backup.json --new-passphrase-env NEW_PASS')
    .action(async (file: string, out: string, o: PassOptions & { newPassphraseEnv?: string; newPassphraseFile?: string }) => {
      const ring = await loadRing(file, o);
      const np = o.newPassphraseEnv || o.newPassphraseFile ? passphrase({ passphraseEnv: o.newPassphraseEnv ?? '', ...(o.newPassphraseFile ? { passphraseFile: o.newPassphraseFile } : {}) }, 'new passphrase') : passphrase(o);
      if (existsSync(out)) throw new CliError(EXIT.usage, `${out} exists`);
      save(out, await exportKeyRing(ring, { passphrase: np }));
      stderr(`keys: exported ${ring.list().length} key(s) to ${out}`);
    });
}
