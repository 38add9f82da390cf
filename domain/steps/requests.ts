// Requests drafted from the case (domain/requests.ts): each opens the enquiry that waits on its
// reply, with the request recorded on it, so the reply is reported like any enquiry's result
// (reportEnquiry) and an overdue one is chased by the enquiry ladder. The telecom request's
// e-mail is the step table's `mail` (activities/mail-templates.ts).
import type { CaseState, Enquiry, EnquiryKind, EnquiryRequest } from '../../contract/case.js';
import { TELECOM_OPERATOR_NAMES, telecomWindow } from '../requests.js';
import type { StepRules } from './rule.js';

const MAX_OPEN = 20;
const tooMany = (state: CaseState) =>
  state.locating.enquiries.filter((e) => e.status === 'open').length >= MAX_OPEN
    ? `too many open enquiries (${MAX_OPEN})`
    : undefined;

function open(
  state: CaseState,
  kind: EnquiryKind,
  owner: string,
  now: string,
  dueInMinutes: number,
  request: EnquiryRequest,
): Enquiry {
  const enquiry: Enquiry = {
    id: `E${state.locating.enquiries.length + 1}`,
    kind,
    owner,
    openedAt: now,
    dueAt: new Date(Date.parse(now) + dueInMinutes * 60_000).toISOString(),
    status: 'open',
    request,
  };
  state.locating.enquiries.push(enquiry);
  return enquiry;
}

/** The enquiry of the latest telecom request (the one its step has just opened). */
export function latestTelecomRequest(state: CaseState): Enquiry | undefined {
  return state.locating.enquiries.findLast((e) => e.request?.kind === 'telecom');
}

export const requestSteps: StepRules<'filePlatformRequest' | 'requestTelecomLocation'> = {
  filePlatformRequest: {
    validate: tooMany,
    apply(state, cmd, { now }) {
      const owner = cmd.by.name ?? cmd.by.id;
      const reference = cmd.body.portalReference;
      const e = open(state, 'meta_emergency_request', owner, now, cmd.body.dueInMinutes, {
        kind: 'platform',
        at: now,
        by: cmd.by.id,
        ...(reference ? { reference } : {}),
      });
      return `Emergency disclosure request filed on the platform's portal${reference ? ` (reference ${reference})` : ''}: enquiry ${e.id}, reply due ${e.dueAt}`;
    },
  },
  requestTelecomLocation: {
    validate: tooMany,
    apply(state, cmd, { now }) {
      const { telecomOperator, phone, windowHours, dueInMinutes } = cmd.body;
      // The number stays in the request record, never in the timeline's summary.
      const e = open(state, 'telecom_lookup', cmd.by.name ?? cmd.by.id, now, dueInMinutes, {
        kind: 'telecom',
        at: now,
        by: cmd.by.id,
        telecomOperator,
        phone,
        window: telecomWindow(now, windowHours),
      });
      return `Location request e-mailed to the nodal officer of ${TELECOM_OPERATOR_NAMES[telecomOperator]} (last ${windowHours} h): enquiry ${e.id}, reply due ${e.dueAt}`;
    },
  },
};
