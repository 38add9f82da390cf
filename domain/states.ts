// The states a case can be transferred to: India's other states and union territories (two-letter
// codes as on vehicle registrations, domain/profiles/india.ts), each with a nodal officer. The
// home state is the instance's profile's (its 112 control room is kept at state scope under its code).
import { STATES_OF_INDIA } from './profiles/india.js';

export const STATE_CODES: readonly string[] = STATES_OF_INDIA.map((s) => s.code);

/** Every state but the home one. */
export function otherStates(home: string): readonly string[] {
  return STATE_CODES.filter((c) => c !== home);
}
