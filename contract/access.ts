// Who may take each step, and the role groups the API's access rules are built from. Pure
// data, shared by the API (api/auth/access.ts enforces it), the console (which offers
// exactly the steps the API would accept) and the case workflow's Update validator (so a
// step sent to Temporal round the API is held to the same rule). The workflow sandbox imports it.
import type { Actor, Role } from './case.js';
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

/** Whether a step's `by` is an actor at all (a step sent round the API may carry anything). */
export function isActor(by: unknown): by is Actor {
  const actor = by as Partial<Actor> | null | undefined;
  return !!actor && typeof actor === 'object' && typeof actor.id === 'string' && typeof actor.role === 'string';
}

/**
 * Why this role may not take the step (undefined: it may). The API sets the actor from the
 * signed-in identity and checks the same table; the workflow checks again whatever sent it.
 */
export function roleProblem(step: StepName, role: string): string | undefined {
  const allowed: readonly string[] = STEP_ACCESS[step] ?? [];
  return allowed.includes(role) ? undefined : `the role ${role.slice(0, 40)} may not take the step ${step}`;
}
