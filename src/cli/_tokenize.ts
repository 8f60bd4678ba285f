/**
 * `custodia tokenize`: pseudonyms, format-preserving tokens or sealed envelopes on chosen
 * columns, streamed. On multicore machines batches of rows go to worker threads (each with the
 * key ring re-wrapped under a one-time random key, so argon2 runs once) and come back in order;
 * at most two batches per worker are in flight, so memory stays constant.
 */
import { availableParallelism } from 'node:os';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { Option, type Command } from 'commander';
import { initWasm } from '../hash/index.js';
import { randomBytes } from '../runtime/index.js';
import { exportKeyRing, importKeyRing } from '../tokenize/index.js';
import { CliError, EXIT, RowErrors, onErrorOf, rowLine } from './_errors.js';
import { formatsOf } from './_formats.js';
import { openInput } from './_input.js';
import { openOutput } from './_output.js';
import { badLine, scalarText, type BadRecord, type InRecord, type OutRecord } from './_records.js';
import { loadRing, type PassOptions } from './_keys.js';
import { requireColumns, stderr, type IoOptions } from './_pipeline.js';
import { createProgress } from './_progress.js';
import { ioOptions, readOptionsOf } from './_shared.js';
import { columnTokenizer, parseColumns, type ColumnResult, type TokenizeColumns, type TokenizeSpec } from './_tokenizeRows.js';

const BATCH = 2048;

interface WorkerInit {
  custodiaTokenize: true;
  ring: string;
  kek: Uint8Array;
  spec: TokenizeSpec;
}

/** Worker side: tokenizes each batch it is sent. */
export async function tokenizeWorker(): Promise<void> {
  const init = workerData as WorkerInit;
  // Batch HMAC runs on the WASM core once loaded; without it node:crypto gives the same bytes.
  await initWasm().catch(() => undefined);
  const ring = await importKeyRing(init.ring, { kek: init.kek });
  const tokenize = columnTokenizer(ring, init.spec);
  parentPort!.on('message', (m: { id: number; columns: TokenizeColumns; n: number }) => {
    parentPort!.postMessage({ id: m.id, out: tokenize(m.columns, m.n) });
  });
}

export function isTokenizeWorker(): boolean {
  return (workerData as Partial<WorkerInit> | null)?.custodiaTokenize === true;
}

interface Pool {
  run(columns: TokenizeColumns, n: number): Promise<ColumnResult>;
  close(): Promise<void>;
}

