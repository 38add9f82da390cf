// 3. Escalation lateness: with many cases open at once, cases whose first escalation is due
// seconds after they open, against bare timer workflows started alongside with the same
// delay. Lateness is when the e-mail reached the SMTP server minus when it was due; a case
// whose e-mail never came is missed.
import { type Drained, drainedLine } from '../drain.js';
import { closedLoop } from '../load.js';
import { busiestLine, type Section } from '../report.js';
import { compare } from '../stats.js';
import { BOUNDS, type Ctx } from './context.js';

const MISSED_AFTER_MS = 60_000;

/** `drained`: the waits for quiet before reading and before this scenario (bench/drain.ts). */
export async function lateness(ctx: Ctx, drained: Drained[] = []): Promise<Section> {
  const { stack, drive, sizes } = ctx;
  const delayMs = sizes.latenessDueS * 1000;
  const { rows: before } = await stack.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE stage <> 'closed'");
  const openBefore = before[0].n;
  const timerDue = new Map<string, number>();
  ctx.log(`lateness: ${sizes.latenessCases} cases due ${sizes.latenessDueS} s after opening (and as many bare timers), ${openBefore} cases already open`);
  const stop = ctx.meter();
  const opening = await closedLoop(
    sizes.latenessCases,
    sizes.bulkConcurrency,
    async (i) => {
      const id = String(i);
      const due = Date.now() + delayMs;
      timerDue.set(id, due);
      await drive.startTimer(id, new Date(due));
      return drive.alert(i, 'escalating');
    },
    0,
    ctx.phaseEnd(45),
  );
  const caseIds = [...drive.openedEscalating];
  const { rows: opened } = await stack.db.pool.query<{ id: string; opened: Date }>('SELECT id, opened_at AS opened FROM cases WHERE id = ANY($1)', [caseIds]);
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
      else if (a.caseId && dueOf.has(a.caseId) && a.step?.startsWith('escalation:') && a.level === 1) firstArrival(jeevanAt, a.caseId, a.at);
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
  return {
    key: 'lateness',
    title: '3. Escalation lateness',
    what:
      `${sizes.latenessCases} cases opened through the API (${sizes.bulkConcurrency} in flight) while ${openBefore} cases were already open, each escalating ` +
      `${sizes.latenessDueS} s after it opened (a policy with a seconds-long first locate rung); for each, a bare timer workflow with the same delay, ` +
      'started just before it, that sends one e-mail through the same SMTP transport. Lateness = arrival at the SMTP server − due time ' +
      '(the due time the workflow recorded in the escalation event). It starts once the bulk opening has drained (below); escalations fall due while the later of these cases are still being opened.',
    rows: [
      { label: 'lateness p50 (ms)', jeevan: c.jeevan.p50, baseline: c.baseline.p50, ratio: c.ratioP50, headline: true },
      { label: 'lateness p99 (ms)', jeevan: c.jeevan.p99, baseline: c.baseline.p99, ratio: c.ratioP99, headline: true },
      { label: 'lateness max (ms)', jeevan: c.jeevan.max, baseline: c.baseline.max },
      { label: 'missed (no e-mail within 60 s of the last due time)', jeevan: jMissed, baseline: bMissed, headline: true },
      { label: 'open cases while escalating', jeevan: openBefore + caseIds.length },
      { label: 'cases opened (failed)', jeevan: `${opening.ok} (${opening.failed})` },
    ],
    cpu,
    bottleneck: `${busiestLine(cpu)}. An escalation's path after its timer fires: the server dispatches a workflow task (the case is usually no longer in the worker's cache, so its history is replayed), the task records the escalation (record activity → PostgreSQL) and schedules the mail activity (directory lookup, delivery row, SMTP); the bare timer schedules its one mail activity. Lateness grows with the queue of work ahead of each task on the shared cores.`,
    notes: [
      ...(drained.length
        ? [
            `${drainedLine(drained.at(-1)!)}${drained.length > 1 ? ` Before the reading scenario, right after the bulk opening: ${drained[0].seconds} s (${drained[0].quiet ? 'drained' : 'not drained'}).` : ''}`,
          ]
        : []),
      `Bound: escalation lateness p99 ≤ ${BOUNDS.latenessP99Ms} ms with none missed; ${within ? 'met' : '**not met**'}.`,
      `Due time recorded by the workflow differs from opened_at + ${sizes.latenessDueS} s by at most ${dueDrift} ms.`,
    ],
    data: { comparison: c, missed: { jeevan: jMissed, baseline: bMissed }, withinBound: within, openBefore, drained },
  };
}
