// Waiting for the system to go quiet after a burst: every opened case projected, Temporal's
// case task queue without a backlog (DescribeTaskQueue with reportStats), and the worker,
// Temporal and PostgreSQL back near idle. The lateness scenario starts only then, so it
// measures escalations, not the backlog that bulk opening left behind.
import { performance } from 'node:perf_hooks';
import type { CpuSplit } from './cpu.js';
import type { Ctx } from './scenarios/context.js';

/** A quiet window: the worker, Temporal and PostgreSQL together under this share of one core. */
const QUIET_CPU_PCT = 30;
const WINDOW_MS = 3000;
const SYSTEM = ['worker', 'temporal', 'postgres'] as const;

export interface Drained {
  seconds: number;
  /** Both conditions met (false: the time ran out first). */
  quiet: boolean;
  /** Workflow and activity task backlog of the case task queue when it ended; null if the server does not report it. */
  backlog: { workflow: number; activity: number } | null;
  unprojected: number;
  /** CPU of the last window, % of one core. */
  lastWindow: CpuSplit;
}

async function backlogOf(ctx: Ctx): Promise<{ workflow: number; activity: number } | null> {
  // TASK_QUEUE_KIND_NORMAL = 1; TASK_QUEUE_TYPE_WORKFLOW = 1, TASK_QUEUE_TYPE_ACTIVITY = 2.
  const read = async (taskQueueType: 1 | 2) => {
    const response = await ctx.stack.client.workflowService.describeTaskQueue({
      namespace: ctx.stack.client.options.namespace,
      taskQueue: { name: ctx.stack.taskQueue, kind: 1 },
      taskQueueType,
      reportStats: true,
    });
    const n = response.stats?.approximateBacklogCount;
    return n === undefined || n === null ? null : Number(n);
  };
  try {
    const [workflow, activity] = await Promise.all([read(1), read(2)]);
    return workflow === null || activity === null ? null : { workflow, activity };
  } catch {
    return null;
  }
}

export const systemCpu = (split: CpuSplit) => SYSTEM.reduce((sum, name) => sum + (split.byProgram[name] ?? 0), 0);

/** Until quiet, or `maxS` seconds (never past the phase end the caller allows). */
export async function drain(ctx: Ctx, maxS: number): Promise<Drained> {
  const started = Date.now();
  const until = Math.min(started + maxS * 1000, Date.now() + Math.max(0, ctx.phaseEnd(maxS) - performance.now()));
  for (;;) {
    const stop = ctx.meter();
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const lastWindow = stop();
    const backlog = await backlogOf(ctx);
    const { rows } = await ctx.stack.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM cases WHERE state_version = 0',
    );
    const unprojected = rows[0].n;
    const idle =
      (backlog === null || backlog.workflow + backlog.activity === 0) &&
      unprojected === 0 &&
      systemCpu(lastWindow) < QUIET_CPU_PCT;
    if (idle || Date.now() >= until) {
      return { seconds: Math.round((Date.now() - started) / 100) / 10, quiet: idle, backlog, unprojected, lastWindow };
    }
  }
}

export function drainedLine(d: Drained): string {
  const backlog =
    d.backlog === null
      ? 'task queue backlog not reported by this server'
      : `task queue backlog ${d.backlog.workflow} workflow / ${d.backlog.activity} activity tasks`;
  const cpu = SYSTEM.map((n) => `${n} ${d.lastWindow.byProgram[n] ?? 0}%`).join(', ');
  return (
    `${d.quiet ? 'Started once the bulk opening had drained' : '**Started before the bulk opening had fully drained** (the time ran out)'}: waited ${d.seconds} s for ` +
    `every case projected (${d.unprojected} not yet), ${backlog}, and the worker, Temporal and PostgreSQL under ${QUIET_CPU_PCT}% of a core together over ${WINDOW_MS / 1000} s (last window: ${cpu}).`
  );
}
