# syntax=docker/dockerfile:1
# NODE_IMAGE names the Node.js base of both stages: an LTS line in support, on Debian bookworm.
# Another image with `node` and `npm` on the PATH and a user `node` can stand in for it
# (`--build-arg NODE_IMAGE=…`), e.g. one made locally where no image registry is reachable.
ARG NODE_IMAGE=node:24-bookworm-slim

# Build: compile TypeScript, then keep only production dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Behind a proxy that re-signs TLS, hand npm its CA bundle as the secret `npm_ca`
# (`--secret id=npm_ca,src=/path/to/bundle.pem`): it is mounted for this step only and
# never stored in a layer.
RUN --mount=type=secret,id=npm_ca \
    if [ -s /run/secrets/npm_ca ]; then export npm_config_cafile=/run/secrets/npm_ca; fi; \
    npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Run: the compiled service as an unprivileged user. The same image runs the API
# (node dist/main/api.js), a worker (node dist/main/worker.js), both (the default), or the
# command-line client (coprsim …).
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    COPRSIM_DATA_DIR=/app/.data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The dashboard's files are served as they are; tsc does not copy them into dist.
COPY --from=build --chown=node:node /app/src/infrastructure/http/ui ./dist/infrastructure/http/ui
RUN mkdir -p /app/.data && chown node:node /app/.data \
 && chmod +x dist/main/cli.js && ln -s /app/dist/main/cli.js /usr/local/bin/coprsim
USER node
EXPOSE 8080 4443
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.COPRSIM_HTTP_PORT||8080)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main/start.js"]
