import { describe, expect, it } from 'vitest';
import { locateDeadlineMin, supervisorAfterMin } from '../../bench/scenarios/shift.js';
import {
  humanAlertToArrivalMin,
  lineMinutes,
  parallelLocateMin,
  planShift,
  sequentialLocateMin,
} from '../../bench/shift-plan.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';

const plan = planShift({ cases: 200, seed: 7, arrivalsOverMin: 60, stallShare: 0.5 });
const afterMin = (kind: Parameters<typeof supervisorAfterMin>[1]) => supervisorAfterMin(DEFAULT_POLICY, kind);

describe('the scripted shift', () => {
  it('repeats for the same seed and differs for another', () => {
    expect(planShift({ cases: 5, seed: 7, arrivalsOverMin: 60, stallShare: 0.5 })).toEqual(plan.slice(0, 5));
    expect(planShift({ cases: 5, seed: 8, arrivalsOverMin: 60, stallShare: 0.5 })).not.toEqual(plan.slice(0, 5));
  });

  it('locates every person 30–90 minutes after the alert, by exactly one line, when the lines run together', () => {
    for (const c of plan) {
      expect(c.lines.filter((l) => l.finds)).toHaveLength(1);
      const m = parallelLocateMin(c);
      expect(m).toBeGreaterThanOrEqual(30);
      expect(m).toBeLessThanOrEqual(90.1);
    }
  });

  it('stalls at most one line, never the finding one, in about the share asked for', () => {
    let stalled = 0;
    for (const c of plan) {
      const s = c.lines.filter((l) => l.answerMin === null);
      expect(s.length).toBeLessThanOrEqual(1);
      expect(s.every((l) => !l.finds)).toBe(true);
      stalled += s.length;
    }
    expect(stalled / plan.length).toBeGreaterThan(0.35);
    expect(stalled / plan.length).toBeLessThan(0.65);
  });

  it('draws the drive from 4–15 minutes, and alert → arrival adds up the script', () => {
    for (const c of plan) {
      expect(c.driveMin).toBeGreaterThanOrEqual(4);
      expect(c.driveMin).toBeLessThanOrEqual(15);
      expect(humanAlertToArrivalMin(c)).toBeCloseTo(
        parallelLocateMin(c) + c.confirmMin + c.notifyMin + c.controlRoomAckMin + c.dispatchMin + c.driveMin,
        6,
      );
    }
  });

  it('one line after another never locates sooner, and gives a stalled line up when its chase reaches the supervisor', () => {
    for (const c of plan) expect(sequentialLocateMin(c, afterMin)).toBeGreaterThanOrEqual(parallelLocateMin(c));
    const stalled = { kind: 'telecom_lookup' as const, dueMin: 30, answerMin: null, finds: false };
    expect(lineMinutes(stalled, afterMin('telecom_lookup'))).toBe(45);
    const c = {
      ...plan[0],
      takeMin: 2,
      lines: [
        { kind: 'family_contacts' as const, dueMin: 15, answerMin: 20, finds: false },
        stalled,
        { kind: 'meta_data' as const, dueMin: 30, answerMin: 40, finds: true },
      ] as (typeof plan)[0]['lines'],
    };
    expect(sequentialLocateMin(c, afterMin)).toBe(2 + 20 + 45 + 40);
    expect(parallelLocateMin(c)).toBe(42);
  });

  it("reads the supervisor's rung and the locate deadline from the default policy", () => {
    expect(afterMin('family_contacts')).toBe(10);
    expect(afterMin('telecom_lookup')).toBe(15);
    expect(locateDeadlineMin(DEFAULT_POLICY)).toBe(70);
  });
});
