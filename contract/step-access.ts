// Who may take each step of a case: the one table that the API's guard (api/auth/access.ts)
// and the case workflow's Update validator both read, so a step sent to Temporal round the
// API is held to the same rule. Pure (no I/O, types only from elsewhere): the workflow
// sandbox imports it.
import type { Actor, Role } from './case.js';
import type { StepName } from './steps.js';

/** Every role a person can have; 'system' is the workflow itself and never takes a step from outside. */
export type HumanRole = Exclude<Role, 'system'>;

/** The SMC's desk: operators and their supervisors. */
export const OPS_ROLES: HumanRole[] = ['smc_operator', 'smc_supervisor'];
/** Those who act on the ground, and the SMC beside them. */
export const FIELD_ROLES: HumanRole[] = [...OPS_ROLES, 'district_officer'];

/** What each step needs (issue 5's table): HQ locates and notifies, districts act, supervisors decide. */
export const STEP_ACCESS: Record<StepName, HumanRole[]> = {
  startLocating: OPS_ROLES,
  openEnquiry: OPS_ROLES,
  reportEnquiry: OPS_ROLES,
  locationHint: OPS_ROLES,
  markLocated: OPS_ROLES,
  markNotLocated: OPS_ROLES,
  transfer: OPS_ROLES,
  acknowledgeTransfer: OPS_ROLES,
  notifyDistrict: OPS_ROLES,
  acknowledge: FIELD_ROLES,
  dispatch: FIELD_ROLES,
  arrive: FIELD_ROLES,
  contactMade: FIELD_ROLES,
  recordOutcome: FIELD_ROLES,
  completeFollowUp: FIELD_ROLES,
  addNote: FIELD_ROLES,
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
