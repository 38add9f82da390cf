// The bench's own arithmetic and report (bench/stats.ts, bench/report.ts, bench/mission.ts,
// bench/options.ts): pure code, so `npm test` covers it without running a benchmark.
import { describe, expect, it } from 'vitest';
import { conclusions } from '../../bench/conclusions.js';
import type { CpuSplit } from '../../bench/cpu.js';
import { missionPeak } from '../../bench/mission.js';
import { DEV_LAST_CHECKPOINT, parseOptions, policies, sizesFor } from '../../bench/options.js';
import { type BenchReport, busiestLine, fmt, renderMarkdown, type TopologyRun } from '../../bench/report.js';
import { LARGE, SMALL, type TuningTrial, tuningTable, tuningVerdict } from '../../bench/scenarios/tuning.js';
import { compare, perUnitGrowth, rate, ratio, summarize } from '../../bench/stats.js';

describe('bench statistics', () => {
  it('summarises latencies with interpolated percentiles', () => {
    const samples = Array.from({ length: 101 }, (_, i) => i); // 0..100
    const s = summarize(samples);
    expect(s).toMatchObject({ n: 101, p50: 50, p90: 90, p99: 99, max: 100, mean: 50 });
    expect(summarize([10, 20]).p50).toBe(15);
    expect(summarize([])).toEqual({ n: 0, p50: null, p90: null, p99: null, max: null, mean: null });
    // More samples than a function call takes arguments (autocannon on a quiet machine).
    expect(summarize(Array.from({ length: 300_000 }, (_, i) => i % 1000)).max).toBe(999);
  });

  it('divides Jeevan by the baseline, and refuses a missing or zero baseline', () => {
    expect(ratio(30, 10)).toBe(3);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(null, 3)).toBeNull();
    expect(ratio(3, undefined)).toBeNull();
    const c = compare([10, 20, 30], [5, 5, 5]);
    expect(c.ratioP50).toBe(4);
    expect(c.jeevan.n).toBe(3);
  });

  it('computes rates and growth per unit', () => {
    expect(rate(50, 2000)).toBe(25);
    expect(rate(5, 0)).toBe(0);
    expect(perUnitGrowth({ count: 100, value: 1000 }, { count: 1100, value: 3000 })).toBe(2);
    expect(perUnitGrowth({ count: 100, value: 1 }, { count: 100, value: 2 })).toBeNull();
  });
});

describe('the mission peak', () => {
  it('derives all-India demand from Uttar Pradesh and stays under one alert a second', () => {
    const m = missionPeak();
    expect(m.upPerDay).toBeCloseTo(740 / 547.5, 2);
    expect(m.indiaPerDay).toBeGreaterThan(m.upPerDay * 5);
    expect(m.peakPerSecond).toBeLessThanOrEqual(1.01);
    expect(m.peakPerSecond).toBeCloseTo((m.designPerDay / 86_400) * (86_400 / m.burstWindowS), 1);
    expect(m.designOpenCases).toBeGreaterThan(100);
  });
});

