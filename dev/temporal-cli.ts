// Finds the Temporal CLI (which carries the dev server and its Web UI), building it
// with Go into a cache outside the repository when nothing else is available.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findGo, goInstall, jeevanCacheDir, onPath } from './go-install.js';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export type CliSource =
  | { kind: 'path'; path: string; from: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go install' }
  | { kind: 'sdk-download' };

/** Where built binaries are kept between runs and between clones. */
export function cacheDir(env = process.env): string {
  return join(jeevanCacheDir(env), 'temporal-cli', TEMPORAL_CLI_VERSION);
}

export async function resolveTemporalCli(log: (line: string) => void, env = process.env): Promise<CliSource> {
  if (env.TEMPORAL_CLI_PATH) {
    if (!existsSync(env.TEMPORAL_CLI_PATH)) {
      throw new Error(
        `Configuration error: TEMPORAL_CLI_PATH points at ${env.TEMPORAL_CLI_PATH}, which does not exist`,
      );
    }
    return { kind: 'path', path: env.TEMPORAL_CLI_PATH, from: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = onPath('temporal', env);
  if (fromPath) return { kind: 'path', path: fromPath, from: 'PATH' };
  const cached = join(cacheDir(env), 'bin', 'temporal');
  if (existsSync(cached)) return { kind: 'path', path: cached, from: 'cache' };
  const go = findGo(env);
  if (go) {
    await goInstall(
      go,
      {
        what: `the Temporal CLI ${TEMPORAL_CLI_VERSION}`,
        targets: [`${MODULE}@${TEMPORAL_CLI_VERSION}`],
        rename: { temporal: 'temporal' },
        dir: join(cacheDir(env), 'bin'),
        expect: 'This takes several minutes on a small machine. Progress follows, one line per package.',
      },
      log,
    );
    return { kind: 'path', path: cached, from: 'go install' };
  }
  log('No Temporal CLI found and Go is not installed: letting the Temporal SDK download it.');
  return { kind: 'sdk-download' };
}

export function cliVersion(path: string): string {
  const out = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return (out.stdout || out.stderr).trim();
}
