// One durable workflow per case: it holds the case's state, takes every step as an
// Update (validated by the pure rules in domain/), and runs the escalation clock. It
// never goes silent: while the case is open there is always a next deadline, or a
// supervisor has been told that the ladder ran out.

import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { isActor, roleProblem } from '../contract/access.js';
import type { CaseInput, CaseState, NextEscalation } from '../contract/case.js';
import {
  getState,
  STEP_REFUSED,
  type StepArgs,
  signals,
  stepSignals,
  stepUpdates,
  type UpdateStep,
} from '../contract/messages.js';
import { PAYLOAD_REFUSED, refusalOf } from '../contract/refused-payload.js';
import { type CaseAttributes, caseSearchAttributes } from '../contract/search-attributes.js';
import { type SignalStep, STEPS, type StepSpec } from '../contract/steps.js';
import { recordFired } from '../domain/escalation.js';
import {
  addTimelineEntry,
  applyStep,
  attachAlert,
  initialState,
  refreshEscalation,
  type StepCommand,
  validateStep,
} from '../domain/transitions.js';
import { mailWatch } from './mail-watch.js';
import { networkWatch } from './network-watch.js';
import { webhookWatch } from './webhook-watch.js';

const { recordCase } = proxyActivities<Activities>({
  startToCloseTimeout: '20s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '20s' },
});
/** Signals whose actor may not take the step are dropped (before this, the API's check was the only one). */
const SIGNAL_ACTOR_CHECK = 'signal-actor-role-checked';
/** Open enquiries past their due time run their own ladder (issue 17). */
const ENQUIRY_CHASE = 'enquiry-chase';
/** A case that went wrong needs a learning review before sign-off, and waits for it (issue 17). */
const LEARNING_REVIEW = 'learning-review';

