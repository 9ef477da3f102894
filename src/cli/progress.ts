// A progress bar for long imports, redrawn in place on a terminal and silent anywhere else (a log, a pipe, CI),
// where one summary line says more than a thousand carriage returns. Hand-written: the project has no
// progress-bar dependency (node_modules' `progress` comes only with autocannon, a dev dependency), and a bar
// is twenty lines.

/** `[#########-----------]  120/480 units  25%`: pure, so its look is tested without a terminal. */
export function renderProgressBar(done: number, total: number, width = 30): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total} units ${String(Math.floor(ratio * 100)).padStart(3)}%`;
}

export type ProgressStream = { isTTY?: boolean; write(text: string): unknown };

/**
 * An onProgress callback that redraws the bar on `stream` at most every `intervalMs` (and always at the end),
 * or undefined when `stream` is not a terminal. `end()` moves past the bar so the summary starts on its own line.
 */
export function progressBar(stream: ProgressStream, label: string, options: { intervalMs?: number; now?: () => number } = {}) {
  if (!stream.isTTY) return undefined;
  const { intervalMs = 100, now = Date.now } = options;
  let last = -Infinity;
  let drawn = false;
  return {
    update(done: number, total: number) {
      if (done < total && now() - last < intervalMs) return;
      last = now();
      drawn = true;
      stream.write(`\r${label} ${renderProgressBar(done, total)}`);
    },
    end() {
      if (drawn) stream.write("\n");
    },
  };
}
