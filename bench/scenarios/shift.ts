// 8. A scripted shift: cases driven through the real system (HTTP, Temporal, PostgreSQL, the
// SMTP server) by operators and district officers who take human times (bench/shift-plan.ts),
// with one minute of the desk lasting `shiftMsPerMinute` of the run, on the default policy
// compressed by the same factor. Half the cases open their three lines of enquiry together,
// half work the same lines one after another. It reports:
// - the system's own share of alert → arrival: the time its answers and its e-mail took,
//   against the human minutes of the script (goal: under 0.1%);
// - the minutes saved by working the lines in parallel;
// - how much earlier the supervisor heard of a stalled line of enquiry than the case's
//   locate deadline would have told them.
import { performance } from 'node:perf_hooks';
import type { EnquiryKind } from '../../contract/case.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import { type HttpAnswer, httpClient, INTAKE_DESK, type Person } from '../../dev/http-client.js';
import { people } from '../../dev/people.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';
import { busiestLine, type Section } from '../report.js';
import {
  humanAlertToArrivalMin,
  parallelLocateMin,
  planShift,
  type ShiftCase,
  type ShiftLine,
  sequentialLocateMin,
} from '../shift-plan.js';
import { summarize } from '../stats.js';
import type { Ctx } from './context.js';

const OPERATOR: Person = { role: 'smc_operator', id: 'shift-operator' };
const SUPERVISOR: Person = { role: 'smc_supervisor', id: 'shift-supervisor' };
const DISTRICT: Person = { role: 'district_officer', id: 'shift-district' };
const MIN = 60_000;

type Mode = 'parallel' | 'sequential';

/** What one case of the shift measured. Times are the bench's wall clock (Date.now()). */
interface CaseRun {
  n: number;
  mode: Mode;
  caseId?: string;
  alertAt?: number;
  locatedAt?: number;
  arrivedAt?: number;
  /** Wall ms of the system's own answers (each request, and the district e-mail's way to the SMTP server), by phase. */
  processingToLocatedMs: number;
  processingToArrivalMs: number;
  processingAllMs: number;
  /** The district e-mail: notify's answer → its arrival at the SMTP server. */
  districtMailMs?: number;
  requests: number;
  /** Each measured request's milliseconds, by what it was (the route, or 'alert'). */
  byStep: Record<string, number[]>;
  /** The stalled line (parallel cases that have one): its ID and due time as the case keeps them. */
  stalled?: {
    id: string;
    kind: EnquiryKind;
    dueAt: number;
    /** The system's own time on the case's path before the line was opened. */
    processingBeforeMs: number;
    /** When the supervisor's notice of it was due, as the case's escalation history records it. */
    noticeDueAt?: number;
  };
  error?: string;
}

/** The supervisor's rung of a line's enquiry ladder, in minutes after its due time (default policy). */
export function supervisorAfterMin(policy: EscalationPolicy, kind: EnquiryKind): number {
  const ladder = policy.enquiryLadders?.[kind] ?? policy.ladders.enquiry;
  const rung = ladder?.rungs.find((r) => r.notify.includes('smc_supervisor'));
  return (rung?.afterMs ?? 0) / MIN;
}

/** Minutes after the alert at which the locate ladder's last notice falls due: the case's locate deadline. */
export function locateDeadlineMin(policy: EscalationPolicy): number {
  const l = policy.ladders.locate;
  const lastRung = l.rungs.at(-1)?.afterMs ?? 0;
  return (lastRung + l.repeat.times * l.repeat.everyMs) / MIN;
}

