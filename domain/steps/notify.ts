// Telling the district, its control room and the police station whose area it is, and
// moving the case to another police station of that district.
import type { StepRules } from './rule.js';

export const notifySteps: StepRules<'notifyDistrict' | 'reassignStation'> = {
  notifyDistrict: {
    apply(state, _cmd, { move }) {
      move('district_notified', 'district_notified');
      return `District ${state.district?.code} and police station notified`;
    },
  },
  /** Another police station of the same district takes the case (the district stays; so do the stage and acks). */
  reassignStation: {
    validate(state, cmd) {
      if (!state.district) return 'the case has no district yet';
      const station = cmd.body.policeStation.trim();
      if (!station) return 'the police station must be named';
      if (station === state.district.policeStation) return `the case is already with police station ${station}`;
      return undefined;
    },
    apply(state, cmd) {
      const district = state.district ?? { code: 'unknown' };
      const before = district.policeStation;
      const station = cmd.body.policeStation.trim();
      state.district = { code: district.code, policeStation: station };
      return `Police station changed${before ? ` from ${before}` : ''} to ${station} (district ${district.code}): ${cmd.body.reason}`;
    },
  },
};
