// The mail watch: a case's e-mail is sent without holding the case up, and if it is not
// delivered within the policy's `mailFailureAlertMs` the case records the delay and the SMC
// supervisor is told another way; once it is delivered after all, the case records that too.
// The workflow asks `send` for each e-mail and waits for `idle` before it ends.
import { condition, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CaseInput, CaseState } from '../contract/case.js';
import { addTimelineEntry } from '../domain/transitions.js';
import { type MailTrigger, mailJobFor } from './mail-jobs.js';

const { sendCaseMail, raiseSupervisorAlert } = proxyActivities<Activities>({
  // SMTP may be down for a long time: keep trying (no attempt limit), at most a minute apart.
  startToCloseTimeout: '45s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '60s' },
});

/** The district notification reaches the state's 112 control room too (issue 17). */
export const NOTIFY_112 = 'notify-112';
/** A telecom location request is e-mailed to the operator's nodal officer (issue 17 item 2). */
export const TELECOM_REQUEST = 'telecom-request';

export interface MailWatchDeps {
  state: CaseState;
  input: CaseInput;
  /** The workflow's one way to save a change (derived fields, search attributes, record). */
  changed(): Promise<void>;
  now(): string;
}

export function mailWatch({ state, input, changed, now }: MailWatchDeps) {
  const { mailFailureAlertMs } = input.policy;
  const inFlight = new Set<Promise<void>>();

  const delayed = async (step: string, level: number) => {
    const since = now();
    state.mailProblems.push({ step, level, since, lastError: 'mail not delivered yet; retrying' });
    const after = `${mailFailureAlertMs / 1000} s`;
    addTimelineEntry(
      state,
      since,
      'mail_delayed',
      `E-mail for ${step} level ${level} not delivered after ${after}; retrying`,
    );
    await changed();
    await raiseSupervisorAlert({
      caseId: state.caseId,
      kind: 'mail_delayed',
      dedupeKey: `${state.caseId}:${step}:${level}`,
      message: `Case ${state.caseId}: e-mail (${step}, level ${level}) could not be delivered; the system keeps retrying.`,
    });
  };

  const deliveredLate = async (step: string, level: number) => {
    const problem = state.mailProblems.find((p) => p.step === step && p.level === level && !p.resolved);
    if (problem) problem.resolved = now();
    addTimelineEntry(state, now(), 'mail_delivered_late', `E-mail for ${step} level ${level} delivered after retries`);
    await changed();
  };

  return {
    /** Sends the e-mail this trigger causes, watching it in the background. */
    send(trigger: MailTrigger): void {
      // Only a step no earlier history has takes this path; the marker says so to any reader of one.
      if (trigger.kind === 'telecom_request' && !patched(TELECOM_REQUEST)) return;
      // The roles are the activity's input: histories from before 112 was told keep their list.
      const notify112 = trigger.kind === 'district_notification' && patched(NOTIFY_112);
      const job = mailJobFor(state, trigger, input, { notify112 });
      const sending = (async () => {
        let done = false;
        const delivery = sendCaseMail(job).finally(() => {
          done = true;
        });
        const inTime = await condition(() => done, mailFailureAlertMs);
        if (!inTime) await delayed(job.step, job.level);
        await delivery;
        if (!inTime) await deliveredLate(job.step, job.level);
      })();
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    },
    /** True when every e-mail the case started is delivered (and its watch has finished). */
    idle: (): boolean => inFlight.size === 0,
  };
}
