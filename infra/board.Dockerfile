# The board server's image, used by compose.yaml (one machine) and several/compose.yaml (several
# instances). The build context is the repository root.
FROM node:24-bookworm-slim
WORKDIR /opt/session-board
# pnpm from the npm registry (corepack's signature check fails against some registries).
RUN npm install -g pnpm@10.34.8
# Copy only what the build needs. In particular the host's data/ directory (the database
# and secret.key) and .toolchain/ must never end up in the image.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY apps ./apps
COPY packages ./packages
COPY bench ./bench
# Drop any node_modules copied from a developer's checkout, then install from the lock file.
RUN find . -name node_modules -prune -exec rm -rf {} + \
 && pnpm install --frozen-lockfile \
 && pnpm --filter @session-board/web build \
 && mkdir -p /data && chown node:node /data
USER node
# Node 24 runs the server's TypeScript directly; there is no separate compile step.
CMD ["node", "apps/server/src/index.ts"]
