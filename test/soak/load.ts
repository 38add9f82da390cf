// The soak's load: alerts arriving all the time through both intakes (POST /alerts and the
// API's SMTP listener), each sender retrying its own alert until it is answered 2xx (same
// body, same Idempotency-Key or Message-ID), and scripted operators walking most cases from
// locating to sign-off, each step retried after a 503 or a cut connection until answered.
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { AlertIntake } from '../../contract/alert.js';
import type { Person } from '../../dev/http-client.js';
import type { Stack } from '../faults/harness.js';
import type { Rng } from './rng.js';

export const OPERATOR: Person = { role: 'smc_operator', id: 'soak-op' };
export const DISTRICT_OFFICER: Person = { role: 'district_officer', id: 'soak-do' };
export const SUPERVISOR: Person = { role: 'smc_supervisor', id: 'soak-sup' };

export type Answer = number | 'no answer';

export interface AlertRecord {
  ref: string;
  via: 'http' | 'smtp';
  firstAt: number;
  answers: Answer[];
  /** When a 2xx (HTTP) or 250 with a case (SMTP) came. */
  acceptedAt?: number;
  caseId?: string;
  /** Answered in a way no retry can fix (4xx, an SMTP rejection): a defect. */
  refused?: string;
}

/** One step of one case, as the operator decided to take it once, with every attempt's answer. */
export interface StepRecord {
  caseId: string;
  /** The step and, for acknowledge, the party: what the timeline is matched on. */
  key: string;
  firstAt: number;
  answers: Answer[];
  /** 200, or 409 after an uncertain answer (the earlier attempt took effect). */
  doneAt?: number;
  unexpected?: string;
}

interface StepPlan {
  key: string;
  path: string;
  body: Record<string, unknown>;
  as: Person;
}

/** The walk from locating to a closed case; each step once. */
const WALK: StepPlan[] = [
  { key: 'startLocating', path: '/locating/start', body: {}, as: OPERATOR },
  {
    key: 'markLocated',
    path: '/located',
    body: { districtCode: 'AMB', policeStation: 'Akbarpur', summary: 'House 12, Akbarpur', confidence: 3 },
    as: OPERATOR,
  },
  { key: 'notifyDistrict', path: '/notify', body: {}, as: OPERATOR },
  { key: 'acknowledge:control_room', path: '/acknowledge', body: { party: 'control_room' }, as: DISTRICT_OFFICER },
  { key: 'dispatch', path: '/dispatch', body: { unit: 'SI Verma, PRV 112' }, as: DISTRICT_OFFICER },
  { key: 'acknowledge:police_station', path: '/acknowledge', body: { party: 'police_station' }, as: DISTRICT_OFFICER },
  { key: 'arrive', path: '/arrive', body: {}, as: DISTRICT_OFFICER },
  {
    key: 'recordOutcome',
    path: '/outcome',
    body: { outcome: 'not_found_at_place', gender: 'unknown', counselling: false, helplineReferral: false },
    as: DISTRICT_OFFICER,
  },
  {
    key: 'submitReview',
    path: '/learning-review',
    body: { delayedBy: ['no_vehicle'], savedMinutes: 'A vehicle on stand-by', foundBy: 'other' },
    as: OPERATOR,
  },
  { key: 'signOff', path: '/sign-off', body: {}, as: SUPERVISOR },
];

/** The timeline key of a step entry, as StepRecord.key names it. */
export function timelineKey(entry: { kind: string; summary: string }): string {
  if (entry.kind !== 'acknowledge') return entry.kind;
  return /police station/.test(entry.summary) ? 'acknowledge:police_station' : 'acknowledge:control_room';
}

export interface LoadOptions {
  /** Milliseconds between new alerts per sender. */
  httpEveryMs: [number, number];
  smtpEveryMs: [number, number];
  httpSenders: number;
  smtpSenders: number;
  /** Share of cases the operators walk; the others run their ladders out and are held for a supervisor. */
  walked: number;
  /** Milliseconds an operator takes between two steps of a case. */
  thinkMs: [number, number];
}

export interface Load {
  alerts: AlertRecord[];
  steps: StepRecord[];
  /** Requests waiting for an answer right now. */
  inFlight(): { alerts: number; steps: number };
  /**
   * Stops starting new alerts and new steps; resolves when every alert and step begun is answered (or the time is up).
   */
  stop(timeoutMs: number): Promise<{ unfinishedAlerts: number; unfinishedSteps: number }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startLoad(stack: Stack, r: Rng, opts: LoadOptions): Load {
  const alerts: AlertRecord[] = [];
  const steps: StepRecord[] = [];
  let running = true;
  let alertsInFlight = 0;
  let stepsInFlight = 0;
  const tasks = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    tasks.add(p);
    p.finally(() => tasks.delete(p)).catch(() => {});
    return p;
  };
  let n = 0;
  const tag = randomUUID().slice(0, 8);
  const newAlert = (via: 'http' | 'smtp') => {
    n += 1;
    return { ref: `SOAK-${tag}-${via === 'http' ? 'H' : 'M'}${n}`, handle: `@soak_${tag}_${n}` };
  };

