// `npm run bench`: Jeevan and bare baselines measured side by side, on each topology in turn
// (Temporal's dev server on SQLite; Temporal's own server on PostgreSQL). Writes
// bench/results/<timestamp>.{json,md} and latest.{json,md}; with --publish also
// docs/benchmarks.{json,md}.
//
//   npm run bench -- [--topology dev|postgres|both] [--quick] [--publish]
//                    [--cache N] [--workflow-tasks N] [--activities N] [--shards N]
//                    [--footprint-budget S] [--lateness-rate R] [--only shift]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporalCli, TEMPORAL_CLI_VERSION } from '../dev/temporal-cli.js';
import { resolveTemporalServer } from '../dev/temporal-server-binaries.js';
import { workflowBundleOptions } from '../worker/create-worker.js';
import { conclusions } from './conclusions.js';
import { cpuMeter } from './cpu.js';
import { drain } from './drain.js';
import { drivers } from './drivers.js';
import { missionPeak } from './mission.js';
import { type BenchOptions, parseOptions, policies, sizesFor } from './options.js';
import { readPrevious } from './previous.js';
import { type BenchReport, type Section, type TopologyRun, writeReport } from './report.js';
import { capacity } from './scenarios/capacity.js';
import type { Ctx } from './scenarios/context.js';
import { footprint } from './scenarios/footprint.js';
import { intakeLatency } from './scenarios/intake.js';
import { lateness } from './scenarios/lateness.js';
import { lookupGrowth } from './scenarios/lookup-growth.js';
import { reading } from './scenarios/reading.js';
import { shift } from './scenarios/shift.js';
import { stepLatency } from './scenarios/step.js';
import { tuning } from './scenarios/tuning.js';
import { type BenchStack, startBenchStack, type Topology } from './stack.js';
import { packageVersions } from './versions.js';

const root = resolve(import.meta.dirname, '..');
/** Seconds the whole full run may take, shared by the topologies (the limit is 15 minutes). */
const RUN_BUDGET_S = 860;
/**
 * Seconds the dev topology may take when both run (it stops its bulk opening at 1,000 cases); postgres gets the rest.
 */
const DEV_SHARE_S = 400;
const t0 = performance.now();
const elapsed = () => `${Math.round((performance.now() - t0) / 1000)}s`;
const log = (line: string) => console.log(`[bench ${elapsed()}] ${line}`);

