// Telling the district: its control room and the police station whose area it is.
import type { StepRules } from './rule.js';

export const notifySteps: StepRules<'notifyDistrict'> = {
  notifyDistrict: {
    apply(state, _cmd, { move }) {
      move('district_notified', 'district_notified');
      return `District ${state.district?.code} and police station notified`;
    },
  },
};
