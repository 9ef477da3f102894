// A small HTTP load generator that can choose its local address (autocannon cannot), so two clients on one
// machine are two addresses to the server: 127.0.0.2 and 127.0.0.3 are loopback like 127.0.0.1 on Linux.
// As a script (`tsx bench/load.ts <json options>`) it floods until killed, reporting counts over IPC.
import { Agent, request } from "node:http";

export type LoadOptions = {
  url: string;
  localAddress: string;
  connections: number;
  /** Requests per second over all connections; unset: as fast as answers come (a flood). */
  perSecond?: number;
  headers?: Record<string, string>;
};

export type LoadCounts = { ok: number; limited: number; other: number };

/** Sends requests until `signal` aborts, each connection waiting for its answer before the next. */
export async function runLoad(
  options: LoadOptions,
  signal: AbortSignal,
  counts: LoadCounts = { ok: 0, limited: 0, other: 0 },
): Promise<LoadCounts> {
  const url = new URL(options.url);
  // Loopback only: this never sends a request anywhere else.
  if (!/^127\./.test(url.hostname)) throw new Error(`bench load goes to loopback only, not ${url.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, localAddress: options.localAddress });
  const once = () =>
    new Promise<void>((resolve) => {
      const req = request(url, { agent, method: "GET", headers: options.headers }, (res) => {
        if (res.statusCode === 200) counts.ok++;
        else if (res.statusCode === 429) counts.limited++;
        else counts.other++;
        res.resume().on("end", resolve);
      });
      req.on("error", () => (counts.other++, resolve()));
      req.end();
    });
  // Paced: connection i sends at start + (i + k · connections) / perSecond, so the total rate is perSecond.
  const start = performance.now();
  const worker = async (index: number) => {
    for (let k = 0; !signal.aborted; k++) {
      if (options.perSecond) {
        const due = start + ((index + k * options.connections) / options.perSecond) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (signal.aborted) break;
      }
      await once();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
  agent.destroy();
  return counts;
}

if (process.argv[1] === import.meta.filename && process.send) {
  const options = JSON.parse(process.argv[2]!) as LoadOptions;
  const counts: LoadCounts = { ok: 0, limited: 0, other: 0 };
  const controller = new AbortController();
  process.on("message", () => {
    controller.abort();
  });
  void runLoad(options, controller.signal, counts).then(() => {
    process.send!(counts);
    process.disconnect();
  });
  process.send({ started: true });
}
