// 1. Intake: POST /alerts until the case is committed and its workflow started (201),
// against the floor of one bare INSERT+COMMIT plus one bare start of a no-op workflow.
import { alternate } from '../load.js';
import { busiestLine, type Section } from '../report.js';
import { compare } from '../stats.js';
import type { Ctx } from './context.js';

export async function intakeLatency(ctx: Ctx): Promise<Section> {
  const { drive, sizes } = ctx;
  ctx.log(`intake: warm-up, then ${sizes.latencyPairs} alerts one at a time, alternating with the baseline`);
  await alternate(
    20,
    (i) => drive.alert(1_000_000 + i),
    (i) => drive.bareIntake(1_000_000 + i),
  );
  drive.opened.length = 0;
  const stop = ctx.meter();
  const { jeevan, baseline } = await alternate(
    sizes.latencyPairs,
    (i) => drive.alert(i),
    (i) => drive.bareIntake(i),
    ctx.phaseEnd(40),
  );
  const cpu = stop();
  const c = compare(jeevan.latencies, baseline.latencies);
  return {
    key: 'intake',
    title: '1. Intake',
    what:
      'One request at a time: `POST /alerts` until 201 (alert, case, identity hashes, outbox and audit committed; workflow started), ' +
      'against one bare `INSERT` (autocommit) into PostgreSQL plus one bare `workflow.start` of a no-op workflow on the same Temporal server. ' +
      `Sustained rate: the cases up to ${ctx.sizes.apiUpTo} open of the footprint scenario, opened through the API with ${ctx.sizes.bulkConcurrency} in flight, against the baseline with as many in flight.`,
    rows: [
      { label: 'intake p50 (ms)', jeevan: c.jeevan.p50, baseline: c.baseline.p50, ratio: c.ratioP50, headline: true },
      { label: 'intake p99 (ms)', jeevan: c.jeevan.p99, baseline: c.baseline.p99, ratio: c.ratioP99, headline: true },
      { label: 'max (ms)', jeevan: c.jeevan.max, baseline: c.baseline.max },
      {
        label: 'requests (failed)',
        jeevan: `${jeevan.ok} (${jeevan.failed})`,
        baseline: `${baseline.ok} (${baseline.failed})`,
      },
    ],
    cpu,
    bottleneck: `${busiestLine(cpu)}. One request at a time leaves the machine mostly idle: latency is the sum of round trips (API → PostgreSQL transaction of several statements, API → Temporal start, which persists the workflow) and the API's own work (validation, hashing, sealing, audit).`,
    notes: [],
    data: { comparison: c },
  };
}
