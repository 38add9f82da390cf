// The default escalation policy compressed in time, so a test or a bench run sees a whole
// ladder in seconds. Shared by the tests, the fault suite, the replay recorder and the bench.
import type { EscalationPolicy } from '../contract/policy.js';
import { DEFAULT_POLICY } from '../domain/default-policy.js';

/** The default policy with every duration scaled so that one policy minute lasts `msPerMinute`. */
export function scaledPolicy(msPerMinute: number, overrides: Partial<EscalationPolicy> = {}): EscalationPolicy {
  const k = msPerMinute / 60_000;
  const scale = (ms: number) => Math.round(ms * k);
  const ladders = Object.fromEntries(
    Object.entries(DEFAULT_POLICY.ladders).map(([kind, ladder]) => [
      kind,
      {
        rungs: ladder.rungs.map((r) => ({ ...r, afterMs: scale(r.afterMs) })),
        repeat: { ...ladder.repeat, everyMs: scale(ladder.repeat.everyMs) },
      },
    ]),
  ) as EscalationPolicy['ladders'];
  return {
    ...DEFAULT_POLICY,
    version: `test-scaled-${msPerMinute}`,
    ladders,
    followUpOffsetsMs: DEFAULT_POLICY.followUpOffsetsMs.map(scale),
    mailFailureAlertMs: scale(DEFAULT_POLICY.mailFailureAlertMs),
    ...overrides,
  };
}
