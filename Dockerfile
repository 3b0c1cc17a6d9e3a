# Kassa: the API server, the built web app and the kassa CLI in one image.
# Not built or run on the machine it was written on (no Docker engine there); test before use.

# 1. Dependencies, including the build tools of the web app and the server bundle (vite, esbuild).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/domain/package.json packages/domain/
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
RUN npm ci --no-audit --no-fund

# 2. The web app (static files the server serves at /pos) and the server bundle
#    (apps/server/dist/main.js: the server and the @kassa/* packages, npm packages left external).
FROM deps AS build
COPY . .
RUN npm run build

# 3. Runtime: production dependencies of the server only, the server bundle run by plain node,
#    the packages' sources (migrations and seed data are read from packages/db; the kassa CLI runs
#    the sources through tsx), and the PostgreSQL client tools for `kassa backup`
#    (15, the major version of compose.yaml's server).
FROM node:20-bookworm-slim AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client-15 \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    KASSA_DATA_DIR=/var/lib/kassa/data \
    KASSA_BACKUP_DIR=/var/lib/kassa/backups
COPY package.json package-lock.json ./
COPY packages/domain/package.json packages/domain/
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
RUN npm ci --omit=dev --no-audit --no-fund \
      -w @kassa/server -w @kassa/db -w @kassa/domain -w @kassa/contracts \
  && npm cache clean --force
COPY packages ./packages
COPY apps/server ./apps/server
COPY --from=build /app/apps/server/dist ./apps/server/dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
RUN mkdir -p /var/lib/kassa/data /var/lib/kassa/backups && chown -R node:node /var/lib/kassa
USER node
VOLUME ["/var/lib/kassa"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node itself is PID 1 and handles SIGTERM: in-flight requests finish, the database closes, exit 0.
# The bundle instead of `--import tsx`: no loader worker or compiler in memory (idle RSS ~150 MB vs ~240 MB).
CMD ["node", "apps/server/dist/main.js"]
