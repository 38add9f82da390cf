// 2. Step latency: an HQ step over HTTP until the case state shows it, against a bare
// Temporal Update round trip to a waiting workflow, and against the fair floor (issue 16):
// HTTP with the session plus an Update that answers after one INSERT activity.
import { alternate, rotate } from '../load.js';
import { busiestLine, type Section } from '../report.js';
import { compare, ratio } from '../stats.js';
import type { Ctx } from './context.js';

export async function stepLatency(ctx: Ctx): Promise<Section> {
  const { drive } = ctx;
  const caseIds = [...drive.opened];
  const pairs = Math.min(ctx.sizes.latencyPairs, caseIds.length);
  ctx.log(`step: ${pairs} steps (locating/start) one at a time, rotating with bare Updates and the fair floor`);
  const waiting = await drive.startWaiting(10);
  const recording = await drive.startRecording(10);
  await alternate(
    10,
    (i) => drive.floorStep(recording[i % recording.length]),
    (i) => drive.bareUpdate(waiting[i % waiting.length]),
  );
  const stop = ctx.meter();
  const [jeevan, baseline, floor] = await rotate(
    pairs,
    [
      (i) => drive.startLocating(caseIds[i]),
      (i) => drive.bareUpdate(waiting[i % waiting.length]),
      (i) => drive.floorStep(recording[i % recording.length]),
    ],
    ctx.phaseEnd(60),
  );
  const cpu = stop();
  const c = compare(jeevan.latencies, baseline.latencies);
  const f = compare(jeevan.latencies, floor.latencies);
  return {
    key: 'step',
    title: '2. Step latency',
    what:
      '`POST /cases/:id/locating/start` over HTTP until its answer carries the case state showing `locating` (the Update answers once the step is in the ' +
      "workflow's history, its record activity scheduled in the same workflow task), against a bare `executeUpdate` round trip to a waiting workflow, " +
      'and against the fair floor: a bare Fastify route checking the same session in PostgreSQL, then an Update whose handler awaits one INSERT activity.',
    rows: [
      { label: 'step p50 (ms)', jeevan: c.jeevan.p50, baseline: c.baseline.p50, ratio: c.ratioP50, headline: true },
      { label: 'step p99 (ms)', jeevan: c.jeevan.p99, baseline: c.baseline.p99, ratio: c.ratioP99, headline: true },
      {
        label: 'step p50 against HTTP + Update awaiting one INSERT (ms)',
        jeevan: f.jeevan.p50,
        baseline: f.baseline.p50,
        ratio: ratio(f.jeevan.p50, f.baseline.p50),
        headline: true,
      },
      {
        label: 'step p99 against HTTP + Update awaiting one INSERT (ms)',
        jeevan: f.jeevan.p99,
        baseline: f.baseline.p99,
        ratio: ratio(f.jeevan.p99, f.baseline.p99),
        headline: true,
      },
      { label: 'max (ms)', jeevan: c.jeevan.max, baseline: c.baseline.max },
      {
        label: 'steps (failed)',
        jeevan: `${jeevan.ok} (${jeevan.failed})`,
        baseline: `${baseline.ok} (${baseline.failed}); floor ${floor.ok} (${floor.failed})`,
      },
    ],
    cpu,
    bottleneck: `${busiestLine(cpu)}. Against the bare Update the step adds HTTP, the API's session or token check, its case lookup, authorization and audit commit (one PostgreSQL round trip each, the audit's grouped), and in the workflow task the search-attribute upsert and the record activity's scheduling (no extra round trip: the answer no longer waits for the record).`,
    notes: [],
    data: { comparison: c, fairFloor: f },
  };
}
