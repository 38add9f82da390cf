// The report's conclusions, written from its own numbers (pure).
import { type BenchReport, fmt, type Row, type TopologyRun } from './report.js';

const row = (run: TopologyRun, key: string, label: string): Row | undefined =>
  run.sections.find((s) => s.key === key)?.rows.find((r) => r.label.startsWith(label));

const x = (r: Row | undefined) => (r?.ratio === null || r?.ratio === undefined ? '–' : `${r.ratio.toFixed(2)}×`);

export function conclusions(report: BenchReport): string[] {
  const out: string[] = [];
  for (const run of report.runs) {
    if (run.error) {
      out.push(`\`${run.topology}\`: the run failed (${run.error.split('\n')[0]}).`);
      continue;
    }
    const cap = row(run, 'capacity', 'capacity (alerts/s');
    const capMission = row(run, 'capacity', 'capacity / mission');
    const missed = row(run, 'lateness', 'missed');
    const capSection = run.sections.find((s) => s.key === 'capacity');
    out.push(
      `\`${run.topology}\`: intake p50 ${fmt(row(run, 'intake', 'intake p50')?.jeevan)} ms (${x(row(run, 'intake', 'intake p50'))} the bare floor), ` +
        `sustained ${fmt(row(run, 'intake', 'sustained')?.jeevan)} alerts/s (${x(row(run, 'intake', 'sustained'))} the bare rate); ` +
        `step p50 ${fmt(row(run, 'step', 'step p50')?.jeevan)} ms (${x(row(run, 'step', 'step p50'))} a bare Update); ` +
        `escalation lateness p99 ${fmt(row(run, 'lateness', 'lateness p99')?.jeevan)} ms (${x(row(run, 'lateness', 'lateness p99'))} a bare timer), ${fmt(missed?.jeevan)} missed; ` +
        `case list p99 ${fmt(row(run, 'reading', 'case list p99')?.jeevan)} ms (${x(row(run, 'reading', 'case list p99'))} a bare route); ` +
        `capacity ${fmt(cap?.jeevan)} alerts/s, ${fmt(capMission?.jeevan)}× the mission peak of ${report.mission.peakPerSecond}/s.`,
    );
    if (capSection) out.push(`\`${run.topology}\` capacity: ${capSection.bottleneck}`);
  }
  return out;
}
