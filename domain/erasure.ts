// What retention leaves of a case: its stages, times, district, outcome and the anonymous
// statistics, without anything that describes, reaches or locates the person. Pure, so
// the rules are unit-tested; activities/retention.ts applies them to the stored record.
import type { CaseState, StepStamp } from '../contract/case.js';
import type { CaseSnapshot } from './projection.js';

/** Stands in for a required text that was erased. */
export const ERASED = '[erased]';

const stamp = <T extends StepStamp>(s: T): T => {
  const { notes: _notes, ...rest } = s;
  return rest as T;
};
const maybe = <T extends StepStamp>(s: T | undefined): T | undefined => (s ? stamp(s) : undefined);

/**
 * The snapshot without personal fields: what Meta said about the person, every free text
 * (notes, location summaries, enquiry results, not-located detail, deadline reasons, a review's answer) and
 * the exact age (the age band stays). Staff names, stages, times and codes stay.
 */
export function redactSnapshot(s: CaseSnapshot): CaseSnapshot {
  const estimate = (e: CaseState['locating']['hints'][number]) => ({ ...e, summary: ERASED });
  const acks: CaseState['acks'] = {};
  for (const [party, ack] of Object.entries(s.acks) as [keyof CaseState['acks'], StepStamp][]) acks[party] = stamp(ack);
  const outcome = s.outcome ? (({ age: _age, ...o }) => stamp(o))(s.outcome) : undefined;
  const redacted: CaseSnapshot = {
    ...s,
    alerts: s.alerts.map((a) => ({ ...a, details: {} })),
    locating: {
      enquiries: s.locating.enquiries.map((e) => ({
        ...e,
        ...(e.result ? { result: { ...e.result, summary: ERASED } } : {}),
        // A request's number reaches the person; its operator, period and reference stay.
        ...(e.request ? { request: (({ phone: _phone, ...r }) => r)(e.request) } : {}),
      })),
      hints: s.locating.hints.map(estimate),
      ...(s.locating.best ? { best: estimate(s.locating.best) } : {}),
    },
    notLocated: s.notLocated ? (({ detail: _detail, ...n }) => stamp(n))(s.notLocated) : undefined,
    transfer: s.transfer ? { ...stamp(s.transfer), acknowledged: maybe(s.transfer.acknowledged) } : undefined,
    receivedFrom: s.receivedFrom
      ? {
          ...s.receivedFrom,
          enquiries: s.receivedFrom.enquiries.map((e) => (e.summary ? { ...e, summary: ERASED } : e)),
          notes: s.receivedFrom.notes.map((n) => ({ ...n, text: ERASED })),
        }
      : undefined,
    acks,
    dispatched: maybe(s.dispatched),
    outcome,
    signOff: maybe(s.signOff),
    // The review's reasons and line of enquiry are codes and stay; what would have saved minutes is free text.
    learningReview: s.learningReview ? { ...stamp(s.learningReview), savedMinutes: ERASED } : undefined,
    followUps: s.followUps.map((f) => (f.done ? { ...f, done: stamp(f.done) } : f)),
    escalation: { ...s.escalation, overrides: s.escalation.overrides.map((o) => ({ ...o, reason: ERASED })) },
    notes: s.notes.map(stamp),
  };
  // Keep the JSON free of keys whose value is now undefined.
  return JSON.parse(JSON.stringify(redacted)) as CaseSnapshot;
}

/**
 * An event's summary after erasure. Summaries are free text built from what people typed
 * (a deadline's reason, a transfer's officer), so none is kept; the kind and the stages are.
 */
export function erasedSummary(kind: string, from: string | null, to: string | null): string {
  return `${kind}${from || to ? ` (${from ?? '…'} → ${to ?? '…'})` : ''}: text erased after the retention period`;
}
