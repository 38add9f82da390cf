// Runs Temporal's dev server (SQLite persistence, Web UI) with Jeevan's search attributes.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ALL_SEARCH_ATTRIBUTES, searchAttributeArgs } from '../contract/search-attributes.js';
import type { CliSource } from './temporal-cli.js';

export interface DevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
  /** The server process, when this module started it (not the SDK's download). */
  pid?(): number | undefined;
  kill?(): void;
  /** True once the server process has exited (when this module started it). */
  exited?(): boolean;
}

export interface DevServerOptions {
  cli: CliSource;
  port: number;
  /** Web UI port; omit for a headless server. */
  uiPort?: number;
  /** SQLite file; omit for an in-memory server. */
  dbFile?: string;
  logFile: string;
  /** Temporal UI's codec endpoint (decodes encrypted payloads for authorised viewers). */
  codecEndpoint?: string;
}

export async function startTemporalDevServer(opts: DevServerOptions): Promise<DevServer> {
  const address = `127.0.0.1:${opts.port}`;
  const uiUrl = opts.uiPort ? `http://localhost:${opts.uiPort}` : undefined;
  const extraArgs = [
    '--log-level',
    'warn',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    // A step's record activity goes straight back to the worker that scheduled it, not through matching.
    '--dynamic-config-value',
    'system.enableActivityEagerExecution=true',
    ...(opts.codecEndpoint ? ['--ui-codec-endpoint', opts.codecEndpoint] : []),
  ];
  if (opts.cli.kind === 'sdk-download') {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port: opts.port,
        ui: Boolean(opts.uiPort),
        uiPort: opts.uiPort,
        dbFilename: opts.dbFile,
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
        extraArgs,
      },
    });
    return { address, uiUrl, stop: () => env.teardown() };
  }

  if (opts.dbFile) mkdirSync(dirname(opts.dbFile), { recursive: true });
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    ...(opts.uiPort ? ['--ui-port', String(opts.uiPort)] : ['--headless']),
    ...(opts.dbFile ? ['--db-filename', opts.dbFile] : []),
    ...searchAttributeArgs(),
    ...extraArgs,
  ];
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(opts.cli.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  await waitUntilServing(address, () => exited, opts.logFile);
  return {
    address,
    uiUrl,
    stop: () => stopChild(child, 6_000),
    pid: () => (child.exitCode === null ? child.pid : undefined),
    kill: () => void child.kill('SIGKILL'),
    exited: () => exited,
  };
}

async function waitUntilServing(address: string, exited: () => boolean, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`Temporal dev server exited during start; see ${logFile}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal dev server did not answer on ${address} within 60 s; see ${logFile}`);
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
