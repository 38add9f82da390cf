// A program of the system under test (worker, API, baseline worker, bare HTTP server) run as
// a child process of the bench, so its CPU and memory can be read from /proc. Output goes to
// a log file; start() resolves when the program prints its {"ready":true} line. The same
// shape as test/faults/child-program.ts, which only runs the fault suite's own entries.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface Program {
  name: string;
  readonly pid: number | undefined;
  /** The last {"memory":{…}} line the program printed, if it reports its heap. */
  readonly memory: { rss: number; heapUsed: number; heapTotal: number; external: number } | undefined;
  /** The {"ready":true,…} line. */
  readonly ready: Record<string, unknown> | undefined;
  /**
   * `env` overrides the program's environment for this start (the tuning scenario restarts the worker with other
   * settings).
   */
  start(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export function program(opts: {
  name: string;
  entry: string;
  env: Record<string, string>;
  logDir: string;
  nodeArgs?: string[];
}): Program {
  const log = createWriteStream(join(opts.logDir, `${opts.name}.log`), { flags: 'a' });
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let memory: Program['memory'];
  let ready: Program['ready'];
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  return {
    name: opts.name,
    get pid() {
      return child?.pid;
    },
    get memory() {
      return memory;
    },
    get ready() {
      return ready;
    },
    start(env) {
      ready = undefined;
      memory = undefined;
      const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', opts.entry], {
        env: { ...process.env, ...opts.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${opts.name} did not start within 90 s; see ${opts.logDir}/${opts.name}.log`)),
          90_000,
        );
        proc.once('exit', (code, signal) => {
          log.write(`--- exit ${code ?? signal} ${new Date().toISOString()}\n`);
          clearTimeout(timer);
          reject(
            new Error(
              `${opts.name} exited (${code ?? signal}) before it was ready; see ${opts.logDir}/${opts.name}.log`,
            ),
          );
        });
        for (const stream of [proc.stdout, proc.stderr]) {
          if (!stream) continue;
          createInterface({ input: stream }).on('line', (line) => {
            if (line.startsWith('{"memory"')) {
              memory = (JSON.parse(line) as { memory: Program['memory'] }).memory;
              return;
            }
            log.write(`${line}\n`);
            if (!line.startsWith('{"ready"')) return;
            try {
              ready = JSON.parse(line) as Record<string, unknown>;
              clearTimeout(timer);
              resolve();
            } catch {
              // not one of ours
            }
          });
        }
      });
    },
    async stop() {
      if (!running()) return;
      const timer = setTimeout(() => child?.kill('SIGKILL'), 3000);
      child?.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}

/** For programs that report their heap: one {"memory":…} line a second on stdout. */
export function reportMemoryEverySecond(): void {
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    process.stdout.write(
      `${JSON.stringify({ memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external } })}\n`,
    );
  }, 1000);
  timer.unref();
}
