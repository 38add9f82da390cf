// What the Temporal server on PostgreSQL needs before it starts: its two databases with
// their schemas (created or upgraded by temporal-sql-tool of the same version, as
// deploy/temporal/setup-schema.sh does for docker compose) and a minimal config file.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDatabases } from './embedded-postgres.js';

export interface TemporalDatabases {
  /** History, task queues, namespaces. */
  history: string;
  visibility: string;
}

export interface TemporalPorts {
  frontend: number;
  frontendHttp: number;
  /** gRPC and membership port of each other service. */
  others: {
    history: [number, number];
    matching: [number, number];
    worker: [number, number];
    frontendMembership: number;
  };
}

interface Pg {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function pgParts(url: string): Pg {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

/**
 * Creates both databases if missing, then brings each schema to the tool's latest version.
 * Idempotent: on an up-to-date database every step changes nothing.
 */
export async function setupTemporalSchemas(
  sqlTool: string,
  adminUrl: string,
  dbs: TemporalDatabases,
  log: (line: string) => void,
): Promise<void> {
  await ensureDatabases(adminUrl, [dbs.history, dbs.visibility]);
  const pg = pgParts(adminUrl);
  const run = (args: string[]) => runTool(sqlTool, pg, args);
  for (const [database, schema] of [
    [dbs.history, 'temporal'],
    [dbs.visibility, 'visibility'],
  ] as const) {
    // -v 0.0 only creates the version tables (skipped when a version is recorded);
    // update-schema then applies every versioned step the database does not have yet.
    await run(['--db', database, 'setup-schema', '-v', '0.0']);
    await run(['--db', database, 'update-schema', '--schema-name', `postgresql/v12/${schema}`]);
    log(`Temporal ${schema} schema ready in database ${database}`);
  }
}

function runTool(sqlTool: string, pg: Pg, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // Connection details by environment, so the password never shows in a process list.
    const child = spawn(sqlTool, args, {
      env: {
        ...process.env,
        SQL_PLUGIN: 'postgres12',
        SQL_HOST: pg.host,
        SQL_PORT: String(pg.port),
        SQL_USER: pg.user,
        SQL_PASSWORD: pg.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `temporal-sql-tool ${args.join(' ')} exited with ${code}: ${output.trim().split('\n').slice(-3).join(' | ')}`,
            ),
          ),
    );
  });
}

export interface ConfigInput {
  dir: string;
  adminUrl: string;
  dbs: TemporalDatabases;
  ports: TemporalPorts;
  numHistoryShards: number;
  dynamicConfig: Record<string, unknown>;
}

/**
 * Writes `<dir>/config/development.yaml` (what `temporal-server --root <dir> start` loads)
 * and the dynamic config file it names. Single node: every service in one process, on
 * 127.0.0.1; postgres12 for both persistence and visibility.
 */
export function writeServerConfig(input: ConfigInput): void {
  const { dir, ports, dbs } = input;
  const pg = pgParts(input.adminUrl);
  const q = (value: string | number) => JSON.stringify(String(value)); // a JSON string is a valid YAML scalar
  const store = (database: string, maxConns: number) => `      sql:
        pluginName: "postgres12"
        databaseName: ${q(database)}
        connectAddr: ${q(`${pg.host}:${pg.port}`)}
        connectProtocol: "tcp"
        user: ${q(pg.user)}
        password: ${q(pg.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, membership: number, http?: number) => `    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnIP: "127.0.0.1"${http ? `\n      httpPort: ${http}` : ''}`;
  const frontend = `127.0.0.1:${ports.frontend}`;
  const yaml = `# Written by dev/temporal-pg-config.ts for one local run; not for production.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${input.numHistoryShards}
  datastores:
    postgres-default:
${store(dbs.history, 20)}
    postgres-visibility:
${store(dbs.visibility, 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
  frontend:
${service(ports.frontend, ports.others.frontendMembership, ports.frontendHttp)}
  history:
${service(...ports.others.history)}
  matching:
${service(...ports.others.matching)}
  worker:
${service(...ports.others.worker)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: ${q(frontend)}
      httpAddress: ${q(`127.0.0.1:${ports.frontendHttp}`)}
dcRedirectionPolicy:
  policy: "noop"
archival:
  history:
    state: "disabled"
  visibility:
    state: "disabled"
namespaceDefaults:
  archival:
    history:
      state: "disabled"
    visibility:
      state: "disabled"
publicClient:
  hostPort: ${q(frontend)}
dynamicConfigClient:
  filepath: ${q(join(dir, 'dynamicconfig.yaml'))}
  pollInterval: "10s"
`;
  mkdirSync(join(dir, 'config'), { recursive: true });
  writeFileSync(join(dir, 'config', 'development.yaml'), yaml, { mode: 0o600 });
  const dynamic = Object.entries(input.dynamicConfig)
    .map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n    constraints: {}\n`)
    .join('');
  writeFileSync(join(dir, 'dynamicconfig.yaml'), dynamic);
}
