// Identifiers. Workflow IDs derive from the case ID alone: never from personal data.
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';
export const DEFAULT_TASK_QUEUE = 'jeevan-cases';

export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

export function formatCaseId(year: number, seq: number): string {
  return `JV-${year}-${String(seq).padStart(6, '0')}`;
}

export const CASE_ID_PATTERN = '^JV-\\d{4}-\\d{6,}$';
export const isCaseId = (value: string) => new RegExp(CASE_ID_PATTERN).test(value);
