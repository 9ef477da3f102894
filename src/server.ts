// Listens: the server itself is built in yoga.ts.
import { createServer } from "node:http";
import { env } from "./env.ts";
import { yoga } from "./yoga.ts";

const server = createServer(yoga);
server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.log(`Status Atlas: GraphQL at http://localhost:${port}/graphql, health at http://localhost:${port}/health`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
