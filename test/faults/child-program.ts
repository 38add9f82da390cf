// A program of the system (worker, API) run as a child process the test can kill.
// Output goes to a log file; start() resolves when the program prints its ready line.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export interface ChildProgram {
  readonly pid: number | undefined;
  /** Resolves once the program has printed {"ready":true}. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown hooks, no flushing, sockets dropped by the kernel. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
  running(): boolean;
  /** Lines the program printed that parse as JSON. */
  events: Record<string, unknown>[];
}

export function childProgram(opts: {
  name: 'worker' | 'api';
  env: Record<string, string>;
  logDir: string;
}): ChildProgram {
  const entry = join(here, `${opts.name}-process.ts`);
  const log = createWriteStream(join(opts.logDir, `${opts.name}.log`), { flags: 'a' });
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const events: Record<string, unknown>[] = [];

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const program: ChildProgram = {
    get pid() {
      return child?.pid;
    },
    events,
    running,
    start() {
      if (running()) throw new Error(`${opts.name} is already running`);
      log.write(`--- start ${new Date().toISOString()}\n`);
      const proc = spawn(process.execPath, ['--import', 'tsx', entry], {
        env: { ...process.env, ...opts.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${opts.name} did not start within 60 s; see ${opts.logDir}`)),
          60_000,
        );
        proc.once('exit', (code, signal) => {
          log.write(`--- exit ${code ?? signal} ${new Date().toISOString()}\n`);
          clearTimeout(timer);
          reject(new Error(`${opts.name} exited (${code ?? signal}) before it was ready; see ${opts.logDir}`));
        });
        for (const stream of [proc.stdout, proc.stderr]) {
          if (!stream) continue;
          createInterface({ input: stream }).on('line', (line) => {
            log.write(`${line}\n`);
            if (!line.startsWith('{')) return;
            try {
              const event = JSON.parse(line) as Record<string, unknown>;
              events.push(event);
              if (event.ready) {
                clearTimeout(timer);
                resolve();
              }
            } catch {
              // not one of ours
            }
          });
        }
      });
    },
    async kill() {
      if (!running()) return;
      child?.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!running()) return;
      const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
      child?.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
  return program;
}
