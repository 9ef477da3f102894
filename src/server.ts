// Listens: the server itself is built in yoga.ts.
import { createServer } from "node:http";
import { env } from "./env.ts";
import { yoga } from "./yoga.ts";

// A whole request (at most 100 kB, see src/http/body-limit.ts) has 30 s to arrive, not Node's default
// 300 s: a client trickling bytes, or streaming past the limit while we discard, is cut off sooner.
const server = createServer({ requestTimeout: 30_000 }, yoga);
server.on("error", (error: NodeJS.ErrnoException) => {
  const reason = error.code === "EADDRINUSE" ? `port ${env.PORT} is already in use; set PORT to another port` : error.message;
  console.error(`Status Atlas cannot listen: ${reason}`);
  process.exit(1);
});
server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.log(`Status Atlas: GraphQL at http://localhost:${port}/graphql, health at http://localhost:${port}/health`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
