// After the soak: the fault suite's invariant check (test/faults/invariants.ts) and the
// soak's own, over everything the load did and everything the faults hit:
//  - every alert answered 2xx is exactly one alert row and one case (and, by the invariant
//    check, one workflow);
//  - every escalation that fell due was sent: each of its e-mails received once, or twice
//    with the same Message-ID (a resend, counted and put down to the faults around it);
//  - no step answered 200 is missing from its case's timeline; no step is there twice
//    (a step answered 503 and retried took effect at most once);
//  - the reconciler (lib/temporal/reconcile.ts) finds nothing between Temporal and PostgreSQL;
//  - the audit chain verifies (lib/stores/audit-chain.ts);
//  - every escalation's e-mail reached the relay within the bound after it was due.

import { readKeyring } from '../../config/index.js';
import type { CaseState } from '../../contract/case.js';
import { createFieldCrypto } from '../../lib/crypto/field-crypto.js';
import { verifyAuditChain } from '../../lib/stores/audit-chain.js';
import { reconcile } from '../../lib/temporal/reconcile.js';
import type { Stack } from '../faults/harness.js';
import { checkInvariants } from '../faults/invariants.js';
import type { InvariantReport } from '../faults/report.js';
import { FAULT_KINDS, type FaultKind, type Injection } from './faults.js';
import { type Load, timelineKey } from './load.js';

/**
 * An escalation's e-mail reaches the relay at most this long after it was due, beyond the time faults held the system
 * down around that moment.
 */
export const DELAY_BOUND_MS = 120_000;
export const BOUND_TEXT =
  'an escalation’s e-mail reaches the relay at most 120 s after the later of its due time and the end of the faults under way at that time ' +
  '(overlapping faults merged): the mail activity retries at most 60 s apart, an SMTP attempt times out after 20 s, and an activity on a killed worker is retried after its 45 s start-to-close timeout';

/** How long after a fault something that goes wrong is put down to it. */
const BLAME_AFTER_MS = 30_000;

export interface KindFindings {
  injections: number;
  alertsInFlight: { total: number; max: number };
  stepsInFlight: { total: number; max: number };
  casesLost: number;
  duplicates: number;
  resends: number;
  lateBeyondBound: number;
  worstDelayMs?: number;
  worstWhy?: string;
}

export interface SoakFindings {
  /** Everything that must be zero; each a sentence. */
  problems: string[];
  invariants?: InvariantReport;
  alerts: {
    sent: number;
    http: number;
    smtp: number;
    accepted: number;
    retried: number;
    answers: Record<string, number>;
  };
  steps: { taken: number; done: number; retried: number; answers: Record<string, number> };
  cases: number;
  casesLost: number;
  duplicateCases: number;
  stepsMissing: number;
  stepsTwice: number;
  escalations: number;
  mails: number;
  resends: number;
  lateBeyondBound: number;
  delayMs: { p50: number; p99: number; max: number };
  worst?: { caseId: string; level: number; dueAt: string; delayMs: number; why: string };
  reconcile: { checked: number; findings: number };
  auditChain: { rows: number; ok: boolean };
  perKind: Record<FaultKind | 'none', KindFindings>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Until nothing moves: outbox drained, no delivery still pending, no new e-mail for 10 s (the ladders have run out).
 */
async function quiet(stack: Stack, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + 300_000;
  let mails = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    await sleep(2000);
    try {
      const { rows } = await stack.db.pool.query<{ o: number; d: number }>(
        `SELECT (SELECT count(*)::int FROM outbox WHERE done_at IS NULL) AS o, (SELECT count(*)::int FROM deliveries WHERE status <> 'sent') AS d`,
      );
      if (stack.mail.messages.length !== mails || rows[0].o > 0 || rows[0].d > 0) {
        mails = stack.mail.messages.length;
        stableSince = Date.now();
        continue;
      }
      if (Date.now() - stableSince >= 10_000) return;
    } catch {
      stableSince = Date.now();
    }
  }
  log('still not quiet after 300 s; checking anyway');
}

