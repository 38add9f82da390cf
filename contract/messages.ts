// Wire names of every message a case workflow takes. Imported by the workflow and by
// the API client; a name never changes once used (running cases depend on it). The steps'
// Updates and signals are those of the step table (contract/steps.ts).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AlertSummary, CaseState } from './case.js';
import type { PeerEventArgs } from './network.js';
import {
  SIGNAL_STEPS,
  type SignalStep,
  STEPS,
  type StepArgs,
  type Steps,
  UPDATE_STEPS,
  type UpdateStep,
} from './steps.js';

export type { StepArgs, UpdateStep };

/** Each human step that is an Update: the caller gets the new state, or the validator's reason. */
export const stepUpdates = Object.fromEntries(UPDATE_STEPS.map((s) => [s, STEPS[s].update])) as {
  [S in UpdateStep]: NonNullable<Steps[S]['update']>;
};

/** The steps that are fire-and-forget facts. */
export const stepSignals = Object.fromEntries(SIGNAL_STEPS.map((s) => [s, STEPS[s].signal])) as {
  [S in SignalStep]: NonNullable<Steps[S]['signal']>;
};

/** Fire-and-forget facts: the signal steps, and a further alert about the same person. */
export const signals = {
  ...stepSignals,
  attachAlert: defineSignal<[AlertSummary]>('attachAlert'),
} as const;

export const getState = defineQuery<CaseState>('getState');

/** A peer Jeevan's answer about a case transferred to it (api/routes/network.ts; docs/network.md). */
export const peerEvent = defineUpdate<CaseState, [PeerEventArgs]>('peerEvent');

/** Error type of a refused step (ApplicationFailure.type), mapped to HTTP 409 by the API. */
export const STEP_REFUSED = 'StepRefused';
