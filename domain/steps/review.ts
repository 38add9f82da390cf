// The learning review (issue 17): a case that went wrong (a death, a person not found at the
// place, a case closed as not located, a ladder that reached its final call) gets a short,
// blameless review before its sign-off: what delayed us, what would have saved minutes, and
// which line of enquiry found the person. Reports count the delays and time locating by the
// line that found the person (domain/reports.ts). Pure.
import type { CaseState, FoundBy } from '../../contract/case.js';
import type { StepRules } from './rule.js';

/** Why a case needs a learning review, or undefined when it needs none. */
export function reviewReason(state: CaseState): string | undefined {
  const outcome = state.outcome?.outcome;
  if (outcome === 'deceased') return 'the person died';
  if (outcome === 'not_found_at_place') return 'the person was not found at the place';
  if (state.stage === 'not_located') return 'the person was not located';
  if (state.escalation.history.some((h) => h.final)) return 'an escalation reached its final level';
  return undefined;
}

export const needsReview = (state: CaseState): boolean => reviewReason(state) !== undefined;

/**
 * Whether sign-off must wait for a review: the case needs one and has none. Only cases whose
 * workflow started with the review (`asksLearningReview`): older cases sign off as they did.
 */
export function reviewPending(state: CaseState): boolean {
  return state.asksLearningReview === true && !state.learningReview && needsReview(state);
}

/**
 * The line of enquiry that found the person: the review's answer when there is one, else the
 * last enquiry that reported a find before the case was located; 'not_found' for a case never
 * located; null for a located case no enquiry found (an operator's or a hint's location).
 */
export function foundByOf(state: Pick<CaseState, 'learningReview' | 'milestones' | 'locating'>): FoundBy | null {
  if (state.learningReview) return state.learningReview.foundBy;
  const located = state.milestones.located;
  if (!located) return 'not_found';
  const finds = state.locating.enquiries.filter((e) => e.status === 'found' && e.result && e.result.at <= located);
  return finds.sort((a, b) => (a.result?.at ?? '').localeCompare(b.result?.at ?? '')).at(-1)?.kind ?? null;
}

export const reviewSteps: StepRules<'submitReview'> = {
  submitReview: {
    validate(state, cmd) {
      if (state.learningReview) return 'a learning review was already submitted for this case';
      if (!needsReview(state)) return 'this case needs no learning review (it went as it should)';
      const { delayedBy, foundBy } = cmd.body;
      if (delayedBy.length === 0 || delayedBy.length > 5) return 'name one to five reasons for the delay';
      if (new Set(delayedBy).size !== delayedBy.length) return 'each reason for the delay may be named once';
      if (!cmd.body.savedMinutes.trim()) return 'say what would have saved minutes';
      if (state.stage === 'not_located' && foundBy !== 'not_found')
        return "the person was not located: no line of enquiry found them (foundBy 'not_found')";
      return undefined;
    },
    apply(state, cmd, { stamp }) {
      const { delayedBy, savedMinutes, foundBy } = cmd.body;
      state.learningReview = { ...stamp, delayedBy: [...delayedBy], savedMinutes: savedMinutes.trim(), foundBy };
      return `Learning review: delayed by ${delayedBy.join(', ')}; found by ${foundBy.replaceAll('_', ' ')}`;
    },
  },
};
