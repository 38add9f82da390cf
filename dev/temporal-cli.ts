// Finds the Temporal CLI (which carries the dev server and its Web UI), building it
// with Go into a cache outside the repository when nothing else is available.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export type CliSource = { kind: 'path'; path: string; from: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go install' } | { kind: 'sdk-download' };

/** Where built binaries are kept between runs and between clones. */
export function cacheDir(env = process.env): string {
  const base = env.JEEVAN_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'jeevan');
  return join(base, 'temporal-cli', TEMPORAL_CLI_VERSION);
}

function onPath(name: string, env = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export async function resolveTemporalCli(log: (line: string) => void, env = process.env): Promise<CliSource> {
  if (env.TEMPORAL_CLI_PATH) {
    if (!existsSync(env.TEMPORAL_CLI_PATH)) {
      throw new Error(`Configuration error: TEMPORAL_CLI_PATH points at ${env.TEMPORAL_CLI_PATH}, which does not exist`);
    }
    return { kind: 'path', path: env.TEMPORAL_CLI_PATH, from: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = onPath('temporal', env);
  if (fromPath) return { kind: 'path', path: fromPath, from: 'PATH' };
  const cached = join(cacheDir(env), 'bin', 'temporal');
  if (existsSync(cached)) return { kind: 'path', path: cached, from: 'cache' };
  const go = onPath('go', env) ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (go) {
    await goInstall(go, cached, log);
    return { kind: 'path', path: cached, from: 'go install' };
  }
  log('No Temporal CLI found and Go is not installed: letting the Temporal SDK download it.');
  return { kind: 'sdk-download' };
}

/** `go install` into a scratch folder, then an atomic rename, so a killed build leaves no half binary. */
async function goInstall(go: string, target: string, log: (line: string) => void): Promise<void> {
  const partial = `${target}.partial-${process.pid}`;
  mkdirSync(partial, { recursive: true });
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (once; cached in ${cacheDir()}).`);
  log('This takes several minutes on a small machine. Progress follows, one line per package.');
  const started = Date.now();
  let packages = 0;
  const ticker = setInterval(() => log(`  …still building (${Math.round((Date.now() - started) / 1000)} s, ${packages} packages so far)`), 30_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', '-v', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
        env: { ...process.env, GOBIN: partial, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onLine = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          packages += 1;
          if (packages % 25 === 0 || line.startsWith('go:')) log(`  ${line}`);
        }
      };
      child.stdout.on('data', onLine);
      child.stderr.on('data', onLine);
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}`))));
    });
    mkdirSync(join(target, '..'), { recursive: true });
    renameSync(join(partial, 'temporal'), target);
    log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s.`);
  } finally {
    clearInterval(ticker);
    rmSync(partial, { recursive: true, force: true });
  }
}

export function cliVersion(path: string): string {
  const out = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return (out.stdout || out.stderr).trim();
}
