// The soak's faults: each kind injected N times at random moments (the seeded generator),
// in lanes that run side by side, one lane per part of the system, so that faults of
// different parts overlap and each lane's injections come a few seconds apart.
import type { Stack } from '../faults/harness.js';
import type { Load } from './load.js';
import { fork, type Rng } from './rng.js';

export const FAULT_KINDS = [
  'worker-kill',
  'api-kill',
  'temporal-restart',
  'temporal-cut',
  'postgres-kill',
  'postgres-cut',
  'smtp-refuse',
  'smtp-stall',
  'smtp-drop',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What each kind does, for the report and docs/reliability.md. */
export const FAULT_DESCRIPTIONS: Record<FaultKind, string> = {
  'worker-kill': 'the case worker SIGKILLed (its database sessions ended), started again 0.3–2 s later',
  'api-kill':
    'the API SIGKILLed while requests are in flight, started again 0.2–1.5 s later; clients retry with the same key',
  'temporal-restart':
    "Temporal's server stopped and started again 1–3 s later (the dev server on SQLite, or the server on PostgreSQL)",
  'temporal-cut': 'the network between the worker and API and Temporal cut for 2–5 s (TCP proxy holds every byte)',
  'postgres-kill':
    'PostgreSQL killed with -9 (postmaster and backends), started again 0.5–2 s later with crash recovery',
  'postgres-cut': 'the network between the worker and API and PostgreSQL cut for 2–5 s (TCP proxy holds every byte)',
  'smtp-refuse': 'the mail relay answers 554 or 421 to every message for 2–5 s',
  'smtp-stall': 'the mail relay takes every message and never answers, for 2–5 s (clients time out)',
  'smtp-drop': 'the mail relay drops the connection after the message, before any answer, for 2–5 s',
};

export interface Injection {
  kind: FaultKind;
  /** Milliseconds since the epoch: when the fault began, and when the part was back. */
  at: number;
  recoveredAt: number;
  alertsInFlight: number;
  stepsInFlight: number;
  detail?: string;
}

const LANES: FaultKind[][] = [
  ['worker-kill'],
  ['api-kill'],
  ['temporal-restart', 'temporal-cut'],
  ['postgres-kill', 'postgres-cut'],
  ['smtp-refuse', 'smtp-stall', 'smtp-drop'],
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Tries `start` until it works: a program whose dependency is down at that moment fails to start, and is started again.
 */
async function startAgain(what: string, start: () => Promise<void>, log: (line: string) => void): Promise<number> {
  const deadline = Date.now() + 180_000;
  for (let tries = 1; ; tries++) {
    try {
      await start();
      return tries;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(
          `${what} did not start again within 180 s: ${error instanceof Error ? error.message : String(error)}`,
        );
      if (tries === 1 || tries % 10 === 0)
        log(
          `${what} did not start (try ${tries}), trying again: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        );
      await sleep(1000);
    }
  }
}

/**
 * One lock per part of the system that two lanes may touch (Temporal: restarted by its lane, and after a PostgreSQL
 * crash).
 */
function mutex() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = last.then(fn, fn);
    last = run.catch(() => {});
    return run;
  };
}

export interface FaultRun {
  injections: Injection[];
  done: Promise<void>;
  /** Ends the watch on Temporal's process (call after the checks). */
  stopSupervising(): Promise<void>;
}

export function runFaults(
  stack: Stack,
  load: Load,
  r: Rng,
  opts: { perKind: number; gapMs: [number, number]; log: (line: string) => void },
): FaultRun {
  const injections: Injection[] = [];
  const temporalLock = mutex();
  const { log } = opts;
  const temporal = stack.temporal;
  const postgres = stack.postgres;
  const { dbProxy, temporalProxy } = stack;
  if (!temporal || !postgres || !dbProxy || !temporalProxy)
    throw new Error('the soak needs its own Temporal and PostgreSQL and the network proxies');

  /** Temporal answers (its server may have exited when its PostgreSQL went away): restarted if not. */
  const temporalHealthy = async () => {
    for (let i = 0; i < 30; i++) {
      try {
        await stack.client.connection.withDeadline(Date.now() + 2000, () =>
          stack.client.connection.workflowService.getSystemInfo({}),
        );
        return true;
      } catch {
        await sleep(1000);
      }
    }
    return false;
  };

  const inject = async (
    kind: FaultKind,
  ): Promise<Omit<Injection, 'kind' | 'at' | 'recoveredAt' | 'alertsInFlight' | 'stepsInFlight'>> => {
    switch (kind) {
      case 'worker-kill': {
        await stack.worker.kill();
        await stack.terminateSessions(stack.workerApp).catch(() => 0);
        await sleep(r.int(300, 2000));
        const tries = await startAgain('worker', () => stack.worker.start(), log);
        return { detail: tries > 1 ? `started on try ${tries}` : undefined };
      }
      case 'api-kill': {
        await stack.api.kill();
        await stack.terminateSessions(stack.apiApp).catch(() => 0);
        await sleep(r.int(200, 1500));
        const tries = await startAgain('API', () => stack.api.start(), log);
        return { detail: tries > 1 ? `started on try ${tries}` : undefined };
      }
      case 'temporal-restart':
        return temporalLock(async () => {
          await temporal.stop();
          await sleep(r.int(1000, 3000));
          const tries = await startAgain('Temporal', () => temporal.start(), log);
          return { detail: tries > 1 ? `started on try ${tries}` : undefined };
        });
      case 'temporal-cut':
        temporalProxy.pause();
        await sleep(r.int(2000, 5000));
        temporalProxy.resume();
        return {};
      case 'postgres-kill': {
        await postgres.crash();
        await sleep(r.int(500, 2000));
        const tries = await startAgain('PostgreSQL', () => postgres.start(), log);
        const detail = [tries > 1 ? `started on try ${tries}` : ''];
        if (stack.topology === 'postgres') {
          await temporalLock(async () => {
            if (await temporalHealthy()) return;
            detail.push('Temporal did not come back by itself: restarted');
            await temporal.stop().catch(() => {});
            await startAgain('Temporal', () => temporal.start(), log);
          });
        }
        return { detail: detail.filter(Boolean).join('; ') || undefined };
      }
      case 'postgres-cut':
        dbProxy.pause();
        await sleep(r.int(2000, 5000));
        dbProxy.resume();
        return {};
      case 'smtp-refuse': {
        const code = r.pick([554, 421]);
        stack.mail.setMode({
          kind: 'reject',
          code,
          message: code === 554 ? 'transaction failed: relay refused' : 'service not available, try later',
        });
        await sleep(r.int(2000, 5000));
        stack.mail.setMode({ kind: 'accept' });
        return { detail: String(code) };
      }
      case 'smtp-stall':
        stack.mail.setMode({ kind: 'stall' });
        await sleep(r.int(2000, 5000));
        stack.mail.setMode({ kind: 'accept' });
        return {};
      case 'smtp-drop':
        stack.mail.setMode({ kind: 'drop' });
        await sleep(r.int(2000, 5000));
        stack.mail.setMode({ kind: 'accept' });
        return {};
    }
  };

  const lane = async (kinds: FaultKind[], laneRng: Rng) => {
    const schedule = laneRng.shuffle(kinds.flatMap((k) => Array.from({ length: opts.perKind }, () => k)));
    await sleep(laneRng.int(0, opts.gapMs[1]));
    for (const kind of schedule) {
      await sleep(laneRng.int(...opts.gapMs));
      if (kind === 'api-kill') {
        // Mid-request: wait (a little) for requests in flight.
        const until = Date.now() + 3000;
        while (load.inFlight().alerts + load.inFlight().steps === 0 && Date.now() < until) await sleep(10);
      }
      const flight = load.inFlight();
      const at = Date.now();
      const result = await inject(kind);
      injections.push({
        kind,
        at,
        recoveredAt: Date.now(),
        alertsInFlight: flight.alerts,
        stepsInFlight: flight.steps,
        ...result,
      });
      const of = injections.filter((i) => i.kind === kind).length;
      if (of === opts.perKind || of % 10 === 0) log(`${kind}: ${of}/${opts.perKind}`);
    }
  };
  // Each lane its own generator, drawn in a fixed order: the schedule depends on the seed alone.
  const laneRngs = LANES.map(() => fork(r));
  const done = Promise.all(LANES.map((kinds, i) => lane(kinds, laneRngs[i]))).then(() => {});
  // What a service manager does in a deployment (Restart=on-failure): a Temporal server that
  // exits by itself is started again. The server on PostgreSQL can exit a minute after a
  // restart that looked whole (ringpop's join outlasting its 30 s on starved cores).
  let supervising = true;
  const supervisor = (async () => {
    while (supervising) {
      await sleep(2000);
      await temporalLock(async () => {
        if (!supervising || temporal.alive?.() !== false) return;
        log('Temporal exited by itself: started again, as its service manager would');
        await temporal.stop().catch(() => {});
        await startAgain('Temporal', () => temporal.start(), log);
      });
    }
  })();
  const stopSupervising = async () => {
    supervising = false;
    await supervisor;
  };
  return { injections, done, stopSupervising };
}
