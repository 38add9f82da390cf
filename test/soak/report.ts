// The soak's report: one JSON file with everything, and the Markdown docs/reliability.md
// publishes (per topology, per fault kind).
import { BOUND_TEXT, type SoakFindings } from './checks.js';
import { FAULT_DESCRIPTIONS, FAULT_KINDS, type Injection } from './faults.js';

export interface TopologyResult {
  topology: 'dev' | 'postgres';
  seconds: number;
  faultSeconds: number;
  injections: Injection[];
  findings: SoakFindings;
  passed: boolean;
}

export interface SoakReport {
  command: string;
  seed: number;
  injectionsPerKind: number;
  /** Seconds between two faults of one part (the range drawn from). */
  gapSeconds: [number, number];
  startedAt: string;
  machine: string;
  bound: string;
  topologies: TopologyResult[];
  passed: boolean;
}

const s = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

export function markdown(report: SoakReport): string {
  const out: string[] = [];
  out.push(`Command: \`${report.command}\``, '');
  out.push(
    `Seed ${report.seed}, ${report.injectionsPerKind} injections of each kind per topology, ${report.gapSeconds[0]}–${report.gapSeconds[1]} s apart within each part, started ${report.startedAt} on ${report.machine}.`,
    '',
  );
  out.push(`Result: **${report.passed ? 'every invariant held' : 'INVARIANTS BROKEN'}**.`, '');
  out.push(`Delay bound: ${report.bound}.`, '');
  for (const t of report.topologies) {
    const f = t.findings;
    const name = t.topology === 'dev' ? 'dev server (SQLite)' : 'Temporal server on PostgreSQL';
    out.push(`### Topology: ${name}`, '');
    out.push(
      `${t.seconds} s in all, ${t.faultSeconds} s of faults. ` +
        `${f.alerts.sent} alerts (${f.alerts.http} over HTTP, ${f.alerts.smtp} by e-mail), ${f.alerts.accepted} accepted, ${f.alerts.retried} needed a retry; ` +
        `${f.steps.taken} steps, ${f.steps.done} done, ${f.steps.retried} retried; ${f.cases} cases; ${f.escalations} escalations fired; ` +
        `${f.mails} e-mails at the relay, ${f.resends} of them resends (same Message-ID).`,
      '',
    );
    out.push(
      `Cases lost ${f.casesLost}, duplicated ${f.duplicateCases}; steps answered 200 missing ${f.stepsMissing}, steps applied twice ${f.stepsTwice}; ` +
        `escalations late beyond the bound ${f.lateBeyondBound}; reconcile: ${f.reconcile.findings} difference(s) over ${f.reconcile.checked} cases; ` +
        `audit chain: ${f.auditChain.rows} rows, ${f.auditChain.ok ? 'verifies' : 'BROKEN'}. ` +
        `Escalation e-mail delay after due: median ${s(f.delayMs.p50)}, p99 ${s(f.delayMs.p99)}, max ${s(f.delayMs.max)}.`,
      '',
    );
    out.push(`Alert answers: ${fmt(f.alerts.answers)}. Step answers: ${fmt(f.steps.answers)}.`, '');
    out.push(
      '| fault | injections | alerts in flight (sum / max) | steps in flight (sum / max) | cases lost | duplicates | resends | late beyond bound | worst delay | why |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const k of [...FAULT_KINDS, 'none'] as const) {
      const r = f.perKind[k];
      out.push(
        `| ${k === 'none' ? 'no fault near' : k} | ${r.injections} | ${r.alertsInFlight.total} / ${r.alertsInFlight.max} | ${r.stepsInFlight.total} / ${r.stepsInFlight.max} | ` +
          `${r.casesLost} | ${r.duplicates} | ${r.resends} | ${r.lateBeyondBound} | ${s(r.worstDelayMs)} | ${short(r.worstWhy ?? '').replaceAll('|', '/')} |`,
      );
    }
    out.push('');
    if (f.worst)
      out.push(
        `Worst escalation delay: ${s(f.worst.delayMs)}, case ${f.worst.caseId} level ${f.worst.level} due ${f.worst.dueAt}: ${f.worst.why}.`,
        '',
      );
    if (f.problems.length > 0) {
      out.push(`Problems (${f.problems.length}):`, '');
      for (const p of f.problems.slice(0, 30)) out.push(`- ${p.replaceAll('\n', ' / ')}`);
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

/** A "why" cut to the first few faults it names (report.json keeps all of them). */
function short(why: string, keep = 4): string {
  const cut = why.indexOf(': ');
  const head = cut >= 0 ? why.slice(0, cut + 2) : '';
  const faults = (cut >= 0 ? why.slice(cut + 2) : why).split(/, (?=[a-z]+-[a-z]+)/);
  return faults.length <= keep
    ? why
    : `${head}${faults.slice(0, keep).join(', ')} and ${faults.length - keep} more faults`;
}

const fmt = (answers: Record<string, number>) =>
  Object.entries(answers)
    .sort()
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');

export const FAULTS_TABLE = FAULT_KINDS.map((k) => `| ${k} | ${FAULT_DESCRIPTIONS[k]} |`).join('\n');
export { BOUND_TEXT };
