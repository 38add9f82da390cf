// Search attributes that let an auditor filter cases in Temporal's UI.
// None carries personal data: only codes, levels and flags.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
