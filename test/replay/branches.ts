// The branches of the replay corpus: one walk per way a case can go, each driven through
// the real client by test/replay/record-histories.ts. A new branch of the workflow gets a walk
// here (and a recorded history) so that later changes are replayed against it.
import { randomUUID } from 'node:crypto';
import type { Actor, AlertSummary, CaseInput, CaseState, NotLocatedReason } from '../../contract/case.js';
import type { UpdateStep } from '../../contract/messages.js';
import type { PeerEventArgs } from '../../contract/network.js';
import type { EscalationPolicy, Ladder, WaitKind } from '../../contract/policy.js';
import type { StepBody } from '../../contract/steps.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../contract/webhook-events.js';
import type { SinkMode } from '../../dev/mail-sink.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { reviewPending } from '../../domain/steps/review.js';

export interface BranchContext {
  step<S extends UpdateStep>(step: S, body: StepBody<S>, by?: Actor): Promise<CaseState>;
  signal(name: 'addNote' | 'locationHint', body: StepBody<'addNote'> | StepBody<'locationHint'>): Promise<void>;
  attachAlert(alert: AlertSummary): Promise<void>;
  /** A peer Jeevan's answer about the case (the Update the network route sends). */
  peerEvent(args: PeerEventArgs): Promise<CaseState>;
  /** Polls the case until `check` holds. */
  until(what: string, check: (s: CaseState) => boolean): Promise<CaseState>;
  setMail(mode: SinkMode): void;
}

export interface Branch {
  name: string;
  policy: EscalationPolicy;
  /** The events the case sends to the outbound webhook (CaseInput.webhooks); none when unset. */
  webhooks?: WebhookEvent[];
  /** The case came from a peer Jeevan (CaseInput.transferredFrom). */
  transferredFrom?: CaseInput['transferredFrom'];
  run(c: BranchContext): Promise<void>;
}

const operator: Actor = { id: 'op-rec', role: 'smc_operator' };
const supervisor: Actor = { id: 'sup-rec', role: 'smc_supervisor' };
const district: Actor = { id: 'do-rec', role: 'district_officer' };

/** Real-time ladders (nothing falls due) except the ones a branch makes fast; welfare checks 0.2 s apart. */
const base = scaledPolicy(60_000, { followUpOffsetsMs: [200, 400, 600], mailFailureAlertMs: 300 });
const fast = (ladders: Partial<Record<WaitKind, Ladder>>): EscalationPolicy => ({
  ...base,
  ladders: { ...base.ladders, ...ladders },
});
const fastLocate = fast({
  locate: {
    rungs: [{ afterMs: 200, notify: ['smc_supervisor'] }],
    repeat: { everyMs: 200, times: 2, notify: ['smc_supervisor', 'smc_incharge'] },
  },
});

/** From locating to the officer at the door. */
async function toArrival(c: BranchContext, startLocating = true): Promise<void> {
  if (startLocating) await c.step('startLocating', {});
  await c.step('markLocated', {
    districtCode: 'AMB',
    policeStation: 'Akbarpur',
    summary: 'Synthetic address',
    confidence: 3,
  });
  await c.step('notifyDistrict', {});
  await c.step('acknowledge', { party: 'control_room' }, district);
  await c.step('acknowledge', { party: 'police_station' }, district);
  await c.step('dispatch', { unit: 'PRV 1' }, district);
  await c.step('arrive', {}, district);
}

/**
 * Sign-off, after the learning review when the case asks for one (cases started under the
 * workflow's patch learning-review): the walks of earlier branches stay the walks they were.
 */
async function signOff(c: BranchContext): Promise<void> {
  const now = await c.until('the case before sign-off', () => true);
  if (reviewPending(now))
    await c.step('submitReview', {
      delayedBy: ['dense_area'],
      savedMinutes: 'The house number on the first call',
      foundBy: now.stage === 'not_located' ? 'not_found' : 'other',
    });
  await signOff(c);
}

async function followUps(c: BranchContext, waitForReminders: boolean): Promise<void> {
  for (const n of [1, 2, 3]) {
    if (waitForReminders)
      await c.until(`reminder ${n}`, (s) => s.escalation.history.some((e) => e.key.startsWith(`follow_up#${n}@`)));
    await c.step('completeFollowUp', { n, personWell: true }, district);
  }
}

const notLocated = (reason: NotLocatedReason): Branch => ({
  name: `not-located-${reason.replaceAll('_', '-')}`,
  policy: base,
  async run(c) {
    await c.step('startLocating', {});
    await c.step('markNotLocated', { reason, ...(reason === 'other' ? { detail: 'Account deleted' } : {}) });
    await signOff(c);
  },
});

