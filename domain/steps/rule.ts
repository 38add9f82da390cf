// What one step's rule is: why it may not be taken now (beyond the table's stages and roles,
// which domain/transitions.ts checks for every step), and what it changes. Each phase's
// steps are in a module of their own here; index.ts puts them together, one rule per entry
// of the step table (contract/steps.ts). Pure and synchronous, like all of domain/.
import type { Actor, CaseState, Milestone, Stage } from '../../contract/case.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import type { StepBody, StepName } from '../../contract/steps.js';

export type StepCommand = { [S in StepName]: { step: S; body: StepBody<S>; by: Actor } }[StepName];
export type CommandOf<S extends StepName> = Extract<StepCommand, { step: S }>;

/** Who and when, with the step's notes: what a step stores about itself. */
export interface Stamp {
  at: string;
  by: Actor;
  notes?: string;
}

export interface ApplyContext {
  now: string;
  policy: EscalationPolicy;
  /** The stage before the step. */
  from: Stage;
  stamp: Stamp;
  /** Moves the case to a stage, setting its milestone if it has none yet. */
  move(to: Stage, milestone?: Milestone): void;
}

export interface StepRule<S extends StepName> {
  /** Why the step may not be taken now, or undefined when it may. Changes nothing. */
  validate?(state: CaseState, cmd: CommandOf<S>, now: string): string | undefined;
  /** Applies the validated step and returns the summary of its timeline entry. */
  apply(state: CaseState, cmd: CommandOf<S>, ctx: ApplyContext): string;
}

/** The rules of a group of steps, each typed by its step. */
export type StepRules<S extends StepName> = { [K in S]: StepRule<K> };
