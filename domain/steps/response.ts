// The district responds: acknowledgements, dispatch, arrival, contact with the person.
import type { StepRules } from './rule.js';

export const responseSteps: StepRules<'acknowledge' | 'dispatch' | 'arrive' | 'contactMade'> = {
  acknowledge: {
    validate(state, cmd) {
      if (state.milestones.arrived) return 'the team has already arrived';
      if (state.acks[cmd.body.party])
        return `${cmd.body.party} already acknowledged at ${state.acks[cmd.body.party]?.at}`;
      return undefined;
    },
    apply(state, cmd, { stamp, move }) {
      state.acks[cmd.body.party] = stamp;
      const missing = state.requiredAcks.filter((p) => !state.acks[p]);
      if (missing.length === 0) move('acknowledged', 'acknowledged');
      return `Acknowledged by ${cmd.body.party.replace('_', ' ')}${missing.length ? ` (still waiting for ${missing.join(', ')})` : ''}`;
    },
  },
  dispatch: {
    validate(state) {
      if (state.dispatched) return `already dispatched (${state.dispatched.unit}) at ${state.dispatched.at}`;
      return undefined;
    },
    apply(state, cmd, { now, stamp }) {
      state.dispatched = { ...stamp, unit: cmd.body.unit };
      if (!state.milestones.dispatched) state.milestones.dispatched = now;
      return `Dispatched: ${cmd.body.unit}`;
    },
  },
  arrive: {
    apply(_state, _cmd, { move }) {
      move('arrived', 'arrived');
      return 'Officer arrived at the place';
    },
  },
  contactMade: {
    apply(_state, _cmd, { move }) {
      move('contact_made', 'contact_made');
      return 'Contact made: an officer is with the person';
    },
  },
};
