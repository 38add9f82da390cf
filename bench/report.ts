// The bench's report: one JSON document and its Markdown rendering. Each scenario is a
// section of rows (Jeevan, baseline, ratio), the CPU split while it ran and the bottleneck
// it names. Pure except writeReport, so the rendering is unit-tested.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CpuSplit } from './cpu.js';
import type { MissionPeak } from './mission.js';
import { type PreviousRun, previousTable } from './previous.js';

export type Cell = number | string | null;

export interface Row {
  label: string;
  jeevan: Cell;
  baseline?: Cell;
  /** Jeevan / baseline. */
  ratio?: number | null;
  /** Shown in the summary table at the top. */
  headline?: boolean;
}

export interface Section {
  key: 'intake' | 'step' | 'lateness' | 'reading' | 'footprint' | 'capacity' | 'tuning' | 'shift';
  title: string;
  /** What is measured, and what the baseline is. */
  what: string;
  rows: Row[];
  /** A table of its own after the rows (the tuning scenario's settings side by side). */
  table?: { head: string[]; rows: Cell[][] };
  cpu?: CpuSplit;
  bottleneck: string;
  notes: string[];
  data?: unknown;
}

export interface TopologyRun {
  topology: 'dev' | 'postgres';
  description: string;
  versions: Record<string, string>;
  settings: Record<string, string | number | boolean>;
  startedAt: string;
  seconds: number;
  sections: Section[];
  error?: string;
}

export interface BenchReport {
  tool: 'jeevan-bench';
  mode: 'full' | 'quick';
  startedAt: string;
  finishedAt: string;
  totalSeconds: number;
  machine: { cores: number; cpuModel: string; memoryGb: number; os: string; node: string };
  /** /proc/loadavg at the start and the end: how busy the shared machine was. */
  load: { start: string; end: string };
  versions: Record<string, string>;
  mission: MissionPeak;
  runs: TopologyRun[];
  conclusions: string[];
  /** The previous reference run (docs/benchmarks.json when this run started), for the side-by-side table. */
  previous?: PreviousRun;
}

/** "worker: 93% of a core (machine 98% busy)": the busiest program while the scenario ran. */
export function busiestLine(cpu: CpuSplit): string {
  const top = Object.entries(cpu.byProgram)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, pct]) => `${name} ${pct}%`)
    .join(', ');
  const saturated =
    cpu.machineBusyPct >= 90
      ? `; both cores saturated (${cpu.machineBusyPct}% busy)`
      : `; machine ${cpu.machineBusyPct}% busy`;
  const busiest = cpu.byProgram[cpu.busiest] ?? 0;
  // On a shared machine other people's work can outweigh the system under test: say so first.
  if (cpu.other > busiest && cpu.machineBusyPct >= 90)
    return `the shared machine: other work took ${cpu.other}% of a core while both cores were saturated (${cpu.machineBusyPct}% busy); of the system under test, ${cpu.busiest} led (${top})`;
  return `${cpu.busiest} (top CPU, % of one core: ${top}${saturated}${cpu.other >= 10 ? `; other work on the machine ${cpu.other}%` : ''})`;
}

