// Builders for the unit tests of the pure case rules: a case input, actors, and a
// driver that takes steps exactly as workflows/case-workflow.ts does (validate, apply,
// refresh) and fires escalations as the workflow's clock loop does.
import type { Actor, AlertSummary, CaseInput, CaseState, NextEscalation } from '../../contract/case.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import type { StepBody, StepName } from '../../contract/steps.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';
import { recordFired } from '../../domain/escalation.js';
import {
  addTimelineEntry,
  applyStep,
  initialState,
  refreshEscalation,
  type StepCommand,
  validateStep,
} from '../../domain/transitions.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const T0 = Date.parse('2024-06-15T23:37:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();

/** An alert's personal details as canary values: tests assert none of them leaves where it must not. */
export const CANARY_DETAILS = {
  accountName: 'CANARY Name',
  handle: '@canary.handle',
  profileUrl: 'https://instagram.com/canary.handle',
  phone: '+91 98765 43210',
  email: 'canary@example.com',
  ipAddress: '203.0.113.9',
  locationHint: 'CANARY hint',
  description: 'CANARY post text',
};

export const operator: Actor = { id: 'op-1', role: 'smc_operator' };
export const supervisor: Actor = { id: 'sup-1', role: 'smc_supervisor' };
export const officer: Actor = { id: 'do-1', role: 'district_officer' };

export function alert(overrides: Partial<AlertSummary> = {}): AlertSummary {
  return {
    alertId: 'A1',
    source: 'meta',
    sourceRef: 'LR-2024-0001',
    channel: 'email',
    platform: 'instagram',
    contentKind: 'post',
    live: false,
    receivedAt: iso(T0),
    details: { handle: '@someone', phone: '+91 90000 00000' },
    ...overrides,
  };
}

export function caseInput(overrides: Partial<CaseInput> = {}): CaseInput {
  return {
    caseId: 'JV-2024-000001',
    openedAt: iso(T0),
    severity: 'high',
    drill: false,
    alert: alert(),
    policy: DEFAULT_POLICY,
    legalGround: 'DPDP Act 2023 s.7(d): threat to life',
    ...overrides,
  };
}

/** A case driven like the workflow drives it, on a clock the test moves. */
export class CaseDriver {
  readonly state: CaseState;
  now: number;
  constructor(
    readonly policy: EscalationPolicy = DEFAULT_POLICY,
    input: Partial<CaseInput> = {},
  ) {
    const full = caseInput({ policy, ...input });
    this.now = Date.parse(full.openedAt);
    this.state = initialState(full);
    refreshEscalation(this.state, policy);
  }

  /** Validates and applies a step; returns the refusal reason, or undefined when it was applied. */
  try<S extends StepName>(step: S, body: StepBody<S>, by: Actor = operator): string | undefined {
    const cmd = { step, body, by } as StepCommand;
    const reason = validateStep(this.state, cmd, iso(this.now));
    if (reason) return reason;
    applyStep(this.state, cmd, iso(this.now), this.policy);
    refreshEscalation(this.state, this.policy);
    return undefined;
  }

  /** Like `try`, but the step must be accepted. */
  step<S extends StepName>(step: S, body: StepBody<S>, by: Actor = operator): CaseState {
    const reason = this.try(step, body, by);
    if (reason) throw new Error(`${step} refused: ${reason}`);
    return this.state;
  }

  /** Moves the clock to `to`, firing every escalation that falls due on the way, as the workflow loop does. */
  advanceTo(to: number): NextEscalation[] {
    const fired: NextEscalation[] = [];
    for (
      let next = this.state.escalation.next;
      next && Date.parse(next.dueAt) <= to;
      next = this.state.escalation.next
    ) {
      this.now = Math.max(this.now, Date.parse(next.dueAt));
      fire(this.state, next, iso(this.now), this.policy);
      fired.push(next);
      if (fired.length > 10_000) throw new Error('escalation loop does not end');
    }
    this.now = Math.max(this.now, to);
    return fired;
  }

  advance(ms: number): NextEscalation[] {
    return this.advanceTo(this.now + ms);
  }
}

/** What the workflow's `fire` does to the state (without the e-mail). */
export function fire(state: CaseState, next: NextEscalation, now: string, policy: EscalationPolicy): void {
  recordFired(state, next, now);
  addTimelineEntry(state, now, 'escalation', `Escalation level ${next.level} (${next.wait})`, undefined, {
    details: { key: next.key, level: next.level },
  });
  refreshEscalation(state, policy);
}

/** Walks a fresh case to `district_notified` in district AMB. */
export function notifiedCase(policy: EscalationPolicy = DEFAULT_POLICY, input: Partial<CaseInput> = {}): CaseDriver {
  const c = new CaseDriver(policy, input);
  c.step('startLocating', {});
  c.step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur' });
  c.step('notifyDistrict', {});
  return c;
}
