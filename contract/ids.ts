// Identifiers. Workflow IDs derive from the case ID alone: never from personal data.
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';
export const DEFAULT_TASK_QUEUE = 'jeevan-cases';

export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

/** A case number carries its state: JV-UP-2026-000123 (issue 15). */
export function formatCaseId(stateCode: string, year: number, seq: number): string {
  return `JV-${stateCode}-${year}-${String(seq).padStart(6, '0')}`;
}

/** JV-<state>-<year>-<seq>, or the older JV-<year>-<seq> that cases opened before profiles keep. */
export const CASE_ID_PATTERN = '^JV-(?:[A-Z]{2}-)?\\d{4}-\\d{6,}$';
export const isCaseId = (value: string) => new RegExp(CASE_ID_PATTERN).test(value);
