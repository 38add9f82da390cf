// When a synthetic step may happen without racing an escalation: every deadline of the wait
// it ends, and the nearest time at least `margin` away from all of them. Pure.
import type { EscalationPolicy, Ladder, WaitKind } from '../contract/policy.js';

/** Every escalation time of a ladder, in ms after its wait began (severity factor applied). */
export function ladderPoints(ladder: Ladder, factor: number): number[] {
  const last = ladder.rungs.at(-1)?.afterMs ?? 0;
  const points = ladder.rungs.map((r) => r.afterMs);
  for (let r = 0; r <= ladder.repeat.times; r++) points.push(last + (r + 1) * ladder.repeat.everyMs);
  return points.map((p) => Math.round(p * factor));
}

export function waitPoints(
  policy: EscalationPolicy,
  kind: WaitKind,
  districtCode: string | undefined,
  factor: number,
): number[] {
  const ladder = (districtCode && policy.districtOverrides?.[districtCode]?.[kind]) || policy.ladders[kind];
  return ladder ? ladderPoints(ladder, factor) : [];
}

/** The time nearest `wanted` (ms after the wait began, ≥ `margin`) that is at least `margin` from every point. */
export function clearOf(wanted: number, points: number[], margin: number): number {
  const ok = (t: number) => t >= margin && points.every((p) => Math.abs(t - p) >= margin);
  const step = Math.max(1, Math.round(margin / 4));
  for (let d = 0; d < 10_000 * step; d += step) {
    if (ok(wanted + d)) return wanted + d;
    if (ok(wanted - d)) return wanted - d;
  }
  return wanted;
}
