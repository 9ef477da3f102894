# Status Atlas. Alone it runs on the embedded SQLite default, its database in /app/data; docker-compose.yml
# runs it on PostgreSQL with two replicas. Node is PID 1, so SIGTERM reaches the server's graceful shutdown.

# Build: compiles better-sqlite3 when no prebuilt binary matches, generates both Prisma clients and bundles
# src/ into dist/ (npm ci's postinstall), then drops the dev dependencies and the TypeScript toolchain. The
# prune keeps tsx (a dependency: a checkout runs its sources through it after an edit, bin/status-atlas.js),
# its esbuild, and TypeScript (an optional peer of Prisma's); the image's dist/ is built from its own src/,
# so none of them can run here, and they go.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf node_modules/tsx node_modules/esbuild node_modules/@esbuild node_modules/typescript \
    node_modules/.bin/tsx node_modules/.bin/esbuild node_modules/.bin/tsc node_modules/.bin/tsserver

# Run: the same files without the compilers, as the base image's unprivileged `node` user. The code stays
# root's, so a compromised server cannot rewrite it; only /app/data, where the SQLite default lives, is
# node's (a named volume mounted there takes that ownership). test/deploy/dockerfile.test.ts runs the CMD
# as an unprivileged user on a read-only tree.
FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
ENV NODE_ENV=production PORT=4000 DATABASE_URL=file:/app/data/status-atlas.db
EXPOSE 4000
HEALTHCHECK CMD ["node", "-e", "fetch('http://127.0.0.1:4000/ready').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
# migrate, import seeds/, serve. Replicas run `start --no-import` (see docker-compose.yml).
CMD ["node", "bin/status-atlas.js", "start"]
