// 5. Footprint, and intake's sustained rate: cases are opened in bulk (real alerts, real
// workflows) up to each checkpoint; at each, the worker's memory and the bytes per case in
// PostgreSQL and in Temporal's store are read. After each bulk segment the baseline runs
// the same number in flight, so both rates are taken under the same conditions.
import { performance } from 'node:perf_hooks';
import { type CpuSplit, rssBytes } from '../cpu.js';
import { closedLoop } from '../load.js';
import { busiestLine, type Cell, fmt, type Row, type Section } from '../report.js';
import { perUnitGrowth, ratio, summarize } from '../stats.js';
import type { Ctx } from './context.js';
import { TUNING_RESERVE_S } from './tuning.js';

/** Seconds the phases after the bulk need at most: settling, draining, reading, lateness, capacity, teardown. */
const RESERVE_S = 200;

const JEEVAN_TABLES = [
  'cases',
  'alerts',
  'case_identities',
  'case_events',
  'outbox',
  'deliveries',
  'audit_log',
  'supervisor_alerts',
];

export interface Checkpoint {
  openCases: number;
  workerRssMb: number;
  workerHeapMb: number | null;
  temporalRssMb: number | null;
  dbBytes: number;
  dbBytesByTable: Record<string, number>;
  temporalBytes: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function openCases(ctx: Ctx): Promise<{ open: number; unprojected: number }> {
  const { rows } = await ctx.stack.db.pool.query<{ open: number; unprojected: number }>(
    "SELECT count(*) FILTER (WHERE stage <> 'closed')::int AS open, count(*) FILTER (WHERE state_version = 0)::int AS unprojected FROM cases",
  );
  return rows[0];
}

/** Until every opened case's workflow has run its first task and projected itself (or `maxS`). */
async function settle(ctx: Ctx, maxS = 120): Promise<number> {
  const deadline = Date.now() + maxS * 1000;
  for (;;) {
    const { open, unprojected } = await openCases(ctx);
    if (unprojected === 0 || Date.now() > deadline) return open;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function checkpoint(ctx: Ctx): Promise<Checkpoint> {
  const open = await settle(ctx);
  await new Promise((r) => setTimeout(r, 1500)); // a memory report after the last task
  const { rows } = await ctx.stack.db.pool.query<{ t: string; n: string }>(
    'SELECT t, pg_total_relation_size(t::regclass)::bigint AS n FROM unnest($1::text[]) AS t',
    [JEEVAN_TABLES],
  );
  const byTable = Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  const temporalPid = ctx.stack.cpuGroups.find((g) => g.name === 'temporal')?.pids()[0];
  const temporalRss = rssBytes(temporalPid);
  return {
    openCases: open,
    workerRssMb: mb(rssBytes(ctx.stack.worker.pid) ?? 0),
    workerHeapMb: ctx.stack.worker.memory ? mb(ctx.stack.worker.memory.heapUsed) : null,
    temporalRssMb: temporalRss === null ? null : mb(temporalRss),
    dbBytes: Object.values(byTable).reduce((a, b) => a + b, 0),
    dbBytesByTable: byTable,
    temporalBytes: await ctx.stack.temporalStorageBytes(),
  };
}

/** `afterFirst` runs once the first checkpoint is read (the latency scenarios run on a nearly empty system). */
export async function footprint(
  ctx: Ctx,
  afterFirst: () => Promise<void>,
): Promise<{ section: Section; sustained: Section }> {
  const { drive, sizes } = ctx;
  const checkpoints: Checkpoint[] = [];
  const jLatencies: number[] = [];
  const bLatencies: number[] = [];
  let jOk = 0;
  let jFailed = 0;
  let jMs = 0;
  let bOk = 0;
  let bFailed = 0;
  let bMs = 0;
  let next = 0;
  let bNext = 2_000_000;
  let fOk = 0;
  let fFailed = 0;
  let fMs = 0;
  let fNext = 3_000_000;
  let cpu: CpuSplit | undefined;
  let cpuCount = 0;
  let directCpu: CpuSplit | undefined;
  let directCpuCount = 0;
  let bulkUsedMs = 0;
  const budgetMs = sizes.bulkBudgetS > 0 ? sizes.bulkBudgetS * 1000 : Number.POSITIVE_INFINITY;
  // Bulk opened in the bench's process (beyond sizes.apiUpTo): real cases without HTTP.
  const direct = { ok: 0, failed: 0, ms: 0, latencies: [] as number[] };
  let dNext = 0;
  let ranOut = false;
  for (const target of sizes.checkpoints) {
    const { open } = await openCases(ctx);
    const count = Math.max(0, target - open);
    const viaApi = target <= sizes.apiUpTo;
    const concurrency = viaApi ? sizes.bulkConcurrency : sizes.directConcurrency;
    ctx.log(
      `footprint: opening ${count} cases to reach ${target} open (${concurrency} in flight, ${viaApi ? 'through the API' : "in the bench's process"})`,
    );
    if (count > 0) {
      const stop = ctx.meter();
      const started = performance.now();
      // Reading, lateness, capacity, tuning (postgres) and the teardown keep the time they need.
      const reserveS = RESERVE_S + (ctx.stack.topology === 'postgres' ? TUNING_RESERVE_S : 0);
      const until = Math.min(started + budgetMs - bulkUsedMs, ctx.phaseEnd(Number.POSITIVE_INFINITY, reserveS));
      ranOut = false;
      const j = viaApi
        ? await closedLoop(count, concurrency, (i) => drive.alert(i), 100_000 + next, until)
        : await closedLoop(count, concurrency, (i) => drive.openCase(i), dNext, until);
      ranOut = j.ok + j.failed < count;
      // Opened means processed, not only accepted: the segment ends when the worker has caught up.
      await settle(ctx, viaApi ? 120 : 240);
      const ms = performance.now() - started;
      bulkUsedMs += ms;
      if (viaApi) {
        // The CPU split of the largest segment through the API stands for the sustained intake.
        if (count > cpuCount) {
          cpu = stop();
          cpuCount = count;
        }
        next += j.ok + j.failed;
        jLatencies.push(...j.latencies);
        jOk += j.ok;
        jFailed += j.failed;
        jMs += ms;
      } else {
        const split = stop();
        if (count > directCpuCount) {
          directCpu = split;
          directCpuCount = count;
        }
        dNext += j.ok + j.failed;
        direct.ok += j.ok;
        direct.failed += j.failed;
        direct.ms += ms;
        direct.latencies.push(...j.latencies);
      }
      ctx.log(
        `  ${j.ok} opened in ${Math.round(j.elapsedMs / 100) / 10} s, all projected after ${Math.round(ms / 100) / 10} s (${j.failed} failed)`,
      );
    }
    checkpoints.push(await checkpoint(ctx));
    if (ranOut) ctx.log(`  the time for opening ran out at ${checkpoints.at(-1)!.openCases} open cases`);
    if (viaApi) {
      const chunk = Math.min(sizes.baselineChunk, Math.max(count, 50));
      const b = await closedLoop(chunk, sizes.bulkConcurrency, (i) => drive.bareIntake(i), bNext);
      bNext += chunk;
      bLatencies.push(...b.latencies);
      bOk += b.ok;
      bFailed += b.failed;
      bMs += b.elapsedMs;
      // The fair floor (issue 16): a workflow whose first task runs one INSERT activity, timed until its rows exist, as
      // Jeevan's until projected.
      const fStarted = performance.now();
      const f = await closedLoop(chunk, sizes.bulkConcurrency, (i) => drive.fairIntake(i), fNext);
      const landed = await drive.fairRowsExist(120_000);
      fNext += chunk;
      fOk += landed ? f.ok : 0;
      fFailed += f.failed + (landed ? 0 : f.ok);
      fMs += performance.now() - fStarted;
    }
    if (checkpoints.length === 1) await afterFirst();
    if (ranOut) break;
  }
  const jRate = jMs > 0 ? Math.round((jOk / jMs) * 10_000) / 10 : 0;
  const bRate = bMs > 0 ? Math.round((bOk / bMs) * 10_000) / 10 : 0;
  const fRate = fMs > 0 ? Math.round((fOk / fMs) * 10_000) / 10 : 0;
  const j = summarize(jLatencies);
  const b = summarize(bLatencies);
  const sustained: Section = {
    key: 'intake',
    title: '1. Intake',
    what: '',
    rows: [
      {
        label: `sustained rate, ${sizes.bulkConcurrency} in flight (alerts/s, until projected)`,
        jeevan: jRate,
        baseline: bRate,
        ratio: ratio(jRate, bRate),
        headline: true,
      },
      {
        label: `sustained rate against the fair floor (alerts/s; floor: start + one INSERT activity, until the rows exist)`,
        jeevan: jRate,
        baseline: fRate,
        ratio: ratio(jRate, fRate),
        headline: true,
      },
      { label: 'fair-floor starts (failed or not landed)', jeevan: '', baseline: `${fOk} (${fFailed})` },
      { label: 'p50 under that load (ms)', jeevan: j.p50, baseline: b.p50, ratio: ratio(j.p50, b.p50) },
      { label: 'p99 under that load (ms)', jeevan: j.p99, baseline: b.p99, ratio: ratio(j.p99, b.p99) },
      { label: 'bulk requests (failed)', jeevan: `${jOk} (${jFailed})`, baseline: `${bOk} (${bFailed})` },
    ],
    cpu,
    bottleneck: `${cpu ? busiestLine(cpu) : 'n/a'}. With ${sizes.bulkConcurrency} alerts in flight the two cores are the limit: each alert costs the API (HTTP, validation, identity hashes, sealing, audit), PostgreSQL (the intake transaction, then the projection), Temporal (the start, a workflow task, an activity) and the worker (the workflow task and the record activity); the baseline pays one INSERT and one start.`,
    notes: [],
  };

  const rows: Row[] = [];
  const perCase = (bytes: number, n: number) => Math.round(bytes / n / 102.4) / 10;
  const each = (f: (c: Checkpoint) => Cell) => checkpoints.map((c) => `${c.openCases}: ${fmt(f(c))}`).join(', ');
  const kb = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  // Headline rows carry fixed labels, so the summary lines up the topologies whatever count each reached.
  rows.push({
    label: 'open cases reached (measured, not extrapolated)',
    jeevan: checkpoints.at(-1)?.openCases ?? 0,
    headline: true,
  });
  rows.push({ label: 'worker RSS at each checkpoint (MB)', jeevan: each((c) => c.workerRssMb), headline: true });
  rows.push({
    label: 'Jeevan tables per case at each checkpoint (KB)',
    jeevan: each((c) => perCase(c.dbBytes, c.openCases)),
    headline: true,
  });
  rows.push({
    label: 'Temporal store per case at each checkpoint (KB)',
    jeevan: each((c) => perCase(c.temporalBytes, c.openCases)),
    headline: true,
  });
  const from1000 = checkpoints.findIndex((c) => c.openCases >= 1000);
  const beyond =
    from1000 >= 0 && from1000 < checkpoints.length - 1 ? [checkpoints[from1000], checkpoints.at(-1)!] : undefined;
  const growth = (f: (c: Checkpoint) => number) =>
    beyond
      ? kb(
          perUnitGrowth(
            { count: beyond[0].openCases, value: f(beyond[0]) },
            { count: beyond[1].openCases, value: f(beyond[1]) },
          ),
        )
      : null;
  rows.push({
    label: 'growth per case beyond 1,000 open: worker RSS / Jeevan tables / Temporal store (KB)',
    jeevan: beyond
      ? `${fmt(growth((c) => c.workerRssMb * 1024))} / ${fmt(growth((c) => c.dbBytes / 1024))} / ${fmt(growth((c) => c.temporalBytes / 1024))}`
      : null,
    headline: true,
  });
  if (direct.ok + direct.failed > 0) {
    const d = summarize(direct.latencies);
    const dRate = direct.ms > 0 ? Math.round((direct.ok / direct.ms) * 10_000) / 10 : 0;
    rows.push({
      label: `bulk opening in the bench's process (cases/s, ${sizes.directConcurrency} in flight, until projected)`,
      jeevan: dRate,
      headline: true,
    });
    rows.push({
      label: "bulk opening in the bench's process: p50 / p99 per case (ms)",
      jeevan: `${fmt(d.p50)} / ${fmt(d.p99)}`,
    });
    rows.push({ label: "cases opened in the bench's process (failed)", jeevan: `${direct.ok} (${direct.failed})` });
  }
  for (const c of checkpoints) {
    rows.push({ label: `${c.openCases} open: worker RSS (MB)`, jeevan: c.workerRssMb });
    rows.push({ label: `${c.openCases} open: worker heap used (MB)`, jeevan: c.workerHeapMb });
    rows.push({
      label: `${c.openCases} open: Jeevan tables per case (KB)`,
      jeevan: Math.round(c.dbBytes / c.openCases / 102.4) / 10,
    });
    rows.push({
      label: `${c.openCases} open: Temporal store per case (KB)`,
      jeevan: Math.round(c.temporalBytes / c.openCases / 102.4) / 10,
    });
  }
  for (let i = 1; i < checkpoints.length; i++) {
    const a = checkpoints[i - 1];
    const z = checkpoints[i];
    const range = `${a.openCases}→${z.openCases}`;
    const rss = perUnitGrowth(
      { count: a.openCases, value: a.workerRssMb * 1024 },
      { count: z.openCases, value: z.workerRssMb * 1024 },
    );
    const dbg = perUnitGrowth(
      { count: a.openCases, value: a.dbBytes / 1024 },
      { count: z.openCases, value: z.dbBytes / 1024 },
    );
    const tg = perUnitGrowth(
      { count: a.openCases, value: a.temporalBytes / 1024 },
      { count: z.openCases, value: z.temporalBytes / 1024 },
    );
    rows.push({ label: `${range}: worker RSS growth per case (KB)`, jeevan: kb(rss) });
    rows.push({ label: `${range}: Jeevan tables growth per case (KB)`, jeevan: kb(dbg) });
    rows.push({ label: `${range}: Temporal store growth per case (KB)`, jeevan: kb(tg) });
  }
  const lastCp = checkpoints.at(-1);
  const goal = sizes.checkpoints.at(-1) ?? 0;
  const notes: string[] = [];
  if (direct.ok > 0)
    notes.push(
      `Cases up to ${sizes.apiUpTo} open came through the API (\`POST /alerts\`, ${sizes.bulkConcurrency} in flight: the sustained intake rate of scenario 1); ` +
        `the rest were opened in the bench's process with the API's own intake code (api/intake/: the same transaction of alert, case, identity hashes and outbox row, ` +
        `then the outbox's hand-over, which starts the case workflow with Jeevan's payload codec), ${sizes.directConcurrency} in flight. They are real cases: ` +
        'real workflows of the case workflow type on the case task queue, each projected by the worker. What they skip is HTTP, the token check and the ' +
        "request's audit entry (about 0.5 KB per alert of `audit_log`, so Jeevan's tables per case read slightly low beyond the API's share)." +
        (directCpu
          ? ` CPU while opening in the bench's process (% of one core): ${Object.entries(directCpu.byProgram)
              .map(([k, v]) => `${k} ${v}%`)
              .join(', ')}; other work ${directCpu.other}%.`
          : ''),
    );
  if (ctx.stack.topology === 'dev' && goal < 10_000)
    notes.push(
      `The dev topology stops at ${goal} open cases in a full run of both topologies: it is Temporal's development server (history in one SQLite file), ` +
        'and 10,000 real cases on both topologies do not fit in 15 minutes on 2 cores. Production runs Temporal on PostgreSQL: the postgres topology opens 10,000. ' +
        '`npm run bench -- --topology dev --footprint-budget 0` opens 10,000 here too.',
    );
  if (lastCp && checkpoints.length >= 2 && lastCp.openCases < goal * 0.99) {
    // Growth per case is flat from 1,000 on (the cache is full; storage is per case), so the rest is a straight line.
    const prev = checkpoints.at(-2)!;
    const extra = goal - lastCp.openCases;
    const per = (a: number, z: number) => (z - a) / (lastCp.openCases - prev.openCases);
    rows.push({
      label: `${goal} open (extrapolated): worker RSS (MB)`,
      jeevan: Math.round(lastCp.workerRssMb + per(prev.workerRssMb, lastCp.workerRssMb) * extra),
    });
    rows.push({
      label: `${goal} open (extrapolated): Jeevan tables (MB)`,
      jeevan: Math.round(mb(lastCp.dbBytes + per(prev.dbBytes, lastCp.dbBytes) * extra)),
    });
    rows.push({
      label: `${goal} open (extrapolated): Temporal store (MB)`,
      jeevan: Math.round(mb(lastCp.temporalBytes + per(prev.temporalBytes, lastCp.temporalBytes) * extra)),
    });
    notes.push(
      `The time for opening (at most ${sizes.bulkBudgetS} s, less when the machine is slow, so that both topologies fit in 15 minutes on 2 shared cores) ran out at ${lastCp.openCases} open cases of ${goal}; ` +
        `the ${goal} rows extrapolate the last segment's growth per case. \`npm run bench -- --topology ${ctx.stack.topology} --footprint-budget 0\` opens all ${goal}.`,
    );
  }
  const biggestTables = lastCp
    ? Object.entries(lastCp.dbBytesByTable)
        .sort((x, y) => y[1] - x[1])
        .slice(0, 4)
        .map(([t, n]) => `${t} ${mb(n)} MB`)
        .join(', ')
    : '';
  const section: Section = {
    key: 'footprint',
    title: '5. Footprint',
    what:
      "Open cases are real cases with real workflows of the case workflow type (each waiting on its first deadline), projected by the worker. At each checkpoint: the worker's RSS " +
      "(from /proc) and V8 heap, the bytes of Jeevan's tables (`pg_total_relation_size`), and the bytes of Temporal's store (the SQLite file, " +
      "or Temporal's two PostgreSQL databases). There is no baseline for footprint: the numbers are absolute, and their growth per case is the result.",
    rows,
    cpu: directCpu ?? cpu,
    bottleneck: `Opening in bulk: ${directCpu ? busiestLine(directCpu) : cpu ? busiestLine(cpu) : 'n/a'}; a case costs a workflow start, two workflow tasks and an activity in Temporal, its writes in PostgreSQL, and the worker's tasks. Memory: the worker's workflow cache (WORKER_MAX_CACHED_WORKFLOWS) bounds its RSS; beyond the cache, open cases cost the worker nothing until a timer or step brings them back (replayed from history). Storage: ${biggestTables || 'n/a'} at the last checkpoint.`,
    notes: [
      ...notes,
      `Temporal server RSS at each checkpoint (MB): ${checkpoints.map((c) => `${c.openCases}: ${c.temporalRssMb ?? '–'}`).join(', ')}.`,
    ],
    data: { checkpoints },
  };
  return { section, sustained };
}
