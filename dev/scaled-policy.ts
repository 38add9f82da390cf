// The default escalation policy compressed in time, so a test or a bench run sees a whole
// ladder in seconds. Shared by the tests, the fault suite, the replay recorder and the bench.
import type { EscalationPolicy, Ladder } from '../contract/policy.js';
import { DEFAULT_POLICY } from '../domain/default-policy.js';

/** The default policy with every duration scaled so that one policy minute lasts `msPerMinute`. */
export function scaledPolicy(msPerMinute: number, overrides: Partial<EscalationPolicy> = {}): EscalationPolicy {
  const k = msPerMinute / 60_000;
  const scale = (ms: number) => Math.round(ms * k);
  const scaleLadders = (ladders: Record<string, Ladder | undefined>) =>
    Object.fromEntries(
      Object.entries(ladders).map(([kind, ladder]) => [
        kind,
        ladder && {
          rungs: ladder.rungs.map((r) => ({ ...r, afterMs: scale(r.afterMs) })),
          repeat: { ...ladder.repeat, everyMs: scale(ladder.repeat.everyMs) },
        },
      ]),
    );
  const ladders = scaleLadders(DEFAULT_POLICY.ladders) as EscalationPolicy['ladders'];
  return {
    ...DEFAULT_POLICY,
    version: `test-scaled-${msPerMinute}`,
    ladders,
    enquiryLadders: scaleLadders(DEFAULT_POLICY.enquiryLadders ?? {}) as Record<string, Ladder>,
    followUpOffsetsMs: DEFAULT_POLICY.followUpOffsetsMs.map(scale),
    mailFailureAlertMs: scale(DEFAULT_POLICY.mailFailureAlertMs),
    ...overrides,
  };
}
