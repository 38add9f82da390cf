// Finds Temporal's server and its SQL schema tool (the production server, which keeps
// history in PostgreSQL), building both with Go into a cache outside the repository
// when nothing else is available. Same version as the dev server in the Temporal CLI.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findGo, goInstall, jeevanCacheDir, onPath } from './go-install.js';

/** The server version the Temporal CLI v1.5.1 dev server carries, and docker-compose.yml runs. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';
/** Package to build → the name the binary gets in the cache (the names Temporal's images use). */
const PACKAGES = {
  server: { pkg: `${MODULE}/cmd/server`, bin: 'temporal-server' },
  sqlTool: { pkg: `${MODULE}/cmd/tools/sql`, bin: 'temporal-sql-tool' },
};

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  /** Where they came from, for the log line. */
  from: 'env' | 'PATH' | 'cache' | 'go install';
}

/** Where built binaries are kept between runs and between clones (next to the CLI's cache). */
export function serverCacheDir(env = process.env): string {
  return join(jeevanCacheDir(env), 'temporal-server', TEMPORAL_SERVER_VERSION);
}

function fromEnv(name: 'TEMPORAL_SERVER_PATH' | 'TEMPORAL_SQL_TOOL_PATH', env = process.env): string | undefined {
  const value = env[name];
  if (!value) return undefined;
  if (!existsSync(value)) throw new Error(`Configuration error: ${name} points at ${value}, which does not exist`);
  return value;
}

/**
 * In order: TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH; both on PATH; the cache; a
 * `go install` of both into the cache. Each binary may come from a different place.
 */
export async function resolveTemporalServer(
  log: (line: string) => void,
  env = process.env,
): Promise<TemporalServerBinaries> {
  const dir = join(serverCacheDir(env), 'bin');
  const pick = (key: keyof typeof PACKAGES, envName: 'TEMPORAL_SERVER_PATH' | 'TEMPORAL_SQL_TOOL_PATH') => {
    const explicit = fromEnv(envName, env);
    if (explicit) return { path: explicit, from: 'env' as const };
    const path = onPath(PACKAGES[key].bin, env);
    if (path) return { path, from: 'PATH' as const };
    const cached = join(dir, PACKAGES[key].bin);
    return existsSync(cached) ? { path: cached, from: 'cache' as const } : undefined;
  };
  const server = pick('server', 'TEMPORAL_SERVER_PATH');
  const sqlTool = pick('sqlTool', 'TEMPORAL_SQL_TOOL_PATH');
  if (server && sqlTool)
    return { server: server.path, sqlTool: sqlTool.path, from: server.from === sqlTool.from ? server.from : 'env' };

  const go = findGo(env);
  if (!go) {
    throw new Error(
      `No Temporal server ${TEMPORAL_SERVER_VERSION} found and Go is not installed: set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH ` +
        '(the binaries of the temporalio/server and temporalio/admin-tools images), or install Go to build them once.',
    );
  }
  await goInstall(
    go,
    {
      what: `the Temporal server ${TEMPORAL_SERVER_VERSION} and temporal-sql-tool`,
      targets: Object.values(PACKAGES).map((p) => `${p.pkg}@${TEMPORAL_SERVER_VERSION}`),
      // `go install` names binaries after their package folders: server, sql.
      rename: { server: PACKAGES.server.bin, sql: PACKAGES.sqlTool.bin },
      dir,
      expect:
        'This takes about 3 minutes on 2 cores with an empty Go build cache (more if Go must download modules). Progress follows.',
      every: 50,
    },
    log,
  );
  return {
    server: server?.path ?? join(dir, PACKAGES.server.bin),
    sqlTool: sqlTool?.path ?? join(dir, PACKAGES.sqlTool.bin),
    from: 'go install',
  };
}

export function serverVersion(path: string): string {
  const out = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return (out.stdout || out.stderr).trim();
}
