// The instance's state profile in the browser: one console serves one state (its API's
// JEEVAN_STATE, told by GET /auth/me). Set once the session is known, before any page that
// shows a district renders; until then the first desk's (the sign-in page shows none).
import type { District } from '../../../domain/districts.js';
import { isProfileCode, profileOf, type StateProfile } from '../../../domain/profiles/index.js';

let home: StateProfile = profileOf(undefined);

/** The profile of the state the API serves; an unknown code keeps the current one. */
export function selectState(code: string | undefined): void {
  if (code && isProfileCode(code)) home = profileOf(code);
}

export const homeProfile = (): StateProfile => home;
export const homeDistricts = (): readonly District[] => home.districts;
export const homeDistrict = (code: string | null | undefined): District | undefined =>
  code ? home.districts.find((d) => d.code === code) : undefined;
