// Escalation ladders in seconds, so a fault lands while escalations are due.
import type { EscalationPolicy } from '../../contract/policy.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { withLadders } from '../helpers/case-checks.js';

/**
 * Locating escalates at `firstMs` to the SMC supervisor, repeats `repeats` times `everyMs`
 * apart (supervisor and in-charge), then a final level holds the case for a supervisor.
 * Every other wait keeps real-time deadlines.
 */
export function locateLadder(
  firstMs: number,
  everyMs: number,
  repeats: number,
  overrides: Partial<EscalationPolicy> = {},
): EscalationPolicy {
  return withLadders(scaledPolicy(60_000, overrides), {
    locate: {
      rungs: [{ afterMs: firstMs, notify: ['smc_supervisor'] }],
      repeat: { everyMs, times: repeats, notify: ['smc_supervisor', 'smc_incharge'] },
    },
  });
}

export const SUPERVISOR = 'smc-supervisor@smc.police.example.org';
