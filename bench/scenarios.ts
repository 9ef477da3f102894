// What the bench's servers (bench/servers.ts, one per process) can be, for the parent that starts them
// (bench/run.ts): kept apart from servers.ts, which starts a server when loaded.

export const SCENARIOS = [
  "raw-node",
  "raw-node-response",
  "yoga-hello",
  "yoga-hello-lean",
  "yoga-precomputed",
  "ours-precomputed",
  "compare-uncached",
  "compare-cached",
  "compare-cached-limited",
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** The flood scenario's limit per client: a legitimate client stays under it, a flood does not. */
export const BENCH_RATE_LIMIT = { perSecond: 500, burst: 500 };
