// The network of Jeevans, as pure rules (docs/network.md): what a transfer packet holds,
// built field by field from the case so nothing else can ride along; what a peer's answer
// does to the sender's case; and which of the receiver's steps answer back.
import type { Actor, CaseState, StepStamp } from '../contract/case.js';
import type { PeerEvent, PeerEventKind, TransferPacket } from '../contract/network.js';
import type { StepName } from '../contract/steps.js';
import { addTimelineEntry } from './transitions.js';

/** Whom a peer's answers are recorded as: the peer's Jeevan, never a person. */
export const peerActor = (state: string): Actor => ({ id: `peer:${state}`, role: 'peer' });

/** A packet as the workflow builds it: the sending worker adds its own state (JEEVAN_STATE). */
export type PacketDraft = Omit<TransferPacket, 'sender'> & { sender: { caseId: string } };

/** The packet as sent: the draft, from this state. */
export const packetFrom = (draft: PacketDraft, fromState: string): TransferPacket => ({
  ...draft,
  sender: { state: fromState, caseId: draft.sender.caseId },
});

/**
 * The packet for a transfer: the case's identifiers, severity and live flag, the location
 * hints with their confidence, the enquiries done, and (only when the operator chose to send
 * them) the notes. Every field is picked by name; the person's details never go.
 */
export function transferPacketOf(state: CaseState, opts: { sendNotes: boolean; at: string }): PacketDraft {
  const estimates = [...state.locating.hints, ...(state.locating.best ? [state.locating.best] : [])];
  const hints = estimates
    .filter((h, i) => estimates.findIndex((o) => o.summary === h.summary && o.confidence === h.confidence) === i)
    .slice(0, 50)
    .map((h) => ({ summary: h.summary.slice(0, 2000), confidence: h.confidence, at: h.at }));
  const notes: StepStamp[] = opts.sendNotes
    ? [...state.notes, ...(state.transfer?.notes ? [state.transfer] : [])].filter((n) => n.notes)
    : [];
  return {
    v: 1,
    sender: { caseId: state.caseId },
    severity: state.severity,
    live: state.alerts.some((a) => a.live),
    drill: state.drill,
    alerts: state.alerts.slice(0, 20).map((a) => ({
      alertId: a.alertId,
      source: a.source,
      sourceRef: a.sourceRef,
      platform: a.platform as TransferPacket['alerts'][number]['platform'],
      contentKind: a.contentKind as TransferPacket['alerts'][number]['contentKind'],
    })),
    hints,
    enquiries: state.locating.enquiries.slice(0, 50).map((e) => ({
      kind: e.kind,
      status: e.status,
      ...(e.result ? { summary: e.result.summary.slice(0, 2000), confidence: e.result.confidence } : {}),
    })),
    notes: notes.slice(0, 50).map((n) => ({ at: n.at, text: String(n.notes).slice(0, 4000) })),
    sentAt: opts.at,
  };
}

/** Why the sender's case cannot take this peer's answer (undefined: it can, or it is a repeat that changes nothing). */
export function peerEventProblem(state: CaseState, from: string, event: PeerEvent): string | undefined {
  if (!state.transfer) return `case ${state.caseId} was not transferred`;
  if (state.transfer.toState !== from) return `case ${state.caseId} was not transferred to ${from}`;
  if (event.kind === 'outcome' && !event.outcome) return 'an outcome event needs its outcome';
  return undefined;
}

/** Whether the answer was already taken (the peer retries until it hears a 2xx). */
export function peerEventSeen(state: CaseState, event: PeerEvent): boolean {
  const peer = state.transfer?.peer;
  if (event.kind === 'acknowledged') return Boolean(state.transfer?.acknowledged);
  if (event.kind === 'arrived') return Boolean(peer?.arrivedAt);
  return Boolean(peer?.outcomeAt);
}

/**
 * A peer's answer on the sender's case: the acknowledgement ends the transfer_ack wait, an
 * arrival is a timeline entry, the outcome is the case's outcome (the sender's supervisor then
 * signs off). Returns false when it changes nothing (a repeat). Validated by peerEventProblem.
 */
export function applyPeerEvent(state: CaseState, from: string, event: PeerEvent, now: string): boolean {
  const transfer = state.transfer;
  if (!transfer || peerEventSeen(state, event)) return false;
  const by = peerActor(from);
  const their = `${from} case ${event.caseId}`;
  transfer.peer = { ...transfer.peer, caseId: transfer.peer?.caseId ?? event.caseId };
  const details = { peer: from, peerCaseId: event.caseId, reportedAt: event.at };
  if (event.kind === 'acknowledged') {
    transfer.acknowledged = { at: now, by };
    addTimelineEntry(state, now, 'peer_acknowledged', `${from} acknowledged the transfer (${their})`, by, { details });
  } else if (event.kind === 'arrived') {
    transfer.peer.arrivedAt = now;
    addTimelineEntry(state, now, 'peer_arrived', `${from}: an officer arrived at the place (${their})`, by, {
      details,
    });
  } else if (event.outcome) {
    transfer.peer.outcomeAt = now;
    if (!transfer.acknowledged) transfer.acknowledged = { at: now, by };
    const open = state.stage === 'transferred' || state.outcome?.outcome === 'transferred';
    if (open && state.stage !== 'closed') {
      state.outcome = { at: now, by, ...event.outcome };
      const before = state.stage;
      state.stage = 'outcome_recorded';
      state.milestones.outcome ??= now;
      addTimelineEntry(
        state,
        now,
        'peer_outcome',
        `${from} recorded the outcome: ${event.outcome.outcome} (${their})`,
        by,
        {
          from: before,
          to: 'outcome_recorded',
          details,
        },
      );
    } else {
      addTimelineEntry(
        state,
        now,
        'peer_outcome',
        `${from} reports the outcome: ${event.outcome.outcome} (${their})`,
        by,
        {
          details,
        },
      );
    }
  }
  return true;
}

/** The receiver's steps that answer back to the sender, and as what. */
export function peerAnswerOf(step: StepName): PeerEventKind | undefined {
  if (step === 'startLocating') return 'acknowledged';
  if (step === 'arrive') return 'arrived';
  if (step === 'recordOutcome') return 'outcome';
  return undefined;
}

/** The answer a received case sends back after a step, or undefined. */
export function peerAnswerFor(state: CaseState, step: StepName, at: string): PeerEvent | undefined {
  const kind = peerAnswerOf(step);
  if (!kind || !state.receivedFrom) return undefined;
  if (kind !== 'outcome') return { kind, caseId: state.caseId, at };
  const o = state.outcome;
  if (!o || o.outcome === 'transferred') return undefined;
  return {
    kind,
    caseId: state.caseId,
    at,
    outcome: {
      outcome: o.outcome,
      gender: o.gender,
      ageBand: o.ageBand,
      counselling: o.counselling,
      helplineReferral: o.helplineReferral,
    },
  };
}
