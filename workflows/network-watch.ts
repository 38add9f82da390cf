// The network watch (docs/network.md): a case's part in the network of Jeevans, in the
// background like its e-mail and webhook notices, so the case never waits on a peer.
// - Sending: a transfer posts the packet to the peer's Jeevan through an activity Temporal
//   retries with back-off until the peer takes it; a state that is not a peer gets the nodal
//   officer's e-mail, as before. The peer's receipt names its case on our timeline.
// - Answers back: a case received from a peer posts its acknowledgement, the arrival and the
//   outcome to the sender, one after the other, each retried until the sender takes it.
// - A peer's answer comes in as the Update `peerEvent` (a new handler: no patch needed).
// The transfer's new commands are behind the patch `peer-transfer`: older histories replay
// with the e-mail they sent.
import { ApplicationFailure, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CaseInput, CaseState } from '../contract/case.js';
import { peerEvent, STEP_REFUSED } from '../contract/messages.js';
import type { PeerEventArgs, PeerEventKind } from '../contract/network.js';
import { refusalOf } from '../contract/refused-payload.js';
import type { StepName } from '../contract/steps.js';
import { applyPeerEvent, peerAnswerFor, peerEventProblem, transferPacketOf } from '../domain/network.js';
import { addTimelineEntry } from '../domain/transitions.js';

const { sendTransferPacket, sendPeerEvent } = proxyActivities<Activities>({
  // The request itself is bounded at 10 s (activities/network.ts).
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '60s' },
});

/** Transfers to a peer go as a packet, and received cases answer back (patched: older histories replay without). */
export const PEER_TRANSFER_PATCH = 'peer-transfer';

const reasonOf = (error: unknown) =>
  (error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)).slice(
    0,
    300,
  );

export function networkWatch({
  state,
  input,
  changed,
  now,
  mailTransfer,
}: {
  state: CaseState;
  input: CaseInput;
  changed(): Promise<void>;
  now(): string;
  /** The nodal officer's e-mail (a state that is not a peer, or a peer that refused the packet). */
  mailTransfer(): void;
}) {
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  let answers: Promise<void> = Promise.resolve();
  const answered = new Set<PeerEventKind>();

  setHandler(
    peerEvent,
    async ({ from, event }: PeerEventArgs) => {
      if (applyPeerEvent(state, from, event, now())) await changed();
      return state;
    },
    {
      validator: (args: PeerEventArgs) => {
        const reason =
          refusalOf(args) ??
          (typeof args?.from === 'string' && args.event && typeof args.event === 'object'
            ? peerEventProblem(state, args.from, args.event)
            : 'peerEvent carries no peer or event');
        if (reason) throw ApplicationFailure.create({ type: STEP_REFUSED, message: reason, nonRetryable: true });
      },
    },
  );

  return {
    /**
     * A transfer was recorded. False: the caller sends the e-mail as histories from before the
     * patch did. True: the packet goes, or (not a peer, or refused) the e-mail, from here.
     */
    transferred(sendNotes: boolean): boolean {
      const transfer = state.transfer;
      if (!transfer || !patched(PEER_TRANSFER_PATCH)) return false;
      const packet = transferPacketOf(state, { sendNotes, at: now() });
      const toState = transfer.toState;
      track(
        sendTransferPacket({ toState, packet }).then(
          async (result) => {
            if (!result.peer) return mailTransfer();
            transfer.peer = { ...transfer.peer, caseId: result.caseId, deliveredAt: now() };
            addTimelineEntry(
              state,
              now(),
              'peer_delivered',
              `The transfer reached ${toState}'s Jeevan: their case ${result.caseId}`,
              undefined,
              { details: { peer: toState, peerCaseId: result.caseId } },
            );
            await changed();
          },
          async (error) => {
            // Refused for good (the peer said 400 or 409): the nodal officer hears by e-mail instead.
            addTimelineEntry(
              state,
              now(),
              'peer_refused',
              `${toState}'s Jeevan refused the transfer packet (${reasonOf(error)}); the nodal officer is e-mailed instead`,
              undefined,
              { details: { peer: toState } },
            );
            await changed();
            mailTransfer();
          },
        ),
      );
      return true;
    },

    /** After a step of a case received from a peer: its answer back, in order, once per kind. */
    afterStep(step: StepName): void {
      const origin = input.transferredFrom;
      if (!origin || !state.receivedFrom) return;
      const event = peerAnswerFor(state, step, now());
      if (!event || answered.has(event.kind) || !patched(PEER_TRANSFER_PATCH)) return;
      answered.add(event.kind);
      const send = () =>
        sendPeerEvent({ toState: origin.state, senderCaseId: origin.caseId, event }).catch(async (error) => {
          addTimelineEntry(
            state,
            now(),
            'peer_answer_refused',
            `${origin.state}'s Jeevan refused our ${event.kind} answer (${reasonOf(error)})`,
            undefined,
            { details: { peer: origin.state, kind: event.kind } },
          );
          await changed();
        });
      answers = answers.then(send);
      track(answers);
    },

    /** True when every packet and answer the case started is taken (or refused). */
    idle: (): boolean => inFlight.size === 0,
  };
}
