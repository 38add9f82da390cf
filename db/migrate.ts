// The one migrate command: `npm start`, the tests, CI and docker-compose all run this.
// It connects as the database's owner: MIGRATION_DATABASE_URL, or DATABASE_URL when that is
// not set (one role for everything, as before). With both set, DATABASE_URL's role is the
// application's and is granted what it may do (db/app-role.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { exitOnConfigError, readDatabaseUrl, readMigrationDatabaseUrl } from '../config/index.js';
import { appRoleOf, grantAppRole } from './app-role.js';

export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const SQL_FOLDER = join(dirname(fileURLToPath(import.meta.url)), 'sql');

/** Migrates as the owner at `url`; `appRole`, when given, is granted the application's privileges. */
export async function runMigrations(url: string, opts: { appRole?: string } = {}): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Several processes may start at once (API, worker, tests): one migrates, the others wait.
    await client.query('SELECT pg_advisory_lock(7263311)');
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    // What Drizzle's schema cannot express (triggers): idempotent SQL applied after every migrate.
    for (const file of readdirSync(SQL_FOLDER)
      .filter((f) => f.endsWith('.sql'))
      .sort()) {
      await client.query(readFileSync(join(SQL_FOLDER, file), 'utf8'));
    }
    if (opts.appRole) await grantAppRole(client, opts.appRole);
  } finally {
    await client.query('SELECT pg_advisory_unlock(7263311)').catch(() => {});
    await client.end();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let url: string;
  let appRole: string | undefined;
  try {
    const databaseUrl = readDatabaseUrl();
    const migrationUrl = readMigrationDatabaseUrl();
    url = migrationUrl ?? databaseUrl;
    appRole = appRoleOf(databaseUrl, migrationUrl);
  } catch (error) {
    exitOnConfigError(error);
  }
  runMigrations(url, { appRole })
    .then(() => console.log('migrations applied'))
    .catch((error) => {
      console.error(`migration failed: ${error.message}`);
      process.exit(1);
    });
}
