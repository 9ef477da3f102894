// Two real HTTP servers over one built server: `fast` goes through the Node-level paths in front of Yoga
// (src/http/fast-path/cached-get.ts, src/http/fast-path/compiled-query.ts), `yogaOnly` through Yoga alone. Tests send a request
// to both and compare the answers whole.
import { createServer, request, type IncomingHttpHeaders, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { createStatusAtlasServer } from "../../src/yoga.ts";

export type Answer = { status: number; headers: IncomingHttpHeaders; body: string };
/** Which way the fast server answered a request. */
export type Way = "cached" | "compiled" | "yoga";

export function listen(listener: RequestListener): Promise<Server> {
  const server = createServer(listener);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export function send(
  server: Server,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
  body?: string,
): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** What differs between any two answers of one server: the time, and a request id the client did not send. */
export function comparable({ status, headers, body }: Answer, keepRequestId: boolean): Answer {
  const { date: _date, connection: _connection, "keep-alive": _keepAlive, ...rest } = headers;
  if (!keepRequestId) delete rest["x-request-id"];
  return { status, headers: rest, body };
}

export async function httpPair(built: ReturnType<typeof createStatusAtlasServer>) {
  const ways: Way[] = [];
  const fast = await listen((req, res) => {
    if (built.cachedGet.answer(req, res)) return void ways.push("cached");
    if (built.compiledQuery.answer(req, res, built.yoga)) return void ways.push("compiled");
    ways.push("yoga");
    built.yoga(req, res);
  });
  const yogaOnly = await listen(built.yoga);
  return {
    fast,
    yogaOnly,
    /** The way the fast server answered its last request. */
    lastWay: () => ways.at(-1),
    /** Sends a request to both; returns the two answers and the way the fast server took. */
    async both(path: string, headers: Record<string, string> = {}, method = "GET", body?: string) {
      const viaFast = await send(fast, path, headers, method, body);
      const way = ways.at(-1);
      const viaYoga = await send(yogaOnly, path, headers, method, body);
      const keepId = "x-request-id" in headers;
      return { fast: comparable(viaFast, keepId), yoga: comparable(viaYoga, keepId), way };
    },
    close: () => Promise.all([fast, yogaOnly].map((server) => new Promise((resolve) => server.close(resolve)))),
  };
}
