// 7. Tuning (postgres only, the production topology): the worker restarted under a small,
// the default and a large setting (cache, workflow task slots, activity slots), each timed on
// the same short sustained intake (16 in flight, until projected) and a few steps; and the
// worker's start time with the prebuilt workflow bundle against bundling at start. The worker
// that stays running is the default one on the prebuilt bundle.
import { performance } from 'node:perf_hooks';
import { type CpuSplit, rssBytes } from '../cpu.js';
import { drain } from '../drain.js';
import { closedLoop } from '../load.js';
import { busiestLine, type Cell, fmt, type Row, type Section } from '../report.js';
import type { WorkerTuning } from '../stack.js';
import { summarize } from '../stats.js';
import type { Ctx } from './context.js';

/**
 * Seconds the scenario needs at most (three loads, four restarts, one of them bundling): the bulk opening leaves them.
 */
export const TUNING_RESERVE_S = 110;

/** A rate within this share of the defaults' counts as the same (the machine is shared and noisy). */
export const TUNING_NOISE = 0.1;

export type TrialName = 'small' | 'defaults' | 'large';

export const SMALL: WorkerTuning = {
  maxCachedWorkflows: 100,
  maxConcurrentWorkflowTasks: 4,
  maxConcurrentActivities: 10,
};
export const LARGE: WorkerTuning = {
  maxCachedWorkflows: 5000,
  maxConcurrentWorkflowTasks: 200,
  maxConcurrentActivities: 400,
};

export interface TuningTrial {
  name: TrialName;
  tuning: WorkerTuning;
  /** Seconds from spawn until the worker polls (its ready line), prebuilt bundle. */
  startS: number;
  /** Worker.create's share of it (seconds). */
  createS: number | null;
  /** Alerts a second, `inFlight` in flight, counted until every case is projected. */
  rate: number;
  intakeP50: number | null;
  stepP50: number | null;
  ok: number;
  failed: number;
  workerRssMb: number | null;
  cpu: CpuSplit;
}

export interface BundleStarts {
  /** Seconds from spawn until the worker polls, and Worker.create's share of it. */
  prebuilt: { startS: number; createS: number | null };
  atStart: { startS: number; createS: number | null };
}

const s1 = (ms: number) => Math.round(ms / 100) / 10;
const secs = (v: number | null) => (v === null ? '–' : v.toFixed(1));
export const tuningLabel = (t: WorkerTuning) =>
  `cache ${t.maxCachedWorkflows.toLocaleString('en')}, ${t.maxConcurrentWorkflowTasks} workflow tasks, ${t.maxConcurrentActivities} activities`;

