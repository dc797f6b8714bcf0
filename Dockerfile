# syntax=docker/dockerfile:1
# Build: compile TypeScript, then keep only production dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Run: the compiled service as an unprivileged user. The same image runs the API
# (node dist/main/api.js), a worker (node dist/main/worker.js) or both (the default).
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    COPRSIM_DATA_DIR=/app/.data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The dashboard's files are served as they are; tsc does not copy them into dist.
COPY --from=build --chown=node:node /app/src/infrastructure/http/ui ./dist/infrastructure/http/ui
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 8080 4443
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.COPRSIM_HTTP_PORT||8080)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main/start.js"]
