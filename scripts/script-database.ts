// The database a command-line script works on: DATABASE_URL when set, otherwise the one
// `npm start` runs for itself (the embedded PostgreSQL on EMBEDDED_PG_PORT), so
// `npm run admin -- create-admin …` works next to a running `npm start` with no settings.
import { exitOnConfigError, readDatabaseUrl, readDevConfig } from '../config/index.js';
import { embeddedDatabaseUrl } from '../dev/embedded-postgres.js';

export function scriptDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return env.DATABASE_URL ? readDatabaseUrl(env) : embeddedDatabaseUrl(readDevConfig(env).embeddedPgPort);
  } catch (error) {
    exitOnConfigError(error);
  }
}
