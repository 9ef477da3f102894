// A progress bar for long imports (cli-progress), redrawn in place on a terminal and silent anywhere else
// (a log, a pipe, CI), where one summary line says more than a thousand redraws.
import { SingleBar } from "cli-progress";

export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * An onProgress callback's bar on `stream`, or undefined when `stream` is not a terminal. `end()` leaves
 * the finished bar on its own line, so the summary starts on the next.
 */
export function progressBar(stream: ProgressStream, label: string) {
  if (!stream.isTTY) return undefined;
  const bar = new SingleBar({
    stream,
    format: `${label} [{bar}] {value}/{total} units {percentage}%`,
    barCompleteChar: "#",
    barIncompleteChar: "-",
    barsize: 30,
    // At most ten redraws a second, however many units an import writes.
    fps: 10,
    hideCursor: false,
    clearOnComplete: false,
  });
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    end() {
      if (started) bar.stop();
    },
  };
}
