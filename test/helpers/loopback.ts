// A real HTTP server on 127.0.0.1 and a free port, for tests that need a socket (a browser, a webhook
// receiver): its origin, its port and a close that waits for it.
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type LoopbackServer = { server: Server; port: number; origin: string; close(): Promise<void> };

export async function listenOnLoopback(listener: RequestListener): Promise<LoopbackServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