export const BRANCHES: Branch[] = [
  {
    name: 'saved',
    policy: base,
    async run(c) {
      await c.step('startLocating', {});
      await c.signal('addNote', { text: 'Called the number' });
      await c.signal('locationHint', { summary: 'Tower area', confidence: 1, districtCode: 'AMB' });
      await c.step('openEnquiry', { kind: 'telecom_lookup', owner: 'STF desk', dueInMinutes: 20 });
      await c.step('reportEnquiry', {
        enquiryId: 'E1',
        found: true,
        summary: 'Synthetic address',
        confidence: 3,
        districtCode: 'AMB',
        policeStation: 'Akbarpur',
      });
      const live = await c.until('the hint', (s) => s.locating.hints.length > 0);
      await c.attachAlert({ ...live.alerts[0], alertId: randomUUID(), contentKind: 'live_video', live: true });
      await c.until('the live alert', (s) => s.severity === 'critical');
      await toArrival(c, false);
      await c.step('contactMade', {}, district);
      await c.step(
        'recordOutcome',
        { outcome: 'safe', gender: 'female', age: 17, counselling: true, helplineReferral: true },
        district,
      );
      await signOff(c);
      await followUps(c, true);
    },
  },
  ...(['incomplete_data', 'phone_switched_off', 'dense_area', 'outside_jurisdiction', 'other'] as const).map(
    notLocated,
  ),
  {
    name: 'transfer',
    policy: fast({
      transfer_ack: {
        rungs: [{ afterMs: 200, notify: ['nodal_officer', 'smc_supervisor'] }],
        repeat: { everyMs: 200, times: 5, notify: ['nodal_officer'] },
      },
    }),
    async run(c) {
      await c.step('startLocating', {});
      await c.step('markNotLocated', { reason: 'outside_jurisdiction' });
      await c.step('transfer', { toState: 'MP', nodalOfficer: 'Nodal officer, MP' });
      await c.until('two escalations to the nodal officer', (s) => s.escalation.history.length >= 2);
      await c.step('acknowledgeTransfer', {});
      await signOff(c);
    },
  },
  {
    name: 'no-risk',
    policy: base,
    async run(c) {
      await c.step('raiseSeverity', { severity: 'critical', reason: 'Post names a time' }, supervisor);
      await toArrival(c);
      await c.step('contactMade', {}, district);
      await c.step(
        'recordOutcome',
        { outcome: 'no_risk', gender: 'male', ageBand: '19-25', counselling: false, helplineReferral: true },
        district,
      );
      await signOff(c);
      await followUps(c, false);
    },
  },
  {
    name: 'deceased',
    policy: base,
    async run(c) {
      await toArrival(c);
      await c.step(
        'recordOutcome',
        { outcome: 'deceased', gender: 'male', age: 24, counselling: false, helplineReferral: false },
        district,
      );
      await signOff(c);
    },
  },
  {
    // Issue 17 item 4: a death waits for its learning review (its ladder fires twice), then signs off.
    name: 'learning-review',
    policy: fast({
      learning_review: {
        rungs: [{ afterMs: 200, notify: ['smc_supervisor'] }],
        repeat: { everyMs: 200, times: 1, notify: ['smc_supervisor', 'smc_incharge'] },
      },
    }),
    async run(c) {
      await toArrival(c);
      await c.step(
        'recordOutcome',
        { outcome: 'deceased', gender: 'female', age: 31, counselling: false, helplineReferral: false },
        district,
      );
      await c.until('two reminders of the review', (s) => s.escalation.history.length >= 2);
      await c.step('submitReview', {
        delayedBy: ['district_ack_slow', 'no_vehicle'],
        savedMinutes: 'A vehicle on stand-by at the thana',
        foundBy: 'telecom_lookup',
      });
      await c.step('signOff', {}, supervisor);
    },
  },
  {
    name: 'escalation-final',
    policy: fastLocate,
    async run(c) {
      await c.until('the final escalation', (s) => s.escalation.supervisorRequired !== undefined);
      await c.step(
        'changeDeadline',
        { dueAt: new Date(Date.now() + 200).toISOString(), reason: 'Supervisor takes charge' },
        supervisor,
      );
      await c.until('a level after the restart', (s) => s.escalation.history.length >= 5);
      await c.step('startLocating', {}, operator);
      await c.step('markNotLocated', { reason: 'dense_area' });
      await signOff(c);
    },
  },
  {
    // Issue 17: every webhook event (notified, an overdue level, arrived, closed), and the state's
    // 112 control room on the district notification and named in a level of the ladder.
    name: 'webhooks',
    policy: fast({
      acknowledge: {
        rungs: [{ afterMs: 200, notify: ['district_control_room', 'emergency_112'] }],
        repeat: { everyMs: 200, times: 1, notify: ['sp'] },
      },
    }),
    webhooks: [...WEBHOOK_EVENTS],
    async run(c) {
      await c.step('startLocating', {});
      await c.step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur', confidence: 3 });
      await c.step('notifyDistrict', {});
      await c.until('the acknowledgement overdue, twice', (s) => s.escalation.history.length >= 2);
      await c.step('acknowledge', { party: 'control_room' }, district);
      await c.step('acknowledge', { party: 'police_station' }, district);
      await c.step('arrive', {}, district);
      await c.step('contactMade', {}, district);
      await c.step(
        'recordOutcome',
        { outcome: 'safe', gender: 'male', age: 30, counselling: true, helplineReferral: true },
        district,
      );
      await signOff(c);
      await followUps(c, false);
    },
  },
  {
    name: 'mail-delayed',
    policy: fastLocate,
    async run(c) {
      c.setMail({ kind: 'reject', code: 421, message: 'try later' });
      await c.until('a delayed mail', (s) => s.timeline.some((t) => t.kind === 'mail_delayed'));
      c.setMail({ kind: 'accept' });
      await c.until('the late delivery', (s) => s.timeline.some((t) => t.kind === 'mail_delivered_late'));
      await c.step('startLocating', {});
      await c.step('markNotLocated', { reason: 'incomplete_data' });
      await signOff(c);
    },
  },
  {
    // The requests drafted from the case (issue 17 item 2): the platform's filed on its portal,
    // the telecom operator's e-mailed to its nodal officer (patch telecom-request); both replies.
    name: 'requests',
    policy: base,
    async run(c) {
      await c.step('startLocating', {});
      await c.step('filePlatformRequest', { portalReference: 'LER-REC-1', dueInMinutes: 60 });
      await c.step('requestTelecomLocation', {
        telecomOperator: 'jio',
        phone: '9000000001',
        windowHours: 12,
        dueInMinutes: 30,
      });
      await c.step('reportEnquiry', { enquiryId: 'E1', found: true, summary: 'Login IP area', confidence: 1 });
      await c.step('reportEnquiry', { enquiryId: 'E2', found: false, summary: 'Switched off', confidence: 0 });
      await c.step('markNotLocated', { reason: 'phone_switched_off' });
      await c.step('signOff', {}, supervisor);
    },
  },
  {
    // Issue 15: a transfer to a peer Jeevan (UK, answered by the recorder's stand-in): the packet,
    // its receipt, and UK's acknowledgement, arrival and outcome coming back; then sign-off.
    name: 'peer-transfer',
    policy: base,
    async run(c) {
      await c.step('startLocating', {});
      await c.signal('locationHint', { summary: 'Synthetic place in UK', confidence: 2 });
      await c.step('transfer', { toState: 'UK', nodalOfficer: 'Synthetic nodal desk', sendNotes: true });
      await c.until("UK's receipt", (s) => s.transfer?.peer?.caseId !== undefined);
      const at = () => new Date().toISOString();
      const caseId = 'JV-UK-2024-000001';
      await c.peerEvent({ from: 'UK', event: { kind: 'acknowledged', caseId, at: at() } });
      await c.peerEvent({ from: 'UK', event: { kind: 'acknowledged', caseId, at: at() } });
      await c.peerEvent({ from: 'UK', event: { kind: 'arrived', caseId, at: at() } });
      await c.peerEvent({
        from: 'UK',
        event: {
          kind: 'outcome',
          caseId,
          at: at(),
          outcome: { outcome: 'safe', gender: 'female', ageBand: '19-25', counselling: true, helplineReferral: true },
        },
      });
      await c.step('signOff', {}, supervisor);
    },
  },
  {
    // Issue 15: a case received from a peer Jeevan (UP): its answers go back as its steps are taken.
    name: 'peer-received',
    policy: base,
    transferredFrom: {
      state: 'UK',
      caseId: 'JV-UK-2024-000002',
      hints: [{ summary: 'Synthetic place', confidence: 2, at: '2024-06-15T23:37:00.000Z' }],
      enquiries: [{ kind: 'telecom_lookup', status: 'found', summary: 'Synthetic tower', confidence: 1 }],
      notes: [{ at: '2024-06-15T23:38:00.000Z', text: 'Synthetic note' }],
    },
    async run(c) {
      await toArrival(c);
      await c.step('contactMade', {}, district);
      await c.step(
        'recordOutcome',
        { outcome: 'safe', gender: 'female', age: 22, counselling: true, helplineReferral: true },
        district,
      );
      await c.step('signOff', {}, supervisor);
      await followUps(c, true);
    },
  },
];
