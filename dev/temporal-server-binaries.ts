// Finds Temporal's server and its SQL schema tool (the production server, which keeps
// history in PostgreSQL), building both with Go into a cache outside the repository
// when nothing else is available. Same version as the dev server in the Temporal CLI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The server version the Temporal CLI v1.5.1 dev server carries, and docker-compose.yml runs. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';
/** Package to build → the name the binary gets in the cache (the names Temporal's images use). */
const PACKAGES = { server: { pkg: `${MODULE}/cmd/server`, bin: 'temporal-server' }, sqlTool: { pkg: `${MODULE}/cmd/tools/sql`, bin: 'temporal-sql-tool' } };

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  /** Where they came from, for the log line. */
  from: 'env' | 'PATH' | 'cache' | 'go install';
}

/** Where built binaries are kept between runs and between clones (next to the CLI's cache). */
export function serverCacheDir(env = process.env): string {
  const base = env.JEEVAN_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'jeevan');
  return join(base, 'temporal-server', TEMPORAL_SERVER_VERSION);
}

function onPath(name: string, env = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
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
export async function resolveTemporalServer(log: (line: string) => void, env = process.env): Promise<TemporalServerBinaries> {
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
  if (server && sqlTool) return { server: server.path, sqlTool: sqlTool.path, from: server.from === sqlTool.from ? server.from : 'env' };

  const go = onPath('go', env) ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) {
    throw new Error(
      `No Temporal server ${TEMPORAL_SERVER_VERSION} found and Go is not installed: set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH ` +
        '(the binaries of the temporalio/server and temporalio/admin-tools images), or install Go to build them once.',
    );
  }
  await goInstall(go, dir, log);
  return { server: server?.path ?? join(dir, PACKAGES.server.bin), sqlTool: sqlTool?.path ?? join(dir, PACKAGES.sqlTool.bin), from: 'go install' };
}

/** One `go install` of both packages into a scratch folder, then atomic renames, so a killed build leaves no half binary. */
async function goInstall(go: string, dir: string, log: (line: string) => void): Promise<void> {
  const partial = `${dir}.partial-${process.pid}`;
  mkdirSync(partial, { recursive: true });
  log(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} and temporal-sql-tool with Go (once; cached in ${dir}).`);
  log('This takes about 3 minutes on 2 cores with an empty Go build cache (more if Go must download modules). Progress follows.');
  const started = Date.now();
  let packages = 0;
  const ticker = setInterval(() => log(`  …still building (${Math.round((Date.now() - started) / 1000)} s, ${packages} packages so far)`), 30_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const targets = Object.values(PACKAGES).map((p) => `${p.pkg}@${TEMPORAL_SERVER_VERSION}`);
      const child = spawn(go, ['install', '-v', ...targets], {
        env: { ...process.env, GOBIN: partial, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onLine = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          packages += 1;
          if (packages % 50 === 0 || line.startsWith('go:')) log(`  ${line}`);
        }
      };
      child.stdout.on('data', onLine);
      child.stderr.on('data', onLine);
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}`))));
    });
    mkdirSync(dir, { recursive: true });
    // `go install` names binaries after their package folders: server, sql.
    renameSync(join(partial, 'server'), join(dir, PACKAGES.server.bin));
    renameSync(join(partial, 'sql'), join(dir, PACKAGES.sqlTool.bin));
    log(`Temporal server built in ${Math.round((Date.now() - started) / 1000)} s.`);
  } finally {
    clearInterval(ticker);
    rmSync(partial, { recursive: true, force: true });
  }
}

export function serverVersion(path: string): string {
  const out = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return (out.stdout || out.stderr).trim();
}
