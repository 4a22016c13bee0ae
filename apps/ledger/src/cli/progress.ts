import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

/**
 * A progress display for long jobs: a bar with rate and ETA on a terminal (cli-progress), and plain
 * lines at most every two seconds when stderr is not a terminal (CI logs, pipes). Always on stderr,
 * so stdout stays clean for the command's output.
 */
export function startProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  unit = 'events',
): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
        stream,
        hideCursor: true,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    const startedAt = Date.now();
    bar.start(Math.max(total, 1), 0, { rate: 0 });
    return {
      update(done, newTotal) {
        if (newTotal !== undefined) bar.setTotal(Math.max(newTotal, 1));
        bar.update(done, { rate: Math.round(done / Math.max((Date.now() - startedAt) / 1000, 0.001)) });
      },
      stop: () => bar.stop(),
    };
  }
  const startedAt = Date.now();
  let printedAt = 0;
  let last = 0;
  let size = total;
  const print = (done: number) => {
    const seconds = (Date.now() - startedAt) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const eta = rate > 0 && size > done ? `${Math.round((size - done) / rate)} s` : '0 s';
    stream.write(`${label}: ${done}/${size} ${unit}, ${rate} ${unit}/s, ETA ${eta}\n`);
  };
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) size = newTotal;
      last = done;
      if (Date.now() - printedAt >= 2000) {
        printedAt = Date.now();
        print(done);
      }
    },
    stop: () => print(last),
  };
}
