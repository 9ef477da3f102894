# Status Atlas on the embedded SQLite default. The database lives in /app/data (a volume in docker-compose.yml).
FROM node:20-bookworm-slim
# better-sqlite3 compiles when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY src/env.ts ./src/env.ts
RUN npm ci
COPY . .
ENV NODE_ENV=production PORT=4000 DATABASE_URL=file:/app/data/status-atlas.db
EXPOSE 4000
HEALTHCHECK CMD node -e "fetch('http://127.0.0.1:4000/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["npm", "start"]
