// 3. Escalation lateness: with many cases open at once, cases whose first escalation is due
// seconds after they open, against bare timer workflows with the same delay. Both are opened
// interleaved at a steady, paced rate (several times the mission's peak, well under the
// machine's capacity), so escalations fall due while later ones are still being opened, as in
// real operation, and the scenario measures escalation, not an overloaded machine. Lateness is
// when the e-mail reached the SMTP server minus when it was due; a case whose e-mail never
// came is missed.
import { performance } from 'node:perf_hooks';
import { type Drained, drainedLine } from '../drain.js';
import type { MissionPeak } from '../mission.js';
import { busiestLine, fmt, type Section } from '../report.js';
import { compare, summarize } from '../stats.js';
import { BOUNDS, type Ctx } from './context.js';

const MISSED_AFTER_MS = 60_000;
/**
 * Paced starts still waiting for their answer beyond this many: the rest are not started (counted as failed), so a
 * stalled system cannot pile up requests.
 */
const MAX_IN_FLIGHT = 64;

interface Paced {
  /** Jeevan's alerts: answered 201 / not; the API's answer times (ms from the scheduled start). */
  ok: number;
  failed: number;
  intakeMs: number[];
  timersOk: number;
  timersFailed: number;
  /** How late the starts left against their schedule (the bench's own pacing), ms. */
  startLagMaxMs: number;
  seconds: number;
}

/**
 * `count` escalating alerts through the API and `count` bare timer starts, alternating (each
 * pair led by one or the other in turn), `ratePerS` starts a second in all, none after `deadline`.
 */
async function paced(
  ctx: Ctx,
  count: number,
  ratePerS: number,
  delayMs: number,
  timerDue: Map<string, number>,
  deadline: number,
): Promise<Paced> {
  const { drive } = ctx;
  const out: Paced = { ok: 0, failed: 0, intakeMs: [], timersOk: 0, timersFailed: 0, startLagMaxMs: 0, seconds: 0 };
  const started = performance.now();
  const running: Promise<void>[] = [];
  let inFlight = 0;
  for (let k = 0; k < count * 2; k++) {
    const at = started + (k * 1000) / ratePerS;
    const wait = at - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (performance.now() > deadline) break;
    out.startLagMaxMs = Math.max(out.startLagMaxMs, Math.round(performance.now() - at));
    const i = Math.floor(k / 2);
    const jeevanFirst = i % 2 === 0;
    const isJeevan = (k % 2 === 0) === jeevanFirst;
    if (inFlight >= MAX_IN_FLIGHT) {
      if (isJeevan) out.failed++;
      else out.timersFailed++;
      continue;
    }
    inFlight++;
    const op = isJeevan
      ? drive.alert(i, 'escalating').then((ok) => {
          if (ok) {
            out.ok++;
            out.intakeMs.push(performance.now() - at);
          } else out.failed++;
        })
      : (async () => {
          const id = String(i);
          const due = Date.now() + delayMs;
          await drive.startTimer(id, new Date(due));
          timerDue.set(id, due);
          out.timersOk++;
        })();
    running.push(
      op
        .catch(() => {
          if (isJeevan) out.failed++;
          else out.timersFailed++;
        })
        .finally(() => {
          inFlight--;
        }),
    );
  }
  await Promise.all(running);
  out.seconds = Math.round((performance.now() - started) / 100) / 10;
  return out;
}

