// The application's database role: the API and the worker connect as it, migrations as the
// owner. It may read and change Jeevan's tables, but on audit_log only INSERT and SELECT:
// it cannot change, delete or truncate a row, nor disable the append-only trigger (only the
// owner may ALTER the table), so a compromised API or worker cannot rewrite the chain.
// Applied after every migrate, as the owner (idempotent).
import type pg from 'pg';

export async function grantAppRole(client: pg.Client, role: string): Promise<void> {
  const r = client.escapeIdentifier(role);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
  await client.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${r}`);
  await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
}

/** The role to grant to: DATABASE_URL's user when migrations run as another (MIGRATION_DATABASE_URL). */
export function appRoleOf(databaseUrl: string | undefined, migrationUrl: string | undefined): string | undefined {
  if (!databaseUrl || !migrationUrl) return undefined;
  const app = decodeURIComponent(new URL(databaseUrl).username);
  return app && app !== decodeURIComponent(new URL(migrationUrl).username) ? app : undefined;
}