const mailKey = (m: { headers: Record<string, string>; envelopeTo: string[] }) =>
  `${m.headers['x-jeevan-case']}|${m.headers['x-jeevan-step']}|${m.headers['x-jeevan-level']}|${m.envelopeTo.join(',')}`;

export async function checkSoak(
  stack: Stack,
  load: Load,
  injections: Injection[],
  log: (line: string) => void,
): Promise<SoakFindings> {
  const problems: string[] = [];
  log('waiting for the system to settle');
  await quiet(stack, log);

  // Mails received twice (same Message-ID is checked by the invariant check): allowed once, counted.
  const copies = new Map<string, { at: number; messageId: string }[]>();
  for (const m of stack.mail.messages)
    copies.set(mailKey(m), [...(copies.get(mailKey(m)) ?? []), { at: m.receivedAt.getTime(), messageId: m.messageId }]);
  const resent = [...copies].filter(([, c]) => c.length > 1);

  const accepted = load.alerts.filter((a) => a.acceptedAt);
  log(`invariant check over ${accepted.length} accepted alerts`);
  let invariants: InvariantReport | undefined;
  try {
    invariants = await checkInvariants(stack, {
      accepted: accepted.map((a) => a.ref),
      crashWindow: resent.map(([k]) => k),
      timeoutMs: 240_000,
    });
  } catch (error) {
    problems.push(`invariant check: ${error instanceof Error ? error.message : String(error)}`);
  }

  const kinds = [...FAULT_KINDS, 'none'] as const;
  const perKind = Object.fromEntries(
    kinds.map((k) => {
      const of = injections.filter((i) => i.kind === k);
      return [
        k,
        {
          injections: of.length,
          alertsInFlight: {
            total: of.reduce((n, i) => n + i.alertsInFlight, 0),
            max: Math.max(0, ...of.map((i) => i.alertsInFlight)),
          },
          stepsInFlight: {
            total: of.reduce((n, i) => n + i.stepsInFlight, 0),
            max: Math.max(0, ...of.map((i) => i.stepsInFlight)),
          },
          casesLost: 0,
          duplicates: 0,
          resends: 0,
          lateBeyondBound: 0,
        } satisfies KindFindings,
      ];
    }),
  ) as Record<FaultKind | 'none', KindFindings>;
  /** The kinds of fault under way at `t`, or just before it. */
  const around = (from: number, to = from): (FaultKind | 'none')[] => {
    const hit = [
      ...new Set(
        injections.filter((i) => i.at - 2000 <= to && from <= i.recoveredAt + BLAME_AFTER_MS).map((i) => i.kind),
      ),
    ];
    return hit.length > 0 ? hit : ['none'];
  };
  const blame = (
    field: 'casesLost' | 'duplicates' | 'resends' | 'lateBeyondBound',
    kindsHit: (FaultKind | 'none')[],
  ) => {
    for (const k of kindsHit) perKind[k][field] += 1;
  };

  // Alerts: one row and one case each.
  const { rows: alertRows } = await stack.db.pool.query<{ source_ref: string; case_id: string }>(
    'SELECT source_ref, case_id FROM alerts',
  );
  const byRef = new Map<string, string[]>();
  for (const r of alertRows) byRef.set(r.source_ref, [...(byRef.get(r.source_ref) ?? []), r.case_id]);
  const perCase = new Map<string, number>();
  for (const r of alertRows) perCase.set(r.case_id, (perCase.get(r.case_id) ?? 0) + 1);
  let casesLost = 0;
  let duplicateCases = 0;
  for (const a of accepted) {
    const rows = byRef.get(a.ref) ?? [];
    if (rows.length === 0) {
      casesLost += 1;
      blame('casesLost', around(a.firstAt, a.acceptedAt));
      problems.push(`alert ${a.ref} was answered ${a.answers.at(-1)} but is not stored`);
    } else if (rows.length > 1 || new Set(rows).size > 1) {
      duplicateCases += 1;
      blame('duplicates', around(a.firstAt, a.acceptedAt));
      problems.push(`alert ${a.ref} is stored ${rows.length} times`);
    } else if (rows[0] !== a.caseId) {
      problems.push(`alert ${a.ref} was answered with case ${a.caseId} but is stored on ${rows[0]}`);
    } else if ((perCase.get(rows[0]) ?? 0) !== 1) {
      problems.push(`case ${rows[0]} holds ${perCase.get(rows[0])} alerts (each soak alert is its own case)`);
    }
  }
  for (const a of load.alerts.filter((x) => x.refused))
    problems.push(`alert ${a.ref} (${a.via}) was refused for good: ${a.refused}`);
  for (const a of load.alerts.filter((x) => !x.acceptedAt && !x.refused))
    problems.push(`alert ${a.ref} (${a.via}) was never answered 2xx`);
  const { rows: caseRows } = await stack.db.pool.query<{ id: string }>('SELECT id FROM cases');
  if (caseRows.length !== accepted.length)
    problems.push(`${caseRows.length} cases for ${accepted.length} accepted alerts`);

  // Every case's own record: escalations, e-mails, steps.
  const firstMail = new Map<string, number>();
  for (const m of stack.mail.messages) {
    const k = `${m.headers['x-jeevan-case']}|${m.headers['x-jeevan-step']}|${m.headers['x-jeevan-level']}`;
    firstMail.set(k, Math.min(firstMail.get(k) ?? Number.POSITIVE_INFINITY, m.receivedAt.getTime()));
  }
  const windows = mergedWindows(injections);
  const delays: number[] = [];
  let worst: SoakFindings['worst'];
  let escalations = 0;
  let lateBeyondBound = 0;
  let stepsMissing = 0;
  let stepsTwice = 0;
  const stepsOf = new Map<string, typeof load.steps>();
  for (const s of load.steps) stepsOf.set(s.caseId, [...(stepsOf.get(s.caseId) ?? []), s]);
  for (const { id } of caseRows) {
    let state: CaseState;
    try {
      state = await stack.cases.state(id, 10_000);
    } catch (error) {
      problems.push(
        `case ${id}: its workflow did not answer (${error instanceof Error ? error.message : String(error)})`,
      );
      continue;
    }
    for (const e of state.escalation.history) {
      escalations += 1;
      const due = Date.parse(e.dueAt);
      const delivered = firstMail.get(`${id}|escalation:${e.key}|${e.level}`);
      if (delivered === undefined) continue; // reported by the invariant check
      const delay = delivered - due;
      delays.push(delay);
      const excused = Math.max(0, (windows.find((w) => w[0] - 2000 <= due && due <= w[1])?.[1] ?? due) - due);
      const causes = around(due - 45_000, delivered);
      if (delay > excused + DELAY_BOUND_MS) {
        lateBeyondBound += 1;
        blame('lateBeyondBound', causes);
        problems.push(
          `case ${id} escalation level ${e.level} (${e.key}) due ${e.dueAt} reached the relay ${Math.round(delay / 1000)} s late`,
        );
      }
      const why = explain(injections, due - 45_000, delivered, due);
      for (const k of causes) {
        if ((perKind[k].worstDelayMs ?? Number.NEGATIVE_INFINITY) < delay) {
          perKind[k].worstDelayMs = delay;
          perKind[k].worstWhy = `${id} level ${e.level} (${e.wait}): ${why}`;
        }
      }
      if (!worst || worst.delayMs < delay) worst = { caseId: id, level: e.level, dueAt: e.dueAt, delayMs: delay, why };
    }
    const inTimeline = new Map<string, number>();
    for (const t of state.timeline) if (t.by) inTimeline.set(timelineKey(t), (inTimeline.get(timelineKey(t)) ?? 0) + 1);
    for (const s of stepsOf.get(id) ?? []) {
      const n = inTimeline.get(s.key) ?? 0;
      if (s.answers.includes(200) && n === 0) {
        stepsMissing += 1;
        problems.push(`case ${id}: step ${s.key} was answered 200 and is not in the timeline`);
      }
      if (n > 1) {
        stepsTwice += 1;
        blame('duplicates', around(s.firstAt, s.doneAt));
        problems.push(`case ${id}: step ${s.key} (answers ${s.answers.join(', ')}) is in the timeline ${n} times`);
      }
      if (s.unexpected) problems.push(`case ${id}: step ${s.key} ${s.unexpected} (answers ${s.answers.join(', ')})`);
    }
    const walked = new Set((stepsOf.get(id) ?? []).map((s) => s.key));
    for (const [key, n] of inTimeline)
      if (!walked.has(key)) problems.push(`case ${id}: ${n} step(s) ${key} in the timeline that no operator took`);
  }

  let resends = 0;
  for (const [key, c] of resent) {
    resends += c.length - 1;
    if (c.length > 2) problems.push(`e-mail ${key} received ${c.length} times`);
    blame('resends', around(c[0].at, c[1].at));
  }

  const fields = createFieldCrypto(readKeyring({ ENCRYPTION_KEYS: stack.encryptionKeys }));
  const rec = await reconcile({
    db: stack.db.db,
    fields,
    client: stack.client,
    cases: stack.cases,
    taskQueue: stack.taskQueue,
    repair: false,
    since: new Date(0),
  });
  for (const f of rec.findings) problems.push(`reconcile: ${f.caseId} ${f.kind}: ${f.detail}`);
  const chain = await verifyAuditChain(stack.db.db);
  if (!chain.ok) problems.push(`audit chain broken at ${chain.brokenAt?.seq}: ${chain.brokenAt?.reason}`);

  const answers = (list: { answers: (number | string)[] }[]) => {
    const out: Record<string, number> = {};
    for (const x of list) for (const a of x.answers) out[String(a)] = (out[String(a)] ?? 0) + 1;
    return out;
  };
  // A fault is answered 503 with Retry-After (nothing changed, or look before repeating);
  // a 500 means an error the API did not understand, which the client cannot act on.
  for (const [what, list] of [
    ['alert', load.alerts],
    ['step', load.steps],
  ] as const) {
    const internal = list.filter((x) => x.answers.includes(500)).length;
    if (internal > 0) problems.push(`${internal} ${what}(s) answered 500 (internal error) at least once`);
  }
  delays.sort((a, b) => a - b);
  const q = (p: number) => delays[Math.min(delays.length - 1, Math.floor(p * delays.length))] ?? 0;
  return {
    problems,
    invariants,
    alerts: {
      sent: load.alerts.length,
      http: load.alerts.filter((a) => a.via === 'http').length,
      smtp: load.alerts.filter((a) => a.via === 'smtp').length,
      accepted: accepted.length,
      retried: load.alerts.filter((a) => a.answers.length > 1).length,
      answers: answers(load.alerts),
    },
    steps: {
      taken: load.steps.length,
      done: load.steps.filter((s) => s.doneAt).length,
      retried: load.steps.filter((s) => s.answers.length > 1).length,
      answers: answers(load.steps),
    },
    cases: caseRows.length,
    casesLost,
    duplicateCases,
    stepsMissing,
    stepsTwice,
    escalations,
    mails: stack.mail.messages.length,
    resends,
    lateBeyondBound,
    delayMs: { p50: q(0.5), p99: q(0.99), max: delays.at(-1) ?? 0 },
    worst,
    reconcile: { checked: rec.checked, findings: rec.findings.length },
    auditChain: { rows: chain.rows, ok: chain.ok },
    perKind,
  };
}

/** The fault windows [start, recovered], overlapping ones merged. */
function mergedWindows(injections: Injection[]): [number, number][] {
  const sorted = injections.map((i) => [i.at, i.recoveredAt] as [number, number]).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const w of sorted) {
    const last = out.at(-1);
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else out.push([...w]);
  }
  return out;
}

/** The faults between `from` and `to`, as a sentence, times relative to the due time. */
function explain(injections: Injection[], from: number, to: number, due: number): string {
  const hit = injections.filter((i) => i.at <= to && from <= i.recoveredAt);
  if (hit.length === 0) return 'no fault around it: the load alone (two shared cores)';
  const rel = (t: number) => `${t >= due ? '+' : ''}${((t - due) / 1000).toFixed(1)} s`;
  return hit.map((i) => `${i.kind}${i.detail ? ` (${i.detail})` : ''} ${rel(i.at)}…${rel(i.recoveredAt)}`).join(', ');
}