export async function caseWorkflow(input: CaseInput, carried?: CaseState): Promise<CaseState> {
  // Started straight in Temporal without the codec's key: nothing of it is run or recorded.
  const refused = refusalOf(input) ?? refusalOf(carried);
  if (refused) throw ApplicationFailure.create({ type: PAYLOAD_REFUSED, message: refused, nonRetryable: true });
  const { policy } = input;
  const state = carried ?? initialState(input);
  // Overdue enquiries chase themselves (a wait of their own) in cases opened with a policy that
  // has the ladder; cases already running keep the behaviour they started with, so they replay.
  if (!carried && policy.ladders.enquiry && patched(ENQUIRY_CHASE)) state.chasesEnquiries = true;
  // Likewise the learning review: only cases started with it are held at sign-off until it is in.
  if (!carried && patched(LEARNING_REVIEW)) state.asksLearningReview = true;
  const now = () => new Date(Date.now()).toISOString();
  let persistedSeq = carried ? carried.timeline.length : 0;
  let persistChain: Promise<void> = Promise.resolve();

  /** Saves new timeline entries and the projection, in order; an update returns only after its change is saved. */
  const persist = (): Promise<void> => {
    persistChain = persistChain.then(async () => {
      const events = state.timeline.slice(persistedSeq);
      if (events.length === 0) return;
      const { timeline: _timeline, ...snapshot } = state;
      await recordCase({ snapshot, events });
      persistedSeq += events.length;
    });
    return persistChain;
  };

  let lastAttributes = '';
  /** Every change ends here: derived fields, search attributes, then the record. */
  const changed = (): Promise<void> => {
    refreshEscalation(state, policy);
    const attributes: CaseAttributes = {
      stage: state.stage,
      district: state.district?.code ?? input.districtHint ?? 'unknown',
      severity: state.severity,
      level: state.escalation.level,
      overdue: state.escalation.overdue,
      outcome: state.outcome?.outcome ?? 'none',
      drill: state.drill,
    };
    const serialized = JSON.stringify(attributes);
    if (serialized !== lastAttributes) {
      lastAttributes = serialized;
      upsertSearchAttributes(caseSearchAttributes(attributes));
    }
    return persist();
  };

  const mails = mailWatch({ state, input, changed, now });
  const mail = mails.send;
  const hooks = webhookWatch({ state, input, now });
  const network = networkWatch({ state, input, changed, now, mailTransfer: () => mail({ kind: 'transfer' }) });

  setHandler(getState, () => state);

  // One handler shape for every step of the table (contract/steps.ts): the pure rules decide what each may do.
  type AnyStep = UpdateDefinition<CaseState, [StepArgs<UpdateStep>]>;
  for (const [step, definition] of Object.entries(stepUpdates) as [UpdateStep, AnyStep][]) {
    setHandler(
      definition,
      async (args: StepArgs<UpdateStep>) => {
        const cmd = { step, ...args } as StepCommand;
        const stageBefore = state.stage;
        applyStep(state, cmd, now(), policy);
        await changed();
        const sends = (STEPS[step] as StepSpec).mail;
        // A transfer to a peer Jeevan goes as a packet (network-watch.ts), otherwise by e-mail.
        const byNetwork =
          step === 'transfer' && network.transferred(Boolean((args.body as { sendNotes?: boolean }).sendNotes));
        if (sends && !byNetwork) mail({ kind: sends });
        hooks.afterStep(step, stageBefore);
        network.afterStep(step);
        return state;
      },
      {
        // Validators never run on replay, so this check needs no patch. The stage rules speak
        // first (their messages are the API's); the access table then holds an Update sent
        // round the API to the same rule as the API (the step table's roles, contract/access.ts).
        validator: (args: StepArgs<UpdateStep>) => {
          const reason =
            refusalOf(args) ??
            (isActor(args?.by)
              ? (validateStep(state, { step, ...args } as StepCommand, now()) ?? roleProblem(step, args.by.role))
              : `${step} carries no valid actor`);
          if (reason) throw ApplicationFailure.create({ type: STEP_REFUSED, message: reason, nonRetryable: true });
        },
      },
    );
  }

  /** A signal whose actor may not take its step changes nothing (patched: older histories took any actor). */
  const actorRefused = (step: SignalStep, by: unknown) =>
    (!isActor(by) || roleProblem(step, by.role) !== undefined) && patched(SIGNAL_ACTOR_CHECK);

  // The steps that come as signals (facts nobody waits on), one handler shape as for the updates.
  type AnySignal = SignalDefinition<[StepArgs<SignalStep>]>;
  for (const [step, definition] of Object.entries(stepSignals) as [SignalStep, AnySignal][]) {
    setHandler(definition, (args) => {
      if (actorRefused(step, args?.by)) return;
      const cmd = { step, ...args } as StepCommand;
      if (!validateStep(state, cmd, now())) {
        applyStep(state, cmd, now(), policy);
        void changed();
      }
    });
  }
  setHandler(signals.attachAlert, (alert) => {
    if (refusalOf(alert)) return;
    if (state.stage !== 'closed' && attachAlert(state, alert, now())) void changed();
  });

  await changed();

  // The escalation clock. Any change (a step, a severity raise, a deadline change) bumps
  // the version and wakes the loop, which recomputes the next deadline from the policy.
  while (state.stage !== 'closed') {
    const next: NextEscalation | undefined = state.escalation.next;
    const version = state.version;
    if (!next) {
      await condition(() => state.version !== version);
      continue;
    }
    const waitMs = Date.parse(next.dueAt) - Date.now();
    if (waitMs > 0 && (await condition(() => state.version !== version, waitMs))) continue;
    // A step can land in the same activation as the timer: never fire a deadline it has just met.
    if (state.version !== version && patched('skip-escalation-met-in-same-activation')) continue;
    fire(next);
    await changed();
    if (workflowInfo().continueAsNewSuggested) break;
  }

  function fire(next: NextEscalation) {
    recordFired(state, next, now());
    const who = next.notify.join(', ');
    addTimelineEntry(
      state,
      now(),
      'escalation',
      `Escalation level ${next.level} (waiting for ${next.wait.replace('_', ' ')}) to ${who}${next.final ? '; automatic repeats exhausted, a supervisor must act' : ''}`,
      undefined,
      {
        details: { key: next.key, level: next.level, dueAt: next.dueAt, notify: next.notify, final: next.final },
      },
    );
    mail({ kind: 'escalation', escalation: next });
    hooks.overdue(next);
  }

  // Let running handlers, e-mails and webhook notices finish: nothing the case started is abandoned.
  await condition(() => allHandlersFinished() && mails.idle() && hooks.idle() && network.idle());
  await persist();
  if (state.stage !== 'closed') await continueAsNew<typeof caseWorkflow>(input, state);
  return state;
}
