// Who may take each step, and the role groups the API's access rules are built from. Pure
// data, shared by the API (api/auth/access.ts enforces it) and the console (which offers
// exactly the steps the API would accept), so neither imports the other.
import type { Role } from './case.js';
import type { StepName } from './steps.js';

/** A person's role (the workflow's own actor, 'system', is nobody's). */
export type HumanRole = Exclude<Role, 'system'>;

/** Roles that work across all districts. */
export const HQ_ROLES: HumanRole[] = ['smc_operator', 'smc_supervisor', 'auditor'];
/** The Social Media Center's desk: intake, locating, notifying. */
export const OPS: HumanRole[] = ['smc_operator', 'smc_supervisor'];
/** Who acts on the ground, with the desk. */
export const FIELD: HumanRole[] = [...OPS, 'district_officer'];
/** Everyone who reads cases. */
export const READERS: HumanRole[] = [...OPS, 'district_officer', 'senior_officer', 'auditor'];

/** What each step needs (issue 5's table): HQ locates and notifies, districts act, supervisors decide. */
export const STEP_ACCESS: Record<StepName, HumanRole[]> = {
  startLocating: OPS,
  openEnquiry: OPS,
  reportEnquiry: OPS,
  locationHint: OPS,
  markLocated: OPS,
  markNotLocated: OPS,
  transfer: OPS,
  acknowledgeTransfer: OPS,
  notifyDistrict: OPS,
  acknowledge: FIELD,
  dispatch: FIELD,
  arrive: FIELD,
  contactMade: FIELD,
  recordOutcome: FIELD,
  completeFollowUp: FIELD,
  addNote: FIELD,
  signOff: ['smc_supervisor'],
  changeDeadline: ['smc_supervisor'],
  raiseSeverity: ['smc_supervisor'],
};
