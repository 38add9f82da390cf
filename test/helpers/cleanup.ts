// Cleanups of a test file's own servers and clients, run last-in first-out in afterAll. Each
// has a name and a deadline: one still running after `slowMs` is reported by name, and one
// past `giveUpMs` is left behind (reported) so the rest still run and the hook ends. A hang
// in CI then says which server or client would not stop instead of only "Hook timed out";
// the processes a test starts are killed by their own stop() (SIGKILL after a grace period).
export interface Cleanups {
  add(name: string, fn: () => Promise<unknown>): void;
  run(): Promise<string[]>;
}

export function cleanups(opts: { slowMs?: number; giveUpMs?: number; report?: (line: string) => void } = {}): Cleanups {
  const slowMs = opts.slowMs ?? 10_000;
  const giveUpMs = opts.giveUpMs ?? 30_000;
  const report = opts.report ?? ((line: string) => console.error(line));
  const stack: { name: string; fn: () => Promise<unknown> }[] = [];
  return {
    add: (name, fn) => void stack.push({ name, fn }),
    /** Runs every cleanup; resolves with the names of those left behind past their deadline. */
    async run() {
      const abandoned: string[] = [];
      for (const { name, fn } of stack.splice(0).reverse()) {
        const started = Date.now();
        const seconds = () => Math.round((Date.now() - started) / 1000);
        const slow = setInterval(() => report(`cleanup "${name}" still running after ${seconds()} s`), slowMs);
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), giveUpMs);
        });
        // A server already gone is what a cleanup after a fault meets: not a failure.
        const done = Promise.resolve()
          .then(fn)
          .then(
            () => 'done' as const,
            () => 'done' as const,
          );
        if ((await Promise.race([done, deadline])) === 'late') {
          abandoned.push(name);
          report(`cleanup "${name}" abandoned after ${seconds()} s`);
        }
        clearInterval(slow);
        clearTimeout(timer);
      }
      return abandoned;
    },
  };
}
