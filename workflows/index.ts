// The workflows the worker registers (bundled into Temporal's deterministic sandbox).
export { caseWorkflow } from './case-workflow.js';
export { dailyDigestWorkflow } from './digest-workflow.js';
export { reconcileWorkflow } from './reconcile-workflow.js';
export { retentionWorkflow } from './retention-workflow.js';
