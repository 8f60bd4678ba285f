/**
 * A progress bar on stderr with rows, rows/s and ETA, only when stderr is a terminal (silent
 * when piped or with --quiet). ETA comes from bytes read against the file size; stdin has none.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  tick(rows: number, bytes: number): void;
  stop(rows: number, bytes: number): void;
}

const SILENT: Progress = { tick: () => {}, stop: () => {} };

export function createProgress(label: string, total: number | undefined, quiet: boolean): Progress {
  if (quiet || !process.stderr.isTTY) return SILENT;
  const start = performance.now();
  const known = total !== undefined && total > 0;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: known
        ? `${label} {bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}`
        : `${label} {rows} rows | {rate} rows/s`,
      hideCursor: true,
      clearOnComplete: false,
      fps: 10,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(known ? total : 1, 0, { rows: 0, rate: 0 });
  let last = 0;
  return {
    tick(rows, bytes) {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      draw(rows, bytes, now);
    },
    stop(rows, bytes) {
      draw(rows, bytes, performance.now());
      bar.stop();
    },
  };
  function draw(rows: number, bytes: number, now: number): void {
    const rate = Math.round(rows / Math.max((now - start) / 1000, 1e-3));
    bar.update(known ? Math.min(bytes, total) : 0, { rows, rate });
  }
}
