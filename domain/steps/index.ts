// One rule per step of the table (contract/steps.ts), by phase. A step in the table without
// a rule here does not compile.
import type { StepName } from '../../contract/steps.js';
import { locatingSteps } from './locating.js';
import { notifySteps } from './notify.js';
import { outcomeSteps } from './outcome.js';
import { requestSteps } from './requests.js';
import { responseSteps } from './response.js';
import { reviewSteps } from './review.js';
import type { StepRules } from './rule.js';
import { supervisionSteps } from './supervision.js';
import { transferSteps } from './transfer.js';

export { foundByOf, needsReview, reviewPending, reviewReason } from './review.js';
export type { ApplyContext, CommandOf, Stamp, StepCommand, StepRule, StepRules } from './rule.js';

export const STEP_RULES: StepRules<StepName> = {
  ...locatingSteps,
  ...requestSteps,
  ...transferSteps,
  ...notifySteps,
  ...responseSteps,
  ...outcomeSteps,
  ...supervisionSteps,
  ...reviewSteps,
};
