// The end of a case: the outcome, the supervisor's sign-off, the welfare checks after it.
import type { CaseState } from '../../contract/case.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import { ageBandOf } from '../outcome.js';
import { reviewPending, reviewReason } from './review.js';
import type { StepRules } from './rule.js';

export const outcomeSteps: StepRules<'recordOutcome' | 'signOff' | 'completeFollowUp'> = {
  recordOutcome: {
    validate(state, cmd) {
      const { outcome } = cmd.body;
      if (outcome === 'transferred') return 'a transfer is recorded with the transfer step, not as an outcome';
      if (
        (outcome === 'safe' || outcome === 'hospitalised' || outcome === 'no_risk') &&
        state.stage !== 'contact_made'
      ) {
        return `outcome ${outcome} needs contact made first (an officer with the person)`;
      }
      if (cmd.body.age !== undefined && cmd.body.ageBand && ageBandOf(cmd.body.age) !== cmd.body.ageBand) {
        return `age ${cmd.body.age} is not in age band ${cmd.body.ageBand}`;
      }
      return undefined;
    },
    apply(state, cmd, { stamp, move }) {
      const { outcome, gender, age, counselling, helplineReferral } = cmd.body;
      state.outcome = {
        ...stamp,
        outcome,
        gender,
        age,
        ageBand: cmd.body.ageBand ?? (age === undefined ? 'unknown' : ageBandOf(age)),
        counselling,
        helplineReferral,
      };
      move('outcome_recorded', 'outcome');
      return `Outcome recorded: ${outcome}`;
    },
  },
  signOff: {
    validate(state) {
      const why = reviewPending(state) ? reviewReason(state) : undefined;
      if (why) return `a learning review is needed before sign-off (${why}): submit it first (submitReview)`;
      return undefined;
    },
    apply(state, _cmd, { now, policy, from, stamp, move }) {
      state.signOff = stamp;
      state.milestones.signed_off = now;
      if (from === 'outcome_recorded' && needsFollowUp(state, policy)) {
        state.followUps = policy.followUpOffsetsMs.map((ms, i) => ({
          n: i + 1,
          dueAt: new Date(Date.parse(now) + ms).toISOString(),
        }));
        move('follow_up');
        return `Signed off; ${state.followUps.length} welfare check(s) scheduled`;
      }
      move('closed', 'closed');
      return 'Signed off and closed';
    },
  },
  completeFollowUp: {
    validate(state, cmd) {
      const pending = state.followUps.find((f) => !f.done);
      if (!pending) return 'no follow-up check is pending';
      if (cmd.body.n !== pending.n) return `follow-up check ${pending.n} is next (got ${cmd.body.n})`;
      return undefined;
    },
    apply(state, cmd, { stamp, move }) {
      const check = state.followUps.find((f) => f.n === cmd.body.n);
      if (check) check.done = { ...stamp, personWell: cmd.body.personWell };
      if (state.followUps.every((f) => f.done)) move('closed', 'closed');
      return `Welfare check ${cmd.body.n} done${cmd.body.personWell ? '' : ': person NOT well'}`;
    },
  },
};

function needsFollowUp(state: CaseState, policy: EscalationPolicy): boolean {
  const outcome = state.outcome?.outcome;
  // A case handed to a peer Jeevan: the welfare checks are the peer's, with the person.
  if (state.transfer) return false;
  return (
    (outcome === 'safe' || outcome === 'hospitalised' || outcome === 'no_risk') && policy.followUpOffsetsMs.length > 0
  );
}