  const walk = async (caseId: string) => {
    for (const plan of WALK) {
      await sleep(r.int(...opts.thinkMs));
      if (!running) return;
      const record: StepRecord = { caseId, key: plan.key, firstAt: Date.now(), answers: [] };
      steps.push(record);
      for (;;) {
        let answer: Answer;
        stepsInFlight += 1;
        try {
          answer = (await stack.http.step(caseId, plan.path, plan.body, plan.as)).status;
        } catch {
          answer = 'no answer';
        } finally {
          stepsInFlight -= 1;
        }
        record.answers.push(answer);
        const uncertainBefore = record.answers.slice(0, -1).some((a) => a === 'no answer' || a >= 500);
        if (answer === 200 || (answer === 409 && uncertainBefore)) {
          record.doneAt = Date.now();
          break;
        }
        if (answer === 'no answer' || answer >= 500 || answer === 404 || answer === 429) {
          // The API down or Temporal unreachable (503 says the step may still take effect): try again.
          await sleep(r.int(500, 2000));
          continue;
        }
        record.unexpected = `answered ${answer}`;
        return;
      }
    }
  };

  const accepted = (record: AlertRecord) => {
    if (record.caseId && r.chance(opts.walked)) track(walk(record.caseId));
  };

  const sendHttp = async () => {
    const { ref, handle } = newAlert('http');
    const alert: AlertIntake = {
      sourceRef: ref,
      channel: 'api',
      platform: r.pick(['facebook', 'instagram'] as const),
      contentKind: 'post',
      handle,
      districtHint: 'AMB',
      description: `Soak alert ${ref}: a synthetic post, no person behind it.`,
    };
    const key = randomUUID();
    const record: AlertRecord = { ref, via: 'http', firstAt: Date.now(), answers: [] };
    alerts.push(record);
    for (let attempt = 0; ; attempt++) {
      let answer: Answer;
      let body: Record<string, unknown> = {};
      alertsInFlight += 1;
      try {
        const a = await stack.http.postAlert(alert, key);
        answer = a.status;
        body = a.body;
      } catch {
        answer = 'no answer';
      } finally {
        alertsInFlight -= 1;
      }
      record.answers.push(answer);
      if (answer !== 'no answer' && answer >= 200 && answer < 300) {
        record.acceptedAt = Date.now();
        record.caseId = String(body.caseId);
        accepted(record);
        return;
      }
      if (answer !== 'no answer' && answer < 500 && answer !== 429) {
        record.refused = `answered ${answer}: ${JSON.stringify(body).slice(0, 200)}`;
        return;
      }
      await sleep(Math.min(5000, 300 * 2 ** Math.min(attempt, 4)) + r.int(0, 300));
    }
  };

  const sendMail = async () => {
    const port = stack.intakeSmtpPort;
    if (!port) throw new Error('the soak needs the API SMTP intake');
    const { ref, handle } = newAlert('smtp');
    const messageId = `<${ref.toLowerCase()}@soak.example.org>`;
    const raw = [
      'From: Law Enforcement Response <lert-alerts@example.org>',
      'To: smc-alerts@example.org',
      `Subject: Imminent harm alert - Ref ${ref}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: ${messageId}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Reference: ${ref}`,
      'Platform: Facebook',
      `Username: ${handle.slice(1)}`,
      'Approximate location: Ambedkar Nagar, Uttar Pradesh, India',
      `Description: Soak alert ${ref}: a synthetic post, no person behind it.`,
      '',
    ].join('\r\n');
    const record: AlertRecord = { ref, via: 'smtp', firstAt: Date.now(), answers: [] };
    alerts.push(record);
    for (let attempt = 0; ; attempt++) {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: true,
        socketTimeout: 30_000,
        connectionTimeout: 5000,
      });
      let code: Answer;
      let text = '';
      alertsInFlight += 1;
      try {
        const info = await transport.sendMail({
          envelope: { from: 'lert-alerts@example.org', to: ['smc-alerts@example.org'] },
          raw,
        });
        code = Number(info.response.slice(0, 3));
        text = info.response;
      } catch (error) {
        const e = error as { responseCode?: number; response?: string };
        code = e.responseCode ?? 'no answer';
        text = e.response ?? '';
      } finally {
        alertsInFlight -= 1;
        transport.close();
      }
      record.answers.push(code);
      const caseId = /Accepted as case (JV-(?:[A-Z]{2}-)?\d{4}-\d+)/.exec(text)?.[1];
      if (code === 250 && caseId) {
        record.acceptedAt = Date.now();
        record.caseId = caseId;
        accepted(record);
        return;
      }
      if (code !== 'no answer' && code >= 500) {
        record.refused = `SMTP ${code}: ${text.slice(0, 200)}`;
        return;
      }
      // 4xx (451: stored nothing, try again) or no answer: the sending server retries, same Message-ID.
      await sleep(Math.min(5000, 300 * 2 ** Math.min(attempt, 4)) + r.int(0, 300));
    }
  };

  const sender = async (send: () => Promise<void>, every: [number, number]) => {
    while (running) {
      track(send());
      await sleep(r.int(...every));
    }
  };
  const senders = [
    ...Array.from({ length: opts.httpSenders }, () => sender(sendHttp, opts.httpEveryMs)),
    ...Array.from({ length: opts.smtpSenders }, () => sender(sendMail, opts.smtpEveryMs)),
  ];

  return {
    alerts,
    steps,
    inFlight: () => ({ alerts: alertsInFlight, steps: stepsInFlight }),
    async stop(timeoutMs) {
      running = false;
      await Promise.all(senders);
      await Promise.race([Promise.allSettled([...tasks]), sleep(timeoutMs)]);
      return {
        unfinishedAlerts: alerts.filter((a) => !a.acceptedAt && !a.refused).length,
        unfinishedSteps: steps.filter((s) => !s.doneAt && !s.unexpected).length,
      };
    },
  };
}
