// Drives a synthetic plan (domain/synthetic-plan.ts) through the real API: every alert
// through intake, every step through its route, each at its planned time. Over HTTP (the
// CLI, the demo) or the app's inject (tests): the caller hands in `send`.
import { randomBytes } from 'node:crypto';
import { STEP_ROUTES } from '../api/routes/steps.js';
import { durationOf, learningReviewOf, type PlannedCase } from '../domain/synthetic-plan.js';

export type Send = (method: 'GET' | 'POST', url: string, body?: object) => Promise<{ status: number; body: string }>;

export interface DriveResult {
  /** Planned case number → case ID. */
  caseIds: Map<number, string>;
  /** Each case as it really went: its steps at the times the case recorded them, after its real opening. */
  driven: Map<number, PlannedCase>;
  problems: string[];
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
const PATHS = new Map(STEP_ROUTES.map((r) => [r.step, r.path]));

/** A person's identifiers, the same for every case of theirs in this run. */
export function personOf(runId: string, person: number) {
  const digits = `${Number.parseInt(runId.slice(0, 6), 16) % 10_000}`.padStart(4, '0') + `${person}`.padStart(5, '0');
  return { handle: `@synthetic_${runId}_${person}`, phone: `+91 9${digits.slice(0, 4)} ${digits.slice(4)}` };
}

export async function drivePlan(
  plan: PlannedCase[],
  send: Send,
  opts: { runId?: string; log?: (line: string) => void } = {},
): Promise<DriveResult> {
  const runId = opts.runId ?? randomBytes(3).toString('hex');
  const log = opts.log ?? (() => {});
  const start = Date.now();
  const caseIds = new Map<number, string>();
  const driven = new Map<number, PlannedCase>();
  const problems: string[] = [];
  // Each case's end, known before any starts: a repeat person's case waits for the earlier one to close.
  const finished = new Map(
    plan.map((c) => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      return [c.n, { promise, resolve }] as const;
    }),
  );

  const post = async (url: string, body: object, ok: number[]) => {
    // A case whose workflow Temporal has not started yet answers 503: try again shortly.
    for (let attempt = 0; ; attempt++) {
      const res = await send('POST', url, body);
      if (ok.includes(res.status)) return JSON.parse(res.body);
      if (res.status !== 503 || attempt >= 20) throw new Error(`POST ${url} → ${res.status} ${res.body.slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const driveCase = async (c: PlannedCase) => {
    if (c.repeatOf !== undefined) await finished.get(c.repeatOf)?.promise;
    await sleepUntil(start + c.startAt);
    const who = personOf(runId, c.person);
    const alert = {
      sourceRef: `SYN-${runId}-${c.n}`,
      channel: c.n % 3 === 0 ? 'email' : 'phone',
      platform: c.platform,
      contentKind: c.contentKind,
      ...(c.severity === 'critical' ? { live: true } : {}),
      ...who,
      description: 'Synthetic alert (scripts/generate.ts)',
      ...(c.drill ? { drill: true } : {}),
    };
    const before = Date.now();
    const opened = await post('/alerts', alert, [201, 202]);
    // The case opened while the request was in flight: the middle, until the case itself says.
    let openedAt = before + (Date.now() - before) / 2;
    caseIds.set(c.n, opened.caseId);
    if (c.duplicate) await post('/alerts', alert, [200]);
    // When each step really happened (the case's own clock), by its planned time: a step that
    // ends a wait is timed from when that wait really began, so request latency never adds up.
    const actual = new Map<number, number>();
    const happened: { at: number; step: PlannedCase['steps'][number] }[] = [];
    for (const s of c.steps) {
      await sleepUntil(
        s.anchorAt !== undefined && actual.has(s.anchorAt)
          ? (actual.get(s.anchorAt) ?? 0) + s.at - s.anchorAt
          : openedAt + s.at,
      );
      if (s.step === 'alert') {
        happened.push({ at: Date.now(), step: s });
        await post(
          '/alerts',
          { ...alert, sourceRef: `${alert.sourceRef}-b`, contentKind: 'comment', live: undefined },
          [200],
        );
        continue;
      }
      const res = await post(`/cases/${opened.caseId}${PATHS.get(s.step)}`, s.body, [200, 202, 409]);
      // A wait that ran past its final call asks for a learning review before sign-off: give it, then sign off.
      if (res.error) {
        if (s.step !== 'signOff' || !/learning review is needed/.test(res.error.message))
          throw new Error(`POST ${PATHS.get(s.step)} → 409 ${JSON.stringify(res.error).slice(0, 300)}`);
        const review = { at: 0, step: 'submitReview' as const, body: learningReviewOf(c) };
        await post(`/cases/${opened.caseId}${PATHS.get('submitReview')}`, review.body, [200]);
        happened.push({ at: Date.now(), step: review });
        Object.assign(res, await post(`/cases/${opened.caseId}${PATHS.get(s.step)}`, s.body, [200]));
      }
      const state = res.case as { openedAt: string; timeline: { kind: string; at: string }[] } | undefined;
      if (!state) continue;
      openedAt = Date.parse(state.openedAt);
      actual.set(0, openedAt);
      const entry = state.timeline.findLast((t) => t.kind === s.step);
      if (entry) actual.set(s.at, Date.parse(entry.at));
      happened.push({ at: entry ? Date.parse(entry.at) : Date.now(), step: s });
    }
    driven.set(c.n, { ...c, steps: happened.map((h) => ({ ...h.step, at: h.at - openedAt, anchorAt: undefined })) });
    log(`case ${opened.caseId}: ${c.path}${c.drill ? ' (drill)' : ''} in ${Math.round(durationOf(c) / 1000)} s`);
  };

  await Promise.all(
    plan.map((c) =>
      driveCase(c)
        .catch((error) => {
          problems.push(
            `planned case ${c.n} (${caseIds.get(c.n) ?? 'not opened'}): ${error instanceof Error ? error.message : String(error)}`,
          );
        })
        .finally(() => finished.get(c.n)?.resolve()),
    ),
  );
  return { caseIds, driven, problems };
}
