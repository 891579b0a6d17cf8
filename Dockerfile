# syntax=docker/dockerfile:1
# The uac gateway image: `uac serve` on a bundle mounted at /bundle.
#   docker build -t uac:0.1.0 .
#   docker run -p 8080:8080 -v "$PWD/out:/bundle:ro" uac:0.1.0
# `uac generate docker-compose` and `uac generate kubernetes` write configs that run it.

ARG NODE_IMAGE=node:20-bookworm-slim

# Production dependencies only, installed from the lockfile (no install scripts run).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Compile the TypeScript sources to dist/ with the full toolchain.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY bundle ./bundle
COPY compiler ./compiler
COPY runtime ./runtime
COPY cli ./cli
COPY sample ./sample
RUN npm run build

# Runtime: compiled code, production dependencies and the files the package ships; no compiler toolchain, no root.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY schemas ./schemas
COPY compiler/generate/templates ./compiler/generate/templates
COPY compiler/diff/templates ./compiler/diff/templates
# The node images ship an unprivileged `node` user (uid 1000); the app files stay root-owned and read-only to it.
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["serve", "--bundle", "/bundle/bundle.json", "--host", "0.0.0.0", "--port", "8080"]