/** `drained`: the waits for quiet before reading and before this scenario (bench/drain.ts). */
export async function lateness(ctx: Ctx, drained: Drained[] = [], mission?: MissionPeak): Promise<Section> {
  const { stack, drive, sizes } = ctx;
  const delayMs = sizes.latenessDueS * 1000;
  const rate = sizes.latenessRatePerS;
  const openingS = (sizes.latenessCases * 2) / rate;
  const { rows: before } = await stack.db.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM cases WHERE stage <> 'closed'",
  );
  const openBefore = before[0].n;
  const timerDue = new Map<string, number>();
  ctx.log(
    `lateness: ${sizes.latenessCases} cases due ${sizes.latenessDueS} s after opening and as many bare timers, paced at ${rate}/s in all (about ${Math.round(openingS)} s), ${openBefore} cases already open`,
  );
  const stop = ctx.meter();
  // Never start one whose due time and grace could not be waited for before the later phases.
  const opening = await paced(
    ctx,
    sizes.latenessCases,
    rate,
    delayMs,
    timerDue,
    ctx.phaseEnd(openingS + 15, sizes.latenessDueS + 15),
  );
  const caseIds = [...drive.openedEscalating];
  const { rows: opened } = await stack.db.pool.query<{ id: string; opened: Date }>(
    'SELECT id, opened_at AS opened FROM cases WHERE id = ANY($1)',
    [caseIds],
  );
  const dueOf = new Map(opened.map((r) => [r.id, r.opened.getTime() + delayMs]));
  const lastDue = Math.max(...dueOf.values(), ...timerDue.values());
  const firstArrival = (map: Map<string, number>, key: string | undefined, at: number) => {
    if (key !== undefined && !map.has(key)) map.set(key, at);
  };
  const jeevanAt = new Map<string, number>();
  const timerAt = new Map<string, number>();
  let seen = 0;
  const collect = () => {
    for (; seen < stack.smtp.arrivals.length; seen++) {
      const a = stack.smtp.arrivals[seen];
      if (a.timer) firstArrival(timerAt, a.timer, a.at);
      else if (a.caseId && dueOf.has(a.caseId) && a.step?.startsWith('escalation:') && a.level === 1)
        firstArrival(jeevanAt, a.caseId, a.at);
    }
  };
  // Until every e-mail came, or a minute past the last due time: what has not come by then is missed.
  const giveUp = lastDue + MISSED_AFTER_MS;
  while (Date.now() < giveUp) {
    collect();
    if (jeevanAt.size >= dueOf.size && timerAt.size >= timerDue.size) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  collect();
  const cpu = stop();
  // The due time the workflow itself recorded, where the escalation fired.
  const { rows: fired } = await stack.db.pool.query<{ case_id: string; due: string }>(
    "SELECT case_id, details->>'dueAt' AS due FROM case_events WHERE case_id = ANY($1) AND kind = 'escalation' AND (details->>'level')::int = 1",
    [caseIds],
  );
  let dueDrift = 0;
  for (const f of fired) {
    const recorded = Date.parse(f.due);
    dueDrift = Math.max(dueDrift, Math.abs(recorded - (dueOf.get(f.case_id) ?? recorded)));
    dueOf.set(f.case_id, recorded);
  }
  const jLate = [...jeevanAt].map(([id, at]) => at - (dueOf.get(id) ?? at));
  const bLate = [...timerAt].map(([id, at]) => at - (timerDue.get(id) ?? at));
  const jMissed = dueOf.size - jeevanAt.size;
  const bMissed = timerDue.size - timerAt.size;
  const c = compare(jLate, bLate);
  const within = (c.jeevan.p99 ?? Number.POSITIVE_INFINITY) <= BOUNDS.latenessP99Ms && jMissed === 0;
  const intake = summarize(opening.intakeMs);
  const perSide = Math.round((rate / 2) * 100) / 100;
  return {
    key: 'lateness',
    title: '3. Escalation lateness',
    what:
      `With ${openBefore} cases already open (the footprint scenario's, all quiet), ${sizes.latenessCases} cases opened through the API, each escalating ` +
      `${sizes.latenessDueS} s after it opened (a policy with a seconds-long first locate rung), and as many bare timer workflows with the same delay that each send one e-mail ` +
      `through the same SMTP transport. The two are started alternately at a steady ${rate} starts/s in all (${perSide} alerts/s, ${mission ? `${fmt(Math.round((perSide / mission.peakPerSecond) * 10) / 10)}× the mission peak` : 'against a mission peak of 1/s'}, ` +
      `and ${perSide} timers/s; about ${Math.round(openingS)} s), so escalations fall due while later cases are still being opened, as in real operation, with the cores far from saturated. ` +
      'Lateness = arrival at the SMTP server − due time (for Jeevan, the due time the workflow recorded in the escalation event). It starts once the bulk opening has drained (below).',
    rows: [
      { label: 'lateness p50 (ms)', jeevan: c.jeevan.p50, baseline: c.baseline.p50, ratio: c.ratioP50, headline: true },
      { label: 'lateness p99 (ms)', jeevan: c.jeevan.p99, baseline: c.baseline.p99, ratio: c.ratioP99, headline: true },
      { label: 'lateness max (ms)', jeevan: c.jeevan.max, baseline: c.baseline.max },
      {
        label: 'missed (no e-mail within 60 s of the last due time)',
        jeevan: jMissed,
        baseline: bMissed,
        headline: true,
      },
      { label: 'open cases while escalating', jeevan: openBefore + caseIds.length },
      {
        label: 'pacing (starts/s in all, alternating)',
        jeevan: `${rate} (${perSide} alerts/s)`,
        baseline: `${perSide} timers/s`,
      },
      { label: 'intake of the paced alerts p50 / p99 (ms)', jeevan: `${fmt(intake.p50)} / ${fmt(intake.p99)}` },
      {
        label: 'started (failed)',
        jeevan: `${opening.ok} (${opening.failed})`,
        baseline: `${opening.timersOk} (${opening.timersFailed})`,
      },
    ],
    cpu,
    bottleneck: `${busiestLine(cpu)}. An escalation's path after its timer fires: the server dispatches a workflow task (the case opened seconds earlier is usually still in the worker's cache), the task records the escalation (record activity → PostgreSQL) and schedules the mail activity (directory lookup, delivery row, SMTP); the bare timer schedules its one mail activity. At a paced rate the cores are not saturated: lateness is those round trips plus the work queued ahead of each task.`,
    notes: [
      ...(drained.length
        ? [
            `${drainedLine(drained.at(-1)!)}${drained.length > 1 ? ` Before the reading scenario, right after the bulk opening: ${drained[0].seconds} s (${drained[0].quiet ? 'drained' : 'not drained'}).` : ''}`,
          ]
        : []),
      `Pacing: ${rate} starts/s in all (\`--lateness-rate\`), Jeevan's alerts and the bare timers alternating; the ${opening.ok + opening.failed + opening.timersOk + opening.timersFailed} starts took ${opening.seconds} s, the latest left ${opening.startLagMaxMs} ms behind its schedule.`,
      `Bound: escalation lateness p99 ≤ ${BOUNDS.latenessP99Ms} ms with none missed; ${within ? 'met' : '**not met**'}.`,
      `Due time recorded by the workflow differs from opened_at + ${sizes.latenessDueS} s by at most ${dueDrift} ms.`,
    ],
    data: {
      comparison: c,
      missed: { jeevan: jMissed, baseline: bMissed },
      withinBound: within,
      openBefore,
      ratePerS: rate,
      opening,
      drained,
    },
  };
}
