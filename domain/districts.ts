// A state's districts, from its profile (domain/profiles/<code>/districts.csv). Every caller
// names the state: the instance's own (its profile), or a case's (CaseState.stateCode).
import { districtOf, FIRST_STATE, profileOf } from './profiles/index.js';
import type { District } from './profiles/profile.js';

export type { District };

/** A case's state: its own, or the first desk's for a case opened before profiles. */
export function caseStateCode(c: { stateCode?: string }): string {
  return c.stateCode ?? FIRST_STATE;
}

export function districtsOf(stateCode: string): readonly District[] {
  return profileOf(stateCode).districts;
}

export function districtByCode(code: string, stateCode: string): District | undefined {
  return districtOf(stateCode, code);
}
