// The synthetic period: the same seed gives the same plan; every planned step is one the
// case rules accept at its time; no step lands near a deadline of the wait it ends (so the
// escalations are known in advance); the totals add up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EscalationPolicy } from '../../contract/policy.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';
import { expectedTotals, simulate } from '../../domain/synthetic-expect.js';
import { generatePlan, type PlannedCase } from '../../domain/synthetic-plan.js';

const policies: [string, EscalationPolicy, number][] = [
  ['default, real time', DEFAULT_POLICY, 60_000],
  ['scaled, fast', scaledPolicy(200, { severityFactor: { critical: 1, high: 1, normal: 1 } }), 200],
];

describe('generatePlan', () => {
  it('is determined by its seed', () => {
    const opts = { seed: 11, cases: 25, drills: 2, policy: DEFAULT_POLICY, minuteMs: 60_000, spanMinutes: 1440 };
    expect(generatePlan(opts)).toEqual(generatePlan(opts));
    expect(generatePlan({ ...opts, seed: 12 })).not.toEqual(generatePlan(opts));
  });

  it.each(policies)(
    'plans steps the case rules accept, whose escalations do not change when each step comes a little early or late (%s)',
    (_name, policy, minuteMs) => {
      const fired = (c: PlannedCase) =>
        simulate(c, policy)
          .escalation.history.map((e) => `${e.wait}|${e.level}`)
          .sort();
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 1_000_000 }),
          fc.array(fc.double({ min: -0.45, max: 0.45, noNaN: true }), { minLength: 40, maxLength: 40 }),
          (seed, jitter) => {
            const plan = generatePlan({
              seed,
              cases: 12,
              drills: 1,
              policy,
              minuteMs,
              spanMinutes: 600,
              brisk: minuteMs < 60_000,
            });
            for (const c of plan) {
              expect(simulate(c, policy).stage, `case ${c.n}`).toBe('closed'); // simulate throws on a refused step
              // Request latency moves each step by less than half the 1.5-minute margin, in either direction.
              let last = -1;
              const steps = c.steps.map((s, i) => {
                const at = Math.max(last + 1, Math.round(s.at + jitter[i % jitter.length] * 1.5 * minuteMs));
                last = at;
                return { ...s, at };
              });
              expect(fired({ ...c, steps }), `case ${c.n}`).toEqual(fired(c));
            }
          },
        ),
        { numRuns: 15 },
      );
    },
  );

  it('tallies totals that add up: funnel in order, outcomes per case, drills left out', () => {
    const policy = DEFAULT_POLICY;
    const plan = generatePlan({ seed: 2, cases: 40, drills: 5, policy, minuteMs: 60_000, spanMinutes: 1440 * 7 });
    const t = expectedTotals(plan, policy);
    const f = t.funnel;
    expect(f.cases).toBe(40);
    expect([
      f.alerts >= f.cases,
      f.cases >= f.located,
      f.located === f.arrived,
      f.arrived >= f.contact_made,
      f.contact_made >= f.saved,
    ]).toEqual([true, true, true, true, true]);
    const withOutcome = plan.filter((c) => !c.drill && c.path !== 'not_located').length;
    expect(Object.values(t.outcomes).reduce((a, b) => a + b, 0)).toBe(withOutcome);
    const notLocated = plan.filter((c) => !c.drill && (c.path === 'not_located' || c.path === 'transfer')).length;
    expect(Object.values(t.notLocated).reduce((a, b) => a + b, 0)).toBe(notLocated);
    expect(f.located + notLocated).toBe(f.cases);
  });
});
