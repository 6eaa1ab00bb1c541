# syntax=docker/dockerfile:1
# veo-bot image, built on the install path CI proves (scripts/pack-packages.sh, then
# scripts/install-packages.sh into an empty folder): the image runs the published packages,
# not the workspace. Node 20 is what CI runs; NODE_VERSION=22 or 24 is a build argument away
# but has not been tested.
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages ./packages
COPY scripts ./scripts
# npm ci builds too (the root "prepare" script runs tsc -b).
RUN npm ci --no-audit --no-fund && bash scripts/pack-packages.sh /packages

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# tini as PID 1 forwards SIGTERM to node and reaps children.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
COPY --from=build /packages /tmp/packages
COPY scripts/install-packages.sh /tmp/install-packages.sh
# The image always uses DATABASE_URL, so the optional embedded PostgreSQL is left out.
RUN bash /tmp/install-packages.sh /tmp/packages /app --without-embedded-postgres \
  && rm -rf /tmp/packages /tmp/install-packages.sh /root/.npm
WORKDIR /app
ENV NODE_ENV=production HTTP_PORT=9464 HTTP_HOST=0.0.0.0 VEO_BOT_STATE_DIR=/tmp/veo-bot
USER node
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 9464) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: graceful stop; the bot ends it itself after SHUTDOWN_TIMEOUT_SECONDS (default 30).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/node_modules/@veo-bot/cli/dist/main.js"]
CMD ["start"]
