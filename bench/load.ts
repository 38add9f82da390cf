// Load shapes: one after another, a fixed number in flight (closed loop), or a fixed rate
// (open loop, latency counted from each request's scheduled time so a stalled system cannot
// hide its queue). Every operation resolves with whether it did what was asked.
import { performance } from 'node:perf_hooks';

export type Op = (i: number) => Promise<boolean>;

export interface LoadResult {
  latencies: number[];
  ok: number;
  failed: number;
  elapsedMs: number;
  /** Completed operations a second. */
  rate: number;
}

const timed = async (op: Op, i: number, from = performance.now()): Promise<{ ms: number; ok: boolean }> => {
  try {
    const ok = await op(i);
    return { ms: performance.now() - from, ok };
  } catch {
    return { ms: performance.now() - from, ok: false };
  }
};

function result(latencies: number[], ok: number, failed: number, elapsedMs: number): LoadResult {
  return { latencies, ok, failed, elapsedMs, rate: elapsedMs > 0 ? Math.round((ok / elapsedMs) * 10_000) / 10 : 0 };
}

/**
 * Alternates Jeevan and its baseline one operation at a time, each starting first half the
 * time, so the machine's noise falls on both alike.
 */
export async function alternate(
  count: number,
  jeevan: Op,
  baseline: Op,
  deadline = Number.POSITIVE_INFINITY,
): Promise<{ jeevan: LoadResult; baseline: LoadResult }> {
  const j: number[] = [];
  const b: number[] = [];
  let jFailed = 0;
  let bFailed = 0;
  let jMs = 0;
  let bMs = 0;
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    const pair: [Op, number[], 'j' | 'b'][] = [
      [jeevan, j, 'j'],
      [baseline, b, 'b'],
    ];
    if (i % 2 === 1) pair.reverse();
    for (const [op, into, side] of pair) {
      const { ms, ok } = await timed(op, i);
      if (ok) into.push(ms);
      else if (side === 'j') jFailed++;
      else bFailed++;
      if (side === 'j') jMs += ms;
      else bMs += ms;
    }
  }
  return { jeevan: result(j, j.length, jFailed, jMs), baseline: result(b, b.length, bFailed, bMs) };
}

/**
 * `count` operations with `concurrency` in flight at all times; none starts after `deadline` (performance.now() time).
 */
export async function closedLoop(
  count: number,
  concurrency: number,
  op: Op,
  offset = 0,
  deadline = Number.POSITIVE_INFINITY,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const { ms, ok } = await timed(op, offset + i);
      if (ok) latencies.push(ms);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return result(latencies, latencies.length, failed, performance.now() - started);
}

/**
 * `perSecond` operations a second for `seconds`, at most `maxInFlight` outstanding (beyond that the step counts as
 * failed).
 */
export async function openLoop(
  perSecond: number,
  seconds: number,
  op: Op,
  offset = 0,
  maxInFlight = 256,
): Promise<LoadResult & { offered: number }> {
  const latencies: number[] = [];
  let failed = 0;
  let inFlight = 0;
  const total = Math.max(1, Math.round(perSecond * seconds));
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= maxInFlight) {
      failed++;
      continue;
    }
    inFlight++;
    running.push(
      timed(op, offset + i, due).then(({ ms, ok }) => {
        inFlight--;
        if (ok) latencies.push(ms);
        else failed++;
      }),
    );
  }
  await Promise.all(running);
  return { ...result(latencies, latencies.length, failed, performance.now() - started), offered: total };
}

/** Like alternate, for several operations: one of each per round, the order rotating each round. */
export async function rotate(count: number, ops: Op[], deadline = Number.POSITIVE_INFINITY): Promise<LoadResult[]> {
  const runs = ops.map(() => ({ latencies: [] as number[], failed: 0, ms: 0 }));
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    for (let k = 0; k < ops.length; k++) {
      const which = (i + k) % ops.length;
      const { ms, ok } = await timed(ops[which], i);
      if (ok) runs[which].latencies.push(ms);
      else runs[which].failed++;
      runs[which].ms += ms;
    }
  }
  return runs.map((r) => result(r.latencies, r.latencies.length, r.failed, r.ms));
}
