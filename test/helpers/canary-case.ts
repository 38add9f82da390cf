// A case full of unique personal values (canaries) in every place a person's data can
// reach: the alert, notes, location texts, enquiry results, deadline reasons. Tests then
// look for the canaries where they must not be (PostgreSQL in clear, erased records).
import { randomBytes } from 'node:crypto';
import type { CaseState } from '../../contract/case.js';
import type { ApiTestEnv } from './api.js';
import { settled, stepsOf } from './case-checks.js';
import { districtOfficer, operator, supervisor } from './env.js';
import { eventually } from './wait.js';

export interface CanaryCase {
  caseId: string;
  /** A letters-and-digits marker that every canary text contains. */
  marker: string;
  /** The phone number's digits (a phone cannot carry the marker). */
  phoneDigits: string;
  state: CaseState;
}

/** Opens a case through the API with canaries everywhere; `close` takes it to closed (deceased: no welfare checks). */
export async function canaryCase(env: ApiTestEnv, opts: { close: boolean }): Promise<CanaryCase> {
  const marker = `cnry${randomBytes(5).toString('hex')}`;
  const phoneDigits = `9${String(randomBytes(4).readUInt32BE(0) % 1_000_000_000).padStart(9, '0')}`;
  const res = await env.app.inject({
    method: 'POST',
    url: '/alerts',
    payload: {
      sourceRef: `LR-CANARY-${randomBytes(4).toString('hex')}`,
      channel: 'phone',
      platform: 'instagram',
      contentKind: 'post',
      accountName: `Person ${marker}`,
      handle: `@${marker}`,
      email: `${marker}@example.org`,
      phone: `+91 ${phoneDigits}`,
      locationHint: `Near the temple, ${marker} street`,
      description: `Post says goodbye (${marker})`,
    },
  });
  if (res.statusCode !== 201) throw new Error(`intake answered ${res.statusCode}: ${res.body}`);
  const caseId: string = res.json().caseId;
  const step = stepsOf(env, caseId);
  await step('startLocating', { notes: `Called the family of ${marker}` });
  await step('openEnquiry', { kind: 'telecom_lookup', owner: 'Cyber cell desk', dueInMinutes: 30 });
  await step('reportEnquiry', {
    enquiryId: 'E1',
    found: true,
    summary: `Tower near ${marker} colony`,
    confidence: 2,
    districtCode: 'LKO',
  });
  await env.cases.signal(caseId, 'locationHint', {
    by: operator,
    body: { summary: `Brother says ${marker} lane`, confidence: 2, districtCode: 'LKO' },
  });
  await env.cases.signal(caseId, 'addNote', { by: operator, body: { text: `Mother's number for ${marker}` } });
  await step('markLocated', {
    districtCode: 'LKO',
    policeStation: 'Hazratganj',
    summary: `House 4, ${marker} lane`,
    confidence: 3,
    notes: `Confirmed ${marker}`,
  });
  await step(
    'changeDeadline',
    { dueAt: new Date(Date.now() + 3600_000).toISOString(), reason: `Family of ${marker} on the way` },
    supervisor,
  );
  if (opts.close) {
    await step('notifyDistrict', {});
    await step('acknowledge', { party: 'control_room', notes: `Ack ${marker}` }, districtOfficer);
    await step('acknowledge', { party: 'police_station' }, districtOfficer);
    await step('dispatch', { unit: 'SI Khan, PRV 0420', notes: `Route to ${marker}` }, districtOfficer);
    await step('arrive', {}, districtOfficer);
    await step(
      'recordOutcome',
      {
        outcome: 'deceased',
        gender: 'female',
        age: 23,
        counselling: false,
        helplineReferral: false,
        notes: `${marker} found`,
      },
      districtOfficer,
    );
    // A death is reviewed before sign-off; the review's free text carries the marker too.
    await step('submitReview', {
      delayedBy: ['dense_area'],
      savedMinutes: `The lane of ${marker} on the first call`,
      foundBy: 'post_clues',
      notes: `Review ${marker}`,
    });
    await step('signOff', { notes: `Reviewed ${marker}` }, supervisor);
  }
  // Signals are applied asynchronously: wait until both are in the state, then until it is all recorded.
  await eventually(async () => {
    const s = await env.cases.state(caseId);
    return s.notes.length === 1 && s.locating.hints.length >= 1;
  }, 'the signals to be applied');
  const state = await settled(env, caseId);
  if (opts.close && state.stage !== 'closed') throw new Error(`case ${caseId} did not close (${state.stage})`);
  return { caseId, marker, phoneDigits, state };
}
