// The person is in another state: hand the case to that state's nodal officer.
import type { StepRules } from './rule.js';

export const transferSteps: StepRules<'transfer' | 'acknowledgeTransfer'> = {
  transfer: {
    apply(state, cmd, { stamp, move }) {
      state.transfer = { ...stamp, toState: cmd.body.toState, nodalOfficer: cmd.body.nodalOfficer };
      move('transferred', 'transferred');
      return `Transferred to ${cmd.body.toState} (nodal officer ${cmd.body.nodalOfficer})`;
    },
  },
  acknowledgeTransfer: {
    apply(state, _cmd, { stamp, move }) {
      if (state.transfer) state.transfer.acknowledged = stamp;
      state.outcome = {
        ...stamp,
        outcome: 'transferred',
        gender: 'unknown',
        ageBand: 'unknown',
        counselling: false,
        helplineReferral: false,
      };
      move('outcome_recorded', 'outcome');
      return 'Transfer acknowledged by the nodal officer';
    },
  },
};
