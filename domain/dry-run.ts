// The dry run: "for a critical alert in district X opened at 02:00, who is told what, and
// when?" Each waiting stage is projected as if nobody moved from `from`, with the same pure
// functions the case workflow runs (projectLadder over a case state), so a case opened
// under the policy escalates exactly as the dry run said.
import type { CaseState, Severity } from '../contract/case.js';
import type { EscalationPolicy, RecipientRole, WaitKind } from '../contract/policy.js';
import { projectLadder } from './escalation.js';
import { initialState } from './transitions.js';

/** The stages a dry run shows; after notification the acknowledgement and arrival ladders run side by side. */
export const DRY_RUN_STAGES = [
  'received',
  'located',
  'district_notified',
  'arrived',
  'outcome_recorded',
  'not_located',
  'transferred',
] as const;
export type DryRunStage = (typeof DRY_RUN_STAGES)[number];

export interface DryRunInput {
  districtCode: string;
  policeStation?: string;
  toState?: string;
  severity: Severity;
  /** When the case enters each stage in this projection. */
  from: string;
  /** How far ahead to project (default 24 h). */
  horizonMs?: number;
}

export interface ProjectedEscalation {
  wait: WaitKind;
  level: number;
  dueAt: string;
  /** After the stage began, severity factor applied. */
  afterMs: number;
  roles: RecipientRole[];
  final: boolean;
}

export interface StageProjection {
  stage: DryRunStage;
  escalations: ProjectedEscalation[];
}

export function dryRun(policy: EscalationPolicy, input: DryRunInput): StageProjection[] {
  const from = Date.parse(input.from);
  const until = from + (input.horizonMs ?? 24 * 3600_000);
  return DRY_RUN_STAGES.map((stage) => ({
    stage,
    escalations: projectLadder(policy, stateAt(policy, input, stage), until).map((e) => ({
      wait: e.wait,
      level: e.level,
      dueAt: e.dueAt,
      afterMs: Date.parse(e.dueAt) - from,
      roles: e.notify,
      final: e.final,
    })),
  }));
}

/** A case of this severity that reached `stage` at `from` in the district and has waited since. */
function stateAt(policy: EscalationPolicy, input: DryRunInput, stage: DryRunStage): CaseState {
  const at = input.from;
  const by = { id: 'dry-run', role: 'system' as const };
  const state = initialState({
    caseId: 'JV-0000-000000',
    openedAt: at,
    severity: input.severity,
    drill: true,
    legalGround: 'dry run',
    policy,
    alert: {
      alertId: 'dry-run',
      source: 'dry-run',
      sourceRef: 'dry-run',
      channel: 'api',
      platform: 'dry-run',
      contentKind: 'post',
      live: false,
      receivedAt: at,
      details: {},
    },
  });
  state.stage = stage;
  if (stage === 'received' || stage === 'not_located')
    return stage === 'received' ? state : { ...state, notLocated: { at, by, reason: 'other' } };
  if (stage === 'transferred')
    return { ...state, transfer: { at, by, toState: input.toState ?? 'XX', nodalOfficer: 'dry run' } };
  state.district = { code: input.districtCode, policeStation: input.policeStation };
  if (stage === 'located') state.milestones.located = at;
  if (stage === 'district_notified') state.milestones.district_notified = at;
  if (stage === 'arrived') state.milestones.arrived = at;
  if (stage === 'outcome_recorded')
    state.outcome = {
      at,
      by,
      outcome: 'safe',
      gender: 'unknown',
      ageBand: 'unknown',
      counselling: false,
      helplineReferral: false,
    };
  return state;
}