describe('bench options', () => {
  it('runs both topologies in full by default and takes flags', () => {
    expect(parseOptions([])).toMatchObject({ topologies: ['dev', 'postgres'], quick: false, publish: false });
    const o = parseOptions(['--topology', 'postgres', '--quick', '--cache=500', '--publish']);
    expect(o).toMatchObject({
      topologies: ['postgres'],
      quick: true,
      publish: true,
      tuning: { maxCachedWorkflows: 500 },
    });
    expect(() => parseOptions(['--topology', 'mysql'])).toThrow(/dev, postgres or both/);
    expect(() => parseOptions(['--nope'])).toThrow(/unknown option/);
  });

  it('reaches 10,000 open cases on postgres in full mode, and stops dev at 1,000 when both run', () => {
    const both = { quick: false, topologies: ['dev', 'postgres'] as ('dev' | 'postgres')[] };
    const pg = sizesFor(both, {}, 'postgres');
    expect(pg.checkpoints).toEqual([100, 1000, 10_000]);
    expect(pg.apiUpTo).toBe(1000);
    expect(pg.bulkBudgetS).toBe(600);
    expect(sizesFor(both, {}, 'dev').checkpoints).toEqual([100, DEV_LAST_CHECKPOINT]);
    expect(sizesFor({ quick: false, topologies: ['dev'] }, {}, 'dev').checkpoints.at(-1)).toBe(10_000);
    expect(sizesFor({ ...both, footprintBudgetS: 0 }, {}, 'dev').checkpoints.at(-1)).toBe(10_000);
    expect(pg.latenessRatePerS).toBe(4);
    expect(pg.tuningLoadS).toBe(12);
    expect(sizesFor({ ...both, latenessRatePerS: 2.5 }, {}, 'postgres').latenessRatePerS).toBe(2.5);
    expect(parseOptions(['--lateness-rate', '6']).latenessRatePerS).toBe(6);
    expect(() => parseOptions(['--lateness-rate', '0'])).toThrow(/number > 0/);
    const quick = sizesFor({ quick: true, topologies: ['dev'] }, {}, 'dev');
    expect(quick.bulkBudgetS).toBe(0);
    expect(quick.apiUpTo).toBeLessThan(quick.checkpoints.at(-1)!);
    expect(
      sizesFor({ quick: true, topologies: ['dev'] }, { JEEVAN_BENCH_SIZES: '{"latencyPairs":3}' }).latencyPairs,
    ).toBe(3);
  });

  it('keeps bulk cases quiet and makes the lateness cases escalate once, on time', () => {
    const { quiet, escalating } = policies({ latenessDueS: 15 });
    expect(quiet.ladders.locate.rungs[0].afterMs).toBe(100 * 60_000);
    expect(escalating.ladders.locate.rungs).toEqual([{ afterMs: 15_000, notify: ['smc_supervisor'] }]);
    expect(escalating.ladders.locate.repeat.everyMs).toBeGreaterThan(60 * 60_000 - 1);
  });
});

const cpu: CpuSplit = {
  seconds: 10,
  byProgram: { api: 40, worker: 95.5, temporal: 60 },
  other: 12,
  machineBusyPct: 97,
  cores: 2,
  busiest: 'worker',
};

function run(topology: 'dev' | 'postgres', stepRatio: number): TopologyRun {
  return {
    topology,
    description: `${topology} topology`,
    versions: { 'Temporal server': '1.29.1' },
    settings: { WORKER_MAX_CACHED_WORKFLOWS: 1000 },
    startedAt: '2026-01-01T00:00:00.000Z',
    seconds: 300,
    sections: [
      {
        key: 'step',
        title: '2. Step latency',
        what: 'A step against a bare Update.',
        rows: [
          { label: 'step p50 (ms)', jeevan: 40, baseline: 40 / stepRatio, ratio: stepRatio, headline: true },
          { label: 'steps (failed)', jeevan: '200 (0)', baseline: '200 (0)' },
        ],
        cpu,
        bottleneck: busiestLine(cpu),
        notes: ['a note'],
      },
      {
        key: 'footprint',
        title: '5. Footprint',
        what: 'Open cases.',
        rows: [
          {
            label: 'open cases reached (measured, not extrapolated)',
            jeevan: topology === 'dev' ? 1000 : 10_000,
            headline: true,
          },
          ...(topology === 'postgres'
            ? [{ label: "bulk opening in the bench's process (cases/s)", jeevan: 30.8, headline: true }]
            : []),
        ],
        bottleneck: 'temporal',
        notes: [],
      },
      {
        key: 'capacity',
        title: '6. Capacity',
        what: 'Open loop.',
        rows: [
          { label: 'capacity (alerts/s, highest step passed)', jeevan: 40, baseline: 160, ratio: 0.25, headline: true },
        ],
        bottleneck: 'Limit: at 80/s intake p99 reached 2000 ms.',
        notes: [],
      },
      ...(topology === 'postgres'
        ? [
            {
              key: 'tuning' as const,
              title: '7. Tuning',
              what: 'Worker settings.',
              rows: [
                {
                  label: 'sustained rate, small / defaults / large worker (alerts/s)',
                  jeevan: '20 / 30 / 31',
                  headline: true,
                },
              ],
              table: { head: ['worker', 'sustained'], rows: [['small', 20.25]] },
              bottleneck: 'Limit: CPU.',
              notes: [],
            },
          ]
        : []),
    ],
  };
}

