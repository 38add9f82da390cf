// The headline rows of the previous reference run (docs/benchmarks.json) side by side with
// this run's: what changed, in absolute numbers and ratios (pure except readPrevious).
import { existsSync, readFileSync } from 'node:fs';

type Cell = number | string | null | undefined;
interface RunRows {
  topology: string;
  sections: {
    key: string;
    title: string;
    rows: { label: string; jeevan: Cell; baseline?: Cell; ratio?: number | null; headline?: boolean }[];
  }[];
}

export interface PreviousRun {
  startedAt: string;
  runs: RunRows[];
}

const fmt = (v: Cell): string => {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'string' || Number.isInteger(v)) return String(v);
  return v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2);
};

export function readPrevious(file: string): PreviousRun | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as PreviousRun;
    return { startedAt: report.startedAt, runs: report.runs };
  } catch {
    return undefined;
  }
}

const x = (r: number | null | undefined) => (r === null || r === undefined ? '–' : `${r.toFixed(2)}×`);

/** One table: every headline row of this run, with the previous run's row of the same label (or –). */
export function previousTable(report: { runs: RunRows[] }, previous: PreviousRun): string {
  const lines = [
    '| topology | scenario | measure | before: Jeevan | before: ratio | now: Jeevan | now: baseline | now: ratio |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const run of report.runs) {
    const before = previous.runs.find((r) => r.topology === run.topology);
    for (const s of run.sections) {
      for (const row of s.rows.filter((r) => r.headline)) {
        const old = before?.sections.find((b) => b.key === s.key)?.rows.find((r) => r.label === row.label);
        lines.push(
          `| ${run.topology} | ${s.title} | ${row.label} | ${fmt(old?.jeevan)} | ${x(old?.ratio)} | ${fmt(row.jeevan)} | ${fmt(row.baseline)} | ${x(row.ratio)} |`,
        );
      }
    }
  }
  return lines.join('\n');
}