async function pool(n: number, self: string, ringJson: string, kek: Uint8Array, spec: TokenizeSpec): Promise<Pool> {
  const workers = Array.from({ length: n }, () => new Worker(self, { workerData: { custodiaTokenize: true, ring: ringJson, kek, spec } satisfies WorkerInit }));
  const waiting = new Map<number, { res: (r: ColumnResult) => void; rej: (e: unknown) => void }>();
  for (const w of workers) {
    w.on('message', (m: { id: number; out: ColumnResult }) => {
      waiting.get(m.id)?.res(m.out);
      waiting.delete(m.id);
    });
    w.on('error', (e) => {
      for (const p of waiting.values()) p.rej(e);
      waiting.clear();
    });
  }
  let next = 0;
  return {
    run(columns, rows) {
      const id = next++;
      return new Promise((res, rej) => {
        waiting.set(id, { res, rej });
        workers[id % n]!.postMessage({ id, columns, n: rows });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

interface TokenizeCli extends IoOptions, PassOptions {
  keys: string;
  column: string[];
  normalize?: string[];
  purpose: string;
  hash: 'sha256' | 'sm3';
  workers: string;
}

export function tokenizeCommand(program: Command, self: () => string): void {
  ioOptions(
    program
      .command('tokenize')
      .summary('pseudonymize, format-preserving-tokenize or seal columns with a key file')
      .argument('[input]', 'CSV or NDJSON file (default: stdin)')
      .requiredOption('--keys <file>', 'key file from custodia keys generate')
      .requiredOption('-c, --column <col=mode...>', 'column and how: pseudonym | fpe:<cn_mobile|cn_resident_id|bank_card|digits|email> | seal[:<xchacha20poly1305|aes-256-gcm-siv|sm4-gcm>]')
      .option('--normalize <col=kind...>', 'normalize before tokenizing: mobile, email, id_number, name, digits')
      .option('--purpose <label>', 'purpose label mixed into every key: two purposes never share tokens', 'default')
      .addOption(new Option('--hash <alg>', 'pseudonym HMAC').choices(['sha256', 'sm3']).default('sha256'))
      .option('--workers <n>', 'worker threads (0 = none; auto = cores - 1, at most 8, and none below 4 cores)', 'auto')
      .option('--passphrase-env <var>', 'environment variable holding the key file passphrase', 'CUSTODIA_PASSPHRASE')
      .option('--passphrase-file <file>', 'read the passphrase from this file instead'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ custodia tokenize customers.csv --keys keys.json -c phone=pseudonym --normalize phone=mobile -o out.csv
  $ custodia tokenize orders.ndjson --keys keys.json -c mobile=fpe:cn_mobile -c id=fpe:cn_resident_id > out.ndjson
  $ custodia tokenize big.csv --keys keys.json -c address=seal:sm4-gcm --hash sm3 --workers 4 --on-error skip -o sealed.csv`,
    )
    .action(async (input: string | undefined, o: TokenizeCli) => {
      const spec: TokenizeSpec = { columns: parseColumns(o.column, o.normalize), purpose: o.purpose, hash: o.hash };
      const cores = availableParallelism();
      // Measured (bench/cli.bench.mjs): one worker loses to none (structured cloning costs more than
      // the HMAC it offloads), so auto starts workers only with at least 4 cores.
      const n = o.workers === 'auto' ? (cores >= 4 ? Math.min(cores - 1, 8) : 0) : Number(o.workers);
      if (!Number.isInteger(n) || n < 0 || n > 64) throw new CliError(EXIT.usage, '--workers expected auto or an integer 0..64');
      const ring = await loadRing(o.keys, o);
      await initWasm().catch(() => undefined); // batch HMAC on the WASM core; node:crypto if it cannot load
      const { inFormat, inDelimiter, outFormat, outDelimiter } = formatsOf(input, o);
      const src = openInput(input, inFormat, inDelimiter, readOptionsOf(o));
      const out = openOutput(o.output, outFormat, () => src.columns(), outDelimiter, o.keepPartial === true);
      const errors = new RowErrors(onErrorOf(o.onError), stderr);
      const bar = createProgress('tokenize', src.progress().total, o.quiet === true);
      const targets = [...new Set(spec.columns.map((c) => c.column))];
      let workers: Pool | undefined;
      let rows = 0;
      try {
        const kek = randomBytes(32);
        workers = n > 0 ? await pool(n, self(), await exportKeyRing(ring, { kek }), kek, spec) : undefined;
        const local = workers ? undefined : columnTokenizer(ring, spec);
        // Only the columns to tokenize cross to the tokenizer (numbers and booleans as their text,
        // nested JSON as null: a bad field); the rest of each record stays here, written back as it was.
        // Only the columns to tokenize cross to the tokenizer, by column (CSV cells by header index;
        // NDJSON numbers and booleans as their text, nested JSON as null: a bad field); the rest of
        // each record stays here, written back as it was.
        let at: number[] | undefined;
        const sameDelimiter = inDelimiter === outDelimiter;
        const index = () => (at ??= targets.map((c) => src.columns().indexOf(c)));
        // A batch keeps every row read, bad input rows included, so that bad rows of both kinds
        // (unreadable, or failing to tokenize) are reported in input order when the batch is
        // written, and --on-error fail stops at the first of them.
        const inflight: { rows: (InRecord | BadRecord)[]; result: Promise<ColumnResult> }[] = [];
        const flush = async () => {
          const b = inflight.shift()!;
          const { tokens, failures } = await b.result;
          const cols = targets.map((c) => tokens[c]!);
          let j = 0;
          for (const rec of b.rows) {
            if ('bad' in rec) {
              errors.report(badLine(rec));
              continue;
            }
            const f = failures[j];
            const i = j++;
            if (f) {
              errors.report(rowLine(rec.row, f.field, f.code === undefined ? f.message : `${f.code}: ${f.message}`));
              continue;
            }
            let w: Promise<void> | undefined;
            if (rec.cells && out.writeCells) {
              const ix = index();
              for (let k = 0; k < cols.length; k++) {
                const token = cols[k]![i];
                if (token !== undefined) rec.cells[ix[k]!] = token;
              }
              // A plain record's untouched cells need no quoting: only the tokens are checked.
              w = out.writeCells(rec.cells, rec.plain && sameDelimiter ? ix : undefined);
            } else {
              const fields = rec.fields as Record<string, OutRecord[string]>;
              for (let k = 0; k < cols.length; k++) {
                const token = cols[k]![i];
                if (token !== undefined) fields[targets[k]!] = token;
              }
              w = out.write(fields);
            }
            if (w) await w;
          }
        };
        let batch: (InRecord | BadRecord)[] = [];
        const send = () => {
          const columns: Record<string, (string | null | undefined)[]> = {};
          const lists = targets.map((c) => (columns[c] = [] as (string | null | undefined)[]));
          let n = 0;
          for (const r of batch) {
            if ('bad' in r) continue;
            n++;
            if (r.cells) {
              const ix = index();
              for (let k = 0; k < lists.length; k++) lists[k]!.push(r.cells[ix[k]!]);
            } else for (let k = 0; k < lists.length; k++) lists[k]!.push(scalarText(r.fields[targets[k]!]));
          }
          inflight.push({ rows: batch, result: n === 0 ? Promise.resolve({ tokens: {}, failures: [] }) : workers ? workers.run(columns, n) : Promise.resolve(local!(columns, n)) });
          batch = [];
        };
        let checked = false;
        for await (const block of src.batches) {
          for (const r of block) {
            rows++;
            if (!checked && !('bad' in r)) {
              requireColumns(src.columns(), targets);
              checked = true;
            }
            batch.push(r);
            if (batch.length === BATCH) {
              send();
              while (inflight.length > Math.max(2 * n, 1)) await flush();
            }
          }
          bar.tick(rows, src.progress().bytes);
        }
        if (!checked) requireColumns(src.columns(), targets);
        if (batch.length) send();
        while (inflight.length) await flush();
        await out.end();
      } catch (e) {
        out.abort();
        throw e;
      } finally {
        bar.stop(rows, src.progress().bytes);
        await workers?.close();
      }
      const s = errors.summary();
      if (s) stderr(s);
    });
}
