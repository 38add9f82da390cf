// Beside the main path, in any open stage: deadlines, severity, notes.
import type { CaseState } from '../../contract/case.js';
import { activeWaits } from '../escalation.js';
import type { StepRules } from './rule.js';

export const supervisionSteps: StepRules<'changeDeadline' | 'addNote' | 'raiseSeverity'> = {
  changeDeadline: {
    validate(state, cmd, now) {
      const key = deadlineKey(state, cmd.body.key);
      if (!key) return 'the case has no running deadline to change';
      if (!activeWaits(state).some((w) => w.key === key)) return `no running deadline ${key}`;
      const due = Date.parse(cmd.body.dueAt);
      if (!(due > Date.parse(now))) return 'the new deadline must be in the future';
      if (due - Date.parse(now) > 7 * 24 * 3600_000) return 'the new deadline must be within 7 days';
      return undefined;
    },
    apply(state, cmd) {
      const key = deadlineKey(state, cmd.body.key) ?? '';
      if (state.escalation.supervisorRequired?.key === key) {
        // A supervisor took charge of a ladder that had run out: its repeats start again, as a
        // new round with the next level numbers (see nextForWait), never reusing a level.
        state.escalation.supervisorRequired = undefined;
      }
      state.escalation.overrides = [
        ...state.escalation.overrides.filter((o) => o.key !== key),
        { key, dueAt: cmd.body.dueAt, by: cmd.by, reason: cmd.body.reason },
      ];
      return `Deadline of ${key.split('@')[0]} set to ${cmd.body.dueAt}: ${cmd.body.reason}`;
    },
  },
  addNote: {
    apply(state, cmd, { now }) {
      state.notes.push({ at: now, by: cmd.by, notes: cmd.body.text });
      return 'Note added';
    },
  },
  raiseSeverity: {
    validate(state, cmd) {
      if (rank(cmd.body.severity) <= rank(state.severity)) return `severity is already ${state.severity}`;
      return undefined;
    },
    apply(state, cmd) {
      state.severity = cmd.body.severity;
      return `Severity raised to ${cmd.body.severity}: ${cmd.body.reason}`;
    },
  },
};

const SEVERITY_RANK = { normal: 0, high: 1, critical: 2 } as const;
const rank = (s: keyof typeof SEVERITY_RANK) => SEVERITY_RANK[s];

/** The wait a deadline change is about: the one named, else the one a supervisor must take over, else the next due. */
function deadlineKey(state: CaseState, named?: string): string | undefined {
  return named ?? state.escalation.supervisorRequired?.key ?? state.escalation.next?.key;
}
