// The columns of the `cases` table, derived from the workflow's state.
import type { CaseState } from '../contract/case.js';
import { caseWorkflowId } from '../contract/ids.js';
import { foundByOf } from './steps/review.js';

export type CaseSnapshot = Omit<CaseState, 'timeline'>;

const date = (iso: string | undefined) => (iso ? new Date(iso) : null);

export function projectionOf(s: CaseSnapshot) {
  const m = s.milestones;
  return {
    id: s.caseId,
    workflowId: caseWorkflowId(s.caseId),
    stage: s.stage,
    severity: s.severity,
    drill: s.drill,
    legalGround: s.legalGround,
    policyVersion: s.policyVersion,
    districtCode: s.district?.code ?? null,
    policeStation: s.district?.policeStation ?? null,
    openedAt: new Date(s.openedAt),
    locatedAt: date(m.located),
    notifiedAt: date(m.district_notified),
    acknowledgedAt: date(m.acknowledged),
    dispatchedAt: date(m.dispatched),
    arrivedAt: date(m.arrived),
    contactAt: date(m.contact_made),
    outcomeAt: date(m.outcome),
    closedAt: date(m.closed),
    notLocatedReason: s.notLocated?.reason ?? null,
    outcome: s.outcome?.outcome ?? null,
    gender: s.outcome?.gender ?? null,
    ageBand: s.outcome?.ageBand ?? null,
    counselling: s.outcome?.counselling ?? null,
    helplineReferral: s.outcome?.helplineReferral ?? null,
    reviewDelays: s.learningReview ? [...s.learningReview.delayedBy] : null,
    foundBy: foundByOf(s),
    escalationLevel: s.escalation.level,
    overdue: s.escalation.overdue,
    nextDeadlineAt: date(s.escalation.next?.dueAt),
    nextEscalationLevel: s.escalation.next?.level ?? null,
    nextEscalationNotify: s.escalation.next ? [...s.escalation.next.notify] : null,
    nextEscalationFinal: s.escalation.next?.final ?? null,
    alertCount: s.alerts.length,
    stateVersion: s.version,
  };
}
