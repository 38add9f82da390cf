// The state profiles Jeevan ships, by code. Adding a state: a folder beside UP/ and UK/ with
// its profile.ts, districts.csv and districts.ts, and one line here (README: "A state adopts Jeevan").
import type { District, StateProfile } from './profile.js';
import { UK } from './UK/profile.js';
import { UP } from './UP/profile.js';

export type { District, Lang, StateProfile, Text } from './profile.js';
export { LANGUAGES } from './profile.js';

export const PROFILES: Readonly<Record<string, StateProfile>> = { UP, UK };
export const PROFILE_CODES: readonly string[] = Object.keys(PROFILES);

/** Cases opened before the profiles carry no state: they are the first desk's (and its IDs JV-<year>-…). */
export const FIRST_STATE = 'UP';

export function isProfileCode(code: string): boolean {
  return Object.hasOwn(PROFILES, code);
}

/** The profile of a state code; a case without one (opened before profiles) is the first desk's. */
export function profileOf(code: string | undefined): StateProfile {
  const p = PROFILES[code ?? FIRST_STATE];
  if (!p) throw new Error(`no state profile ${code} (known: ${PROFILE_CODES.join(', ')})`);
  return p;
}

const BY_CODE = new Map(Object.values(PROFILES).map((p) => [p.code, new Map(p.districts.map((d) => [d.code, d]))]));

/** A district of the state, by its code. */
export function districtOf(stateCode: string | undefined, code: string): District | undefined {
  return BY_CODE.get(profileOf(stateCode).code)?.get(code);
}