export async function shift(ctx: Ctx): Promise<Section> {
  const { stack, sizes } = ctx;
  const msPerMin = sizes.shiftMsPerMinute;
  const policy = { ...scaledPolicy(msPerMin), version: `bench-shift-${msPerMin}` };
  const script = planShift({ cases: sizes.shiftCases, seed: 20261203, arrivalsOverMin: 60, stallShare: 0.5 });
  ctx.log(
    `shift: ${script.length} cases twice (lines in parallel, one after another), one desk minute = ${msPerMin} ms`,
  );
  const runTag = Date.now().toString(36);
  const api = await stack.startApi('api-shift', policy);
  // The intake desk is the stack's own operator (bench/stack.ts made it); the shift's people are made here.
  const made = people(stack.db.db);
  const http = httpClient(api.url, (as) => (as.id === INTAKE_DESK.id ? Promise.resolve(stack.token) : made(as)));
  const sleepMin = (min: number) => new Promise((r) => setTimeout(r, min * msPerMin));
  const mailArrived = async (caseId: string, step: string, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = stack.smtp.arrivals.find((a) => a.caseId === caseId && a.step === step);
      if (hit) return hit.at;
      if (Date.now() > until) return undefined;
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  const runCase = async (c: ShiftCase, mode: Mode): Promise<CaseRun> => {
    const run: CaseRun = {
      n: c.n,
      mode,
      processingToLocatedMs: 0,
      processingToArrivalMs: 0,
      processingAllMs: 0,
      requests: 0,
      byStep: {},
    };
    let phase: 'locate' | 'arrive' | 'after' = 'locate';
    const count = (ms: number) => {
      run.processingAllMs += ms;
      if (phase !== 'after') run.processingToArrivalMs += ms;
      if (phase === 'locate') run.processingToLocatedMs += ms;
    };
    // 'critical': on the path from alert to arrival (a person waits on it); 'side': a line that does not find the
    // person, answered while the finding one runs.
    type Path = 'critical' | 'side';
    const timed = async (send: () => Promise<HttpAnswer>, what: string, path: Path = 'critical') => {
      const t = performance.now();
      const answer = await send();
      const ms = performance.now() - t;
      if (path === 'critical') count(ms);
      run.requests += 1;
      run.byStep[what] = [...(run.byStep[what] ?? []), ms];
      if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body.error ?? {})}`);
      return answer;
    };
    const step = (route: string, body: unknown, as: Person, path: Path = 'critical') =>
      timed(() => http.step(run.caseId as string, route, body, as), route, path);
    // The case's enquiry of this line (each case opens one of each kind, some at the same moment).
    const enquiryOf = (a: HttpAnswer, kind: EnquiryKind) => {
      const all = (a.body.case as { locating?: { enquiries?: { id: string; kind: string; dueAt: string }[] } }).locating
        ?.enquiries;
      const e = all?.findLast((x) => x.kind === kind);
      if (!e) throw new Error(`the answer to opening ${kind} shows no such enquiry`);
      return e;
    };
    // The operator gives each line the due time of the script (the desk's minutes, on the run's clock).
    const open = async (line: ShiftLine) => {
      const dueAt = new Date(Date.now() + line.dueMin * msPerMin).toISOString();
      const answer = await step(
        '/enquiries',
        { kind: line.kind, owner: `Shift desk ${c.n}`, dueInMinutes: line.dueMin, dueAt },
        OPERATOR,
        mode === 'parallel' && !line.finds ? 'side' : 'critical',
      );
      return enquiryOf(answer, line.kind);
    };
    const report = (id: string, found: boolean) =>
      step(
        '/enquiries/result',
        found
          ? { enquiryId: id, found: true, summary: 'Address confirmed by the line', confidence: 3, districtCode: 'AMB' }
          : { enquiryId: id, found: false, summary: 'Nothing useful', confidence: 0 },
        OPERATOR,
        mode === 'parallel' && !found ? 'side' : 'critical',
      );
    try {
      await sleepMin(c.arrivesMin);
      run.alertAt = Date.now();
      const created = await timed(
        () =>
          http.postAlert({
            sourceRef: `SHIFT-${runTag}-${mode[0]}${c.n}`,
            channel: 'api',
            platform: 'instagram',
            contentKind: 'post',
            handle: `@shift_${runTag}_${mode[0]}${c.n}`,
            districtHint: 'AMB',
            description: 'Benchmark shift: a synthetic post, no person behind it.',
          }),
        'alert',
      );
      run.caseId = String(created.body.caseId);
      await sleepMin(c.takeMin);
      await step('/locating/start', {}, OPERATOR);
      if (mode === 'parallel') {
        // The operator confirms the place once the finding line answers; a line that would answer
        // later is left open (nothing more is asked of it once the case is located).
        const finder = c.lines.find((l) => l.finds)?.answerMin ?? 0;
        await Promise.all(
          c.lines.map(async (line) => {
            const e = await open(line);
            if (line.answerMin === null) {
              run.stalled = {
                id: e.id,
                kind: line.kind,
                dueAt: Date.parse(e.dueAt),
                processingBeforeMs: run.processingToLocatedMs,
              };
              return;
            }
            if (line.answerMin > finder) return;
            await sleepMin(line.answerMin);
            await report(e.id, line.finds);
          }),
        );
      } else {
        for (const line of c.lines) {
          const e = await open(line);
          await sleepMin(line.answerMin ?? line.dueMin + supervisorAfterMin(DEFAULT_POLICY, line.kind));
          if (line.finds) {
            await report(e.id, true);
            break;
          }
          await report(e.id, false);
        }
      }
      await sleepMin(c.confirmMin);
      await step(
        '/located',
        { districtCode: 'AMB', policeStation: 'Akbarpur', summary: 'House 12, Akbarpur', confidence: 3 },
        OPERATOR,
      );
      run.locatedAt = Date.now();
      phase = 'arrive';
      await sleepMin(c.notifyMin);
      await step('/notify', {}, OPERATOR);
      const answered = Date.now();
      const mailAt = await mailArrived(run.caseId, 'district_notification', 60_000);
      if (mailAt === undefined) throw new Error('the district e-mail did not arrive within 60 s');
      run.districtMailMs = Math.max(0, mailAt - answered);
      count(run.districtMailMs);
      await sleepMin(c.controlRoomAckMin);
      await step('/acknowledge', { party: 'control_room' }, DISTRICT);
      await sleepMin(c.dispatchMin);
      await step('/dispatch', { unit: 'SI Verma, PRV 112' }, DISTRICT);
      await sleepMin(c.stationAckMin);
      await step('/acknowledge', { party: 'police_station' }, DISTRICT);
      await sleepMin(c.driveMin - c.stationAckMin);
      await step('/arrive', {}, DISTRICT);
      run.arrivedAt = Date.now();
      phase = 'after';
      await sleepMin(c.contactMin);
      await step('/contact', {}, DISTRICT);
      await sleepMin(c.outcomeMin);
      await step(
        '/outcome',
        { outcome: 'safe', gender: 'unknown', counselling: true, helplineReferral: true },
        DISTRICT,
      );
      await sleepMin(c.signOffMin);
      await step('/sign-off', {}, SUPERVISOR);
    } catch (error) {
      run.error = error instanceof Error ? error.message : String(error);
    }
    return run;
  };

  // Each person's token before the clock starts (a user and a token each, created on first use).
  for (const p of [OPERATOR, SUPERVISOR, DISTRICT]) await http.request('GET', '/cases', p).catch(() => undefined);
  const stop = ctx.meter();
  const started = performance.now();
  const runs = await Promise.all(script.flatMap((c) => [runCase(c, 'parallel'), runCase(c, 'sequential')]));
  const wallS = Math.round((performance.now() - started) / 100) / 10;
  const cpu = stop();
  // When each stalled line's supervisor notice was due: the case's escalation history has it.
  for (const r of runs) {
    if (!r.stalled || !r.caseId) continue;
    const { body } = await http.request('GET', `/cases/${r.caseId}`, SUPERVISOR);
    const state = (body.case ?? body) as { escalation?: { history?: { key: string; level: number; dueAt: string }[] } };
    const fired = state.escalation?.history?.find(
      (h) => h.key.startsWith(`enquiry#${r.stalled?.id}@`) && h.level === 2,
    );
    if (fired) r.stalled.noticeDueAt = Date.parse(fired.dueAt);
  }
  await api.stop();
  return shiftSection(ctx, script, runs, { msPerMin, wallS, policy, cpu });
}

