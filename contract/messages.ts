// Wire names of every message a case workflow takes. Imported by the workflow and by
// the API client; a name never changes once used (running cases depend on it).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, AlertSummary, CaseState } from './case.js';
import type { StepBody, StepName } from './steps.js';

export type StepArgs<S extends StepName> = { by: Actor; body: StepBody<S> };

const update = <S extends StepName>(name: S) => defineUpdate<CaseState, [StepArgs<S>], S>(name);

/** Each human step is an Update: the caller gets the new state, or the validator's reason. */
export const stepUpdates = {
  startLocating: update('startLocating'),
  openEnquiry: update('openEnquiry'),
  reportEnquiry: update('reportEnquiry'),
  markLocated: update('markLocated'),
  markNotLocated: update('markNotLocated'),
  transfer: update('transfer'),
  acknowledgeTransfer: update('acknowledgeTransfer'),
  notifyDistrict: update('notifyDistrict'),
  acknowledge: update('acknowledge'),
  dispatch: update('dispatch'),
  arrive: update('arrive'),
  contactMade: update('contactMade'),
  recordOutcome: update('recordOutcome'),
  signOff: update('signOff'),
  completeFollowUp: update('completeFollowUp'),
  changeDeadline: update('changeDeadline'),
  raiseSeverity: update('raiseSeverity'),
} as const;
export type UpdateStep = keyof typeof stepUpdates;

/** Fire-and-forget facts. */
export const signals = {
  addNote: defineSignal<[StepArgs<'addNote'>]>('addNote'),
  locationHint: defineSignal<[StepArgs<'locationHint'>]>('locationHint'),
  attachAlert: defineSignal<[AlertSummary]>('attachAlert'),
} as const;

export const getState = defineQuery<CaseState>('getState');

/** Error type of a refused step (ApplicationFailure.type), mapped to HTTP 409 by the API. */
export const STEP_REFUSED = 'StepRefused';
