// How `npm start` stops what it started: in stages (programs first, then the mailbox and UI,
// then Temporal, then PostgreSQL), each part with a deadline, coping with parts already gone.
// In a terminal Ctrl-C reaches every process of the group at once, and npm and the bootstrap
// forward it again, so one Ctrl-C may arrive several times: repeats within a second are the
// same press. A second press later stops at once and says what it left running.

export interface Part {
  name: string;
  /** Later stages stop after earlier ones: 0 programs, 1 mailbox and UI, 2 Temporal, 3 PostgreSQL. */
  stage: number;
  stop(): Promise<unknown>;
  /** Process ID, when the part is a process of its own: named if it is left running. */
  pid?(): number | undefined;
  /** Ends it now (SIGKILL), when its stop misses the deadline. */
  kill?(): void;
}

const SAME_PRESS_MS = 1000;

export function createSupervisor(opts: {
  say: (line: string) => void;
  deadlineMs?: number;
  exit?: (code: number) => void;
}) {
  const parts: Part[] = [];
  const running = new Set<Part>();
  const deadline = opts.deadlineMs ?? 8000;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stoppingSince = 0;

  const stopOne = async (part: Part) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deadline);
    });
    try {
      const result = await Promise.race([part.stop().then(() => 'stopped' as const), late]);
      if (result === 'late') {
        opts.say(`${part.name} did not stop within ${deadline / 1000} s${part.kill ? ': killing it' : ''}`);
        part.kill?.();
      }
    } catch (error) {
      opts.say(`could not stop ${part.name} cleanly: ${error instanceof Error ? error.message : String(error)}`);
      part.kill?.();
    } finally {
      clearTimeout(timer);
      running.delete(part);
    }
  };

  const leftRunning = () =>
    [...running].map((p) => {
      const pid = p.pid?.();
      return pid ? `${p.name} (pid ${pid})` : p.name;
    });

  return {
    add(part: Part) {
      parts.push(part);
      running.add(part);
    },
    get stopping() {
      return stoppingSince > 0;
    },
    /** Stops every part, stage by stage, then exits with `code`. */
    async shutdown(code: number) {
      if (stoppingSince) return;
      stoppingSince = Date.now();
      opts.say('Stopping… (Ctrl-C again to stop at once)');
      const stages = [...new Set(parts.map((p) => p.stage))].sort((a, b) => a - b);
      for (const stage of stages)
        await Promise.all(parts.filter((p) => p.stage === stage && running.has(p)).map(stopOne));
      opts.say('Stopped.');
      exit(code);
    },
    /** SIGINT/SIGTERM: the first starts an orderly stop; a later, separate one exits at once. */
    onSignal() {
      if (!stoppingSince) return void this.shutdown(0);
      if (Date.now() - stoppingSince < SAME_PRESS_MS) return;
      const left = leftRunning();
      opts.say(`Stopped at once. ${left.length ? `Left running: ${left.join(', ')}.` : 'Nothing was left running.'}`);
      exit(130);
    },
  };
}
