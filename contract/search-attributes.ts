// Search attributes that let an auditor filter cases in Temporal's UI.
// None carries personal data: only codes, levels and flags.
import { defineSearchAttributeKey, type SearchAttributePair, SearchAttributeType } from '@temporalio/common';

export const SA = {
  stage: defineSearchAttributeKey('JeevanStage', SearchAttributeType.KEYWORD),
  district: defineSearchAttributeKey('JeevanDistrict', SearchAttributeType.KEYWORD),
  severity: defineSearchAttributeKey('JeevanSeverity', SearchAttributeType.KEYWORD),
  escalationLevel: defineSearchAttributeKey('JeevanEscalationLevel', SearchAttributeType.INT),
  overdue: defineSearchAttributeKey('JeevanOverdue', SearchAttributeType.BOOL),
  outcome: defineSearchAttributeKey('JeevanOutcome', SearchAttributeType.KEYWORD),
  drill: defineSearchAttributeKey('JeevanDrill', SearchAttributeType.BOOL),
} as const;

export const ALL_SEARCH_ATTRIBUTES = Object.values(SA);

/** `--search-attribute Name=Type` arguments for `temporal server start-dev` / `operator`. */
export function searchAttributeArgs(): string[] {
  const cliType: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int', BOOL: 'Bool', TEXT: 'Text' };
  return ALL_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${cliType[key.type]}`]);
}

/** What a case shows Temporal's UI: codes, a level and flags. */
export interface CaseAttributes {
  stage: string;
  district: string;
  severity: string;
  level: number;
  overdue: boolean;
  outcome: string;
  drill: boolean;
}

/** The one list of a case's search attributes, for the workflow's upserts and the client's start alike. */
export function caseSearchAttributes(a: CaseAttributes): SearchAttributePair[] {
  return [
    { key: SA.stage, value: a.stage },
    { key: SA.district, value: a.district },
    { key: SA.severity, value: a.severity },
    { key: SA.escalationLevel, value: a.level },
    { key: SA.overdue, value: a.overdue },
    { key: SA.outcome, value: a.outcome },
    { key: SA.drill, value: a.drill },
  ];
}
