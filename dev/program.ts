// Runs one of Jeevan's programs (worker, API) as a child process for `npm start`:
// output to a log file, warnings and errors also to the console, restarted with backoff
// if it dies, stopped gracefully (SIGTERM, then SIGKILL after a grace period).
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { stopChild } from './temporal-server.js';

export interface Program {
  name: string;
  stop(): Promise<void>;
  pid(): number | undefined;
  kill(): void;
}

export function startProgram(opts: {
  name: string;
  entry: string;
  env: Record<string, string>;
  logFile: string;
  say: (line: string) => void;
}): Program {
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  let child: ChildProcess | undefined;
  let stopping = false;
  const recentStarts: number[] = [];

  const launch = () => {
    recentStarts.push(Date.now());
    child = spawn(process.execPath, ['--import', 'tsx', opts.entry], {
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        log.write(`${line}\n`);
        if (isWorthShowing(line)) opts.say(`[${opts.name}] ${summarise(line)}`);
      });
    }
    child.on('exit', (code, signal) => {
      if (stopping) return;
      const lastMinute = recentStarts.filter((t) => Date.now() - t < 60_000);
      if (lastMinute.length >= 5) {
        opts.say(`${opts.name} keeps failing (exit ${code ?? signal}); not restarting. See ${opts.logFile}`);
        return;
      }
      const delay = 1000 * 2 ** (lastMinute.length - 1);
      opts.say(`${opts.name} exited (${code ?? signal}); restarting in ${delay / 1000} s`);
      setTimeout(() => !stopping && launch(), delay);
    });
  };
  launch();

  return {
    name: opts.name,
    async stop() {
      stopping = true;
      if (child) await stopChild(child, 6_000);
      log.end();
    },
    pid: () => (child && child.exitCode === null ? child.pid : undefined),
    kill: () => void child?.kill('SIGKILL'),
  };
}

/** Non-JSON lines (crashes, config errors) and JSON log lines at warn level or above. */
function isWorthShowing(line: string): boolean {
  if (!line.startsWith('{'))
    return !/^\s*$/.test(line) && !/Worker state changed|sdkComponent|^\s*[}{]|^\s+\w+: /.test(line);
  try {
    return (JSON.parse(line).level ?? 0) >= 40;
  } catch {
    return true;
  }
}

function summarise(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line);
    return `${entry.msg ?? ''} ${entry.err?.message ?? ''}`.trim();
  } catch {
    return line;
  }
}
