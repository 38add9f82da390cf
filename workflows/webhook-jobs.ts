// What a case event tells the webhook: pure, so it is testable and the workflow stays small.
// Fields are picked one by one from the case, never spread, so nothing personal can ride along.
import type { CaseInput, CaseState, NextEscalation } from '../contract/case.js';
import type { WebhookEvent, WebhookNotice } from '../contract/webhook.js';

export type WebhookTrigger =
  | { event: 'notified' | 'arrived' | 'closed' }
  | { event: 'overdue'; escalation: NextEscalation };

export function webhookNoticeFor(
  state: CaseState,
  trigger: WebhookTrigger,
  input: CaseInput,
  at: string,
): WebhookNotice {
  const event: WebhookEvent = trigger.event;
  const overdue = trigger.event === 'overdue' ? trigger.escalation : undefined;
  return {
    event: `case.${event}`,
    eventKey: overdue ? `${state.caseId}:overdue:${overdue.key}:${overdue.level}` : `${state.caseId}:${event}`,
    caseId: state.caseId,
    ...(state.transfer?.toState ? { state: state.transfer.toState } : {}),
    district: state.district?.code ?? input.districtHint ?? 'unknown',
    ...(state.district?.policeStation ? { policeStation: state.district.policeStation } : {}),
    severity: state.severity,
    stage: state.stage,
    at,
    ...(overdue ? { level: overdue.level, waitingFor: overdue.wait } : {}),
    ...(event === 'closed' && state.outcome ? { outcome: state.outcome.outcome } : {}),
    drill: state.drill,
  };
}