/** Which setting is kept, and what limits the worker: written from the trials' own numbers (pure). */
export function tuningVerdict(
  trials: TuningTrial[],
  starts: BundleStarts | undefined,
): { kept: string; limit: string; bundle: string } {
  const by = (n: TrialName) => trials.find((t) => t.name === n);
  const d = by('defaults');
  const s = by('small');
  const l = by('large');
  if (!d) return { kept: 'not measured', limit: 'not measured (the defaults did not run)', bundle: 'not measured' };
  const pct = (a: number, b: number) => Math.round((Math.abs(a - b) / b) * 100);
  const parts: string[] = [];
  if (s) {
    const slower = s.rate < d.rate * (1 - TUNING_NOISE);
    parts.push(
      slower
        ? `the small worker (${tuningLabel(s.tuning)}) sustained ${fmt(s.rate)}/s, ${pct(s.rate, d.rate)}% less than the defaults' ${fmt(d.rate)}/s` +
            `${s.stepP50 !== null && d.stepP50 !== null ? ` (step p50 ${fmt(s.stepP50)} against ${fmt(d.stepP50)} ms)` : ''}: ` +
            `slots matter below the defaults, somewhere between ${s.tuning.maxConcurrentWorkflowTasks} and ${d.tuning.maxConcurrentWorkflowTasks} workflow tasks (${s.tuning.maxConcurrentActivities}–${d.tuning.maxConcurrentActivities} activities)`
        : `the small worker (${tuningLabel(s.tuning)}) kept pace: ${fmt(s.rate)}/s against the defaults' ${fmt(d.rate)}/s` +
            `${s.stepP50 !== null && d.stepP50 !== null ? ` (step p50 ${fmt(s.stepP50)} against ${fmt(d.stepP50)} ms)` : ''}, ` +
            `so even ${s.tuning.maxConcurrentWorkflowTasks} workflow tasks and ${s.tuning.maxConcurrentActivities} activities are not the limit at this load`,
    );
    // The steps go to the first cases of the trial: beyond the cache they were evicted and replay their history.
    if (
      s.stepP50 !== null &&
      d.stepP50 !== null &&
      s.stepP50 > d.stepP50 * (1 + TUNING_NOISE) &&
      s.ok > s.tuning.maxCachedWorkflows
    )
      parts.push(
        `the small worker's steps were slower most likely because its cache (${s.tuning.maxCachedWorkflows}) had evicted the cases stepped (the first of the ${s.ok} it opened), ` +
          "so each step replayed the case from its history: the cache matters for steps on cases not touched recently, and the default 1,000 holds the mission's 640 open cases",
      );
  }
  const largeFaster = l !== undefined && l.rate > d.rate * (1 + TUNING_NOISE);
  if (l)
    parts.push(
      largeFaster
        ? `the large worker (${tuningLabel(l.tuning)}) was ${pct(l.rate, d.rate)}% faster (${fmt(l.rate)}/s against ${fmt(d.rate)}/s)`
        : `the large worker (${tuningLabel(l.tuning)}) was no faster: ${fmt(l.rate)}/s against ${fmt(d.rate)}/s` +
            `${l.rate < d.rate * (1 - TUNING_NOISE) ? ` (${pct(l.rate, d.rate)}% slower)` : ` (within ${TUNING_NOISE * 100}%)`}` +
            `${l.stepP50 !== null && d.stepP50 !== null ? `, step p50 ${fmt(l.stepP50)} against ${fmt(d.stepP50)} ms` : ''}` +
            `${l.cpu.machineBusyPct < d.cpu.machineBusyPct - 10 ? `, the machine ${l.cpu.machineBusyPct}% busy against ${d.cpu.machineBusyPct}%` : ''}`,
    );
  const cpu = d.cpu;
  const workerPct = cpu.byProgram.worker ?? 0;
  // A shared 2-core machine with the bench on it reads 85–95% busy when saturated.
  const saturated = cpu.machineBusyPct >= 80;
  const limit =
    `${parts.join('; ')}. ` +
    (largeFaster
      ? `More slots helped here, so the defaults' slots were a limit at this load (machine ${cpu.machineBusyPct}% busy with the defaults).`
      : saturated
        ? `The limit is CPU: with the defaults the two cores were ${cpu.machineBusyPct >= 90 ? 'saturated' : 'close to saturated'} (${cpu.machineBusyPct}% busy) and the worker itself used only ${workerPct}% of a core; the busiest: ${busiestLine(cpu)}. More slots only queue more work for the same two cores.`
        : `The limit is not the worker's slots: with the defaults the machine was ${cpu.machineBusyPct}% busy and the worker used ${workerPct}% of a core; the busiest: ${busiestLine(cpu)}. Each alert in flight waits on its round trips through the API, PostgreSQL and Temporal.`);
  const mem = trials
    .filter((t) => t.workerRssMb !== null)
    .map((t) => `${t.name} ${fmt(t.workerRssMb)} MB`)
    .join(', ');
  const kept =
    `the defaults (${tuningLabel(d.tuning)}, prebuilt bundle)` +
    (largeFaster
      ? `, for comparability with the rest of the run; the large worker was faster here, a case for raising the defaults on bigger machines`
      : `: the large worker gains nothing measurable and its cache may hold ${l ? (l.tuning.maxCachedWorkflows / d.tuning.maxCachedWorkflows).toFixed(0) : 'more'}× as many workflows in memory (each cached workflow costs the worker memory, see Footprint)`) +
    (s && s.rate < d.rate * (1 - TUNING_NOISE) ? ', and the small one is slower' : '') +
    (mem ? ` (worker RSS after each run: ${mem})` : '');
  const bundle = starts
    ? `the worker polls ${secs(starts.prebuilt.startS)} s after spawn with the prebuilt bundle against ${secs(starts.atStart.startS)} s bundling at start` +
      `${starts.atStart.createS !== null ? ` (Worker.create ${secs(starts.atStart.createS)} s against ${secs(starts.prebuilt.createS)} s)` : ''}: ` +
      (starts.atStart.startS > starts.prebuilt.startS
        ? `the prebuilt bundle is kept; a restarted or rescheduled worker is back ${secs(Math.round((starts.atStart.startS - starts.prebuilt.startS) * 10) / 10)} s sooner and spends no CPU on bundling`
        : 'no difference measured; the prebuilt bundle is kept all the same (a build step, not work at every start)')
    : 'not measured';
  return { kept, limit, bundle };
}

