// Temporal's Web UI as its own server (the ui-server the Temporal CLI embeds), for `npm start`.
// The CLI's embedded UI cannot send the signed-in user's cookie to the codec endpoint, so an
// auditor would see only ciphertext; this one is configured to (codec.includeCredentials),
// read-only, on loopback. Built once with Go into the cache, like the CLI.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findGo, goInstall, jeevanCacheDir, onPath } from './go-install.js';
import { stopChild } from './temporal-server.js';

/** The ui-server version the Temporal CLI v1.5.1 carries (its go.mod). */
export const TEMPORAL_UI_SERVER_VERSION = 'v2.42.1';
const MODULE = 'github.com/temporalio/ui-server/v2/cmd/server';
const BIN = 'temporal-ui-server';

export function uiServerCacheDir(env = process.env): string {
  return join(jeevanCacheDir(env), 'temporal-ui-server', TEMPORAL_UI_SERVER_VERSION);
}

/** TEMPORAL_UI_SERVER_PATH, a `temporal-ui-server` on PATH, the cache, or a `go install`; undefined without Go. */
export async function resolveTemporalUiServer(
  log: (line: string) => void,
  env = process.env,
): Promise<string | undefined> {
  if (env.TEMPORAL_UI_SERVER_PATH) {
    if (!existsSync(env.TEMPORAL_UI_SERVER_PATH)) {
      throw new Error(
        `Configuration error: TEMPORAL_UI_SERVER_PATH points at ${env.TEMPORAL_UI_SERVER_PATH}, which does not exist`,
      );
    }
    return env.TEMPORAL_UI_SERVER_PATH;
  }
  const fromPath = onPath(BIN, env);
  if (fromPath) return fromPath;
  const dir = join(uiServerCacheDir(env), 'bin');
  const cached = join(dir, BIN);
  if (existsSync(cached)) return cached;
  const go = findGo(env);
  if (!go) return undefined;
  await goInstall(
    go,
    {
      what: `Temporal's UI server ${TEMPORAL_UI_SERVER_VERSION}`,
      targets: [`${MODULE}@${TEMPORAL_UI_SERVER_VERSION}`],
      rename: { server: BIN },
      dir,
      expect: 'About a minute once the Temporal CLI is built (they share Go modules). Progress follows.',
    },
    log,
  );
  return cached;
}

export interface UiServerOptions {
  binary: string;
  /** Temporal frontend, host:port. */
  temporalAddress: string;
  port: number;
  /** Jeevan's codec endpoint; the browser calls it with the signed-in user's session cookie. */
  codecEndpoint: string;
  /** Folder for the generated config (config/development.yaml). */
  dir: string;
  logFile: string;
}

export interface UiServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The config the UI server reads: loopback, read-only, codec with credentials. */
export function uiServerConfig(opts: Pick<UiServerOptions, 'temporalAddress' | 'port' | 'codecEndpoint'>): string {
  const origin = `http://localhost:${opts.port}`;
  return [
    '# Written by npm start (dev/temporal-ui.ts) on every start; edits are overwritten.',
    `temporalGrpcAddress: ${opts.temporalAddress}`,
    'host: 127.0.0.1',
    `port: ${opts.port}`,
    'enableUi: true',
    'defaultNamespace: default',
    'notifyOnNewVersion: false',
    // Auditors read; steps go through the API, which checks who may take them.
    'disableWriteActions: true',
    'cors:',
    '  cookieInsecure: true',
    '  allowOrigins:',
    `    - "${origin}"`,
    'codec:',
    `  endpoint: ${opts.codecEndpoint}`,
    '  includeCredentials: true',
    '  defaultErrorMessage: "Sign in to the Jeevan console as an auditor or supervisor, then reload this page."',
    '',
  ].join('\n');
}

export async function startTemporalUi(opts: UiServerOptions): Promise<UiServer> {
  const configDir = join(opts.dir, 'config');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, 'development.yaml'), uiServerConfig(opts));
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(opts.binary, ['--root', opts.dir, '--config', 'config', '--env', 'development', 'start'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://localhost:${opts.port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Temporal UI server exited during start; see ${opts.logFile}`);
    try {
      if ((await fetch(`http://127.0.0.1:${opts.port}/`)).ok) return { url, child, stop: () => stopChild(child) };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`Temporal UI server did not answer on port ${opts.port} within 30 s; see ${opts.logFile}`);
}