describe('bench report', () => {
  const report: BenchReport = {
    tool: 'jeevan-bench',
    mode: 'full',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:12:00.000Z',
    totalSeconds: 720,
    machine: { cores: 2, cpuModel: 'Test CPU', memoryGb: 8, os: 'Linux', node: '20.0.0' },
    load: { start: '1.00 1.00 1.00', end: '2.00 1.50 1.00' },
    versions: { jeevan: '0.1.0' },
    mission: missionPeak(),
    runs: [run('dev', 3.5), run('postgres', 2.25)],
    conclusions: [],
  };

  it('names the busiest program and says when the cores are saturated', () => {
    expect(busiestLine(cpu)).toBe(
      'worker (top CPU, % of one core: worker 95.5%, temporal 60%, api 40%; both cores saturated (97% busy); other work on the machine 12%)',
    );
    expect(busiestLine({ ...cpu, machineBusyPct: 40, other: 0 })).toContain('machine 40% busy');
    expect(busiestLine({ ...cpu, other: 150 })).toMatch(
      /^the shared machine: other work took 150% of a core .*; of the system under test, worker led/,
    );
  });

  it('formats numbers by size and integers as they are', () => {
    expect(fmt(0)).toBe('0');
    expect(fmt(4.56789)).toBe('4.57');
    expect(fmt(31.4159)).toBe('31.4');
    expect(fmt(314.159)).toBe('314');
    expect(fmt(null)).toBe('–');
    expect(fmt('7 (0)')).toBe('7 (0)');
  });

  it('renders one summary with both topologies side by side, then each topology in full', () => {
    report.conclusions = conclusions(report);
    const md = renderMarkdown(report);
    expect(md).toContain('# Jeevan benchmarks (full run)');
    expect(md).toContain(
      '| scenario | measure | dev: Jeevan | dev: baseline | dev: ratio | postgres: Jeevan | postgres: baseline | postgres: ratio |',
    );
    expect(md).toContain('| 2. Step latency | step p50 (ms) | 40 | 11.4 | **3.50×** | 40 | 17.8 | **2.25×** |');
    expect(md).toContain('| 6. Capacity | capacity (alerts/s, highest step passed) | 40 | 160 | **0.25×** |');
    // A headline row only one topology has stays with its scenario, not after the last one.
    const summary = md.split('### Bottlenecks')[0];
    expect(summary).toContain(
      "| 5. Footprint | bulk opening in the bench's process (cases/s) | – | – | – | 30.8 | – | – |",
    );
    expect(summary.indexOf("bulk opening in the bench's process")).toBeLessThan(summary.indexOf('| 6. Capacity |'));
    expect(summary.indexOf('| 5. Footprint | open cases reached')).toBeLessThan(
      summary.indexOf("bulk opening in the bench's process"),
    );
    expect(md).toContain('## Topology `dev`');
    expect(md).toContain('## Topology `postgres`');
    expect(md).toContain('**Bottleneck:** worker (top CPU');
    expect(md).toContain('| 40% | 95.5% | 60% | 12% | 97% of 2 cores |');
    expect(md).toContain('**1 alerts/s**');
    expect(md).toContain('Load average (1, 5, 15 min) at start: 1.00 1.00 1.00; at end: 2.00 1.50 1.00');
    expect(md).toContain('- `postgres` capacity: Limit: at 80/s intake p99 reached 2000 ms.');
    // The headline rows only: a non-headline row stays in its section.
    expect(md.split('## The mission peak')[0]).not.toContain('steps (failed)');
  });

  it("renders a section's own table and keeps a postgres-only scenario last in the summary", () => {
    const md = renderMarkdown(report);
    expect(md).toContain('| worker | sustained |\n| --- | ---: |\n| small | 20.3 |');
    const summary = md.split('### Bottlenecks')[0];
    expect(summary).toContain(
      '| 7. Tuning | sustained rate, small / defaults / large worker (alerts/s) | – | – | – | 20 / 30 / 31 | – | – |',
    );
    expect(summary.indexOf('| 6. Capacity |')).toBeLessThan(summary.indexOf('| 7. Tuning |'));
  });

  it('reports a failed topology instead of its numbers', () => {
    const failed: BenchReport = {
      ...report,
      runs: [{ ...run('postgres', 1), sections: [], error: 'Temporal did not start\n  at …' }],
    };
    failed.conclusions = conclusions(failed);
    const md = renderMarkdown(failed);
    expect(md).toContain("**This topology's run failed:** Temporal did not start");
    expect(failed.conclusions[0]).toBe('`postgres`: the run failed (Temporal did not start).');
  });
});