async function runTopology(topology: Topology, opts: BenchOptions, shared: Shared): Promise<TopologyRun> {
  const startedAt = new Date();
  const started = performance.now();
  const sizes = sizesFor(opts, process.env, topology);
  const { quiet, escalating } = policies(sizes);
  const settings = {
    WORKER_MAX_CACHED_WORKFLOWS: opts.tuning.maxCachedWorkflows,
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: opts.tuning.maxConcurrentWorkflowTasks,
    WORKER_MAX_CONCURRENT_ACTIVITIES: opts.tuning.maxConcurrentActivities,
    prebuiltWorkflowBundle: true,
    RATE_LIMIT_PER_MINUTE: 1_000_000,
    historyShards: topology === 'postgres' ? opts.historyShards : 'dev server default (1)',
    temporalPersistence:
      topology === 'postgres'
        ? 'PostgreSQL (same server as Jeevan, databases temporal_bench*)'
        : 'SQLite file (dev server)',
    postgres: 'embedded, fsync=on, max_connections=200, defaults otherwise',
    apiDbPool: 20,
    workerDbPool: 20,
    ...Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v])),
  };
  const run: TopologyRun = {
    topology,
    description:
      topology === 'dev'
        ? `Temporal CLI ${TEMPORAL_CLI_VERSION} dev server, history in SQLite (as \`npm start\` and \`npm test\` run it)`
        : "Temporal's own server built from go.temporal.io/server, history and visibility in PostgreSQL (as docker-compose.yml runs it)",
    versions: {},
    settings,
    startedAt: startedAt.toISOString(),
    seconds: 0,
    sections: [],
  };
  let stack: BenchStack | undefined;
  try {
    log(`${topology}: bringing up PostgreSQL, Temporal, the worker, the API and the baselines`);
    stack = await startBenchStack({
      topology,
      scratch: shared.scratch,
      logDir: join(shared.logDir, topology),
      cli: shared.cli,
      server: shared.server,
      caseBundle: shared.caseBundle,
      baselineBundle: shared.baselineBundle,
      tuning: opts.tuning,
      quietPolicy: quiet,
      escalatingPolicy: escalating,
      historyShards: opts.historyShards,
      log: (line) => log(`${topology}: ${line}`),
    });
    run.versions = { 'Temporal server': stack.versions.temporalServer, PostgreSQL: stack.versions.postgres };
    log(`${topology}: up`);
    const s = stack;
    // Full mode: the run's budget; each phase bounds itself by what is left. With both topologies,
    // dev (which stops at 1,000 open cases) gets a fixed share and postgres the rest of the run.
    const last = opts.topologies.at(-1) === topology;
    const deadline =
      opts.quick || sizes.bulkBudgetS === 0
        ? Number.POSITIVE_INFINITY
        : last
          ? t0 + RUN_BUDGET_S * 1000
          : started + DEV_SHARE_S * 1000;
    const ctx: Ctx = {
      stack: s,
      drive: await drivers(s, `${topology}${Date.now().toString(36)}`, quiet),
      sizes,
      log: (line) => log(`${topology}: ${line}`),
      deadline,
      phaseEnd: (seconds, reserveS = 0) => Math.min(performance.now() + seconds * 1000, deadline - reserveS * 1000),
      meter: () => cpuMeter(s.cpuGroups),
    };
    const sections: Section[] = [];
    if (opts.only === 'shift') {
      run.sections = [await shift(ctx)];
      return run;
    }
    let intake: Section | undefined;
    let step: Section | undefined;
    const { section: fp, sustained } = await footprint(ctx, async () => {
      intake = await intakeLatency(ctx);
      step = await stepLatency(ctx);
    });
    if (intake) {
      intake.rows.push(...sustained.rows);
      intake.bottleneck = `one at a time: ${intake.bottleneck} Sustained: ${sustained.bottleneck}`;
      intake.notes.push(
        `CPU split while opening cases in bulk: ${Object.entries(sustained.cpu?.byProgram ?? {})
          .map(([k, v]) => `${k} ${v}%`)
          .join(', ')}.`,
      );
      sections.push(intake);
    }
    if (step) sections.push(step);
    sections.push(fp);
    run.sections = sections;
    // The bulk opening leaves Temporal and the worker a backlog: reading and lateness start once it has drained.
    log(`${topology}: waiting for the bulk opening's backlog to drain`);
    const afterBulk = await drain(ctx, 240);
    log(`${topology}: ${afterBulk.quiet ? 'drained' : 'not drained'} after ${afterBulk.seconds} s`);
    sections.push(await reading(ctx));
    // The scripted shift is about people's time, not the topology: on the production topology (or the one run).
    if (topology === 'postgres' || opts.topologies.length === 1) sections.push(await shift(ctx));
    const beforeLateness = await drain(ctx, 60);
    const late = await lateness(ctx, [afterBulk, beforeLateness], shared.mission);
    sections.push(late);
    sections.push(await capacity(ctx, shared.mission, late));
    // Last before tuning: the rows it adds stay out of the other scenarios' numbers.
    const readingSection = sections.find((s) => s.key === 'reading');
    readingSection?.rows.push(...(await lookupGrowth(ctx)));
    // The worker's settings and bundle, measured on the production topology only (it restarts the worker).
    if (topology === 'postgres') sections.push(await tuning(ctx, opts.tuning));
    // Ordered as the issue lists them.
    const order = ['intake', 'step', 'lateness', 'reading', 'footprint', 'capacity', 'tuning', 'shift'];
    run.sections = sections.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  } catch (error) {
    run.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${topology}: failed: ${run.error}`);
  } finally {
    log(`${topology}: stopping`);
    await stack?.close();
    run.seconds = Math.round((performance.now() - started) / 100) / 10;
    log(`${topology}: done in ${run.seconds} s`);
  }
  return run;
}

interface Shared {
  scratch: string;
  logDir: string;
  cli: Awaited<ReturnType<typeof resolveTemporalCli>>;
  server?: Awaited<ReturnType<typeof resolveTemporalServer>>;
  caseBundle: string;
  baselineBundle: string;
  mission: ReturnType<typeof missionPeak>;
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const loadStart = loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
  log(`mode ${opts.quick ? 'quick' : 'full'}, topologies ${opts.topologies.join(' and ')}; load average ${loadStart}`);
  const scratch = mkdtempSync(join(tmpdir(), 'jeevan-bench-'));
  const resultsDir = join(root, 'bench', 'results');
  const logDir = join(resultsDir, 'logs', startedAt.toISOString().replace(/[:.]/g, '-'));
  mkdirSync(logDir, { recursive: true });
  try {
    const cli = await resolveTemporalCli(log);
    const server = opts.topologies.includes('postgres') ? await resolveTemporalServer(log) : undefined;
    log('bundling the case workflows and the baseline workflows');
    const quietLogger = {
      log() {},
      trace() {},
      debug() {},
      info() {},
      warn() {},
      error: (m: string) => console.error(m),
    };
    const caseBundle = join(scratch, 'case-bundle.js');
    writeFileSync(caseBundle, (await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger })).code);
    const baselineBundle = join(scratch, 'baseline-bundle.js');
    writeFileSync(
      baselineBundle,
      (
        await bundleWorkflowCode({
          workflowsPath: join(root, 'bench', 'baselines', 'workflows.ts'),
          logger: quietLogger,
        })
      ).code,
    );
    const shared: Shared = { scratch, logDir, cli, server, caseBundle, baselineBundle, mission: missionPeak() };
    const runs: TopologyRun[] = [];
    for (const topology of opts.topologies) runs.push(await runTopology(topology, opts, shared));
    const finishedAt = new Date();
    const report: BenchReport = {
      tool: 'jeevan-bench',
      mode: opts.quick ? 'quick' : 'full',
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      totalSeconds: Math.round((finishedAt.getTime() - startedAt.getTime()) / 100) / 10,
      machine: {
        cores: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(totalmem() / 1024 ** 3),
        os: `Linux ${release()}`,
        node: process.versions.node,
      },
      load: {
        start: loadStart,
        end: loadavg()
          .map((v) => v.toFixed(2))
          .join(' '),
      },
      versions: { 'Temporal CLI': TEMPORAL_CLI_VERSION, ...packageVersions(root) },
      mission: shared.mission,
      runs,
      conclusions: [],
      previous: readPrevious(join(root, 'docs', 'benchmarks.json')),
    };
    report.conclusions = conclusions(report);
    const written = writeReport(report, { resultsDir, docsDir: opts.publish ? join(root, 'docs') : undefined });
    log(
      `report: ${written.md} (and .json; latest.md)${opts.publish ? '; published to docs/benchmarks.md' : ''}; logs in ${logDir}`,
    );
    if (runs.some((r) => r.error)) process.exitCode = 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
