// Who may take each step, and the role groups the API's access rules are built from. Pure
// data, shared by the API (api/auth/access.ts enforces it), the console (which offers
// exactly the steps the API would accept) and the case workflow's Update validator (so a
// step sent to Temporal round the API is held to the same rule). The workflow sandbox imports it.
// The roles of each step are in the step table (contract/steps.ts); this is a view of it.
import type { Actor } from './case.js';
import { FIELD, HQ_ROLES, type HumanRole, OPS, READERS, SUPERVISOR } from './roles.js';
import { STEP_LIST, STEPS, type StepName } from './steps.js';

export { FIELD, HQ_ROLES, type HumanRole, OPS, READERS, SUPERVISOR };

/** What each step needs (issue 5's table): HQ locates and notifies, districts act, supervisors decide. */
export const STEP_ACCESS = Object.fromEntries(STEP_LIST.map((s) => [s.name, [...s.roles]])) as Record<
  StepName,
  HumanRole[]
>;

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
  const allowed: readonly string[] = STEPS[step]?.roles ?? [];
  return allowed.includes(role) ? undefined : `the role ${role.slice(0, 40)} may not take the step ${step}`;
}
