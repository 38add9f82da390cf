# One image for the three Jeevan programs; docker-compose.yml picks the program per
# service: db/migrate.ts (one-shot), worker/main.ts, api/server.ts. TypeScript runs
# through tsx (a runtime dependency), exactly as in development; only the console is built.
FROM node:24-slim

WORKDIR /app
ENV NODE_ENV=production

# Dependencies first, so a source change does not reinstall them. The Temporal SDK's
# native core ships prebuilt for glibc, which the Debian-based slim image has.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .
# The operator console the API serves at /console/ (esbuild and Preact are runtime dependencies).
RUN node --import tsx scripts/build-console.ts

# Read-only code, run as the unprivileged user the node image provides.
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/server.ts"]
