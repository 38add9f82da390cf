// What the path and escalation tests check on every case: the workflow's state, the
// record in PostgreSQL and the SMTP sink must tell the same story.
import { asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { type Actor, type CaseState, MILESTONE_ORDER, type Milestone } from '../../contract/case.js';
import type { UpdateStep } from '../../contract/messages.js';
import type { EscalationPolicy, Ladder, WaitKind } from '../../contract/policy.js';
import type { StepBody } from '../../contract/steps.js';
import { caseEvents, cases, deliveries } from '../../db/schema.js';
import type { SunkMessage } from '../../dev/mail-sink.js';
import { exampleDirectory } from '../../lib/directory/directory.js';
import { operator, type TestEnv } from './env.js';
import { eventually } from './wait.js';

/** `step('markLocated', {...})` on one case, as an operator unless told otherwise. */
export function stepsOf(env: TestEnv, caseId: string) {
  return <S extends UpdateStep>(step: S, body: StepBody<S>, by: Actor = operator): Promise<CaseState> =>
    env.cases.step(caseId, step, { by, body } as never);
}

/** The policy with some ladders replaced, so one wait escalates in fractions of a second. */
export function withLadders(policy: EscalationPolicy, ladders: Partial<Record<WaitKind, Ladder>>): EscalationPolicy {
  return { ...policy, ladders: { ...policy.ladders, ...ladders } };
}

export async function eventsOf(env: TestEnv, caseId: string) {
  return env.db.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.seq));
}

export async function deliveriesOf(env: TestEnv, caseId: string) {
  return env.db.db.select().from(deliveries).where(eq(deliveries.caseId, caseId));
}

export const mailsOf = (env: TestEnv, caseId: string) =>
  env.mail.messages.filter((m) => m.headers['x-jeevan-case'] === caseId);

/** The idempotency key of a delivery: (step, level, recipient). */
export const mailKey = (m: SunkMessage) =>
  `${m.headers['x-jeevan-step']}|${m.headers['x-jeevan-level']}|${m.envelopeTo.join(',')}`;

/** Keys that reached the SMTP server more than once. */
export function duplicateKeys(messages: SunkMessage[]): string[] {
  const seen = new Map<string, number>();
  for (const m of messages) seen.set(mailKey(m), (seen.get(mailKey(m)) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

/** The (step, level, recipient) keys every escalation the case fired must have produced. */
export function expectedEscalationKeys(state: CaseState): string[] {
  const directory = exampleDirectory();
  const ctx = { districtCode: state.district?.code, toState: state.transfer?.toState };
  return state.escalation.history.flatMap((e) => {
    const emails = new Set(e.notify.flatMap((role) => directory.resolve(role, ctx).map((r) => r.email)));
    return [...emails].map((email) => `escalation:${e.key}|${e.level}|${email}`);
  });
}

/** Waits until every timeline entry is in case_events and the projection has the latest version. */
export async function settled(env: TestEnv, caseId: string): Promise<CaseState> {
  return eventually(async () => {
    const state = await env.cases.state(caseId);
    const [row] = await env.db.db.select({ version: cases.stateVersion }).from(cases).where(eq(cases.id, caseId));
    const events = await eventsOf(env, caseId);
    return row?.version === state.version && events.length === state.timeline.length ? state : undefined;
  }, `case ${caseId} to be recorded in PostgreSQL`);
}

/** The recorded events are exactly the timeline: same entries, same order, same stages. */
export async function expectRecordMatches(env: TestEnv, state: CaseState): Promise<void> {
  const events = await eventsOf(env, state.caseId);
  expect(events.map((e) => [e.seq, e.kind, e.fromStage, e.toStage, e.actorId])).toEqual(
    state.timeline.map((t) => [t.seq, t.kind, t.from ?? null, t.to ?? null, t.by?.id ?? null]),
  );
  const [row] = await env.db.db.select().from(cases).where(eq(cases.id, state.caseId));
  expect(row).toMatchObject({
    stage: state.stage,
    stateVersion: state.version,
    outcome: state.outcome?.outcome ?? null,
  });
}

/** The milestones named are all set, in this order, and the domain's ordered milestones never go backwards. */
export function expectMilestones(state: CaseState, names: Milestone[]): void {
  const times = names.map((m) => state.milestones[m]);
  expect(times.every(Boolean), `milestones ${names.join(', ')}: ${JSON.stringify(state.milestones)}`).toBe(true);
  expect([...times].sort()).toEqual(times);
  const ordered = MILESTONE_ORDER.map((m) => state.milestones[m]).filter(Boolean);
  expect([...ordered].sort()).toEqual(ordered);
}

/** The stages the case_events rows moved through. */
export const stagesOf = (events: Awaited<ReturnType<typeof eventsOf>>) => events.map((e) => e.toStage).filter(Boolean);

/**
 * The SMTP sink holds exactly the case's mails: the `others` keys (notifications,
 * transfers) plus one per (escalation level, recipient) the case fired, none twice.
 */
export async function expectMails(env: TestEnv, state: CaseState, others: string[]): Promise<SunkMessage[]> {
  const expected = [...others, ...expectedEscalationKeys(state)].sort();
  await eventually(
    async () => mailsOf(env, state.caseId).length >= expected.length,
    `${expected.length} mails for ${state.caseId}`,
  );
  const mails = mailsOf(env, state.caseId);
  expect(mails.map(mailKey).sort()).toEqual(expected);
  return mails;
}

/** Delivery keys of the district notification of a case in a district (and the state's 112 control room). */
export const notificationKeys = (districtCode: string) =>
  [`control-room.${districtCode.toLowerCase()}`, `sho.${districtCode.toLowerCase()}`, 'control-room.up112'].map(
    (local) => `district_notification|0|${local}@police.example.org`,
  );

/** The deliveries table and the SMTP sink agree: every row sent, each key reached the server exactly once. */
export async function expectDeliveriesMatchSink(env: TestEnv, caseId: string): Promise<void> {
  const rows = await deliveriesOf(env, caseId);
  expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  const sunk = mailsOf(env, caseId);
  expect(duplicateKeys(sunk)).toEqual([]);
  expect(rows.map((r) => `${r.step}|${r.level}|${r.recipient}`).sort()).toEqual(sunk.map(mailKey).sort());
}
