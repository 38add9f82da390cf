// The soak's escalation policy: every wait escalates after 4 s and once more 3 s later, then
// holds the case for a supervisor, so that with cases opened and walked all the time some
// escalation is due at almost every moment, and a case left alone falls quiet within seconds.
import type { EscalationPolicy } from '../../contract/policy.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';

export const FIRST_MS = 4000;
export const EVERY_MS = 3000;

export function soakPolicy(): EscalationPolicy {
  const ladders = Object.fromEntries(
    Object.entries(DEFAULT_POLICY.ladders).map(([wait, ladder]) => [
      wait,
      {
        rungs: [{ afterMs: FIRST_MS, notify: ladder.rungs[0].notify }],
        repeat: { everyMs: EVERY_MS, times: 1, notify: ladder.repeat.notify },
      },
    ]),
  ) as EscalationPolicy['ladders'];
  return {
    ...DEFAULT_POLICY,
    version: 'soak-short-delays',
    severityFactor: { critical: 1, high: 1, normal: 1 },
    ladders,
    followUpOffsetsMs: [5000],
    mailFailureAlertMs: 5000,
  };
}
