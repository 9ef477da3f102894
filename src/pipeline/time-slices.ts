// An import's long steps (parse, validate, plan, apply) run in time slices: the server that runs an import job
// is the one answering reads, and a 101-locale import held its event loop for seconds (a 7 MB job froze
// /health for 3.65 s). Each step is a generator that yields after each file or unit; `drain` runs one to
// the end at once (the CLI, edits), `drainInSlices` gives the event loop back every SLICE_MS and stops,
// with the signal's reason, when the import is cut off (shutdown).

/** Long enough that yielding costs nothing measurable, short enough that a read waits at most this. */
export const SLICE_MS = 8;

/** Gives the event loop back once the current slice is used up; throws the signal's reason once aborted. */
export type Pause = () => Promise<void>;

/** A pause that never waits: for callers that run the steps at once. */
export const noPause: Pause = () => Promise.resolve();

/** A pause that yields to the event loop (setImmediate: after pending I/O, so requests are answered) every `sliceMs`. */
export function timeSlices(options: { signal?: AbortSignal; sliceMs?: number } = {}): Pause {
  const { signal, sliceMs = SLICE_MS } = options;
  let sliceStarted = performance.now();
  return async () => {
    signal?.throwIfAborted();
    if (performance.now() - sliceStarted < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    sliceStarted = performance.now();
  };
}

/** Runs a step to the end without yielding. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs a step, pausing at each of its yields. */
export async function drainInSlices<T>(steps: Generator<void, T>, pause: Pause): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await pause();
  }
}
