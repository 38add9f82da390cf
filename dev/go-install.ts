// Builds Go programs (Temporal's CLI, server, UI server) into Jeevan's cache outside the
// repository, with progress, and finds Go itself. One place for the build every resolver uses.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Jeevan's cache of built and downloaded tools (JEEVAN_CACHE_DIR, else ~/.cache/jeevan). */
export function jeevanCacheDir(env = process.env): string {
  return env.JEEVAN_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'jeevan');
}

export function onPath(name: string, env = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function findGo(env = process.env): string | undefined {
  return onPath('go', env) ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

export interface GoBuild {
  /** What is built, for the log lines ("the Temporal CLI v1.5.1"). */
  what: string;
  /** Module paths with versions, e.g. github.com/temporalio/cli/cmd/temporal@v1.5.1. */
  targets: string[];
  /** Binary name `go install` gives (the package folder's name) → the name it gets in `dir`. */
  rename: Record<string, string>;
  dir: string;
  /** A line about how long it takes, shown before the build starts. */
  expect: string;
  /** Log every Nth package line. */
  every?: number;
}

/** `go install` into a scratch folder, then atomic renames, so a killed build leaves no half binary. */
export async function goInstall(go: string, build: GoBuild, log: (line: string) => void): Promise<void> {
  const partial = `${build.dir}.partial-${process.pid}`;
  mkdirSync(partial, { recursive: true });
  log(`Building ${build.what} with Go (once; cached in ${build.dir}).`);
  log(build.expect);
  const started = Date.now();
  let packages = 0;
  const ticker = setInterval(
    () => log(`  …still building (${Math.round((Date.now() - started) / 1000)} s, ${packages} packages so far)`),
    30_000,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', '-v', ...build.targets], {
        env: { ...process.env, GOBIN: partial, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onLine = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          packages += 1;
          if (packages % (build.every ?? 25) === 0 || line.startsWith('go:')) log(`  ${line}`);
        }
      };
      child.stdout.on('data', onLine);
      child.stderr.on('data', onLine);
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}`))));
    });
    mkdirSync(build.dir, { recursive: true });
    for (const [from, to] of Object.entries(build.rename)) renameSync(join(partial, from), join(build.dir, to));
    log(`Built ${build.what} in ${Math.round((Date.now() - started) / 1000)} s.`);
  } finally {
    clearInterval(ticker);
    rmSync(partial, { recursive: true, force: true });
  }
}
