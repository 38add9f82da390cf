// What e-mail a case event causes: pure, so the workflow stays small and this is testable.
import type { MailJob } from '../activities/mail-types.js';
import type { CaseInput, CaseState, NextEscalation } from '../contract/case.js';
import { enquiryOfKey } from '../domain/escalation.js';
import { latestTelecomRequest } from '../domain/steps/requests.js';

export type MailTrigger =
  | { kind: 'district_notification' }
  | { kind: 'transfer' }
  | { kind: 'telecom_request' }
  | { kind: 'escalation'; escalation: NextEscalation };

/** What the workflow decided by a patch marker (old histories keep the old recipients). */
export interface MailJobOptions {
  /** The district notification also reaches the state's 112 control room (patch `notify-112`). */
  notify112?: boolean;
}

export function mailJobFor(
  state: CaseState,
  trigger: MailTrigger,
  input: CaseInput,
  opts: MailJobOptions = {},
): MailJob {
  const base = {
    caseId: state.caseId,
    drill: state.drill,
    districtCode: state.district?.code ?? input.districtHint,
    policeStation: state.district?.policeStation,
    toState: state.transfer?.toState,
    facts: {
      severity: state.severity,
      stage: state.stage,
      openedAt: state.openedAt,
      locationSummary: state.locating.best?.summary,
      nextDeadline: state.escalation.next?.dueAt,
    },
  };
  switch (trigger.kind) {
    case 'district_notification':
      return {
        ...base,
        step: 'district_notification',
        level: 0,
        roles: ['district_control_room', 'police_station', ...(opts.notify112 ? (['emergency_112'] as const) : [])],
        template: 'district_notification',
      };
    case 'transfer':
      return { ...base, step: 'transfer', level: 0, roles: ['nodal_officer', 'smc_supervisor'], template: 'transfer' };
    case 'telecom_request': {
      // The request its step has just recorded; the e-mail carries only what the nodal officer needs.
      const e = latestTelecomRequest(state);
      const r = e?.request;
      if (!e || !r?.telecomOperator || !r.phone || !r.window) throw new Error('telecom request not recorded');
      return {
        caseId: state.caseId,
        drill: state.drill,
        step: `telecom_request:${e.id}`,
        level: 0,
        roles: ['telecom_nodal'],
        template: 'telecom_request',
        telecomOperator: r.telecomOperator,
        facts: {
          severity: state.severity,
          stage: state.stage,
          openedAt: state.openedAt,
          telecom: { enquiryId: e.id, phone: r.phone, from: r.window.from, to: r.window.to, replyDueAt: e.dueAt },
        },
      };
    }
    case 'escalation': {
      const e = trigger.escalation;
      const reminder = e.wait === 'follow_up' && e.level === 1;
      // An overdue enquiry says which, whose and since when (no result of it, no personal data).
      const enquiry = e.wait === 'enquiry' ? enquiryOfKey(state, e.key) : undefined;
      return {
        ...base,
        step: `escalation:${e.key}`,
        level: e.level,
        roles: e.notify,
        template: reminder ? 'follow_up_reminder' : 'escalation',
        facts: {
          ...base.facts,
          waitingFor: e.wait,
          dueAt: e.dueAt,
          final: e.final,
          ...(enquiry && {
            enquiry: { id: enquiry.id, kind: enquiry.kind, owner: enquiry.owner, openedAt: enquiry.openedAt },
          }),
        },
      };
    }
  }
}
