// The default escalation ladder from docs/domain.md. Waits the domain page does not give a
// time for (notify, review, sign-off, transfer, follow-up) get conservative defaults
// chosen here, so that no waiting stage is ever without a deadline.
import type { EscalationPolicy, Ladder } from '../contract/policy.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** An overdue enquiry: owner's desk at its due time, the supervisor `supervisorAfterMs` later, twice more, then a supervisor must act. */
function enquiryLadder(supervisorAfterMs: number): Ladder {
  return {
    rungs: [
      { afterMs: 0, notify: ['smc_operators'] },
      { afterMs: supervisorAfterMs, notify: ['smc_supervisor'] },
    ],
    repeat: { everyMs: supervisorAfterMs, times: 2, notify: ['smc_supervisor'] },
  };
}

export const DEFAULT_POLICY: EscalationPolicy = {
  version: 'up-default-3',
  requireBothAcks: true,
  severityFactor: { critical: 0.5, high: 1, normal: 1 },
  ladders: {
    locate: {
      rungs: [{ afterMs: 10 * MIN, notify: ['smc_supervisor'] }],
      repeat: { everyMs: 10 * MIN, times: 6, notify: ['smc_supervisor', 'smc_incharge'] },
    },
    // From an enquiry's own due time: its owner's desk at once, the supervisor if still nothing.
    enquiry: enquiryLadder(10 * MIN),
    notify: {
      rungs: [{ afterMs: 5 * MIN, notify: ['smc_supervisor'] }],
      repeat: { everyMs: 5 * MIN, times: 6, notify: ['smc_supervisor', 'smc_incharge'] },
    },
    review: {
      rungs: [{ afterMs: 30 * MIN, notify: ['smc_supervisor'] }],
      repeat: { everyMs: 30 * MIN, times: 4, notify: ['smc_supervisor', 'smc_incharge'] },
    },
    transfer_ack: {
      rungs: [
        { afterMs: 15 * MIN, notify: ['nodal_officer', 'smc_supervisor'] },
        { afterMs: 45 * MIN, notify: ['nodal_officer', 'smc_incharge'] },
      ],
      repeat: { everyMs: 30 * MIN, times: 6, notify: ['nodal_officer', 'smc_incharge'] },
    },
    acknowledge: {
      rungs: [{ afterMs: 5 * MIN, notify: ['district_control_room', 'sp'] }],
      repeat: { everyMs: 5 * MIN, times: 6, notify: ['district_control_room', 'sp', 'smc_supervisor'] },
    },
    arrive: {
      rungs: [
        { afterMs: 15 * MIN, notify: ['sp'] },
        { afterMs: 30 * MIN, notify: ['cp_or_range_ig'] },
        { afterMs: 45 * MIN, notify: ['adg_zone', 'smc_incharge'] },
      ],
      repeat: { everyMs: 15 * MIN, times: 8, notify: ['adg_zone', 'smc_incharge'] },
    },
    outcome: {
      rungs: [{ afterMs: 2 * HOUR, notify: ['sp'] }],
      repeat: { everyMs: 2 * HOUR, times: 6, notify: ['sp', 'smc_supervisor'] },
    },
    sign_off: {
      rungs: [{ afterMs: 2 * HOUR, notify: ['smc_supervisor'] }],
      repeat: { everyMs: 4 * HOUR, times: 6, notify: ['smc_supervisor', 'smc_incharge'] },
    },
    follow_up: {
      rungs: [
        { afterMs: 0, notify: ['police_station', 'district_control_room'] },
        { afterMs: 12 * HOUR, notify: ['sp'] },
      ],
      repeat: { everyMs: DAY, times: 3, notify: ['sp', 'smc_supervisor'] },
    },
    // A case that went wrong and has no learning review: the supervisor a day after it came to
    // sign-off, the SMC in-charge after three days, then daily twice more.
    learning_review: {
      rungs: [
        { afterMs: DAY, notify: ['smc_supervisor'] },
        { afterMs: 3 * DAY, notify: ['smc_supervisor', 'smc_incharge'] },
      ],
      repeat: { everyMs: DAY, times: 2, notify: ['smc_supervisor', 'smc_incharge'] },
    },
  },
  // A request to the platform or a telecom operator waits on another organisation: its owner
  // is reminded at the due time and the supervisor told later than for work done in-house.
  enquiryLadders: {
    telecom_lookup: enquiryLadder(15 * MIN),
    meta_data: enquiryLadder(15 * MIN),
    meta_emergency_request: enquiryLadder(15 * MIN),
    family_contacts: enquiryLadder(10 * MIN),
    post_clues: enquiryLadder(10 * MIN),
    other: enquiryLadder(10 * MIN),
  },
  followUpOffsetsMs: [DAY, 3 * DAY, 7 * DAY],
  mailFailureAlertMs: 2 * MIN,
};
