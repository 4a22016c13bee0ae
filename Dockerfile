# syntax=docker/dockerfile:1
# The ledger service image: built from the lockfile, run as the unprivileged node user, data under /data.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary when one matches and compiles otherwise; the toolchain
# stays in this stage only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The malloc_trim addon is a local optional dependency that `npm ci` builds (docs/decisions.md).
COPY native ./native
RUN npm ci
# Everything the build may reach (bench/ imports test helpers, for one); .dockerignore keeps local
# state and outputs out, and this layer after `npm ci` keeps the dependency layer cached.
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    LEDGER_DATA_DIR=/data
WORKDIR /app
# package.json comes along because its "imports" map (#domain, #event-store, ...) resolves the
# libraries inside dist at run time.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/native ./native
COPY --from=build /app/dist ./dist
# A named volume mounted on /data starts with this directory's owner, so the node user can write it.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness only: readiness (/health) also reports projector lag, which is expected after a restart.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT ?? 3000) + '/health/live').then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/ledger/src/main.js"]