function shiftSection(
  ctx: Ctx,
  script: ShiftCase[],
  runs: CaseRun[],
  m: { msPerMin: number; wallS: number; policy: EscalationPolicy; cpu: Section['cpu'] },
): Section {
  const { msPerMin } = m;
  const failed = runs.filter((r) => r.error);
  for (const f of failed.slice(0, 3)) ctx.log(`shift: case ${f.mode} ${f.n} failed: ${f.error}`);
  const done = runs.filter((r) => !r.error && r.alertAt && r.locatedAt && r.arrivedAt);
  // Desk minutes of a measured span: the wall time less the system's own, scaled back, plus the system's own.
  const deskMin = (spanMs: number, processingMs: number) => (spanMs - processingMs) / msPerMin + processingMs / MIN;
  const byCase = new Map(script.map((c) => [c.n, c]));
  const locate = (mode: Mode) =>
    done
      .filter((r) => r.mode === mode)
      .map((r) => deskMin((r.locatedAt as number) - (r.alertAt as number), r.processingToLocatedMs));
  const parallelLocate = summarize(locate('parallel'));
  const sequentialLocate = summarize(locate('sequential'));
  // Paired: the same case's script worked both ways.
  const savedMin: number[] = [];
  for (const c of script) {
    const p = done.find((r) => r.n === c.n && r.mode === 'parallel');
    const s = done.find((r) => r.n === c.n && r.mode === 'sequential');
    if (!p || !s) continue;
    savedMin.push(
      deskMin((s.locatedAt as number) - (s.alertAt as number), s.processingToLocatedMs) -
        deskMin((p.locatedAt as number) - (p.alertAt as number), p.processingToLocatedMs),
    );
  }
  const saved = summarize(savedMin);
  const parallel = done.filter((r) => r.mode === 'parallel');
  const processingMs = parallel.map((r) => r.processingToArrivalMs);
  const humanMs = parallel.map((r) => humanAlertToArrivalMin(byCase.get(r.n) as ShiftCase) * MIN);
  const shares = parallel.map((r, i) => (100 * r.processingToArrivalMs) / (humanMs[i] + r.processingToArrivalMs));
  const share = summarize(shares);
  const processing = summarize(processingMs);
  const human = summarize(humanMs.map((v) => v / MIN));
  const mail = summarize(parallel.map((r) => r.districtMailMs ?? 0));

  // The stalled lines: when the supervisor's notice naming the line reached the SMTP server, against the locate
  // deadline (the locate ladder's last notice, after which a supervisor must act), both from the alert.
  const deadlineMin = locateDeadlineMin(DEFAULT_POLICY);
  const firstLocateMin = (DEFAULT_POLICY.ladders.locate.rungs[0]?.afterMs ?? 0) / MIN;
  const leads: number[] = [];
  const afterDue: number[] = [];
  const noticeLateMs: number[] = [];
  let locatedFirst = 0;
  for (const r of parallel) {
    if (!r.stalled || !r.caseId) continue;
    const prefix = `escalation:enquiry#${r.stalled.id}@`;
    const notice = ctx.stack.smtp.arrivals.find(
      (a) => a.caseId === r.caseId && a.step?.startsWith(prefix) && (a.level ?? 0) >= 2,
    );
    if (!notice || (r.locatedAt !== undefined && notice.at > r.locatedAt)) {
      locatedFirst += 1;
      continue;
    }
    // Desk minutes from the alert: the run's clock up to when the notice was due (less the system's own time before
    // the line opened), scaled back; the system's own time and the notice's lateness at full scale.
    const dueAt = r.stalled.noticeDueAt ?? notice.at;
    const before = r.stalled.processingBeforeMs;
    const lateMs = notice.at - dueAt;
    const heardMin = (dueAt - (r.alertAt as number) - before) / msPerMin + (before + lateMs) / MIN;
    leads.push(deadlineMin - heardMin);
    afterDue.push((dueAt - r.stalled.dueAt) / msPerMin + lateMs / MIN);
    noticeLateMs.push(lateMs);
  }
  // Where the system's own time goes: each kind of request's p50 and max over every case.
  const steps = new Map<string, number[]>();
  for (const r of runs) for (const [k, v] of Object.entries(r.byStep)) steps.set(k, [...(steps.get(k) ?? []), ...v]);
  const bySlowest = [...steps.entries()]
    .map(([k, v]) => ({ step: k, ...summarize(v) }))
    .sort((a, b) => (b.p50 ?? 0) - (a.p50 ?? 0));
  const lead = summarize(leads);
  const lag = summarize(afterDue);
  const theory = script.map((c) => sequentialLocateMin(c, (k) => supervisorAfterMin(DEFAULT_POLICY, k)));
  const theoryPar = script.map(parallelLocateMin);
  const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  const r4 = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);
  return {
    key: 'shift',
    title: '8. A scripted shift',
    what:
      `${script.length} cases, each worked twice through the real system (HTTP, Temporal, PostgreSQL, the SMTP server): once with its three lines of enquiry ` +
      'opened together, once with the same lines one after another. Operators and district officers take human times drawn from the reports ' +
      '(finding the person 30–90 minutes after the alert, lines that find nothing answering in 10–60, the drive 4–15, half the cases with a line that never answers), ' +
      `one desk minute lasting ${msPerMin} ms, on the default policy compressed by the same factor. ` +
      "The system's own time is what its answers took (each request until its answer) and the district e-mail's way from the notify step's answer to the SMTP server; " +
      'the human time is the script. Desk minutes of a measured span are its wall time less the system’s own, scaled back, plus the system’s own at full scale.',
    rows: [
      {
        label: "system's own share of alert → arrival, p50 (%)",
        jeevan: r4(share.p50),
        baseline: 0.1,
        ratio: share.p50 === null ? null : Math.round((share.p50 / 0.1) * 100) / 100,
        headline: true,
      },
      { label: "system's own share of alert → arrival, max (%)", jeevan: r4(share.max), baseline: 0.1 },
      {
        label: "system's own time, alert → arrival, p50 / max (ms)",
        jeevan: `${processing.p50} / ${processing.max}`,
        baseline: `human ${r1(human.p50)} / ${r1(human.max)} min`,
      },
      {
        label: 'district e-mail, notify answered → at the SMTP server, p50 / max (ms)',
        jeevan: `${mail.p50} / ${mail.max}`,
      },
      {
        label: 'minutes to locate, lines in parallel: p50 / max',
        jeevan: `${r1(parallelLocate.p50)} / ${r1(parallelLocate.max)}`,
        baseline: `script ${r1(summarize(theoryPar).p50)} / ${r1(summarize(theoryPar).max)}`,
      },
      {
        label: 'minutes to locate, one line after another: p50 / max',
        jeevan: `${r1(sequentialLocate.p50)} / ${r1(sequentialLocate.max)}`,
        baseline: `script ${r1(summarize(theory).p50)} / ${r1(summarize(theory).max)}`,
      },
      {
        label: 'minutes saved by working the lines in parallel, per case: p50 / max',
        jeevan: `${r1(saved.p50)} / ${r1(saved.max)}`,
        headline: true,
      },
      {
        label: `supervisor told of a stalled line before the locate deadline (${deadlineMin} min), minutes: p50 / min`,
        jeevan: lead.n ? `${r1(lead.p50)} / ${r1(Math.min(...leads))}` : 'none measured',
        baseline: `${lead.n} lines; ${locatedFirst} located before the notice`,
        headline: true,
      },
      {
        label: "the supervisor's notice after the line's due time, minutes: p50 / max",
        jeevan: lag.n ? `${r1(lag.p50)} / ${r1(lag.max)}` : 'none measured',
        baseline: 'policy: 10 (family) or 15 (telecom, platform)',
      },
      {
        label: "the supervisor's notice at the SMTP server after it was due, p50 / max (ms)",
        jeevan: noticeLateMs.length
          ? `${summarize(noticeLateMs).p50} / ${summarize(noticeLateMs).max}`
          : 'none measured',
      },
      {
        label: 'slowest requests by p50 (ms): p50 / max',
        jeevan: bySlowest
          .slice(0, 3)
          .map((x) => `${x.step} ${x.p50} / ${x.max}`)
          .join('; '),
      },
      {
        label: 'cases (failed); requests; wall seconds',
        jeevan: `${done.length} of ${runs.length} (${failed.length}); ${runs.reduce((a, r) => a + r.requests, 0)}; ${m.wallS} s`,
      },
    ],
    cpu: m.cpu,
    bottleneck: `${m.cpu ? busiestLine(m.cpu) : 'no CPU split'}. Alert → arrival is people's time: the system's own share was ${r4(share.p50)}% at the median (goal under 0.1%); its slowest answers were ${bySlowest[0] ? `${bySlowest[0].step} (p50 ${bySlowest[0].p50} ms)` : 'none'}.`,
    notes: [
      `The locate ladder's first notice (${firstLocateMin} min after the alert) tells the supervisor that a case is not yet located, not which line is stuck; ` +
        `the stalled line's own notice names it, its owner and how long it has run. The locate deadline compared against is the ladder's last notice (${deadlineMin} min), after which a supervisor must act.`,
      'Worked one after another, a line that never answers is given up when its chase reaches the supervisor (its due time plus the ladder’s delay); in parallel it costs nothing.',
      'Each line is opened with the due time of the script as `dueAt` (the time promised), so its chase runs on the run’s clock; a line that finds nothing but answers after its due time is chased too, as at the desk.',
      'The compressed clock packs an hour of escalations (the locate ladder every 10 desk minutes, each overdue line’s) into seconds, so the system works harder per second than at the desk: its share here is an upper bound.',
    ],
    data: {
      msPerMin,
      parallelLocate,
      sequentialLocate,
      saved,
      share,
      processing,
      human,
      mail,
      lead,
      lag,
      locatedFirst,
    },
  };
}