/** The table of the trials (pure). */
export function tuningTable(trials: TuningTrial[], inFlight: number): { head: string[]; rows: Cell[][] } {
  const d = trials.find((t) => t.name === 'defaults');
  return {
    head: [
      'worker',
      'cache / workflow tasks / activities',
      `sustained (alerts/s, ${inFlight} in flight, until projected)`,
      'vs defaults',
      'intake p50 under load (ms)',
      'step p50 (ms)',
      'worker CPU (% of a core)',
      'machine busy',
      'busiest',
      'worker RSS after (MB)',
      'start, prebuilt (s)',
    ],
    rows: trials.map((t) => [
      t.name,
      `${t.tuning.maxCachedWorkflows} / ${t.tuning.maxConcurrentWorkflowTasks} / ${t.tuning.maxConcurrentActivities}`,
      t.rate,
      d && d.rate > 0 ? `${(t.rate / d.rate).toFixed(2)}×` : '–',
      t.intakeP50,
      t.stepP50,
      `${t.cpu.byProgram.worker ?? 0}%`,
      `${t.cpu.machineBusyPct}%`,
      `${t.cpu.busiest} ${t.cpu.byProgram[t.cpu.busiest] ?? 0}%`,
      t.workerRssMb,
      secs(t.startS),
    ]),
  };
}

const tuningEnv = (t: WorkerTuning, atStart = false): Record<string, string> => ({
  WORKER_MAX_CACHED_WORKFLOWS: String(t.maxCachedWorkflows),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: String(t.maxConcurrentWorkflowTasks),
  WORKER_MAX_CONCURRENT_ACTIVITIES: String(t.maxConcurrentActivities),
  ...(atStart ? { JEEVAN_WORKFLOW_BUNDLE: 'at-start' } : {}),
});

/** Stops the worker, starts it with `t`, and times spawn → polling. */
async function restart(
  ctx: Ctx,
  t: WorkerTuning,
  atStart = false,
): Promise<{ startS: number; createS: number | null }> {
  const worker = ctx.stack.worker;
  await worker.stop();
  const started = performance.now();
  await worker.start(tuningEnv(t, atStart));
  const createMs = Number(worker.ready?.createMs);
  return { startS: s1(performance.now() - started), createS: Number.isFinite(createMs) ? s1(createMs) : null };
}

