// What a step needs of the world outside its case before it is asked of the workflow: the
// workflow's validator is synchronous and cannot read the directory. A refusal here is a 409
// and nothing is changed. One entry per step that needs one.
import type { StepBody, StepName } from '../../contract/steps.js';
import { TELECOM_OPERATOR_NAMES } from '../../domain/requests.js';
import { dbDirectory } from '../../lib/directory/directory.js';
import type { AppDeps } from '../deps.js';

type Check<S extends StepName> = (deps: AppDeps, body: StepBody<S>) => Promise<string | undefined>;

export const STEP_CHECKS: { [S in StepName]?: Check<S> } = {
  // The e-mail must reach the operator's nodal officer: without one in the directory, refuse
  // rather than send a request about a person's number to the SMC supervisor instead.
  async requestTelecomLocation(deps, body) {
    const found = await dbDirectory(deps.db).resolve('telecom_nodal', {
      telecomOperator: body.telecomOperator,
      stateCode: deps.profile.code,
      at: new Date(),
    });
    return found.length > 0
      ? undefined
      : `the directory has no active nodal officer of ${TELECOM_OPERATOR_NAMES[body.telecomOperator]} for ${deps.profile.code} (role telecom_nodal, operator ${body.telecomOperator}): add one, or ask the operator another way`;
  },
};

export async function stepCheck<S extends StepName>(deps: AppDeps, step: S, body: StepBody<S>) {
  const check = STEP_CHECKS[step] as Check<S> | undefined;
  return check ? check(deps, body) : undefined;
}