export const fmt = (v: Cell | undefined, unit = ''): string => {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return `${v}${unit}`;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(digits)}${unit}`;
};

const ratioText = (r: number | null | undefined) => (r === null || r === undefined ? '–' : `**${r.toFixed(2)}×**`);

function cpuTable(cpu: CpuSplit): string {
  const names = Object.keys(cpu.byProgram);
  return [
    `| ${names.join(' | ')} | other | machine busy |`,
    `| ${names.map(() => '---:').join(' | ')} | ---: | ---: |`,
    `| ${names.map((n) => `${cpu.byProgram[n]}%`).join(' | ')} | ${cpu.other}% | ${cpu.machineBusyPct}% of ${cpu.cores} cores |`,
  ].join('\n');
}

function extraTable(t: { head: string[]; rows: Cell[][] }): string {
  return [
    `| ${t.head.join(' | ')} |`,
    `| --- | ${t.head
      .slice(1)
      .map(() => '---:')
      .join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map((c) => fmt(c)).join(' | ')} |`),
  ].join('\n');
}

function sectionMarkdown(s: Section): string {
  const lines = [
    `#### ${s.title}`,
    '',
    s.what,
    '',
    '| measure | Jeevan | baseline | ratio |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const r of s.rows) lines.push(`| ${r.label} | ${fmt(r.jeevan)} | ${fmt(r.baseline)} | ${ratioText(r.ratio)} |`);
  if (s.table) lines.push('', extraTable(s.table));
  lines.push('', `**Bottleneck:** ${s.bottleneck}`);
  if (s.cpu) lines.push('', `CPU while it ran (${s.cpu.seconds} s, % of one core):`, '', cpuTable(s.cpu));
  if (s.notes.length) lines.push('', ...s.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

/** The summary: every headline row, one column pair per topology. */
function summaryTable(runs: TopologyRun[]): string {
  const head = `| scenario | measure | ${runs.map((r) => `${r.topology}: Jeevan | ${r.topology}: baseline | ${r.topology}: ratio`).join(' | ')} |`;
  const sep = `| --- | --- | ${runs.map(() => '---: | ---: | ---:').join(' | ')} |`;
  // Scenario by scenario (in the order the runs list them), then each scenario's headline rows in
  // the order first seen: a row only one topology has stays with its scenario's other rows.
  const sectionKeys = [...new Set(runs.flatMap((r) => r.sections.map((s) => s.key)))];
  const keys: string[] = [];
  for (const key of sectionKeys)
    for (const run of runs)
      for (const r of run.sections.find((s) => s.key === key)?.rows ?? [])
        if (r.headline && !keys.includes(`${key}\u0000${r.label}`)) keys.push(`${key}\u0000${r.label}`);
  const rows = keys.map((k) => {
    const [key, label] = k.split('\u0000');
    const title = runs.flatMap((r) => r.sections).find((s) => s.key === key)?.title ?? key;
    const cells = runs.map((run) => {
      const row = run.sections.find((s) => s.key === key)?.rows.find((r) => r.label === label);
      return `${fmt(row?.jeevan)} | ${fmt(row?.baseline)} | ${ratioText(row?.ratio)}`;
    });
    return `| ${title} | ${label} | ${cells.join(' | ')} |`;
  });
  return [head, sep, ...rows].join('\n');
}

function bottleneckTable(runs: TopologyRun[]): string {
  const keys = [...new Set(runs.flatMap((r) => r.sections.map((s) => s.key)))];
  const lines = [
    `| scenario | ${runs.map((r) => r.topology).join(' | ')} |`,
    `| --- | ${runs.map(() => '---').join(' | ')} |`,
  ];
  for (const key of keys) {
    const title = runs.flatMap((r) => r.sections).find((s) => s.key === key)?.title ?? key;
    lines.push(
      `| ${title} | ${runs.map((r) => r.sections.find((s) => s.key === key)?.bottleneck ?? '–').join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

export function renderMarkdown(report: BenchReport): string {
  const m = report.mission;
  const out = [
    `# Jeevan benchmarks (${report.mode} run)`,
    '',
    `Run ${report.startedAt} → ${report.finishedAt}, **${Math.round(report.totalSeconds)} s** wall clock, \`npm run bench${report.mode === 'quick' ? ' -- --quick' : ''}\`.`,
    `Machine: ${report.machine.cores} cores (${report.machine.cpuModel}), ${report.machine.memoryGb} GB, ${report.machine.os}, Node ${report.machine.node}.`,
    `Load average (1, 5, 15 min) at start: ${report.load.start}; at end: ${report.load.end}. The machine is shared: absolute times move with its load,`,
    'so Jeevan and each baseline were measured alternately in the same run on the same servers, and **the ratios (Jeevan / baseline) are the result**.',
    '',
    `Versions: ${Object.entries(report.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    '## Summary',
    '',
    summaryTable(report.runs),
    '',
    'Latencies in ms, rates per second, sizes as labelled. A ratio above 1 means Jeevan takes longer (or, for rates, does more) than the bare baseline.',
    '',
    '### Bottlenecks',
    '',
    bottleneckTable(report.runs),
    '',
    '### Conclusions',
    '',
    ...report.conclusions.map((c) => `- ${c}`),
    ...(report.previous
      ? [
          '',
          `### Against the previous reference run (${report.previous.startedAt})`,
          '',
          previousTable(report, report.previous),
        ]
      : []),
    '',
    '## The mission peak',
    '',
    `- Uttar Pradesh: ${m.upAlerts} alerts in 18 months (${m.upPeriodDays} days) = ${m.upPerDay} a day.`,
    `- All of India (${m.indiaPopulationM} M people against UP's ${m.upPopulationM} M): ${m.indiaPerDay} a day.`,
    `- ×${m.growthHeadroom} headroom (more platforms and senders, per-capita rates above UP's, growth): ${m.designPerDay} a day.`,
    `- Burst: a whole design day's alerts arriving back to back within ${m.burstWindowS} s (a relay's backlog released after an outage), a burst factor of ${m.burstFactor} over the daily mean: **${m.peakPerSecond} alerts/s**.`,
    `- Open at once: ${m.designPerDay} a day × ${m.openCasesDays} days a case stays open (welfare checks run a week) ≈ **${m.designOpenCases} open cases**.`,
  ];
  for (const run of report.runs) {
    out.push('', `## Topology \`${run.topology}\`: ${run.description}`, '');
    out.push(`Started ${run.startedAt}, ${Math.round(run.seconds)} s.`);
    out.push(
      '',
      `Versions: ${Object.entries(run.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}.`,
    );
    out.push(
      '',
      `Settings: ${Object.entries(run.settings)
        .map(([k, v]) => `\`${k}\`=${v}`)
        .join(', ')}.`,
    );
    if (run.error) out.push('', `**This topology's run failed:** ${run.error}`);
    for (const s of run.sections) out.push('', sectionMarkdown(s));
  }
  return `${out.join('\n')}\n`;
}

/** bench/results/<timestamp>.{json,md} and latest.{json,md}; with `publish`, also docs/benchmarks.{json,md}. */
export function writeReport(
  report: BenchReport,
  opts: { resultsDir: string; docsDir?: string },
): { json: string; md: string } {
  mkdirSync(opts.resultsDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const json = join(opts.resultsDir, `${stamp}.json`);
  const md = join(opts.resultsDir, `${stamp}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, renderMarkdown(report));
  copyFileSync(json, join(opts.resultsDir, 'latest.json'));
  copyFileSync(md, join(opts.resultsDir, 'latest.md'));
  if (opts.docsDir) {
    copyFileSync(json, join(opts.docsDir, 'benchmarks.json'));
    copyFileSync(md, join(opts.docsDir, 'benchmarks.md'));
  }
  return { json, md };
}
