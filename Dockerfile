# syntax=docker/dockerfile:1
# OptionsTrader image: `docker build -t optionstrader .` (see docs/operations.md).
# The server runs its TypeScript sources through tsx (as `npm start` does), so the runtime stage holds the
# sources, the production node_modules and the built web UI; no dev tooling, no tests, no git history.
# NODE_VERSION may be 20, 22 or 24 (package.json engines: >=20.19).
ARG NODE_VERSION=20

# 1. Every dependency (dev included), for the web build.
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
# Manifests first: this layer is rebuilt only when a dependency changes.
COPY package.json package-lock.json ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/domain/package.json packages/domain/
COPY packages/contracts/package.json packages/contracts/
COPY packages/application/package.json packages/application/
COPY packages/db/package.json packages/db/
COPY packages/broker-sim/package.json packages/broker-sim/
COPY packages/broker-ibkr/package.json packages/broker-ibkr/
COPY packages/testkit/package.json packages/testkit/
RUN npm ci --no-audit --no-fund

# 2. The web UI (apps/web/dist).
FROM deps AS build
COPY tsconfig.base.json ./
COPY packages ./packages
COPY apps ./apps
RUN npm run build

# 3. Production dependencies only, plus the sources the server runs.
FROM node:${NODE_VERSION}-bookworm-slim AS prod
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/domain/package.json packages/domain/
COPY packages/contracts/package.json packages/contracts/
COPY packages/application/package.json packages/application/
COPY packages/db/package.json packages/db/
COPY packages/broker-sim/package.json packages/broker-sim/
COPY packages/broker-ibkr/package.json packages/broker-ibkr/
COPY packages/testkit/package.json packages/testkit/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.base.json ./
COPY packages ./packages
COPY apps/server ./apps/server
COPY data ./data
COPY --from=build /app/apps/web/dist ./apps/web/dist

# 4. Runtime: what `prod` assembled, run as the unprivileged `node` user.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data
WORKDIR /app
# Owned by root and read-only to the app user: the process can write only its data directory (and /tmp).
COPY --from=prod /app /app
# /data belongs to `node` so a new named volume mounted there starts writable (Docker copies the ownership).
RUN mkdir -p /data && chown node:node /data \
    && ln -s /app/apps/server/bin/optionstrader.mjs /usr/local/bin/optionstrader
USER node
VOLUME ["/data"]
EXPOSE 8080
# No curl in the slim image: Node's fetch asks /healthz (the process is up; /readyz also checks the database).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `docker run IMAGE doctor`, `docker run IMAGE migrate`, ... run the other commands; the default is `serve`.
ENTRYPOINT ["node", "/app/apps/server/bin/optionstrader.mjs"]
CMD ["serve"]
