// The webhook watch: a case's webhook notices are delivered in the background, like its
// e-mail; the case never waits on a receiver. The activity retries durably (no attempt limit,
// at most a minute apart) and sends each event key once; the workflow waits for `idle` before
// it ends, so a closed case's last notice is not abandoned. Only the events the case was
// started with (CaseInput.webhooks, decided by the API from WEBHOOK_URL and WEBHOOK_EVENTS)
// are sent, so a case without a webhook has no extra history at all.
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CaseInput, CaseState, NextEscalation, Stage } from '../contract/case.js';
import type { UpdateStep } from '../contract/messages.js';
import { type WebhookTrigger, webhookNoticeFor } from './webhook-jobs.js';

const { deliverWebhook } = proxyActivities<Activities>({
  // The request itself is bounded at 10 s (activities/webhook.ts).
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '60s' },
});

/** Cases send webhook notices (patched: histories from before them replay without). */
export const WEBHOOK_EVENTS_PATCH = 'webhook-events';

export function webhookWatch({ state, input, now }: { state: CaseState; input: CaseInput; now(): string }) {
  const wanted = new Set(input.webhooks ?? []);
  const inFlight = new Set<Promise<void>>();

  const send = (trigger: WebhookTrigger): void => {
    if (!wanted.has(trigger.event) || !patched(WEBHOOK_EVENTS_PATCH)) return;
    // A refusal (a 4xx from the receiver) is logged by the activity; it never fails the case.
    const delivery = deliverWebhook(webhookNoticeFor(state, trigger, input, now())).then(
      () => {},
      () => {},
    );
    inFlight.add(delivery);
    void delivery.finally(() => inFlight.delete(delivery));
  };

  return {
    /** After a step is applied: the district notified, the team arrived, the case closed. */
    afterStep(step: UpdateStep, stageBefore: Stage): void {
      if (step === 'notifyDistrict') send({ event: 'notified' });
      if (step === 'arrive') send({ event: 'arrived' });
      if (stageBefore !== 'closed' && state.stage === 'closed') send({ event: 'closed' });
    },
    /** An escalation fired. */
    overdue(escalation: NextEscalation): void {
      send({ event: 'overdue', escalation });
    },
    /** True when every notice the case started is delivered (or refused). */
    idle: (): boolean => inFlight.size === 0,
  };
}