describe('the tuning verdict', () => {
  const defaults = { maxCachedWorkflows: 1000, maxConcurrentWorkflowTasks: 40, maxConcurrentActivities: 100 };
  const trial = (name: TuningTrial['name'], rate: number, cpuOf: Partial<CpuSplit> = {}): TuningTrial => ({
    name,
    tuning: name === 'small' ? SMALL : name === 'large' ? LARGE : defaults,
    startS: 3.2,
    createS: 0.4,
    rate,
    intakeP50: 400,
    stepP50: name === 'small' ? 90 : 50,
    ok: 300,
    failed: 0,
    workerRssMb: name === 'large' ? 400 : 300,
    cpu: { ...cpu, ...cpuOf },
  });
  const starts = { prebuilt: { startS: 3.2, createS: 0.4 }, atStart: { startS: 14.5, createS: 11.6 } };

  it('says slots matter when the small worker is slower, and CPU is the limit when the large one is no faster', () => {
    const v = tuningVerdict([trial('small', 20), trial('defaults', 30), trial('large', 31)], starts);
    expect(v.limit).toContain('sustained 20/s, 33% less than the defaults');
    expect(v.limit).toContain('slots matter below the defaults, somewhere between 4 and 40 workflow tasks');
    expect(v.limit).toContain(
      'the large worker (cache 5,000, 200 workflow tasks, 400 activities) was no faster: 31/s against 30/s',
    );
    expect(v.limit).toContain(
      'The limit is CPU: with the defaults the two cores were saturated (97% busy) and the worker itself used only 95.5% of a core',
    );
    expect(v.limit).toContain(
      "the small worker's steps were slower most likely because its cache (100) had evicted the cases stepped (the first of the 300 it opened)",
    );
    expect(tuningVerdict([trial('defaults', 30), trial('large', 20, { machineBusyPct: 70 })], starts).limit).toContain(
      'was no faster: 20/s against 30/s (33% slower), step p50 50 against 50 ms, the machine 70% busy against 97%',
    );
    expect(v.kept).toMatch(
      /^the defaults \(cache 1,000, 40 workflow tasks, 100 activities, prebuilt bundle\): the large worker gains nothing/,
    );
    expect(v.kept).toContain('and the small one is slower');
    expect(v.bundle).toContain('polls 3.2 s after spawn with the prebuilt bundle against 14.5 s bundling at start');
    expect(v.bundle).toContain('back 11.3 s sooner');
  });

  it('says so when the small worker keeps pace, the large one is faster, or the machine is not saturated', () => {
    const faster = tuningVerdict([trial('small', 29), trial('defaults', 30), trial('large', 40)], starts);
    expect(faster.limit).toContain('kept pace');
    expect(faster.limit).toContain('was 33% faster');
    expect(faster.kept).toContain('a case for raising the defaults');
    expect(tuningVerdict([trial('defaults', 30, { machineBusyPct: 86 }), trial('large', 30)], starts).limit).toContain(
      'close to saturated (86% busy)',
    );
    const idle = tuningVerdict([trial('defaults', 30, { machineBusyPct: 60 }), trial('large', 30)], undefined);
    expect(idle.limit).toContain("The limit is not the worker's slots: with the defaults the machine was 60% busy");
    expect(idle.bundle).toBe('not measured');
    expect(tuningVerdict([trial('small', 20)], starts).limit).toMatch(/not measured/);
  });

  it('tabulates each setting against the defaults', () => {
    const t = tuningTable([trial('small', 15), trial('defaults', 30)], 16);
    expect(t.head[2]).toBe('sustained (alerts/s, 16 in flight, until projected)');
    expect(t.rows[0].slice(0, 4)).toEqual(['small', '100 / 4 / 10', 15, '0.50×']);
    expect(t.rows[1][3]).toBe('1.00×');
    expect(t.rows[1].at(-1)).toBe('3.2');
  });
});
