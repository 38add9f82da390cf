// 2. Step latency: an HQ step over HTTP until the case state shows it, against a bare
// Temporal Update round trip to a waiting workflow.
import { alternate } from '../load.js';
import { busiestLine, type Section } from '../report.js';
import { compare } from '../stats.js';
import type { Ctx } from './context.js';

export async function stepLatency(ctx: Ctx): Promise<Section> {
  const { drive } = ctx;
  const caseIds = [...drive.opened];
  const pairs = Math.min(ctx.sizes.latencyPairs, caseIds.length);
  ctx.log(`step: ${pairs} steps (locating/start) one at a time, alternating with bare Updates`);
  const waiting = await drive.startWaiting(10);
  await alternate(
    10,
    async () => true,
    (i) => drive.bareUpdate(waiting[i % waiting.length]),
  );
  const stop = ctx.meter();
  const { jeevan, baseline } = await alternate(
    pairs,
    (i) => drive.startLocating(caseIds[i]),
    (i) => drive.bareUpdate(waiting[i % waiting.length]),
    ctx.phaseEnd(40),
  );
  const cpu = stop();
  const c = compare(jeevan.latencies, baseline.latencies);
  return {
    key: 'step',
    title: '2. Step latency',
    what:
      '`POST /cases/:id/locating/start` over HTTP until its answer carries the case state showing `locating` (the Update returns only after the ' +
      "workflow's record activity saved the event and projection in PostgreSQL), against a bare `executeUpdate` round trip to a waiting workflow.",
    rows: [
      { label: 'step p50 (ms)', jeevan: c.jeevan.p50, baseline: c.baseline.p50, ratio: c.ratioP50, headline: true },
      { label: 'step p99 (ms)', jeevan: c.jeevan.p99, baseline: c.baseline.p99, ratio: c.ratioP99, headline: true },
      { label: 'max (ms)', jeevan: c.jeevan.max, baseline: c.baseline.max },
      { label: 'steps (failed)', jeevan: `${jeevan.ok} (${jeevan.failed})`, baseline: `${baseline.ok} (${baseline.failed})` },
    ],
    cpu,
    bottleneck: `${busiestLine(cpu)}. The step's critical path is two Temporal round trips more than the bare Update: the Update's workflow task schedules the record activity, the activity writes PostgreSQL, and a second workflow task completes the Update; plus the API's lookup, authorization and audit.`,
    notes: [],
    data: { comparison: c },
  };
}
