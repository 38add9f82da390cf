// The bench's flags, its sizes (full and --quick) and the two policies its cases run on.
import type { EscalationPolicy } from '../contract/policy.js';
import { scaledPolicy } from '../dev/scaled-policy.js';
import type { Sizes } from './scenarios/context.js';
import type { Topology, WorkerTuning } from './stack.js';

export interface BenchOptions {
  topologies: Topology[];
  quick: boolean;
  publish: boolean;
  tuning: WorkerTuning;
  historyShards: number;
  /** Seconds of bulk opening per topology; undefined: the mode's default, 0: no limit. */
  footprintBudgetS?: number;
  /** Starts a second in the lateness scenario (escalating alerts and bare timers together); undefined: the default. */
  latenessRatePerS?: number;
  /** `--only shift`: the scripted shift alone (for developing it; the report holds its section only). */
  only?: 'shift';
}

const USAGE =
  'usage: npm run bench -- [--topology dev|postgres|both] [--quick] [--publish] [--cache N] [--workflow-tasks N] [--activities N] [--shards N] [--footprint-budget S] [--lateness-rate R] [--only shift]';

export function parseOptions(argv: string[]): BenchOptions {
  const opts: BenchOptions = {
    topologies: ['dev', 'postgres'],
    quick: false,
    publish: false,
    // The worker's own defaults (config/index.ts): the bench found no better setting on 2 cores (see the report).
    tuning: { maxCachedWorkflows: 1000, maxConcurrentWorkflowTasks: 40, maxConcurrentActivities: 100 },
    historyShards: 4,
  };
  const int = (flag: string, value: string | undefined, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number ≥ ${min}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--topology': {
        const v = value();
        if (v === 'both') opts.topologies = ['dev', 'postgres'];
        else if (v === 'dev' || v === 'postgres') opts.topologies = [v];
        else throw new Error(`--topology must be dev, postgres or both\n${USAGE}`);
        break;
      }
      case '--quick':
        opts.quick = true;
        break;
      case '--publish':
        opts.publish = true;
        break;
      case '--cache':
        opts.tuning.maxCachedWorkflows = int(flag, value(), 0);
        break;
      case '--workflow-tasks':
        opts.tuning.maxConcurrentWorkflowTasks = int(flag, value(), 2);
        break;
      case '--activities':
        opts.tuning.maxConcurrentActivities = int(flag, value(), 1);
        break;
      case '--footprint-budget':
        opts.footprintBudgetS = int(flag, value(), 0);
        break;
      case '--lateness-rate': {
        const v = value();
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0)
          throw new Error(`--lateness-rate needs a number > 0 (starts a second)\n${USAGE}`);
        opts.latenessRatePerS = n;
        break;
      }
      case '--only': {
        const v = value();
        if (v !== 'shift') throw new Error(`--only takes shift (the scripted shift alone)\n${USAGE}`);
        opts.only = v;
        break;
      }
      case '--shards':
        opts.historyShards = int(flag, value(), 1);
        break;
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  if (opts.only && opts.publish) throw new Error(`--only runs one scenario: its report cannot be published\n${USAGE}`);
  return opts;
}

/**
 * The sizes of one topology's run. JEEVAN_BENCH_SIZES (JSON, for developing the bench)
 * overrides single sizes of the chosen mode.
 *
 * Full mode opens 10,000 cases on the production topology (postgres). With both topologies
 * in one run, the dev server (history in SQLite, for development) stops at 1,000 open cases:
 * 10,000 on both would not fit in 15 minutes on 2 cores. `--footprint-budget 0` opens all
 * 10,000 on each topology, whatever it takes.
 */
export function sizesFor(
  opts: Pick<BenchOptions, 'quick' | 'topologies' | 'footprintBudgetS' | 'latenessRatePerS'>,
  env = process.env,
  topology?: Topology,
): Sizes {
  const override = env.JEEVAN_BENCH_SIZES ? (JSON.parse(env.JEEVAN_BENCH_SIZES) as Partial<Sizes>) : {};
  const base = baseSizes(opts);
  // Full mode: bulk opening stops at the latest when the run's time for it is spent (bench/run.ts), or after this many
  // seconds.
  const bulkBudgetS = opts.footprintBudgetS ?? (opts.quick ? 0 : 600);
  const devStops = !opts.quick && topology === 'dev' && opts.topologies.length > 1 && opts.footprintBudgetS !== 0;
  const checkpoints = devStops ? base.checkpoints.filter((c) => c <= DEV_LAST_CHECKPOINT) : base.checkpoints;
  const latenessRatePerS = opts.latenessRatePerS ?? base.latenessRatePerS;
  return { ...base, checkpoints, bulkBudgetS, latenessRatePerS, ...override };
}

/**
 * The lateness scenario's pace: starts a second, escalating alerts and bare timers alternating
 * (2 alerts/s, twice the mission peak, and 2 timers/s). Full mode: 80 of each in 40 s, each due
 * 15 s after it opened, so openings and escalations overlap for 25 s, as in real operation.
 */
export const LATENESS_RATE_PER_S = 4;

/** Where the dev topology's bulk opening stops in a full run of both topologies. */
export const DEV_LAST_CHECKPOINT = 1000;

function baseSizes(opts: Pick<BenchOptions, 'quick'>): Omit<Sizes, 'bulkBudgetS'> {
  return opts.quick
    ? {
        latencyPairs: 30,
        checkpoints: [100, 300],
        bulkConcurrency: 8,
        apiUpTo: 100,
        directConcurrency: 32,
        baselineChunk: 100,
        readSeconds: 1,
        readRounds: 1,
        latenessCases: 20,
        latenessDueS: 8,
        latenessRatePerS: LATENESS_RATE_PER_S,
        capacityStepS: 2,
        capacityRates: [5, 20, 80],
        readingCases: 1000,
        tuningLoadS: 5,
        tuningSteps: 10,
        shiftCases: 4,
        shiftMsPerMinute: 100,
      }
    : {
        latencyPairs: 200,
        checkpoints: [100, 1000, 10_000],
        bulkConcurrency: 16,
        apiUpTo: 1000,
        directConcurrency: 64,
        baselineChunk: 500,
        readSeconds: 3,
        readRounds: 2,
        latenessCases: 80,
        latenessDueS: 15,
        latenessRatePerS: LATENESS_RATE_PER_S,
        capacityStepS: 3,
        capacityRates: [5, 10, 20, 40, 80, 160],
        readingCases: 10_000,
        tuningLoadS: 12,
        tuningSteps: 20,
        shiftCases: 12,
        shiftMsPerMinute: 200,
      };
}

/**
 * quiet: every deadline 10× the default (locating escalates after 100 min), so bulk cases stay silent; escalating:
 * locating escalates once, after latenessDueS.
 */
export function policies(sizes: Pick<Sizes, 'latenessDueS'>): {
  quiet: EscalationPolicy;
  escalating: EscalationPolicy;
} {
  const quiet = { ...scaledPolicy(600_000), version: 'bench-quiet' };
  const base = scaledPolicy(60_000);
  const escalating: EscalationPolicy = {
    ...base,
    version: 'bench-escalating',
    ladders: {
      ...base.ladders,
      locate: {
        rungs: [{ afterMs: sizes.latenessDueS * 1000, notify: ['smc_supervisor'] }],
        repeat: { everyMs: 3_600_000, times: 1, notify: ['smc_supervisor'] },
      },
    },
  };
  return { quiet, escalating };
}
