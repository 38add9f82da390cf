// The workflows the worker registers (bundled into Temporal's deterministic sandbox).
export { caseWorkflow } from './case-workflow.js';
