// `npm start -- --network`: a second Jeevan, for the state UK (the second shipped profile), beside the first (UP), so a person
// can watch a transfer go from one to the other and the answers come back (docs/network.md).
// The second instance has its own database on the embedded PostgreSQL, its own Temporal
// namespace on the one server, its own worker and API on the next port; each names the other
// as its peer, with a secret per direction kept in the data folder.
import { Connection } from '@temporalio/client';
import { appRoleOf } from '../db/app-role.js';
import { runMigrations } from '../db/migrate.js';
import { prepareNamespace } from '../dev/temporal-pg-server.js';
import { seedDirectoryAt } from '../lib/directory/seed.js';

export const NETWORK_DATABASE = 'jeevan_uk';
export const NETWORK_NAMESPACE = 'jeevan-uk';

export interface NetworkPlan {
  /** The first instance's settings, with UK as its peer. */
  up: Record<string, string>;
  /** The second instance's: UK, with UP as its peer. */
  uk: Record<string, string>;
  ukApiPort: number;
}

/** The two instances' settings, from the first one's. */
export function networkPlan(
  env: Record<string, string>,
  opts: {
    host: string;
    apiPort: number;
    ukDatabaseUrl: string;
    ukMigrationUrl?: string;
    secret: (name: string) => string;
  },
): NetworkPlan {
  const ukApiPort = opts.apiPort + 1;
  const upToUk = opts.secret('network.upToUk');
  const ukToUp = opts.secret('network.ukToUp');
  const peer = (state: string, port: number, presents: string, expects: string) =>
    JSON.stringify([{ state, url: `http://${opts.host}:${port}`, presents, expects }]);
  const up = { ...env, JEEVAN_STATE: 'UP', JEEVAN_PEERS: peer('UK', ukApiPort, upToUk, ukToUp) };
  const { INTAKE_SMTP_PORT: _smtp, MIGRATION_DATABASE_URL: _owner, ...rest } = env;
  const uk: Record<string, string> = {
    ...rest,
    JEEVAN_STATE: 'UK',
    JEEVAN_PEERS: peer('UP', opts.apiPort, ukToUp, upToUk),
    DATABASE_URL: opts.ukDatabaseUrl,
    ...(opts.ukMigrationUrl ? { MIGRATION_DATABASE_URL: opts.ukMigrationUrl } : {}),
    TEMPORAL_NAMESPACE: NETWORK_NAMESPACE,
    API_PORT: String(ukApiPort),
    PUBLIC_URL: `http://${opts.host}:${ukApiPort}`,
    IDENTITY_HASH_KEY: opts.secret('uk.identityHashKey'),
    AUDIT_CHAIN_KEY: opts.secret('uk.auditChainKey'),
    MAIL_FROM: 'Jeevan UK <jeevan-uk@smc.example.org>',
  };
  return { up, uk, ukApiPort };
}

/** The second instance's database (migrated, with the example directory) and namespace. */
export async function prepareNetwork(plan: NetworkPlan, say: (line: string) => void): Promise<void> {
  const { uk } = plan;
  say(`Applying database migrations to ${NETWORK_DATABASE} (the UK instance)`);
  await runMigrations(uk.MIGRATION_DATABASE_URL ?? uk.DATABASE_URL, {
    appRole: appRoleOf(uk.DATABASE_URL, uk.MIGRATION_DATABASE_URL),
  });
  await seedDirectoryAt(uk.DATABASE_URL, 'UK');
  say(`Preparing the Temporal namespace ${NETWORK_NAMESPACE}`);
  const connection = await Connection.connect({ address: uk.TEMPORAL_ADDRESS, connectTimeout: 10_000 });
  await prepareNamespace(connection, NETWORK_NAMESPACE).finally(() => connection.close());
}