async function projected(ctx: Ctx, maxS: number): Promise<void> {
  const until = performance.now() + maxS * 1000;
  for (;;) {
    const { rows } = await ctx.stack.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM cases WHERE state_version = 0',
    );
    if (rows[0].n === 0 || performance.now() > until) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function trial(ctx: Ctx, name: TrialName, t: WorkerTuning, index: number): Promise<TuningTrial> {
  const { drive, sizes } = ctx;
  const { startS, createS } = await restart(ctx, t);
  ctx.log(
    `tuning: ${name} worker (${tuningLabel(t)}) polling after ${startS} s; ${sizes.tuningLoadS} s of alerts, ${sizes.bulkConcurrency} in flight`,
  );
  const from = drive.opened.length;
  const stop = ctx.meter();
  const started = performance.now();
  const j = await closedLoop(
    1_000_000,
    sizes.bulkConcurrency,
    (i) => drive.alert(i),
    6_000_000 + index * 100_000,
    started + sizes.tuningLoadS * 1000,
  );
  await projected(ctx, 30);
  const ms = performance.now() - started;
  const cpu = stop();
  const ids = drive.opened.slice(from);
  const steps: number[] = [];
  for (const id of ids.slice(0, sizes.tuningSteps)) {
    const at = performance.now();
    if (await drive.startLocating(id).catch(() => false)) steps.push(performance.now() - at);
  }
  const rss = rssBytes(ctx.stack.worker.pid);
  const rate = ms > 0 ? Math.round((j.ok / ms) * 10_000) / 10 : 0;
  ctx.log(`  ${name}: ${rate}/s (${j.ok} opened, ${j.failed} failed), step p50 ${summarize(steps).p50} ms`);
  return {
    name,
    tuning: t,
    startS,
    createS,
    rate,
    intakeP50: summarize(j.latencies).p50,
    stepP50: summarize(steps).p50,
    ok: j.ok,
    failed: j.failed,
    workerRssMb: rss === null ? null : Math.round((rss / 1024 / 1024) * 10) / 10,
    cpu,
  };
}

export async function tuning(ctx: Ctx, defaults: WorkerTuning): Promise<Section> {
  const { sizes } = ctx;
  const trials: TuningTrial[] = [];
  let starts: BundleStarts | undefined;
  const notes: string[] = [];
  const base = {
    key: 'tuning' as const,
    title: '7. Tuning',
    what:
      `The worker restarted (only its process: the same Temporal, PostgreSQL and API) under three settings, each then given ${sizes.tuningLoadS} s of alerts through the API with ` +
      `${sizes.bulkConcurrency} in flight, counted until every case is projected (scenario 1's sustained rate, shorter), and ${sizes.tuningSteps} steps one at a time: ` +
      `small (${tuningLabel(SMALL)}), the defaults (${tuningLabel(defaults)}) and large (${tuningLabel(LARGE)}). ` +
      'And the time from spawning the worker until it polls, with the prebuilt workflow bundle and bundling `workflows/` at start, once each (default settings). ' +
      'Run last, after capacity, with every earlier case still open; the defaults run last, so the worker left running is the default one.',
  };
  if (performance.now() > ctx.deadline - TUNING_RESERVE_S * 1000) {
    return {
      ...base,
      rows: [{ label: 'tuning', jeevan: 'not run: the run had no time left' }],
      bottleneck: 'not measured',
      notes: [],
    };
  }
  let failure: string | undefined;
  try {
    const d = await drain(ctx, 30);
    notes.push(
      `Before the first restart the system drained for ${d.seconds} s (${d.quiet ? 'quiet' : 'not fully quiet'}).`,
    );
    trials.push(await trial(ctx, 'small', SMALL, 0));
    trials.push(await trial(ctx, 'large', LARGE, 1));
    ctx.log('tuning: the default worker bundling its workflows at start');
    const atStart = await restart(ctx, defaults, true);
    ctx.log(`  polling after ${atStart.startS} s`);
    const def = await trial(ctx, 'defaults', defaults, 2);
    trials.push(def);
    starts = { atStart, prebuilt: { startS: def.startS, createS: def.createS } };
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
    ctx.log(`tuning: failed: ${failure}`);
    // Leave a default worker running whatever happened.
    await restart(ctx, defaults).catch(() => {});
  }
  const order: TrialName[] = ['small', 'defaults', 'large'];
  trials.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const verdict = tuningVerdict(trials, starts);
  const get = (n: TrialName, f: (t: TuningTrial) => Cell) => {
    const t = trials.find((x) => x.name === n);
    return t ? fmt(f(t)) : '–';
  };
  const rows: Row[] = [
    {
      label: `sustained rate, small / defaults / large worker (alerts/s, ${sizes.bulkConcurrency} in flight, until projected)`,
      jeevan: `${get('small', (t) => t.rate)} / ${get('defaults', (t) => t.rate)} / ${get('large', (t) => t.rate)}`,
      headline: true,
    },
    {
      label: 'step p50, small / defaults / large worker (ms)',
      jeevan: `${get('small', (t) => t.stepP50)} / ${get('defaults', (t) => t.stepP50)} / ${get('large', (t) => t.stepP50)}`,
      headline: true,
    },
    {
      label: 'worker start until polling, prebuilt bundle / bundling at start (s)',
      jeevan: starts ? `${secs(starts.prebuilt.startS)} / ${secs(starts.atStart.startS)}` : null,
      headline: true,
    },
    {
      label: 'alerts opened (failed), small / defaults / large',
      jeevan: `${get('small', (t) => `${t.ok} (${t.failed})`)} / ${get('defaults', (t) => `${t.ok} (${t.failed})`)} / ${get('large', (t) => `${t.ok} (${t.failed})`)}`,
    },
  ];
  if (failure) notes.unshift(`**The tuning scenario failed part-way:** ${failure}`);
  notes.push(`Kept: ${verdict.kept}.`, `Workflow bundle: ${verdict.bundle}.`);
  if (starts)
    notes.push(
      `Start time counts from spawning the process (Node and tsx loading the worker's code, the connection, Worker.create) until its ready line, printed as \`Worker.run\` starts polling. ` +
        'Every restart also loses the sticky cache: the first task of each open workflow after it replays its history.',
    );
  return {
    ...base,
    rows,
    table: trials.length ? tuningTable(trials, sizes.bulkConcurrency) : undefined,
    cpu: trials.find((t) => t.name === 'defaults')?.cpu,
    bottleneck: `Limit: ${verdict.limit}`,
    notes,
    data: { trials, starts, verdict },
  };
}
