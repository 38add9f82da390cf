// The database a command-line script works on: DATABASE_URL when set, otherwise the one
// `npm start` runs for itself (the embedded PostgreSQL on EMBEDDED_PG_PORT), so
// `npm run admin -- create-admin …` works next to a running `npm start` with no settings.
// Likewise the audit chain's key: AUDIT_CHAIN_KEY, or the one `npm start` keeps in its data folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, exitOnConfigError, readAuditChainKey, readDatabaseUrl, readDevConfig } from '../config/index.js';
import { embeddedDatabaseUrl } from '../dev/embedded-postgres.js';

export function scriptDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return env.DATABASE_URL ? readDatabaseUrl(env) : embeddedDatabaseUrl(readDevConfig(env).embeddedPgPort);
  } catch (error) {
    exitOnConfigError(error);
  }
}

export function scriptAuditChainKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  try {
    if (env.AUDIT_CHAIN_KEY || env.DATABASE_URL) return readAuditChainKey(env);
    const file = join(readDevConfig(env).dataDir, 'secrets.json');
    const local = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>).auditChainKey
      : undefined;
    if (!local)
      throw new ConfigError(
        'AUDIT_CHAIN_KEY',
        `is required (or run npm start once, which keeps a local one in ${file})`,
      );
    return readAuditChainKey({ AUDIT_CHAIN_KEY: local });
  } catch (error) {
    exitOnConfigError(error);
  }
}
